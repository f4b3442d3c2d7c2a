-- id: rds-restored-publicly-accessible
-- title: RDS instance restored or modified to be publicly accessible
-- severity: medium
-- tactic: exfiltration
-- attack: T1537
-- tags: rds, network, public, single-event
-- description: A DB instance was restored from a snapshot or a point in time, or modified, with
--   publiclyAccessible=true, which gives it a public DNS name and address. Restoring a copy that
--   the internet can reach is a quiet way to read a database without touching the original. Denied
--   attempts are reported too.
-- response: Check the instance's security groups, set it back to private (modify-db-instance
--   --no-publicly-accessible) or delete the restored copy, and look at the caller's session.
-- false_positives: Public demo or test databases; restores made by DR tooling that sets the flag by
--   default.
-- references: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html
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
  'instance=' || coalesce(json_get_str(requestparameters, 'dBInstanceIdentifier'),
                          json_get_str(requestparameters, 'targetDBInstanceIdentifier'), '?')
    || coalesce(' from_snapshot=' || json_get_str(requestparameters, 'dBSnapshotIdentifier'), '')
    || coalesce(' from_instance=' || json_get_str(requestparameters, 'sourceDBInstanceIdentifier'), '')
    || ' publiclyAccessible=true'
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'rds.amazonaws.com'
  AND eventname IN ('RestoreDBInstanceFromDBSnapshot', 'RestoreDBInstanceToPointInTime',
                    'RestoreDBInstanceFromS3', 'ModifyDBInstance')
  AND lower(trim(json_get_json(requestparameters, 'publiclyAccessible'), '"')) = 'true'
ORDER BY eventtime
