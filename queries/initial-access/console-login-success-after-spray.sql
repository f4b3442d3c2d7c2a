-- id: console-login-success-after-spray
-- title: Console sign-in succeeded from an address that was failing for several users
-- severity: high
-- tactic: initial-access
-- attack: T1110.003
-- tags: signin, password-spray, sequence, threshold
-- description: A successful ConsoleLogin from an address that, within the `window_minutes` before
--   (and since its previous success in the same account), made at least `threshold` failed sign-ins
--   spread over at least `min_users` user names. The spray found a working password; the user
--   who signed in may not be among the names that failed.
-- response: Treat the signed-in session as compromised: reset that user's password, revoke its
--   sessions, review its activity, and check every user the address tried for MFA.
-- false_positives: A shared NAT or VPN address where several people mistyped passwords before one
--   of them signed in; check the user agents and the spread of names.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
-- param: threshold = 5 ; failures from the address needed before the success
-- param: min_users = 2 ; distinct user names those failures must cover
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
    json_extract_scalar(responseelements, '$.ConsoleLogin') AS outcome
  FROM cloudtrail
  WHERE eventsource = 'signin.amazonaws.com'
    AND eventname = 'ConsoleLogin'
    AND sourceipaddress IS NOT NULL
),
successes AS (
  SELECT *,
    LAG(eventtime) OVER (PARTITION BY account, sourceipaddress ORDER BY eventtime, eventid) AS prev_success
  FROM logins
  WHERE outcome = 'Success'
),
preceding AS (
  SELECT
    s.eventid AS success_id,
    count(*) AS failures,
    count(DISTINCT f.target) AS users,
    array_to_string(array_sort(array_agg(DISTINCT f.target)), ',') AS names,
    min(f.eventtime) AS first_failure,
    string_agg(f.eventid, ',' ORDER BY f.eventtime) AS fail_ids,
    string_agg(f.ref, ',' ORDER BY f.eventtime) AS fail_refs
  FROM successes s
  JOIN logins f
    ON f.account = s.account AND f.sourceipaddress = s.sourceipaddress
   AND f.outcome = 'Failure'
   AND f.eventtime <= s.eventtime
   AND date_add('minute', $window_minutes, f.eventtime) >= s.eventtime
   AND (s.prev_success IS NULL OR f.eventtime > s.prev_success)
  GROUP BY s.eventid
  HAVING count(*) >= $threshold AND count(DISTINCT f.target) >= $min_users
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
  'user ' || s.target || ' signed in from ' || s.sourceipaddress || ' after '
    || CAST(p.failures AS VARCHAR) || ' failures from that address since '
    || CAST(p.first_failure AS VARCHAR) || ' against ' || CAST(p.users AS VARCHAR)
    || ' users (' || p.names || ')' AS details
FROM successes s
JOIN preceding p ON p.success_id = s.eventid
ORDER BY s.eventtime
