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
    to_unixtime(eventtime) / ($window_minutes * 60) AS b,
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
  HAVING count(*) >= $min_failures AND count(DISTINCT p.item) >= $min_secrets
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
                                     ORDER BY n_events DESC, n_items DESC, win_start) AS rn
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
  CAST(count(*) AS VARCHAR) || ' failed secret reads on '
    || CAST(count(DISTINCT p.item) AS VARCHAR) || ' secrets within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s; errors='
    || array_to_string(array_sort(array_agg(DISTINCT p.errorcode)), ',') || '; secrets='
    || array_to_string(array_slice(array_sort(array_agg(DISTINCT p.item)), 1, 25), ',') AS details
FROM best
JOIN partners p ON p.account = best.account AND p.principal = best.principal AND p.jb = best.b
WHERE p.ts >= best.win_start AND p.ts < best.win_start + $window_minutes * 60
GROUP BY best.account, best.principal, best.win_start
ORDER BY eventtime
