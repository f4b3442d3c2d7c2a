-- id: s3-bucket-access-logging-disabled
-- title: S3 server access logging turned off on a bucket
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.008
-- tags: s3, logging, single-event
-- description: PutBucketLogging with a BucketLoggingStatus that has no LoggingEnabled element
--   disables server access logging, which is often the only record of object reads and writes when
--   CloudTrail data events are off. Calls that set or change the target bucket are not reported.
--   Denied attempts are included.
-- response: Re-enable logging to the usual target bucket and check the bucket's recent access through
--   other sources (CloudTrail data events, if any).
-- false_positives: Decommissioning a bucket, or moving logging to CloudTrail data events.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLogging.html,
--   https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, useridentity.invokedby) AS principal,
  useridentity.accesskeyid AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  'access logging disabled on bucket ' || coalesce(json_extract_scalar(requestparameters, '$.bucketName'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 's3.amazonaws.com'
  AND eventname = 'PutBucketLogging'
  AND NOT coalesce(json_contains(json_get_json(requestparameters, 'BucketLoggingStatus'), 'LoggingEnabled'), false)
ORDER BY eventtime
