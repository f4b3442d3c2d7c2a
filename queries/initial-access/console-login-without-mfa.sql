-- id: console-login-without-mfa
-- title: IAM user signed in to the console without MFA
-- severity: medium
-- tactic: initial-access
-- attack: T1078.004
-- tags: signin, mfa, single-event
-- description: A successful ConsoleLogin by an IAM user with additionalEventData.MFAUsed = `No`
--   (CloudTrail's exact spelling). A password alone was enough to reach the console. Federated and
--   IAM Identity Center sign-ins (userIdentity.type AssumedRole or FederatedUser) are left out:
--   their MFA happens at the identity provider and CloudTrail always writes `No` for them. Root is
--   covered by root-console-login-without-mfa.
-- response: Confirm with the user that the sign-in was theirs. Require MFA for the user (or a
--   policy that denies everything without aws:MultiFactorAuthPresent) and look at what the session
--   did.
-- false_positives: Users who never enrolled an MFA device; each is a gap to close rather than an
--   intrusion.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html,
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn,
           'arn:aws:iam::' || account || ':user/' || coalesce(useridentity.username, '?')) AS principal,
  nullif(useridentity.accesskeyid, '') AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  'user ' || coalesce(useridentity.username, '?') || ' signed in without MFA' AS details
FROM cloudtrail
WHERE eventsource = 'signin.amazonaws.com'
  AND eventname = 'ConsoleLogin'
  AND useridentity.type = 'IAMUser'
  AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'
  AND json_extract_scalar(additionaleventdata, '$.MFAUsed') = 'No'
ORDER BY eventtime
