-- id: ec2-password-data-harvest
-- title: GetPasswordData called on several EC2 instances by one principal
-- severity: high
-- tactic: credential-access
-- attack: T1552.005
-- tags: ec2, windows, threshold, distinct-count, sliding-window
-- description: One principal requested the encrypted Windows Administrator password of at least
--   min_instances different instances within window_minutes. With the launch key pair the
--   password decrypts offline, so a sweep across instances is a grab for local admin access to
--   the Windows fleet. Denied calls are counted: attackers try every instance they can list.
-- response: Ask the principal's owner. If unexplained, revoke its credentials, reset the local
--   Administrator password on every listed instance, and check for RDP/SSM sessions to them.
-- false_positives: Fleet-management scripts run by administrators; they come from known roles.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetPasswordData.html
-- param: window_minutes = 60 ; length of the sliding window in minutes
-- param: min_instances = 3 ; distinct instance ids within the window
WITH ev AS (
  SELECT
    account,
    region,
    coalesce(useridentity.arn, useridentity.principalid) AS principal,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventtime,
    to_unixtime(eventtime) AS ts,
    to_unixtime(eventtime) / ($window_minutes * 60) AS b,
    eventname,
    awsregion,
    eventid,
    errorcode,
    awsregion || '/' || coalesce(json_extract_scalar(requestparameters, '$.instanceId'), '?') AS item,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource = 'ec2.amazonaws.com'
    AND eventname = 'GetPasswordData'
    AND coalesce(useridentity.type, '') <> 'AWSService'
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
  SELECT a.account, a.principal, a.ts AS win_start, a.b,
         count(DISTINCT p.item) AS n_items, count(*) AS n_events
  FROM anchors a
  JOIN partners p ON p.account = a.account AND p.principal = a.principal AND p.jb = a.b
  WHERE p.ts >= a.ts AND p.ts < a.ts + $window_minutes * 60
  GROUP BY a.account, a.principal, a.ts, a.b
  HAVING count(DISTINCT p.item) >= $min_instances
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
                                     ORDER BY n_items DESC, n_events DESC, win_start) AS rn
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
  array_to_string(array_sort(array_agg(DISTINCT p.eventname)), ',') AS eventname,
  string_agg(p.eventid, ',' ORDER BY p.eventtime, p.eventid) AS eventids,
  string_agg(p.ref, ',' ORDER BY p.eventtime, p.eventid) AS evidence,
  'GetPasswordData on ' || CAST(count(DISTINCT p.item) AS VARCHAR) || ' instances within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s ('
    || CAST(count(*) AS VARCHAR) || ' calls, '
    || CAST(count(p.errorcode) AS VARCHAR) || ' failed); instances='
    || array_to_string(array_slice(array_sort(array_agg(DISTINCT p.item)), 1, 25), ',') AS details
FROM best
JOIN partners p ON p.account = best.account AND p.principal = best.principal AND p.jb = best.b
WHERE p.ts >= best.win_start AND p.ts < best.win_start + $window_minutes * 60
GROUP BY best.account, best.principal, best.win_start
ORDER BY eventtime
