-- id: rds-deleted-without-final-snapshot
-- title: RDS instance or cluster deleted without a final snapshot
-- severity: high
-- tactic: impact
-- attack: T1485
-- tags: rds, destruction, single-event
-- description: DeleteDBInstance or DeleteDBCluster ran with skipFinalSnapshot=true, so no final
--   copy of the database is kept; with deleteAutomatedBackups=true (the default for instances) the
--   retained backups go too. Denied attempts are reported too.
-- response: Look for remaining snapshots, retained automated backups and AWS Backup recovery points
--   to restore from; disable the principal if the deletion was not planned.
-- false_positives: Tear-down of ephemeral test databases by CI.
-- references: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html
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
  coalesce('instance=' || json_get_str(requestparameters, 'dBInstanceIdentifier'),
           'cluster=' || json_get_str(requestparameters, 'dBClusterIdentifier'), '?')
    || ' skipFinalSnapshot=true'
    || coalesce(' deleteAutomatedBackups=' || json_get_json(requestparameters, 'deleteAutomatedBackups'), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'rds.amazonaws.com'
  AND eventname IN ('DeleteDBInstance', 'DeleteDBCluster')
  AND lower(trim(json_get_json(requestparameters, 'skipFinalSnapshot'), '"')) = 'true'
ORDER BY eventtime
