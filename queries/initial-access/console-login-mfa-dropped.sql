-- id: console-login-mfa-dropped
-- title: IAM user who signed in with MFA now signs in without it
-- severity: high
-- tactic: initial-access
-- attack: T1078.004
-- tags: signin, mfa, sequence, first-seen
-- description: Successful console sign-ins of each IAM user are put in time order; a sign-in with
--   MFAUsed = `No` whose previous sign-in used MFA (`Yes`) is reported. The user's own history in
--   the lake is the baseline. The change usually means the MFA device was removed or deactivated,
--   which an intruder with the password does to sign in, or an old password is being replayed
--   where MFA is no longer enforced.
-- response: Ask the user whether they removed their MFA device. Look for DeactivateMFADevice or
--   DeleteVirtualMFADevice on that user shortly before, reset the password, re-enrol MFA, and
--   review the session's activity.
-- false_positives: A user who lost their phone and had MFA removed by an administrator; that
--   reset should be on record.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
WITH logins AS (
  SELECT
    eventtime,
    account,
    region,
    coalesce(useridentity.arn,
             'arn:aws:iam::' || account || ':user/' || coalesce(useridentity.username, '?')) AS principal,
    useridentity.username AS username,
    nullif(useridentity.accesskeyid, '') AS accesskeyid,
    sourceipaddress,
    useragent,
    eventname,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref,
    json_extract_scalar(additionaleventdata, '$.MFAUsed') AS mfa
  FROM cloudtrail
  WHERE eventsource = 'signin.amazonaws.com'
    AND eventname = 'ConsoleLogin'
    AND useridentity.type = 'IAMUser'
    AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'
),
ordered AS (
  SELECT *,
    LAG(mfa) OVER (PARTITION BY account, principal ORDER BY eventtime, eventid) AS prev_mfa,
    LAG(eventtime) OVER (PARTITION BY account, principal ORDER BY eventtime, eventid) AS prev_time,
    LAG(sourceipaddress) OVER (PARTITION BY account, principal ORDER BY eventtime, eventid) AS prev_ip,
    LAG(eventid) OVER (PARTITION BY account, principal ORDER BY eventtime, eventid) AS prev_eventid,
    LAG(ref) OVER (PARTITION BY account, principal ORDER BY eventtime, eventid) AS prev_ref
  FROM logins
)
SELECT
  eventtime,
  account,
  region,
  principal,
  accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  prev_eventid || ',' || eventid AS eventids,
  prev_ref || ',' || ref AS evidence,
  'user ' || coalesce(username, '?') || ' signed in without MFA; previous sign-in at '
    || CAST(prev_time AS VARCHAR) || ' from ' || coalesce(prev_ip, '?') || ' used MFA' AS details
FROM ordered
WHERE mfa = 'No'
  AND prev_mfa = 'Yes'
ORDER BY eventtime
