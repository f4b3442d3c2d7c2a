-- id: cloudtrail-bucket-short-lifecycle
-- title: Short expiration lifecycle rule put on a CloudTrail log bucket
-- severity: high
-- tactic: defense-evasion
-- attack: T1070
-- tags: s3, cloudtrail, lifecycle, cfg
-- description: PutBucketLifecycle gave a bucket that receives CloudTrail logs an enabled rule that
--   expires objects after fewer than max_days days (or on a date within that span). The trail keeps
--   running while S3 quietly deletes the evidence. A bucket counts as a trail bucket when a
--   CreateTrail or UpdateTrail in the lake names it, when it is listed in trail_buckets, or when its
--   name matches bucket_pattern. Rules are read whether Rule is one object or a list. Denied
--   attempts are included.
-- response: Remove or lengthen the rule (aws s3api get-bucket-lifecycle-configuration), check
--   whether objects were already expired (S3 server access logs, versioning), and review the caller.
-- false_positives: Retention policies agreed with compliance that are shorter than max_days.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html,
--   https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configuration-examples.html
-- param: max_days = 90 ; expirations shorter than this many days are reported
-- param: trail_buckets = ; comma-separated names of buckets receiving CloudTrail logs
-- param: bucket_pattern = (?i)(cloudtrail|trail-?logs?) ; regular expression for trail bucket names
WITH known AS (
  SELECT DISTINCT json_extract_scalar(requestparameters, '$.s3BucketName') AS bucket
  FROM cloudtrail
  WHERE eventsource = 'cloudtrail.amazonaws.com'
    AND eventname IN ('CreateTrail', 'UpdateTrail')
    AND errorcode IS NULL
    AND json_extract_scalar(requestparameters, '$.s3BucketName') IS NOT NULL
),
calls AS (
  SELECT *,
    json_extract_scalar(requestparameters, '$.bucketName') AS bucket,
    json_get_json(requestparameters, 'LifecycleConfiguration', 'Rule') AS rules
  FROM cloudtrail
  WHERE eventsource = 's3.amazonaws.com'
    AND eventname = 'PutBucketLifecycle'
),
rule_list AS (
  SELECT eventid, eventtime,
    CASE WHEN starts_with(ltrim(rules), '{') THEN CASE WHEN i = 0 THEN rules END
         ELSE json_get_json(rules, i) END AS r
  FROM calls CROSS JOIN unnest(range(0, 100)) AS t(i)
),
short AS (
  SELECT eventid,
    min(TRY_CAST(json_extract_scalar(r, '$.Expiration.Days') AS INT)) AS days,
    min(json_extract_scalar(r, '$.Expiration.Date')) AS expiry_date
  FROM rule_list
  WHERE r IS NOT NULL
    AND coalesce(json_extract_scalar(r, '$.Status'), 'Enabled') = 'Enabled'
    AND (TRY_CAST(json_extract_scalar(r, '$.Expiration.Days') AS INT) < $max_days
         OR to_timestamp(json_extract_scalar(r, '$.Expiration.Date')) < date_add('day', $max_days, eventtime))
  GROUP BY eventid
)
SELECT
  c.eventtime,
  c.account,
  c.region,
  coalesce(c.useridentity.arn, c.useridentity.invokedby) AS principal,
  c.useridentity.accesskeyid AS accesskeyid,
  c.sourceipaddress,
  c.useragent,
  c.eventname,
  c.eventid AS eventids,
  c.source_uri || '#' || CAST(c.source_index AS VARCHAR) AS evidence,
  'trail bucket ' || c.bucket || ': objects expire after '
    || coalesce(CAST(s.days AS VARCHAR) || ' day(s)', 'date ' || s.expiry_date)
    || CASE WHEN c.errorcode IS NOT NULL THEN ' (denied: ' || c.errorcode || ')' ELSE '' END AS details
FROM calls c
JOIN short s ON c.eventid = s.eventid
LEFT JOIN known k ON k.bucket = c.bucket
WHERE k.bucket IS NOT NULL
   OR array_has(string_to_array($trail_buckets, ','), c.bucket)
   OR regexp_like(c.bucket, $bucket_pattern)
ORDER BY c.eventtime
