-- id: dynamodb-table-exported
-- title: DynamoDB table exported to S3
-- severity: medium
-- tactic: exfiltration
-- attack: T1537
-- tags: dynamodb, export, s3, single-event
-- description: ExportTableToPointInTime copied a whole DynamoDB table to an S3 bucket. The request
--   may name the bucket owner (s3BucketOwner), which lets the export land directly in another
--   account; the details say when it does. Denied attempts are reported too.
-- response: Confirm the export with the table owner, check the destination bucket and its owner,
--   and review the caller's other actions.
-- false_positives: Analytics exports scheduled by data pipelines.
-- references: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExportTableToPointInTime.html
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
  'table=' || coalesce(json_get_str(requestparameters, 'tableArn'), '?')
    || ' bucket=' || coalesce(json_get_str(requestparameters, 's3Bucket'), '?')
    || CASE WHEN json_get_str(requestparameters, 's3BucketOwner') IS NOT NULL
                 AND json_get_str(requestparameters, 's3BucketOwner') <> account
            THEN ' owned by FOREIGN account ' || json_get_str(requestparameters, 's3BucketOwner') ELSE '' END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'dynamodb.amazonaws.com'
  AND eventname = 'ExportTableToPointInTime'
ORDER BY eventtime
