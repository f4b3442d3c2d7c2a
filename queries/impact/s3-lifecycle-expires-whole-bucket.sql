-- id: s3-lifecycle-expires-whole-bucket
-- title: S3 lifecycle rule expires every object of a bucket within days
-- severity: medium
-- tactic: impact
-- attack: T1485
-- tags: s3, lifecycle, recovery, single-event
-- description: PutBucketLifecycle set an enabled rule with no prefix or tag filter (so it covers
--   the whole bucket) that expires current objects, or permanently removes noncurrent versions,
--   after max_days days or less. S3 then deletes the data itself, without DeleteObject calls in the
--   trail, which makes this a quiet way to destroy a bucket or its version history. Denied attempts
--   are reported too.
-- response: Remove or fix the rule (aws s3api delete-bucket-lifecycle) before it runs (S3 evaluates
--   rules about once a day), and check what else the caller changed.
-- false_positives: Scratch and cache buckets with a short retention by design.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html
-- param: max_days = 3 ; expirations this short or shorter are reported
WITH ev AS (
  SELECT *
  FROM cloudtrail
  WHERE eventsource = 's3.amazonaws.com'
    AND eventname IN ('PutBucketLifecycle', 'PutBucketLifecycleConfiguration')
),
rules AS (
  SELECT eventid, r,
         coalesce(json_get_int(r, 'Expiration', 'Days'), CAST(json_get_str(r, 'Expiration', 'Days') AS BIGINT)) AS exp_days,
         coalesce(json_get_int(r, 'NoncurrentVersionExpiration', 'NoncurrentDays'),
                  CAST(json_get_str(r, 'NoncurrentVersionExpiration', 'NoncurrentDays') AS BIGINT)) AS nc_days,
         coalesce(json_get_str(r, 'Filter', 'Prefix'), json_get_str(r, 'Filter', 'And', 'Prefix'), json_get_str(r, 'Prefix'), '') AS prefix,
         coalesce(json_contains(json_get_json(r, 'Filter'), 'Tag')
                  OR json_contains(json_get_json(r, 'Filter'), 'And')
                  OR json_contains(json_get_json(r, 'Filter'), 'ObjectSizeGreaterThan')
                  OR json_contains(json_get_json(r, 'Filter'), 'ObjectSizeLessThan'), false) AS narrowed
  FROM (
    SELECT eventid,
           unnest(coalesce(json_get_array(requestparameters, 'LifecycleConfiguration', 'Rule'),
                           make_array(json_get_json(requestparameters, 'LifecycleConfiguration', 'Rule')))) AS r
    FROM ev
  ) x
),
flagged AS (
  SELECT eventid,
         string_agg(coalesce(json_get_str(r, 'ID'), '(no ID)') || ':'
                    || coalesce(' expire after ' || CAST(exp_days AS VARCHAR) || 'd', '')
                    || coalesce(' noncurrent after ' || CAST(nc_days AS VARCHAR) || 'd', ''), '; ') AS what
  FROM rules
  WHERE lower(coalesce(json_get_str(r, 'Status'), '')) = 'enabled'
    AND prefix = '' AND NOT narrowed
    AND (exp_days <= $max_days OR nc_days <= $max_days)
  GROUP BY eventid
)
SELECT
  ev.eventtime,
  ev.account,
  ev.region,
  coalesce(ev.useridentity.arn, ev.useridentity.invokedby) AS principal,
  ev.useridentity.accesskeyid AS accesskeyid,
  ev.sourceipaddress,
  ev.useragent,
  ev.eventname,
  ev.eventid AS eventids,
  ev.source_uri || '#' || CAST(ev.source_index AS VARCHAR) AS evidence,
  'bucket=' || coalesce(json_get_str(ev.requestparameters, 'bucketName'), '?') || ' whole-bucket rule(s) ' || flagged.what
    || CASE WHEN ev.errorcode IS NOT NULL THEN ' (denied: ' || ev.errorcode || ')' ELSE '' END AS details
FROM ev
JOIN flagged ON flagged.eventid = ev.eventid
ORDER BY ev.eventtime
