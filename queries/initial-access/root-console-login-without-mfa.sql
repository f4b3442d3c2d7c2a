-- id: root-console-login-without-mfa
-- title: Root user signed in to the console without MFA
-- severity: critical
-- tactic: initial-access
-- attack: T1078.004
-- tags: signin, root, mfa, single-event
-- description: A successful root ConsoleLogin whose additionalEventData.MFAUsed is `No` (the exact
--   value CloudTrail writes; matching `NO` only works in engines that ignore case). A root password
--   alone opened the whole account: either root has no MFA device at all, or the sign-in did not
--   need one. Both are findings on their own; together with an unknown address they are the classic
--   sign of a stolen root password.
-- response: Treat as a compromise until the owner confirms it. Reset the root password, register an
--   MFA device, delete any root access keys, and review every call made as root after the sign-in.
-- false_positives: Very few: a legitimate owner signing in on an account that still lacks root MFA,
--   which is itself worth fixing.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html,
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, 'arn:aws:iam::' || account || ':root') AS principal,
  nullif(useridentity.accesskeyid, '') AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  'root console sign-in without MFA from ' || coalesce(sourceipaddress, '?') AS details
FROM cloudtrail
WHERE eventsource = 'signin.amazonaws.com'
  AND eventname = 'ConsoleLogin'
  AND useridentity.type = 'Root'
  AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'
  AND json_extract_scalar(additionaleventdata, '$.MFAUsed') = 'No'
ORDER BY eventtime
