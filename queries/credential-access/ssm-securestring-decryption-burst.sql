-- id: ssm-securestring-decryption-burst
-- title: Many SSM parameters read with decryption by one principal in a short window
-- severity: high
-- tactic: credential-access
-- attack: T1552
-- tags: ssm, parameter-store, threshold, distinct-count, sliding-window
-- description: One principal read at least min_parameters distinct Parameter Store names with
--   withDecryption=true within window_minutes (GetParameter, GetParameters - every name in the
--   request counts - GetParameterHistory, and GetParametersByPath, where the path counts as one
--   item). Decrypted SecureString values are passwords, tokens and keys; an intruder dumps them
--   all, while an application decrypts the few it needs. Reads without decryption are ignored,
--   denied reads are counted.
-- response: Find the principal's owner. If the burst is not a known deploy, revoke the
--   credentials, rotate every parameter listed, and trace the same key and IP through the
--   following hours.
-- false_positives: Configuration loaders at the start of a large deployment and parameter
--   backup or migration tools; raise min_parameters for those roles.
-- references: https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-cloudtrail-logs.html
-- param: window_minutes = 60 ; length of the sliding window in minutes
-- param: min_parameters = 20 ; distinct parameter names (or paths) decrypted within the window
WITH calls AS (
  SELECT
    account,
    region,
    coalesce(useridentity.arn, useridentity.principalid) AS principal,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventtime,
    eventname,
    awsregion,
    eventid,
    errorcode,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref,
    CASE
      WHEN eventname = 'GetParameters'
        THEN string_to_array(regexp_replace(coalesce(json_extract(requestparameters, '$.names'), '[]'), '[\[\]" ]', '', 'g'), ',')
      WHEN eventname = 'GetParametersByPath'
        THEN make_array('path:' || coalesce(json_extract_scalar(requestparameters, '$.path'), '?'))
      ELSE make_array(coalesce(json_extract_scalar(requestparameters, '$.name'), '?'))
    END AS names
  FROM cloudtrail
  WHERE eventsource = 'ssm.amazonaws.com'
    AND eventname IN ('GetParameter', 'GetParameters', 'GetParametersByPath', 'GetParameterHistory')
    AND lower(json_extract_scalar(requestparameters, '$.withDecryption')) = 'true'
    AND coalesce(useridentity.type, '') <> 'AWSService'
),
ev AS (
  SELECT account, region, principal, accesskeyid, sourceipaddress, useragent, eventtime,
         to_unixtime(eventtime) AS ts,
         to_unixtime(eventtime) / ($window_minutes * 60) AS b,
         eventname, awsregion, eventid, errorcode, ref, item
  FROM (SELECT *, unnest(names) AS item FROM calls) u
  WHERE item <> ''
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
         count(DISTINCT p.item) AS n_items, count(DISTINCT p.eventid) AS n_events
  FROM anchors a
  JOIN partners p ON p.account = a.account AND p.principal = a.principal AND p.jb = a.b
  WHERE p.ts >= a.ts AND p.ts < a.ts + $window_minutes * 60
  GROUP BY a.account, a.principal, a.ts, a.b
  HAVING count(DISTINCT p.item) >= $min_parameters
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
  array_to_string(array_sort(array_agg(DISTINCT p.eventid)), ',') AS eventids,
  array_to_string(array_sort(array_agg(DISTINCT p.ref)), ',') AS evidence,
  CAST(count(DISTINCT p.item) AS VARCHAR) || ' parameters decrypted in '
    || CAST(count(DISTINCT p.eventid) AS VARCHAR) || ' calls ('
    || CAST(count(DISTINCT CASE WHEN p.errorcode IS NOT NULL THEN p.eventid END) AS VARCHAR) || ' failed) within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s; parameters='
    || array_to_string(array_slice(array_sort(array_agg(DISTINCT p.item)), 1, 25), ',') AS details
FROM best
JOIN partners p ON p.account = best.account AND p.principal = best.principal AND p.jb = best.b
WHERE p.ts >= best.win_start AND p.ts < best.win_start + $window_minutes * 60
GROUP BY best.account, best.principal, best.win_start
ORDER BY eventtime
