-- id: mfa-device-enabled-for-another-user
-- title: MFA device registered on another user's behalf
-- severity: medium
-- tactic: persistence
-- attack: T1556.006
-- tags: iam, mfa, single-event
-- description: iam:EnableMFADevice or ResyncMFADevice where requestParameters.userName is not the
--   calling IAM user (or the caller is a role, federated user or root). Binding an MFA device
--   the intruder holds to a user whose password they know locks the real owner out of MFA resets
--   and makes the stolen console identity look properly protected. Registering one's own device
--   is normal and is not reported. Denied attempts are reported.
-- response: Ask the user whether an administrator enrolled a device for them. If not, deactivate
--   the device, reset the password and review the user's sign-ins.
-- false_positives: Administrators enrolling hardware tokens for staff.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html
WITH ev AS (
  SELECT *,
    json_extract_scalar(requestparameters, '$.userName') AS target
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname IN ('EnableMFADevice', 'ResyncMFADevice')
)
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
  eventname || ' of ' || coalesce(json_extract_scalar(requestparameters, '$.serialNumber'), '?')
    || ' for user ' || target || ' by ' || coalesce(useridentity.type, '?') || ' '
    || coalesce(useridentity.username, useridentity.arn, '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM ev
WHERE target IS NOT NULL
  AND (coalesce(useridentity.type, '') <> 'IAMUser' OR target <> coalesce(useridentity.username, ''))
ORDER BY eventtime
