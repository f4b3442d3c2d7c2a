-- id: rds-backup-protection-removed
-- title: RDS snapshots or automated backups deleted, retention set to 0 or deletion protection off
-- severity: medium
-- tactic: impact
-- attack: T1490
-- tags: rds, backup, recovery, single-event
-- description: A principal deleted a manual DB (cluster) snapshot or retained automated backups, or
--   modified an instance or cluster to keep no automated backups (backupRetentionPeriod=0) or to
--   drop deletion protection. Each of these removes a way to recover the database and often
--   precedes its deletion. Denied attempts are reported too.
-- response: Confirm with the database owner; re-enable deletion protection and backups, and check
--   for a following DeleteDBInstance/DeleteDBCluster.
-- false_positives: Snapshot rotation scripts and decommissioning of test databases.
-- references: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
--   https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBSnapshot.html
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
  concat_ws(' ',
    'instance=' || json_get_str(requestparameters, 'dBInstanceIdentifier'),
    'cluster=' || json_get_str(requestparameters, 'dBClusterIdentifier'),
    'snapshot=' || coalesce(json_get_str(requestparameters, 'dBSnapshotIdentifier'), json_get_str(requestparameters, 'dBClusterSnapshotIdentifier')),
    'automated_backup=' || coalesce(json_get_str(requestparameters, 'dbiResourceId'), json_get_str(requestparameters, 'dbClusterResourceId')),
    CASE WHEN json_get_int(requestparameters, 'backupRetentionPeriod') = 0 THEN 'backupRetentionPeriod=0' END,
    CASE WHEN lower(trim(json_get_json(requestparameters, 'deletionProtection'), '"')) = 'false' THEN 'deletionProtection=false' END)
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'rds.amazonaws.com'
  AND coalesce(useridentity.type, '') <> 'AWSService'
  AND (eventname IN ('DeleteDBSnapshot', 'DeleteDBClusterSnapshot',
                     'DeleteDBInstanceAutomatedBackup', 'DeleteDBClusterAutomatedBackup')
       OR (eventname IN ('ModifyDBInstance', 'ModifyDBCluster')
           AND (json_get_int(requestparameters, 'backupRetentionPeriod') = 0
                OR lower(trim(json_get_json(requestparameters, 'deletionProtection'), '"')) = 'false')))
ORDER BY eventtime
