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
WITH
-- How this stays fast: the first scan keeps only (account, actor, minute) totals; runs and windows are
--   computed on those few rows (a pause inside one minute is never longer than gap_minutes >= 1),
--   and only the events of the hot runs are read again for the lists and the evidence.
per_minute AS (
  SELECT account,
         coalesce(useridentity.arn, 'anonymous@' || sourceipaddress) AS actor,
         date_trunc('minute', eventtime) AS minute,
         min(eventtime) AS t_first,
         max(eventtime) AS t_last,
         count(*) AS n,
         sum(coalesce(json_get_int(additionaleventdata, 'bytesTransferredOut'), 0)) AS b
  FROM cloudtrail
  WHERE eventsource = 's3.amazonaws.com'
    AND eventname = 'GetObject'
    AND errorcode IS NULL
  GROUP BY account, coalesce(useridentity.arn, 'anonymous@' || sourceipaddress), date_trunc('minute', eventtime)
),
marked AS (
  SELECT *,
         lag(t_last) OVER (PARTITION BY account, actor ORDER BY minute) AS prev
  FROM per_minute
),
runs AS (
  SELECT account, actor, minute, t_first, t_last, n, b,
         sum(CASE WHEN prev IS NULL OR t_first > date_add('minute', $gap_minutes, prev) THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, actor ORDER BY minute ROWS UNBOUNDED PRECEDING) AS run
  FROM marked
),
windows AS (
  -- each active minute opens a window of window_minutes; ordering by minutes / window_minutes
  -- turns the window into a constant frame of width 1 (bound parameters cannot be frame offsets)
  SELECT account, actor, run, minute, t_first, t_last, n, b,
         sum(n) OVER (PARTITION BY account, actor, run ORDER BY minute ROWS UNBOUNDED PRECEDING) AS cum_n,
         sum(n) OVER (PARTITION BY account, actor, run
                  ORDER BY CAST(extract(epoch FROM minute) AS DOUBLE) / (60.0 * $window_minutes)
                  RANGE BETWEEN CURRENT ROW AND 0.9999999 FOLLOWING) AS wn,
         sum(b) OVER (PARTITION BY account, actor, run
                  ORDER BY CAST(extract(epoch FROM minute) AS DOUBLE) / (60.0 * $window_minutes)
                  RANGE BETWEEN CURRENT ROW AND 0.9999999 FOLLOWING) AS wb
  FROM runs
),
run_stats AS (
  SELECT account, actor, run,
         min(t_first) AS run_start,
         sum(n) AS run_n,
         sum(b) AS run_b,
         max(t_last) AS run_end,
         max(CASE WHEN wn >= $min_objects OR wb >= $min_bytes THEN wn END) AS peak_n,
         max(CASE WHEN wn >= $min_objects OR wb >= $min_bytes THEN wb END) AS peak_b,
         max(CASE WHEN wn >= $min_objects OR wb >= $min_bytes THEN 1 ELSE 0 END) AS hot,
         -- the first max_evidence events of a run all lie before the end of this minute
         min(CASE WHEN cum_n >= $max_evidence THEN minute END) AS evidence_minute
  FROM windows
  GROUP BY account, actor, run
),
hot_runs AS (
  SELECT account, actor, run, run_start, run_end, run_n, run_b, peak_n, peak_b,
         coalesce(date_add('minute', 1, evidence_minute), date_add('minute', 1, run_end)) AS evidence_until
  FROM run_stats WHERE hot = 1
),
g AS (
  SELECT h.run, h.run_n, h.run_b, h.peak_n, h.peak_b, e.eventtime < h.evidence_until AS early, e.*
  FROM hot_runs h
  JOIN (
    SELECT eventtime, account, region, eventid, sourceipaddress, useragent,
           useridentity.accesskeyid AS accesskeyid,
           coalesce(useridentity.arn, 'anonymous@' || sourceipaddress) AS actor,
           requestparameters, source_uri, source_index
    FROM cloudtrail
    WHERE eventsource = 's3.amazonaws.com'
      AND eventname = 'GetObject'
      AND errorcode IS NULL
  ) e
    ON e.account = h.account AND e.actor = h.actor
   AND e.eventtime >= h.run_start AND e.eventtime <= h.run_end
)
SELECT
  min(eventtime) AS eventtime,
  account,
  string_agg(DISTINCT region, ',') AS region,
  actor AS principal,
  string_agg(DISTINCT accesskeyid, ',') AS accesskeyid,
  string_agg(DISTINCT sourceipaddress, ',') AS sourceipaddress,
  string_agg(DISTINCT useragent, ' | ') AS useragent,
  'GetObject' AS eventname,
  array_to_string(array_slice(array_agg(eventid ORDER BY eventtime, eventid) FILTER (WHERE early), 1, $max_evidence), ',') AS eventids,
  array_to_string(array_slice(array_agg(source_uri || '#' || CAST(source_index AS VARCHAR) ORDER BY eventtime, eventid) FILTER (WHERE early), 1, $max_evidence), ',') AS evidence,
  CAST(max(run_n) AS VARCHAR) || ' objects, '
    || CAST(round(max(run_b) / 1048576.0, 1) AS VARCHAR) || ' MiB from '
    || string_agg(DISTINCT json_get_str(requestparameters, 'bucketName'), ', ') || ' between ' || CAST(min(eventtime) AS VARCHAR)
    || ' and ' || CAST(max(eventtime) AS VARCHAR)
    || ' (peak ' || CAST(max(peak_n) AS VARCHAR) || ' objects / '
    || CAST(round(max(peak_b) / 1048576.0, 1) AS VARCHAR) || ' MiB in ' || CAST($window_minutes AS VARCHAR) || ' min)' AS details
FROM g
GROUP BY account, actor, run
ORDER BY eventtime
