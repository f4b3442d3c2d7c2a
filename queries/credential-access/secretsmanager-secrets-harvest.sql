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
    -- time in units of (window - 0.5 s): a RANGE frame of 1 then spans exactly [ts, ts + window)
    -- for whole-second timestamps, without a parameter in the frame clause
    CAST(to_unixtime(eventtime) AS DOUBLE) / ($window_minutes * 60 - 0.5) AS tn,
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
  SELECT *, n_items >= $min_secrets AS q,
         max(CASE WHEN n_items >= $min_secrets THEN ts END)
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
                            ORDER BY n_items DESC, n_events DESC, ts) AS rn
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
  CAST(count(DISTINCT p.item) AS VARCHAR) || ' distinct secrets in '
    || CAST(count(DISTINCT p.awsregion) AS VARCHAR) || ' region(s) within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s ('
    || CAST(count(*) AS VARCHAR) || ' calls, '
    || CAST(count(p.errorcode) AS VARCHAR) || ' failed); secrets='
    || array_to_string(array_slice(array_sort(array_agg(DISTINCT p.item)), 1, 25), ',') AS details
FROM tagged p
WHERE p.win_start IS NOT NULL AND p.ts < p.win_start + $window_minutes * 60
GROUP BY p.account, p.principal, p.win_start
ORDER BY eventtime
