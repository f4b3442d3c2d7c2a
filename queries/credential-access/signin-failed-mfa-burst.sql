-- id: signin-failed-mfa-burst
-- title: Repeated console sign-in failures at the MFA step for one user
-- severity: high
-- tactic: credential-access
-- attack: T1621
-- tags: signin, mfa, threshold, sliding-window
-- description: At least min_failures ConsoleLogin failures with MFAUsed=Yes for the same user
--   within window_minutes. A failure at the MFA step means the password was accepted, so the
--   password is known to whoever is trying; repeated wrong codes are someone guessing or pushing
--   for the second factor.
-- response: Reset the user's password and confirm the MFA device is still in the owner's hands.
--   Look at the source IPs and user agents, and for any later successful sign-in or API call
--   from them.
-- false_positives: A user with a clock-drifted authenticator app retrying a few times; same IP
--   and browser as usual, followed by a success.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
-- param: window_minutes = 60 ; length of the sliding window in minutes
-- param: min_failures = 3 ; failed MFA challenges within the window
WITH ev AS (
  SELECT
    account,
    region,
    coalesce(useridentity.arn, account || ':' || useridentity.username, useridentity.principalid) AS principal,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventtime,
    to_unixtime(eventtime) AS ts,
    to_unixtime(eventtime) / ($window_minutes * 60) AS b,
    eventname,
    eventid,
    errormessage,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource = 'signin.amazonaws.com'
    AND eventname = 'ConsoleLogin'
    AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Failure'
    AND lower(json_extract_scalar(additionaleventdata, '$.MFAUsed')) = 'yes'
),
anchors AS (
  SELECT DISTINCT account, principal, ts, b FROM ev
),
partners AS (
  SELECT *, b AS jb FROM ev
  UNION ALL
  SELECT *, b - 1 AS jb FROM ev
),
win AS (
  SELECT a.account, a.principal, a.ts AS win_start, a.b, count(*) AS n_events
  FROM anchors a
  JOIN partners p ON p.account = a.account AND p.principal = a.principal AND p.jb = a.b
  WHERE p.ts >= a.ts AND p.ts < a.ts + $window_minutes * 60
  GROUP BY a.account, a.principal, a.ts, a.b
  HAVING count(*) >= $min_failures
),
islands AS (
  SELECT *,
         SUM(CASE WHEN prev_start IS NULL OR win_start - prev_start >= $window_minutes * 60 THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, principal ORDER BY win_start ROWS UNBOUNDED PRECEDING) AS island
  FROM (SELECT *, LAG(win_start) OVER (PARTITION BY account, principal ORDER BY win_start) AS prev_start FROM win) w
),
best AS (
  SELECT account, principal, win_start, b
  FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY account, principal, island
                                     ORDER BY n_events DESC, win_start) AS rn
        FROM islands) i
  WHERE rn = 1
)
SELECT
  min(p.eventtime) AS eventtime,
  best.account AS account,
  first_value(p.region ORDER BY p.eventtime) AS region,
  best.principal AS principal,
  array_to_string(array_sort(array_agg(DISTINCT p.accesskeyid)), ',') AS accesskeyid,
  array_to_string(array_sort(array_agg(DISTINCT p.sourceipaddress)), ',') AS sourceipaddress,
  array_to_string(array_sort(array_agg(DISTINCT p.useragent)), ',') AS useragent,
  'ConsoleLogin' AS eventname,
  string_agg(p.eventid, ',' ORDER BY p.eventtime, p.eventid) AS eventids,
  string_agg(p.ref, ',' ORDER BY p.eventtime, p.eventid) AS evidence,
  CAST(count(*) AS VARCHAR) || ' failed MFA challenges within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s from '
    || CAST(count(DISTINCT p.sourceipaddress) AS VARCHAR) || ' source IP(s)' AS details
FROM best
JOIN partners p ON p.account = best.account AND p.principal = best.principal AND p.jb = best.b
WHERE p.ts >= best.win_start AND p.ts < best.win_start + $window_minutes * 60
GROUP BY best.account, best.principal, best.win_start
ORDER BY eventtime
