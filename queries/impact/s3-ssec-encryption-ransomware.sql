-- id: s3-ssec-encryption-ransomware
-- title: S3 objects rewritten with customer-provided keys (SSE-C) or another account's KMS key
-- severity: high
-- tactic: impact
-- attack: T1486
-- tags: s3, data-events, sse-c, kms, ransomware, threshold
-- description: One principal wrote at least min_objects objects with CopyObject, PutObject or
--   CreateMultipartUpload using server-side encryption with a customer-provided key (SSE-C: the
--   x-amz-server-side-encryption-customer-algorithm parameter, or additionalEventData.SSEApplied =
--   SSE_C) or with a KMS key ARN from another account, within window_minutes. AWS never stores an
--   SSE-C key, so objects copied over themselves this way are unreadable without the attacker's
--   key: the pattern of S3 ransomware. Runs are cut at pauses longer than gap_minutes. Denied
--   attempts are counted too.
-- response: Stop the principal at once (disable keys, revoke sessions), check versioning to restore
--   previous versions, block SSE-C with a bucket policy
--   (s3:x-amz-server-side-encryption-customer-algorithm condition) and look for ransom notes.
-- false_positives: Applications that use SSE-C by design; they are rare and known. Lower
--   min_objects to 1 to see every such write.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html
-- param: window_minutes = 60 ; length of the sliding window in minutes
-- param: min_objects = 10 ; SSE-C or foreign-key writes in one window that make a finding
-- param: gap_minutes = 30 ; a pause longer than this ends a run of writes
-- param: max_evidence = 200 ; most event ids/evidence pointers listed per finding
WITH w0 AS (
  SELECT eventtime, account, region, eventid, eventname, errorcode, sourceipaddress, useragent,
         useridentity.accesskeyid AS accesskeyid,
         coalesce(useridentity.arn, 'anonymous@' || sourceipaddress) AS actor,
         json_get_str(requestparameters, 'bucketName') AS bucket,
         CASE WHEN json_get_str(requestparameters, 'x-amz-server-side-encryption-customer-algorithm') IS NOT NULL
                   OR json_get_str(additionaleventdata, 'SSEApplied') = 'SSE_C' THEN 'SSE-C'
              ELSE 'KMS key of account ' || split_part(json_get_str(requestparameters, 'x-amz-server-side-encryption-aws-kms-key-id'), ':', 5)
         END AS how,
         source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence
  FROM cloudtrail
  WHERE eventsource = 's3.amazonaws.com'
    AND eventname IN ('CopyObject', 'PutObject', 'CreateMultipartUpload', 'UploadPartCopy')
    AND (json_get_str(requestparameters, 'x-amz-server-side-encryption-customer-algorithm') IS NOT NULL
         OR json_get_str(additionaleventdata, 'SSEApplied') = 'SSE_C'
         OR (json_get_str(requestparameters, 'x-amz-server-side-encryption-aws-kms-key-id') LIKE 'arn:%:kms:%'
             AND split_part(json_get_str(requestparameters, 'x-amz-server-side-encryption-aws-kms-key-id'), ':', 5) <> account))
),
w AS (
  SELECT *,
         sum(CASE WHEN prev IS NULL OR eventtime > date_add('minute', $gap_minutes, prev) THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, actor ORDER BY eventtime, eventid ROWS UNBOUNDED PRECEDING) AS run
  FROM (SELECT *, lag(eventtime) OVER (PARTITION BY account, actor ORDER BY eventtime, eventid) AS prev FROM w0) x
),
per_minute AS (
  SELECT account, actor, run, date_trunc('minute', eventtime) AS minute, count(*) AS n
  FROM w
  GROUP BY account, actor, run, date_trunc('minute', eventtime)
),
windows AS (
  -- each active minute opens a window of window_minutes; ordering by minutes / window_minutes
  -- turns the window into a constant frame of width 1 (bound parameters cannot be frame offsets)
  SELECT account, actor, run, minute AS wstart,
         sum(n) OVER (PARTITION BY account, actor, run
                  ORDER BY CAST(extract(epoch FROM minute) AS DOUBLE) / (60.0 * $window_minutes)
                  RANGE BETWEEN CURRENT ROW AND 0.9999999 FOLLOWING) AS n
  FROM per_minute
),
hot_runs AS (
  SELECT DISTINCT account, actor, run
  FROM windows
  WHERE n >= $min_objects
)
SELECT
  min(w.eventtime) AS eventtime,
  w.account,
  string_agg(DISTINCT w.region, ',') AS region,
  w.actor AS principal,
  string_agg(DISTINCT w.accesskeyid, ',') AS accesskeyid,
  string_agg(DISTINCT w.sourceipaddress, ',') AS sourceipaddress,
  string_agg(DISTINCT w.useragent, ' | ') AS useragent,
  string_agg(DISTINCT w.eventname, ',') AS eventname,
  array_to_string(array_slice(array_agg(w.eventid ORDER BY w.eventtime), 1, $max_evidence), ',') AS eventids,
  array_to_string(array_slice(array_agg(w.evidence ORDER BY w.eventtime), 1, $max_evidence), ',') AS evidence,
  CAST(count(*) AS VARCHAR) || ' writes with ' || string_agg(DISTINCT w.how, ' / ')
    || ' (' || CAST(sum(CASE WHEN w.errorcode IS NOT NULL THEN 1 ELSE 0 END) AS VARCHAR) || ' denied) to '
    || string_agg(DISTINCT w.bucket, ', ') || ' between ' || CAST(min(w.eventtime) AS VARCHAR)
    || ' and ' || CAST(max(w.eventtime) AS VARCHAR) AS details
FROM hot_runs h
JOIN w ON w.account = h.account AND w.actor = h.actor AND w.run = h.run
GROUP BY w.account, w.actor, w.run
ORDER BY eventtime
