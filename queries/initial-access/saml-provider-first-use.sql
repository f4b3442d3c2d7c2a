-- id: saml-provider-first-use
-- title: SAML identity provider used for the first time
-- severity: medium
-- tactic: initial-access
-- attack: T1606.002
-- tags: sts, saml, federation, first-seen, baseline
-- description: sts:AssumeRoleWithSAML names the IAM SAML provider that vouched for the user
--   (requestParameters.principalArn). A provider that appears for the first time at least
--   `baseline_hours` after the start of the data is reported with the role it opened. An intruder
--   who can call iam:CreateSAMLProvider or UpdateSAMLProvider adds their own identity provider and
--   then mints sign-ins for any role that trusts it (a Golden SAML style backdoor); the first use
--   of such a provider is what this finds. Denied attempts count.
-- response: Check that the provider belongs to your identity team (see
--   iam-identity-provider-changed for its creation). If not, delete it, remove it from role trust
--   policies, and review what the federated sessions did.
-- false_positives: A new corporate IdP or a migration between IdPs.
-- references: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html,
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_saml.html
-- param: baseline_hours = 24 ; hours from the start of the data treated as the known baseline
WITH ev AS (
  SELECT
    eventtime,
    account,
    region,
    coalesce(json_extract_scalar(requestparameters, '$.principalArn'), '?') AS provider,
    json_extract_scalar(requestparameters, '$.roleArn') AS role_arn,
    coalesce(json_extract_scalar(responseelements, '$.assumedRoleUser.arn'), useridentity.arn) AS session_arn,
    json_extract_scalar(responseelements, '$.credentials.accessKeyId') AS session_key,
    coalesce(useridentity.username, json_extract_scalar(responseelements, '$.subject')) AS subject,
    json_extract_scalar(responseelements, '$.issuer') AS issuer,
    sourceipaddress,
    useragent,
    errorcode,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource = 'sts.amazonaws.com'
    AND eventname = 'AssumeRoleWithSAML'
),
firsts AS (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY account, provider ORDER BY eventtime, eventid) AS rn,
    count(*) OVER (PARTITION BY account, provider) AS uses
  FROM ev
),
data_start AS (
  SELECT min(eventtime) AS t0 FROM cloudtrail
)
SELECT
  f.eventtime,
  f.account,
  f.region,
  coalesce(f.session_arn, f.role_arn) AS principal,
  f.session_key AS accesskeyid,
  f.sourceipaddress,
  f.useragent,
  'AssumeRoleWithSAML' AS eventname,
  f.eventid AS eventids,
  f.ref AS evidence,
  'first use of SAML provider ' || f.provider || coalesce(' (issuer ' || f.issuer || ')', '')
    || ' for role ' || coalesce(f.role_arn, '?') || ' by ' || coalesce(f.subject, '?')
    || '; ' || CAST(f.uses AS VARCHAR) || ' uses in the data'
    || CASE WHEN f.errorcode IS NOT NULL THEN ' (denied: ' || f.errorcode || ')' ELSE '' END AS details
FROM firsts f
CROSS JOIN data_start d
WHERE f.rn = 1
  AND f.eventtime >= date_add('hour', $baseline_hours, d.t0)
ORDER BY f.eventtime
