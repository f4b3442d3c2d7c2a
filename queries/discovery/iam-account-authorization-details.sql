-- id: iam-account-authorization-details
-- title: Full IAM dump requested with GetAccountAuthorizationDetails
-- severity: medium
-- tactic: discovery
-- attack: T1087.004, T1069.003
-- tags: iam, recon, single-event
-- description: GetAccountAuthorizationDetails returns every user, group, role and policy of the
--   account, with all policy documents, in one paginated call. It is the backbone of IAM
--   enumeration in Pacu, ScoutSuite, Cloudsplaining and privilege-escalation path finders, and
--   is rarely needed by applications. Denied attempts are reported too: a stolen key without the
--   permission still shows the attacker's plan.
-- response: Confirm the caller is a known audit tool or administrator. If not, treat its
--   credentials as compromised and expect privilege-escalation attempts based on what it read.
-- false_positives: Security auditing tools (Prowler, ScoutSuite, Access Analyzer-style scripts)
--   run by the security team, IAM backup jobs.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, useridentity.principalid) AS principal,
  useridentity.accesskeyid AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  'IAM authorization details requested'
    || coalesce(' filter=' || json_extract(requestparameters, '$.filter'), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (failed: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'iam.amazonaws.com'
  AND eventname = 'GetAccountAuthorizationDetails'
  AND coalesce(useridentity.type, '') <> 'AWSService'
  AND useridentity.invokedby IS NULL
ORDER BY eventtime
