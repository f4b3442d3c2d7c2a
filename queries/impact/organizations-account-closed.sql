-- id: organizations-account-closed
-- title: Member account closed or organization deleted
-- severity: high
-- tactic: impact
-- attack: T1485
-- tags: organizations, account, destruction, single-event
-- description: organizations:CloseAccount closed a member account (its resources are scheduled for
--   deletion after 90 days and it stops working at once), or DeleteOrganization removed the
--   organization. An attacker holding the management account can take every workload down this way.
--   Denied attempts are reported too.
-- response: Contact AWS Support quickly: closed accounts can be reopened during the post-closure
--   period. Secure the management account's credentials.
-- false_positives: Planned decommissioning of sandbox accounts.
-- references: https://docs.aws.amazon.com/organizations/latest/APIReference/API_CloseAccount.html
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
  CASE WHEN eventname = 'CloseAccount' THEN 'closed account ' || coalesce(json_get_str(requestparameters, 'accountId'), '?')
       ELSE 'organization deleted' END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'organizations.amazonaws.com'
  AND eventname IN ('CloseAccount', 'DeleteOrganization')
ORDER BY eventtime
