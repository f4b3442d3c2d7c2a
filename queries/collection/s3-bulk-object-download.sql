-- id: s3-bulk-object-download
-- title: Bulk S3 download by one principal (object count or bytes in a window)
-- severity: high
-- tactic: collection
-- attack: T1530
-- tags: s3, data-events, getobject, threshold, exfiltration
-- description: One principal (or, for anonymous requests, one source IP) fetched at least
--   min_objects objects or at least min_bytes bytes (additionalEventData.bytesTransferredOut) with
--   successful GetObject calls within window_minutes (a window slid minute by minute). The
--   principal's reads are cut into runs wherever it pauses longer than gap_minutes, and each run
--   that contains such a window is one finding, with its totals, buckets, IPs and the first
--   max_evidence events, so a burst is not merged with unrelated reads before or after it. Needs S3
--   data events in the trail. Only successful reads are counted, because the volume of data that
--   left is the point.
-- response: Check whether the principal normally reads this bucket at this volume (compare with its
--   history), where the requests came from, and whether the key was used elsewhere; disable the key
--   or revoke the session if the burst is not explained.
-- false_positives: Batch jobs, backups, analytics and data migrations that read whole prefixes;
--   raise the thresholds or exclude their roles.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html
-- param: window_minutes = 60 ; length of the sliding window in minutes
-- param: min_objects = 500 ; GetObject calls in one window that make a burst
-- param: min_bytes = 1073741824 ; bytes sent out in one window that make a burst (1 GiB)
-- param: gap_minutes = 15 ; a pause longer than this ends a run of reads
-- param: max_evidence = 200 ; most event ids/evidence pointers listed per burst
WITH g0 AS (
  SELECT eventtime, account, region, eventid, sourceipaddress, useragent,
         useridentity.accesskeyid AS accesskeyid,
         coalesce(useridentity.arn, 'anonymous@' || sourceipaddress) AS actor,
         coalesce(json_get_int(additionaleventdata, 'bytesTransferredOut'), 0) AS bytes,
         json_get_str(requestparameters, 'bucketName') AS bucket,
         source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence
  FROM cloudtrail
  WHERE eventsource = 's3.amazonaws.com'
    AND eventname = 'GetObject'
    AND errorcode IS NULL
),
g AS (
  SELECT *,
         sum(CASE WHEN prev IS NULL OR eventtime > date_add('minute', $gap_minutes, prev) THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, actor ORDER BY eventtime, eventid ROWS UNBOUNDED PRECEDING) AS run
  FROM (SELECT *, lag(eventtime) OVER (PARTITION BY account, actor ORDER BY eventtime, eventid) AS prev FROM g0) x
),
per_minute AS (
  SELECT account, actor, run, date_trunc('minute', eventtime) AS minute, count(*) AS n, sum(bytes) AS b
  FROM g
  GROUP BY account, actor, run, date_trunc('minute', eventtime)
),
windows AS (
  -- each active minute opens a window of window_minutes; ordering by minutes / window_minutes
  -- turns the window into a constant frame of width 1 (bound parameters cannot be frame offsets)
  SELECT account, actor, run, minute AS wstart,
         sum(n) OVER (PARTITION BY account, actor, run
                  ORDER BY CAST(extract(epoch FROM minute) AS DOUBLE) / (60.0 * $window_minutes)
                  RANGE BETWEEN CURRENT ROW AND 0.9999999 FOLLOWING) AS n,
         sum(b) OVER (PARTITION BY account, actor, run
                  ORDER BY CAST(extract(epoch FROM minute) AS DOUBLE) / (60.0 * $window_minutes)
                  RANGE BETWEEN CURRENT ROW AND 0.9999999 FOLLOWING) AS bytes
  FROM per_minute
),
hot_runs AS (
  SELECT account, actor, run, max(n) AS peak_n, max(bytes) AS peak_b
  FROM windows
  WHERE n >= $min_objects OR bytes >= $min_bytes
  GROUP BY account, actor, run
)
SELECT
  min(g.eventtime) AS eventtime,
  g.account,
  string_agg(DISTINCT g.region, ',') AS region,
  g.actor AS principal,
  string_agg(DISTINCT g.accesskeyid, ',') AS accesskeyid,
  string_agg(DISTINCT g.sourceipaddress, ',') AS sourceipaddress,
  string_agg(DISTINCT g.useragent, ' | ') AS useragent,
  'GetObject' AS eventname,
  array_to_string(array_slice(array_agg(g.eventid ORDER BY g.eventtime), 1, $max_evidence), ',') AS eventids,
  array_to_string(array_slice(array_agg(g.evidence ORDER BY g.eventtime), 1, $max_evidence), ',') AS evidence,
  CAST(count(*) AS VARCHAR) || ' objects, '
    || CAST(round(sum(g.bytes) / 1048576.0, 1) AS VARCHAR) || ' MiB from '
    || string_agg(DISTINCT g.bucket, ', ') || ' between ' || CAST(min(g.eventtime) AS VARCHAR)
    || ' and ' || CAST(max(g.eventtime) AS VARCHAR)
    || ' (peak ' || CAST(max(h.peak_n) AS VARCHAR) || ' objects / '
    || CAST(round(max(h.peak_b) / 1048576.0, 1) AS VARCHAR) || ' MiB in ' || CAST($window_minutes AS VARCHAR) || ' min)' AS details
FROM hot_runs h
JOIN g ON g.account = h.account AND g.actor = h.actor AND g.run = h.run
GROUP BY g.account, g.actor, g.run
ORDER BY eventtime
