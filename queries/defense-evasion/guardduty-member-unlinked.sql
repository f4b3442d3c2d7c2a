-- id: guardduty-member-unlinked
-- title: GuardDuty member account unlinked from its administrator, or members removed
-- severity: high
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: guardduty, single-event
-- description: A member account left its GuardDuty administrator (DisassociateFromAdministratorAccount,
--   DisassociateFromMasterAccount), or an administrator removed or stopped monitoring members
--   (DisassociateMembers, DeleteMembers, StopMonitoringMembers), or the delegated administrator was
--   removed (DisableOrganizationAdminAccount). The member's findings then stop reaching the central
--   security team even though GuardDuty keeps running locally. Denied attempts are included.
-- response: Re-link the account from the administrator account and review the caller's activity in
--   the member account.
-- false_positives: Account offboarding or reorganisation of the security tooling.
-- references: https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DisassociateFromAdministratorAccount.html,
--   https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DeleteMembers.html
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, useridentity.invokedby) AS principal,
  useridentity.accesskeyid AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  eventname || coalesce(' for accounts ' || regexp_replace(json_get_json(requestparameters, 'accountIds'), '[\[\]"\s]', '', 'g'), '')
    || coalesce(' (admin ' || json_extract_scalar(requestparameters, '$.adminAccountId') || ')', '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'guardduty.amazonaws.com'
  AND eventname IN ('DisassociateFromAdministratorAccount', 'DisassociateFromMasterAccount', 'DisassociateMembers',
                    'DeleteMembers', 'StopMonitoringMembers', 'DisableOrganizationAdminAccount')
ORDER BY eventtime
