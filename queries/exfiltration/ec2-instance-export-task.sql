-- id: ec2-instance-export-task
-- title: EC2 instance or image exported to S3
-- severity: medium
-- tactic: exfiltration
-- attack: T1537
-- tags: ec2, vm-export, s3, single-event
-- description: CreateInstanceExportTask, ExportImage or CreateStoreImageTask wrote a full disk
--   image of an instance or AMI to an S3 bucket, from where it can be downloaded and mounted
--   offline. Every request is reported with its destination bucket; denied attempts too.
-- response: Confirm the export with the instance owner, check the destination bucket's owner and
--   policy, and cancel the task (aws ec2 cancel-export-task) if unexpected.
-- false_positives: Migrations off AWS and forensic acquisitions, which should be ticketed.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateInstanceExportTask.html
--   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ExportImage.html
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
  coalesce('instance=' || json_get_str(requestparameters, 'instanceId'),
           'image=' || json_get_str(requestparameters, 'imageId'),
           'image=' || json_get_str(requestparameters, 'CreateStoreImageTaskRequest', 'ImageId'), '?')
    || ' bucket=' || coalesce(json_get_str(requestparameters, 'exportToS3', 's3Bucket'),
                              json_get_str(requestparameters, 's3ExportLocation', 's3Bucket'),
                              json_get_str(requestparameters, 'CreateStoreImageTaskRequest', 'Bucket'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'ec2.amazonaws.com'
  AND eventname IN ('CreateInstanceExportTask', 'ExportImage', 'CreateStoreImageTask')
ORDER BY eventtime
