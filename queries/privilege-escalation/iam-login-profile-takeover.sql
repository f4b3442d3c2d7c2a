-- id: iam-login-profile-takeover
-- title: Console password set for a user, then that user signs in from the same IP
-- severity: high
-- tactic: privilege-escalation
-- attack: T1098
-- tags: iam, signin, sequence
-- description: UpdateLoginProfile (or CreateLoginProfile) set a console password for an IAM user,
--   and within the window a ConsoleLogin as that same user came from the IP address that made the
--   password change. An administrator resetting a password is routine; the person who reset it then
--   signing in as the user is how an intruder with iam:UpdateLoginProfile takes over a more
--   privileged identity. Only successful password changes are considered (a denied one changes
--   nothing); the login is reported whatever its outcome.
-- response: Reset the user's password and MFA device, deny the user everything until the review is
--   done, and review what the console session did and who made the password change.
-- false_positives: A helpdesk operator who resets a password and tests it from their own desk.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html,
--   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
-- param: window_minutes = 120 ; how long after the password change a login still counts
WITH resets AS (
  SELECT *, json_extract_scalar(requestparameters, '$.userName') AS target_user
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname IN ('UpdateLoginProfile', 'CreateLoginProfile')
    AND errorcode IS NULL
),
logins AS (
  SELECT account AS l_account, eventtime AS l_time, eventid AS l_eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS l_evidence,
    useridentity.username AS l_user, sourceipaddress AS l_ip,
    coalesce(json_extract_scalar(responseelements, '$.ConsoleLogin'), errorcode, '?') AS l_result
  FROM cloudtrail
  WHERE eventsource = 'signin.amazonaws.com'
    AND eventname = 'ConsoleLogin'
    AND useridentity.type = 'IAMUser'
),
pairs AS (
  SELECT r.eventid,
    min(l.l_time) AS first_login,
    string_agg(l.l_eventid, ',' ORDER BY l.l_time) AS login_ids,
    string_agg(l.l_evidence, ',' ORDER BY l.l_time) AS login_evidence,
    string_agg(l.l_result, ',' ORDER BY l.l_time) AS results
  FROM resets r JOIN logins l
    ON l.l_account = r.account AND l.l_user = r.target_user AND l.l_ip = r.sourceipaddress
   AND l.l_time >= r.eventtime AND l.l_time <= date_add('minute', $window_minutes, r.eventtime)
  GROUP BY r.eventid
)
SELECT
  r.eventtime,
  r.account,
  r.region,
  coalesce(r.useridentity.arn, r.useridentity.invokedby) AS principal,
  r.useridentity.accesskeyid AS accesskeyid,
  r.sourceipaddress,
  r.useragent,
  r.eventname || ',ConsoleLogin' AS eventname,
  r.eventid || ',' || p.login_ids AS eventids,
  r.source_uri || '#' || CAST(r.source_index AS VARCHAR) || ',' || p.login_evidence AS evidence,
  'password of user ' || r.target_user || ' set by ' || coalesce(r.useridentity.arn, '?')
    || ', console login as ' || r.target_user || ' from the same IP '
    || CAST(date_diff('second', r.eventtime, p.first_login) AS VARCHAR) || ' s later (' || p.results || ')' AS details
FROM resets r JOIN pairs p ON r.eventid = p.eventid
ORDER BY r.eventtime
