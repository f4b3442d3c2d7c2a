-- id: console-login-brute-force
-- title: Repeated failed console sign-ins for one user
-- severity: medium
-- tactic: initial-access
-- attack: T1110.001
-- tags: signin, brute-force, threshold
-- description: At least `threshold` failed ConsoleLogin attempts (responseElements.ConsoleLogin =
--   Failure) against the same user of one account within `window_minutes`, from any address. The
--   window slides over the failures (the threshold-th failure counted from each one must fall
--   inside it); overlapping windows are merged so that one attack gives one row, listing every
--   failure of the burst. Root is reported as user `root`. Names that do not
--   exist are logged by AWS as HIDDEN_DUE_TO_SECURITY_REASONS and are counted together.
-- response: Check whether any sign-in of that user succeeded during or after the burst (see
--   console-login-success-after-failures), block the addresses if possible, and make sure the user
--   has MFA and a strong password.
-- false_positives: A user who forgot a changed password, or a password manager replaying an old
--   one.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
-- param: threshold = 5 ; failed attempts needed within the window
-- param: window_minutes = 30 ; length of the sliding window in minutes
WITH fails AS (
  SELECT
    eventtime,
    account,
    region,
    CASE WHEN useridentity.type = 'Root' THEN 'root'
         ELSE coalesce(useridentity.username, '?') END AS target,
    CASE WHEN useridentity.type = 'Root' THEN 'arn:aws:iam::' || account || ':root'
         ELSE coalesce(useridentity.arn,
                       'arn:aws:iam::' || account || ':user/' || coalesce(useridentity.username, '?')) END AS target_arn,
    sourceipaddress,
    useragent,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource = 'signin.amazonaws.com'
    AND eventname = 'ConsoleLogin'
    AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Failure'
),
starts AS (
  SELECT account, target, t
  FROM (
    SELECT account, target, eventtime AS t,
      LEAD(eventtime, $threshold - 1) OVER (PARTITION BY account, target ORDER BY eventtime, eventid) AS nth
    FROM fails
  )
  WHERE nth < date_add('minute', $window_minutes, t)
),
marked AS (
  SELECT account, target, t,
    CASE WHEN LAG(t) OVER (PARTITION BY account, target ORDER BY t) IS NULL
           OR date_diff('second', LAG(t) OVER (PARTITION BY account, target ORDER BY t), t)
              >= $window_minutes * 60
         THEN 1 ELSE 0 END AS new_burst
  FROM starts
),
numbered AS (
  SELECT account, target, t,
    sum(new_burst) OVER (PARTITION BY account, target ORDER BY t
                         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS burst
  FROM marked
),
bursts AS (
  SELECT account, target, burst, min(t) AS first_start, max(t) AS last_start
  FROM numbered
  GROUP BY account, target, burst
)
SELECT
  min(f.eventtime) AS eventtime,
  f.account,
  first_value(f.region ORDER BY f.eventtime) AS region,
  first_value(f.target_arn ORDER BY f.eventtime) AS principal,
  CAST(NULL AS VARCHAR) AS accesskeyid,
  first_value(f.sourceipaddress ORDER BY f.eventtime) AS sourceipaddress,
  first_value(f.useragent ORDER BY f.eventtime) AS useragent,
  'ConsoleLogin' AS eventname,
  string_agg(f.eventid, ',' ORDER BY f.eventtime) AS eventids,
  string_agg(f.ref, ',' ORDER BY f.eventtime) AS evidence,
  CAST(count(*) AS VARCHAR) || ' failed console sign-ins for user ' || f.target || ' between '
    || CAST(min(f.eventtime) AS VARCHAR) || ' and ' || CAST(max(f.eventtime) AS VARCHAR)
    || ' from ' || CAST(count(DISTINCT f.sourceipaddress) AS VARCHAR) || ' address(es)' AS details
FROM bursts b
JOIN fails f
  ON f.account = b.account AND f.target = b.target
 AND f.eventtime >= b.first_start
 AND f.eventtime < date_add('minute', $window_minutes, b.last_start)
GROUP BY f.account, f.target, b.burst
ORDER BY eventtime
