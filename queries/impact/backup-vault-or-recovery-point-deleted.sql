-- id: backup-vault-or-recovery-point-deleted
-- title: AWS Backup vault, plan, recovery point or vault lock deleted
-- severity: high
-- tactic: impact
-- attack: T1490
-- tags: backup, recovery, single-event
-- description: A principal (not the AWS Backup service itself) deleted a backup vault, a recovery
--   point, a backup plan or a vault lock configuration, or shortened a recovery point's lifecycle.
--   Removing backups is the step before destroying the primary data so that it cannot be restored.
--   Denied attempts are reported too.
-- response: Check which recovery points remain (including copies in other regions or accounts),
--   lock the vault (vault lock in compliance mode), and review the caller's other actions.
-- false_positives: Manual cleanup of old recovery points and decommissioned plans.
-- references: https://docs.aws.amazon.com/aws-backup/latest/devguide/logging-using-cloudtrail.html
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
    'vault=' || json_get_str(requestparameters, 'backupVaultName'),
    'recovery_point=' || json_get_str(requestparameters, 'recoveryPointArn'),
    'plan=' || json_get_str(requestparameters, 'backupPlanId'),
    'lifecycle=' || json_get_json(requestparameters, 'lifecycle'))
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'backup.amazonaws.com'
  AND eventname IN ('DeleteBackupVault', 'DeleteRecoveryPoint', 'DeleteBackupPlan',
                    'DeleteBackupVaultLockConfiguration', 'UpdateRecoveryPointLifecycle',
                    'DeleteBackupSelection', 'DisassociateRecoveryPoint')
  AND coalesce(useridentity.type, '') <> 'AWSService'
ORDER BY eventtime
