-- id: rds-master-password-reset
-- title: RDS master user password changed
-- severity: medium
-- tactic: credential-access
-- attack: T1098
-- tags: rds, database, single-event
-- description: ModifyDBInstance or ModifyDBCluster carried a new masterUserPassword (CloudTrail
--   masks the value but keeps the field). Resetting the master password is the quickest way for
--   someone with RDS API access to get into the database itself, for example to dump it. Denied
--   attempts are reported as well.
-- response: Confirm the change with the database owner. If unexpected, set a new password (or
--   switch to Secrets Manager-managed credentials), check the database's connections and logs
--   since the change, and review the caller's credentials.
-- false_positives: Planned credential rotation done by hand or by a pipeline.
-- references: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, useridentity.principalid) AS principal,
  useridentity.accesskeyid AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  coalesce('instance=' || json_extract_scalar(requestparameters, '$.dBInstanceIdentifier'),
           'cluster=' || json_extract_scalar(requestparameters, '$.dBClusterIdentifier'), '?')
    || ' master password changed'
    || CASE WHEN lower(coalesce(json_extract_scalar(requestparameters, '$.applyImmediately'), '')) = 'true'
            THEN ' (applied immediately)' ELSE '' END
    || CASE WHEN errorcode IS NOT NULL THEN ' (failed: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'rds.amazonaws.com'
  AND eventname IN ('ModifyDBInstance', 'ModifyDBCluster')
  AND (json_extract_scalar(requestparameters, '$.masterUserPassword') IS NOT NULL
       OR json_extract_scalar(responseelements, '$.pendingModifiedValues.masterUserPassword') IS NOT NULL)
ORDER BY eventtime
