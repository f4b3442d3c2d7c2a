-- id: rds-log-exports-disabled
-- title: RDS or Aurora log export to CloudWatch Logs disabled
-- severity: low
-- tactic: defense-evasion
-- attack: T1562.008
-- tags: rds, logging, single-event
-- description: ModifyDBInstance or ModifyDBCluster with cloudwatchLogsExportConfiguration listing
--   disableLogTypes stops exporting those database logs (audit, general, postgresql, error…) to
--   CloudWatch Logs, so database-level access is no longer kept outside the instance. Changes that
--   only enable log types are not reported. Denied attempts are included.
-- response: Re-enable the log types and review the database's access during the gap.
-- false_positives: Turning off verbose general logs for cost or performance.
-- references: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html,
--   https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CloudwatchLogsExportConfiguration.html
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
  coalesce(json_extract_scalar(requestparameters, '$.dBInstanceIdentifier'),
           json_extract_scalar(requestparameters, '$.dBClusterIdentifier'), '?')
    || ': log export disabled for '
    || regexp_replace(json_get_json(requestparameters, 'cloudwatchLogsExportConfiguration', 'disableLogTypes'), '[\[\]"\s]', '', 'g')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'rds.amazonaws.com'
  AND eventname IN ('ModifyDBInstance', 'ModifyDBCluster')
  AND coalesce(json_length(json_get_json(requestparameters, 'cloudwatchLogsExportConfiguration', 'disableLogTypes')), 0) > 0
ORDER BY eventtime
