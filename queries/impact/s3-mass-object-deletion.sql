-- id: s3-mass-object-deletion
-- title: Mass S3 object deletion by one principal
-- severity: high
-- tactic: impact
-- attack: T1485
-- tags: s3, data-events, delete, threshold, ransomware
-- description: One principal issued at least min_deletes DeleteObject calls, or at least
--   min_batches multi-object DeleteObjects calls (up to 1,000 keys each; CloudTrail does not list
--   the keys), within window_minutes. Deleting specific versions is irreversible and is counted
--   separately in the details. The principal's deletes are cut into runs at pauses longer than
--   gap_minutes and each run that reaches a threshold is one finding. Needs S3 data events. Denied
--   deletes are counted too (an attacker probing a protected bucket still shows intent) and
--   reported in the details.
-- response: Stop the principal (disable keys, revoke sessions), check versioning and Object Lock on
--   the affected buckets, restore from versions or backups, and look for a ransom note (PutObject
--   of a small text object) in the same window.
-- false_positives: Cleanup jobs and retention tooling that delete in bulk; lifecycle expiration is
--   done by S3 itself and is not logged as DeleteObject.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
-- param: window_minutes = 60 ; length of the sliding window in minutes
-- param: min_deletes = 100 ; DeleteObject calls in one window that make a finding
-- param: min_batches = 10 ; DeleteObjects (multi-object) calls in one window that make a finding
-- param: gap_minutes = 15 ; a pause longer than this ends a run of deletes
-- param: max_evidence = 200 ; most event ids/evidence pointers listed per finding
WITH d0 AS (
  SELECT eventtime, account, region, eventid, eventname, errorcode, sourceipaddress, useragent,
         useridentity.accesskeyid AS accesskeyid,
         coalesce(useridentity.arn, 'anonymous@' || sourceipaddress) AS actor,
         json_get_str(requestparameters, 'bucketName') AS bucket,
         json_get_str(requestparameters, 'versionId') IS NOT NULL AS versioned,
         source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence
  FROM cloudtrail
  WHERE eventsource = 's3.amazonaws.com'
    AND eventname IN ('DeleteObject', 'DeleteObjects')
),
d AS (
  SELECT *,
         sum(CASE WHEN prev IS NULL OR eventtime > date_add('minute', $gap_minutes, prev) THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, actor ORDER BY eventtime, eventid ROWS UNBOUNDED PRECEDING) AS run
  FROM (SELECT *, lag(eventtime) OVER (PARTITION BY account, actor ORDER BY eventtime, eventid) AS prev FROM d0) x
),
per_minute AS (
  SELECT account, actor, run, date_trunc('minute', eventtime) AS minute,
         sum(CASE WHEN eventname = 'DeleteObject' THEN 1 ELSE 0 END) AS singles,
         sum(CASE WHEN eventname = 'DeleteObjects' THEN 1 ELSE 0 END) AS batches
  FROM d
  GROUP BY account, actor, run, date_trunc('minute', eventtime)
),
windows AS (
  -- each active minute opens a window of window_minutes; ordering by minutes / window_minutes
  -- turns the window into a constant frame of width 1 (bound parameters cannot be frame offsets)
  SELECT account, actor, run, minute AS wstart,
         sum(singles) OVER (PARTITION BY account, actor, run
                  ORDER BY CAST(extract(epoch FROM minute) AS DOUBLE) / (60.0 * $window_minutes)
                  RANGE BETWEEN CURRENT ROW AND 0.9999999 FOLLOWING) AS singles,
         sum(batches) OVER (PARTITION BY account, actor, run
                  ORDER BY CAST(extract(epoch FROM minute) AS DOUBLE) / (60.0 * $window_minutes)
                  RANGE BETWEEN CURRENT ROW AND 0.9999999 FOLLOWING) AS batches
  FROM per_minute
),
hot_runs AS (
  SELECT account, actor, run, max(singles) AS peak_singles, max(batches) AS peak_batches
  FROM windows
  WHERE singles >= $min_deletes OR batches >= $min_batches
  GROUP BY account, actor, run
)
SELECT
  min(d.eventtime) AS eventtime,
  d.account,
  string_agg(DISTINCT d.region, ',') AS region,
  d.actor AS principal,
  string_agg(DISTINCT d.accesskeyid, ',') AS accesskeyid,
  string_agg(DISTINCT d.sourceipaddress, ',') AS sourceipaddress,
  string_agg(DISTINCT d.useragent, ' | ') AS useragent,
  string_agg(DISTINCT d.eventname, ',') AS eventname,
  array_to_string(array_slice(array_agg(d.eventid ORDER BY d.eventtime), 1, $max_evidence), ',') AS eventids,
  array_to_string(array_slice(array_agg(d.evidence ORDER BY d.eventtime), 1, $max_evidence), ',') AS evidence,
  CAST(sum(CASE WHEN d.eventname = 'DeleteObject' THEN 1 ELSE 0 END) AS VARCHAR) || ' DeleteObject ('
    || CAST(sum(CASE WHEN d.eventname = 'DeleteObject' AND d.versioned THEN 1 ELSE 0 END) AS VARCHAR) || ' of specific versions), '
    || CAST(sum(CASE WHEN d.eventname = 'DeleteObjects' THEN 1 ELSE 0 END) AS VARCHAR) || ' DeleteObjects batches, '
    || CAST(sum(CASE WHEN d.errorcode IS NOT NULL THEN 1 ELSE 0 END) AS VARCHAR) || ' denied; buckets '
    || string_agg(DISTINCT d.bucket, ', ') || ' between ' || CAST(min(d.eventtime) AS VARCHAR)
    || ' and ' || CAST(max(d.eventtime) AS VARCHAR) AS details
FROM hot_runs h
JOIN d ON d.account = h.account AND d.actor = h.actor AND d.run = h.run
GROUP BY d.account, d.actor, d.run
ORDER BY eventtime
