-- id: secretsmanager-secrets-harvest
-- title: Many distinct Secrets Manager secrets read by one principal in a short window
-- severity: high
-- tactic: credential-access
-- attack: T1555.006
-- tags: secretsmanager, threshold, distinct-count, sliding-window
-- description: One principal asked for the values of at least min_secrets different secrets
--   within window_minutes (GetSecretValue; BatchGetSecretValue is shown as evidence, and AWS also
--   logs one GetSecretValue per secret it returns). Applications read the few secrets they are
--   configured with, again and again; walking through the whole vault is what an intruder with
--   a broad key does. Denied reads are counted because they show the same intent. Secret ARNs are
--   reduced to the secret name so that the name and ARN forms of one secret count once.
-- response: Identify the principal's owner and whether a deployment or migration explains it. If
--   not, revoke the principal's credentials, rotate every secret listed in the details (its value
--   must be assumed known), and look at what the principal and source IP did next.
-- false_positives: Secret migration or backup jobs, secret scanners, and a new service
--   bootstrapping with many secrets; raise min_secrets for known bulk readers.
-- references: https://docs.aws.amazon.com/secretsmanager/latest/userguide/cloudtrail_log_entries.html
-- param: window_minutes = 60 ; length of the sliding window in minutes
-- param: min_secrets = 10 ; distinct secrets read (or attempted) within the window
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
    CASE WHEN eventname = 'GetSecretValue' THEN
      regexp_replace(json_extract_scalar(requestparameters, '$.secretId'),
                     '^arn:aws[a-z-]*:secretsmanager:[^:]+:[0-9]+:secret:(.+)-[A-Za-z0-9]{6}$', '${1}')
    END AS item,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource = 'secretsmanager.amazonaws.com'
    AND eventname IN ('GetSecretValue', 'BatchGetSecretValue')
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
  HAVING count(DISTINCT p.item) >= $min_secrets
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
  CAST(count(DISTINCT p.item) AS VARCHAR) || ' distinct secrets in '
    || CAST(count(DISTINCT p.awsregion) AS VARCHAR) || ' region(s) within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s ('
    || CAST(count(*) AS VARCHAR) || ' calls, '
    || CAST(count(p.errorcode) AS VARCHAR) || ' failed); secrets='
    || array_to_string(array_slice(array_sort(array_agg(DISTINCT p.item)), 1, 25), ',') AS details
FROM best
JOIN partners p ON p.account = best.account AND p.principal = best.principal AND p.jb = best.b
WHERE p.ts >= best.win_start AND p.ts < best.win_start + $window_minutes * 60
GROUP BY best.account, best.principal, best.win_start
ORDER BY eventtime
