-- id: secretsmanager-failed-secret-reads
-- title: Repeated failed reads of several Secrets Manager secrets
-- severity: medium
-- tactic: credential-access
-- attack: T1555.006
-- tags: secretsmanager, denied, threshold, distinct-count, sliding-window
-- description: One principal had at least min_failures GetSecretValue or BatchGetSecretValue calls
--   fail (access denied, unknown secret, decryption refused...) on at least min_secrets different
--   secrets within window_minutes. A configured application fails on the one secret it needs;
--   failures spread over many names mean someone is guessing names or trying every secret a
--   stolen key might reach.
-- response: Check who owns the principal and whether a deploy with wrong permissions explains it.
--   If not, treat the credentials as stolen: deactivate them, and look for successful reads and
--   other activity from the same key and source IP.
-- false_positives: A release that references renamed secrets, or a role whose policy was
--   tightened while a job was running; both stop once fixed.
-- references: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
-- param: window_minutes = 30 ; length of the sliding window in minutes
-- param: min_failures = 5 ; failed secret reads within the window
-- param: min_secrets = 3 ; distinct secrets among the failed reads
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
    -- time in units of (window - 0.5 s): a RANGE frame of 1 then spans exactly [ts, ts + window)
    -- for whole-second timestamps, without a parameter in the frame clause
    CAST(to_unixtime(eventtime) AS DOUBLE) / ($window_minutes * 60 - 0.5) AS tn,
    eventname,
    eventid,
    errorcode,
    coalesce(
      regexp_replace(json_extract_scalar(requestparameters, '$.secretId'),
                     '^arn:aws[a-z-]*:secretsmanager:[^:]+:[0-9]+:secret:(.+)-[A-Za-z0-9]{6}$', '${1}'),
      'batch:' || coalesce(json_extract(requestparameters, '$.secretIdList'), json_extract(requestparameters, '$.filters'), '?')
    ) AS item,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource = 'secretsmanager.amazonaws.com'
    AND eventname IN ('GetSecretValue', 'BatchGetSecretValue')
    AND errorcode IS NOT NULL
    AND coalesce(useridentity.arn, useridentity.principalid) IS NOT NULL
),
win AS (
  -- every event anchors the window [ts, ts + window) of its principal (events at the same second
  -- share it); the lake is scanned once and everything below works on this small set
  SELECT *,
         count(DISTINCT item) OVER (PARTITION BY account, principal ORDER BY tn
                                    RANGE BETWEEN CURRENT ROW AND 1 FOLLOWING) AS n_items,
         count(*) OVER (PARTITION BY account, principal ORDER BY tn
                        RANGE BETWEEN CURRENT ROW AND 1 FOLLOWING) AS n_events
  FROM ev
),
qual AS (
  SELECT *, (n_events >= $min_failures AND n_items >= $min_secrets) AS q,
         max(CASE WHEN (n_events >= $min_failures AND n_items >= $min_secrets) THEN ts END)
           OVER (PARTITION BY account, principal ORDER BY ts, eventid
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_start
  FROM win
),
islands AS (
  -- qualifying windows whose starts are less than a window apart form one island
  SELECT *,
         SUM(CASE WHEN q AND (prev_start IS NULL OR ts - prev_start >= $window_minutes * 60) THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, principal ORDER BY ts, eventid ROWS UNBOUNDED PRECEDING) AS island
  FROM qual
),
ranked AS (
  SELECT *,
         ROW_NUMBER() OVER (PARTITION BY account, principal, q, island
                            ORDER BY n_events DESC, n_items DESC, ts) AS rn
  FROM islands
),
tagged AS (
  -- the best window of each island; best windows of different islands never overlap, so each
  -- event belongs to the latest best window starting at or before it, if it is still inside it
  SELECT *,
         max(CASE WHEN q AND rn = 1 THEN ts END)
           OVER (PARTITION BY account, principal ORDER BY ts RANGE UNBOUNDED PRECEDING) AS win_start
  FROM ranked
)
SELECT
  min(p.eventtime) AS eventtime,
  p.account AS account,
  first_value(p.region ORDER BY p.eventtime) AS region,
  p.principal AS principal,
  array_to_string(array_sort(array_agg(DISTINCT p.accesskeyid)), ',') AS accesskeyid,
  array_to_string(array_sort(array_agg(DISTINCT p.sourceipaddress)), ',') AS sourceipaddress,
  array_to_string(array_sort(array_agg(DISTINCT p.useragent)), ',') AS useragent,
  array_to_string(array_sort(array_agg(DISTINCT p.eventname)), ',') AS eventname,
  string_agg(p.eventid, ',' ORDER BY p.eventtime, p.eventid) AS eventids,
  string_agg(p.ref, ',' ORDER BY p.eventtime, p.eventid) AS evidence,
  CAST(count(*) AS VARCHAR) || ' failed secret reads on '
    || CAST(count(DISTINCT p.item) AS VARCHAR) || ' secrets within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s; errors='
    || array_to_string(array_sort(array_agg(DISTINCT p.errorcode)), ',') || '; secrets='
    || array_to_string(array_slice(array_sort(array_agg(DISTINCT p.item)), 1, 25), ',') AS details
FROM tagged p
WHERE p.win_start IS NOT NULL AND p.ts < p.win_start + $window_minutes * 60
GROUP BY p.account, p.principal, p.win_start
ORDER BY eventtime
