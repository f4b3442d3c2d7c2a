-- id: rds-snapshot-export-started
-- title: RDS snapshot or cluster exported to S3
-- severity: medium
-- tactic: exfiltration
-- attack: T1537
-- tags: rds, snapshot, s3, export, single-event
-- description: StartExportTask writes the contents of an RDS or Aurora snapshot (or a live cluster)
--   to an S3 bucket as Parquet, where it can be read or copied without database credentials. Every
--   export is reported with its destination bucket; denied attempts too.
-- response: Confirm the export with the data owner; check who can read the destination bucket,
--   whether it belongs to this account, and cancel the task (aws rds cancel-export-task) if
--   unexpected.
-- false_positives: Analytics pipelines that export snapshots to a data lake on a schedule.
-- references: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StartExportTask.html
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
  'source=' || coalesce(json_get_str(requestparameters, 'sourceArn'), '?')
    || ' bucket=' || coalesce(json_get_str(requestparameters, 's3BucketName'), '?')
    || coalesce(' prefix=' || json_get_str(requestparameters, 's3Prefix'), '')
    || coalesce(' role=' || json_get_str(requestparameters, 'iamRoleArn'), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'rds.amazonaws.com'
  AND eventname = 'StartExportTask'
ORDER BY eventtime
