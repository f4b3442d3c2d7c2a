-- id: iam-password-policy-read
-- title: Account password policy read
-- severity: info
-- tactic: discovery
-- attack: T1201
-- tags: iam, recon, single-event
-- description: GetAccountPasswordPolicy returns the account's password rules (length, reuse,
--   expiry). Attackers read it before spraying passwords or creating login profiles that must
--   pass the policy; administrators and auditing tools read it too, which is why it is only
--   informational. Denied reads are included.
-- response: Use it as context next to other recon by the same principal; on its own it needs no
--   action.
-- false_positives: The IAM console's account settings page, CIS benchmark and CSPM scanners.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html
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
  'password policy read'
    || CASE WHEN errorcode = 'NoSuchEntityException' THEN ' (the account has no password policy)'
            WHEN errorcode IS NOT NULL THEN ' (failed: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'iam.amazonaws.com'
  AND eventname = 'GetAccountPasswordPolicy'
  AND coalesce(useridentity.type, '') <> 'AWSService'
  AND useridentity.invokedby IS NULL
ORDER BY eventtime
