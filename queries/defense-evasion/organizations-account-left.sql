-- id: organizations-account-left
-- title: Account left or was removed from the AWS Organization (including denied attempts)
-- severity: high
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: organizations, single-event
-- description: LeaveOrganization (called in the member) or RemoveAccountFromOrganization (called in
--   the management account) takes an account out of the organization: service control policies,
--   the organization trail, delegated GuardDuty and Security Hub no longer apply to it. An intruder
--   who controls a member account does this to shed every guardrail at once. A denied attempt still
--   shows intent.
-- response: Confirm with the organization owners; if unplanned, treat the account as compromised
--   and regain control through its root user.
-- false_positives: Planned divestment or account migration between organizations.
-- references: https://docs.aws.amazon.com/organizations/latest/APIReference/API_LeaveOrganization.html,
--   https://docs.aws.amazon.com/organizations/latest/APIReference/API_RemoveAccountFromOrganization.html
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
  CASE WHEN eventname = 'LeaveOrganization' THEN 'account ' || account || ' left its organization'
       ELSE 'account ' || coalesce(json_extract_scalar(requestparameters, '$.accountId'), '?') || ' removed from the organization' END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'organizations.amazonaws.com'
  AND eventname IN ('LeaveOrganization', 'RemoveAccountFromOrganization')
ORDER BY eventtime
