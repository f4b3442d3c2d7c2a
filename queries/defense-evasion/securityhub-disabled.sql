-- id: securityhub-disabled
-- title: Security Hub disabled or the account unlinked from its administrator
-- severity: high
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: securityhub, single-event
-- description: DisableSecurityHub turns Security Hub off in the region (its findings are deleted
--   after 90 days); DisassociateFromAdministratorAccount / DisassociateFromMasterAccount (by a
--   member) and DisassociateMembers / DeleteMembers / DisableOrganizationAdminAccount (by an
--   administrator) stop findings from reaching the central security account. Denied attempts are
--   included.
-- response: Re-enable Security Hub or re-link the account, then review the caller's activity; the
--   findings of the disabled period have to be rebuilt from the source services.
-- false_positives: Account closure and security-tooling reorganisation.
-- references: https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DisableSecurityHub.html,
--   https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DisassociateFromAdministratorAccount.html
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
  eventname || ' in ' || region
    || coalesce(' for accounts ' || regexp_replace(coalesce(json_get_json(requestparameters, 'AccountIds'), json_get_json(requestparameters, 'accountIds')), '[\[\]"\s]', '', 'g'), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'securityhub.amazonaws.com'
  AND eventname IN ('DisableSecurityHub', 'DisassociateFromAdministratorAccount', 'DisassociateFromMasterAccount',
                    'DisassociateMembers', 'DeleteMembers', 'DisableOrganizationAdminAccount')
ORDER BY eventtime
