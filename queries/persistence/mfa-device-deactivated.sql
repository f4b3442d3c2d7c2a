-- id: mfa-device-deactivated
-- title: MFA device deactivated or deleted (including denied attempts)
-- severity: medium
-- tactic: persistence
-- attack: T1556.006
-- tags: iam, mfa, single-event
-- description: iam:DeactivateMFADevice or DeleteVirtualMFADevice. With a stolen password, removing
--   the victim's MFA device is what stands between the intruder and the console; removing root's
--   device prepares a root takeover. The details name the user and the device serial, and say
--   whether the caller acted on someone else's device. Denied attempts are reported.
-- response: Ask the user whether they removed the device. If not, re-enrol MFA, reset the password,
--   and review the user's sign-ins after the removal (see console-login-mfa-dropped).
-- false_positives: Lost or replaced phones, handled by an administrator; those come with a ticket.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeactivateMFADevice.html,
--   https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteVirtualMFADevice.html
WITH ev AS (
  SELECT *,
    json_extract_scalar(requestparameters, '$.userName') AS target,
    json_extract_scalar(requestparameters, '$.serialNumber') AS serial
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname IN ('DeactivateMFADevice', 'DeleteVirtualMFADevice')
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
  eventname || ' of ' || coalesce(serial, '?')
    || ' for ' || coalesce('user ' || target,
                           CASE WHEN regexp_like(serial, ':mfa/root-account-mfa-device$')
                                     OR useridentity.type = 'Root' THEN 'root' END,
                           '?')
    || CASE WHEN target IS NOT NULL AND target <> coalesce(useridentity.username, '')
            THEN ' by another identity (' || coalesce(useridentity.type, '?') || ')' ELSE '' END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM ev
ORDER BY eventtime
