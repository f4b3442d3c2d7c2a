-- id: console-login-password-spray
-- title: One address fails console sign-ins for several users
-- severity: medium
-- tactic: initial-access
-- attack: T1110.003
-- tags: signin, password-spray, threshold, distinct-count
-- description: Within `window_minutes`, one source address made at least `threshold` failed
--   ConsoleLogin attempts against at least `min_users` different users of the same account: a few
--   common passwords tried across many names. Overlapping windows are merged into one row per
--   burst. Unknown user names are all logged as HIDDEN_DUE_TO_SECURITY_REASONS and count as one
--   name, so a spray of invented names shows up in the failure count rather than the user count.
-- response: Look for a successful sign-in from the same address (console-login-success-after-spray),
--   block the address at the edge if you can, and check that every targeted user has MFA.
-- false_positives: A shared office or VPN address where several people mistype their passwords
--   in the same half hour; unusual at these thresholds.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
-- param: threshold = 5 ; failed attempts from the address needed within the window
-- param: min_users = 3 ; distinct user names those failures must cover
-- param: window_minutes = 30 ; length of the sliding window in minutes
WITH fails AS (
  SELECT
    eventtime,
    account,
    region,
    CASE WHEN useridentity.type = 'Root' THEN 'root'
         ELSE coalesce(useridentity.username, '?') END AS target,
    sourceipaddress,
    useragent,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref,
    CAST(to_unixtime(eventtime) / ($window_minutes * 60) AS BIGINT) AS bucket
  FROM cloudtrail
  WHERE eventsource = 'signin.amazonaws.com'
    AND eventname = 'ConsoleLogin'
    AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Failure'
    AND sourceipaddress IS NOT NULL
),
-- each failure is also filed under the previous bucket, so that an equality join on the bucket
-- pairs every failure with all failures of the same and the following window-sized bucket
-- (which is all a window starting at it can reach) without a quadratic join over all failures
shifted AS (
  SELECT account, sourceipaddress, target, eventtime, bucket AS jb FROM fails
  UNION ALL
  SELECT account, sourceipaddress, target, eventtime, bucket - 1 AS jb FROM fails
),
starts AS (
  SELECT a.account, a.sourceipaddress AS ip, a.eventtime AS t
  FROM fails a
  JOIN shifted b
    ON a.account = b.account AND a.sourceipaddress = b.sourceipaddress AND a.bucket = b.jb
   AND b.eventtime >= a.eventtime
   AND b.eventtime < date_add('minute', $window_minutes, a.eventtime)
  GROUP BY a.account, a.sourceipaddress, a.eventtime, a.eventid
  HAVING count(*) >= $threshold AND count(DISTINCT b.target) >= $min_users
),
marked AS (
  SELECT account, ip, t,
    CASE WHEN LAG(t) OVER (PARTITION BY account, ip ORDER BY t) IS NULL
           OR date_diff('second', LAG(t) OVER (PARTITION BY account, ip ORDER BY t), t)
              >= $window_minutes * 60
         THEN 1 ELSE 0 END AS new_burst
  FROM starts
),
numbered AS (
  SELECT account, ip, t,
    sum(new_burst) OVER (PARTITION BY account, ip ORDER BY t
                         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS burst
  FROM marked
),
bursts AS (
  SELECT account, ip, burst, min(t) AS first_start, max(t) AS last_start
  FROM numbered
  GROUP BY account, ip, burst
)
SELECT
  min(f.eventtime) AS eventtime,
  f.account,
  first_value(f.region ORDER BY f.eventtime) AS region,
  CAST(NULL AS VARCHAR) AS principal,
  CAST(NULL AS VARCHAR) AS accesskeyid,
  f.sourceipaddress,
  first_value(f.useragent ORDER BY f.eventtime) AS useragent,
  'ConsoleLogin' AS eventname,
  string_agg(f.eventid, ',' ORDER BY f.eventtime) AS eventids,
  string_agg(f.ref, ',' ORDER BY f.eventtime) AS evidence,
  CAST(count(*) AS VARCHAR) || ' failed console sign-ins from ' || f.sourceipaddress || ' against '
    || CAST(count(DISTINCT f.target) AS VARCHAR) || ' users ('
    || array_to_string(array_sort(array_agg(DISTINCT f.target)), ',') || ') between '
    || CAST(min(f.eventtime) AS VARCHAR) || ' and ' || CAST(max(f.eventtime) AS VARCHAR) AS details
FROM bursts b
JOIN fails f
  ON f.account = b.account AND f.sourceipaddress = b.ip
 AND f.eventtime >= b.first_start
 AND f.eventtime < date_add('minute', $window_minutes, b.last_start)
GROUP BY f.account, f.sourceipaddress, b.burst
ORDER BY eventtime
