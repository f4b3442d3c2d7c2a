-- id: console-login-success-after-failures
-- title: Console sign-in succeeded after a run of failures for the same user
-- severity: high
-- tactic: initial-access
-- attack: T1110.001
-- tags: signin, brute-force, sequence, threshold
-- description: A successful ConsoleLogin for a user (or root) preceded, within `window_minutes`
--   and since that user's previous successful sign-in, by at least `threshold` failed sign-ins
--   for the same user from any address. This is a password guess that finally worked, or a
--   stolen password tried until the right account alias was found.
-- response: Treat the session as hostile until the user confirms it. Compare the addresses of the
--   failures and of the success, reset the password, revoke the user's sessions, and review what
--   the session did after the sign-in.
-- false_positives: A user fighting a password manager or a recently changed password, then getting
--   it right; the details show whether the addresses match the user's usual ones.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
-- param: threshold = 5 ; failures needed before the success
-- param: window_minutes = 60 ; how far back from the success failures are counted
WITH logins AS (
  SELECT
    eventtime,
    account,
    region,
    CASE WHEN useridentity.type = 'Root' THEN 'root'
         ELSE coalesce(useridentity.username, '?') END AS target,
    CASE WHEN useridentity.type = 'Root' THEN 'arn:aws:iam::' || account || ':root'
         ELSE coalesce(useridentity.arn,
                       'arn:aws:iam::' || account || ':user/' || coalesce(useridentity.username, '?')) END AS target_arn,
    nullif(useridentity.accesskeyid, '') AS accesskeyid,
    sourceipaddress,
    useragent,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref,
    json_extract_scalar(responseelements, '$.ConsoleLogin') AS outcome,
    json_extract_scalar(additionaleventdata, '$.MFAUsed') AS mfa
  FROM cloudtrail
  WHERE eventsource = 'signin.amazonaws.com'
    AND eventname = 'ConsoleLogin'
),
successes AS (
  SELECT *,
    LAG(eventtime) OVER (PARTITION BY account, target ORDER BY eventtime, eventid) AS prev_success
  FROM logins
  WHERE outcome = 'Success'
),
preceding AS (
  SELECT
    s.eventid AS success_id,
    count(*) AS failures,
    count(DISTINCT f.sourceipaddress) AS fail_ips,
    min(f.eventtime) AS first_failure,
    string_agg(f.eventid, ',' ORDER BY f.eventtime) AS fail_ids,
    string_agg(f.ref, ',' ORDER BY f.eventtime) AS fail_refs,
    max(CASE WHEN f.sourceipaddress = s.sourceipaddress THEN 1 ELSE 0 END) AS same_ip
  FROM successes s
  JOIN logins f
    ON f.account = s.account AND f.target = s.target
   AND f.outcome = 'Failure'
   AND f.eventtime <= s.eventtime
   AND date_add('minute', $window_minutes, f.eventtime) >= s.eventtime
   AND (s.prev_success IS NULL OR f.eventtime > s.prev_success)
  GROUP BY s.eventid
  HAVING count(*) >= $threshold
)
SELECT
  s.eventtime,
  s.account,
  s.region,
  s.target_arn AS principal,
  s.accesskeyid,
  s.sourceipaddress,
  s.useragent,
  'ConsoleLogin' AS eventname,
  p.fail_ids || ',' || s.eventid AS eventids,
  p.fail_refs || ',' || s.ref AS evidence,
  'user ' || s.target || ' signed in (MFA used: ' || coalesce(s.mfa, '?') || ') after '
    || CAST(p.failures AS VARCHAR) || ' failures since ' || CAST(p.first_failure AS VARCHAR)
    || ' from ' || CAST(p.fail_ips AS VARCHAR) || ' address(es)'
    || CASE WHEN p.same_ip = 1 THEN ', including the address of the success'
            ELSE ', none of them the address of the success' END AS details
FROM successes s
JOIN preceding p ON p.success_id = s.eventid
ORDER BY s.eventtime
