-- id: cloudtrail-trail-weakened
-- title: Trail weakened with UpdateTrail (single region, no global events, no validation, new bucket)
-- severity: high
-- tactic: defense-evasion
-- attack: T1562.008
-- tags: cloudtrail, logging, single-event
-- description: UpdateTrail changed a trail in a way that loses or endangers evidence while logging
--   keeps running: isMultiRegionTrail=false (other regions go dark), includeGlobalServiceEvents=false
--   (IAM, STS and other global events vanish), enableLogFileValidation=false (tampering with
--   delivered files becomes undetectable), a new s3BucketName (logs leave for another bucket, possibly
--   in another account), or the CloudWatch Logs group or KMS key removed. Denied attempts count too.
-- response: Compare the trail with its intended configuration (aws cloudtrail get-trail), revert it,
--   and confirm where logs were delivered in the meantime.
-- false_positives: Planned trail reconfiguration or migration to an organization trail.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
WITH calls AS (
  SELECT *,
    concat_ws(', ',
      CASE WHEN json_extract_scalar(requestparameters, '$.isMultiRegionTrail') = 'false' THEN 'multi-region off' END,
      CASE WHEN json_extract_scalar(requestparameters, '$.includeGlobalServiceEvents') = 'false' THEN 'global service events off' END,
      CASE WHEN json_extract_scalar(requestparameters, '$.enableLogFileValidation') = 'false' THEN 'log file validation off' END,
      CASE WHEN json_extract_scalar(requestparameters, '$.s3BucketName') IS NOT NULL
           THEN 'logs now delivered to bucket ' || json_extract_scalar(requestparameters, '$.s3BucketName') END,
      CASE WHEN json_extract_scalar(requestparameters, '$.cloudWatchLogsLogGroupArn') = '' THEN 'CloudWatch Logs delivery removed' END,
      CASE WHEN json_extract_scalar(requestparameters, '$.kmsKeyId') = '' THEN 'KMS encryption removed' END
    ) AS changes
  FROM cloudtrail
  WHERE eventsource = 'cloudtrail.amazonaws.com'
    AND eventname = 'UpdateTrail'
)
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
  'trail ' || coalesce(json_extract_scalar(requestparameters, '$.name'), '?') || ': ' || changes
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM calls
WHERE changes <> ''
ORDER BY eventtime
