-- id: signin-failed-mfa
-- title: Console sign-in failed at the MFA step
-- severity: low
-- tactic: credential-access
-- attack: T1621
-- tags: signin, mfa, single-event
-- description: A ConsoleLogin failure with MFAUsed=Yes: the password was right and the second
--   factor was not. One such event is usually a mistyped code; it is listed so that an analyst
--   can see whether the source IP and browser are the user's usual ones. Repetition is reported
--   at high severity by signin-failed-mfa-burst.
-- response: Ask the user whether it was them. If not, their password is known to someone else:
--   reset it and check the MFA device.
-- false_positives: Mistyped or expired one-time codes.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, account || ':' || useridentity.username, useridentity.principalid) AS principal,
  useridentity.accesskeyid AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  'user=' || coalesce(useridentity.username, useridentity.arn, '?') || ' type=' || coalesce(useridentity.type, '?')
    || ': ' || coalesce(errormessage, 'failed') || ' after the password was accepted' AS details
FROM cloudtrail
WHERE eventsource = 'signin.amazonaws.com'
  AND eventname = 'ConsoleLogin'
  AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Failure'
  AND lower(json_extract_scalar(additionaleventdata, '$.MFAUsed')) = 'yes'
ORDER BY eventtime
