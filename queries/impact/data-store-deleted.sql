-- id: data-store-deleted
-- title: Data store deleted or emptied (EFS, S3 bucket, DynamoDB table, SQS purge, Redshift)
-- severity: medium
-- tactic: impact
-- attack: T1485
-- tags: efs, s3, dynamodb, sqs, redshift, destruction, single-event
-- description: A whole data store was destroyed or emptied: an EFS file system (DeleteFileSystem),
--   an S3 bucket (DeleteBucket), a DynamoDB table or backup (DeleteTable, DeleteBackup), an SQS
--   queue's messages (PurgeQueue), or a Redshift cluster without a final snapshot. Calls made by
--   CloudFormation on a stack's behalf are labelled in the details. Denied attempts are reported
--   too.
-- response: Confirm with the owner; restore from backups (AWS Backup, point-in-time recovery,
--   versioned replicas) and review the caller's session for other deletions.
-- false_positives: Stack tear-downs and cleanup of test resources.
-- references: https://docs.aws.amazon.com/efs/latest/ug/API_DeleteFileSystem.html
--   https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html
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
  replace(eventsource, '.amazonaws.com', '') || ' '
    || coalesce(json_get_str(requestparameters, 'fileSystemId'),
                json_get_str(requestparameters, 'bucketName'),
                json_get_str(requestparameters, 'tableName'),
                json_get_str(requestparameters, 'backupArn'),
                json_get_str(requestparameters, 'queueUrl'),
                json_get_str(requestparameters, 'clusterIdentifier'), '?')
    || CASE WHEN useridentity.invokedby = 'cloudformation.amazonaws.com' OR sourceipaddress = 'cloudformation.amazonaws.com'
            THEN ' (via CloudFormation)' ELSE '' END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE (eventsource = 'elasticfilesystem.amazonaws.com' AND eventname = 'DeleteFileSystem')
   OR (eventsource = 's3.amazonaws.com' AND eventname = 'DeleteBucket')
   OR (eventsource = 'dynamodb.amazonaws.com' AND eventname IN ('DeleteTable', 'DeleteBackup'))
   OR (eventsource = 'sqs.amazonaws.com' AND eventname = 'PurgeQueue')
   OR (eventsource = 'redshift.amazonaws.com' AND eventname = 'DeleteCluster'
       AND lower(trim(json_get_json(requestparameters, 'skipFinalClusterSnapshot'), '"')) = 'true')
ORDER BY eventtime
