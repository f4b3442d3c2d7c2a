-- id: config-recorder-stopped
-- title: AWS Config recorder stopped or deleted (including denied attempts)
-- severity: high
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: config, single-event
-- description: StopConfigurationRecorder or DeleteConfigurationRecorder ends AWS Config's record of
--   resource configurations in the region: no configuration history, no rule evaluations, no drift
--   alerts while an intruder opens security groups or changes bucket policies. A denied attempt
--   still shows intent.
-- response: Start the recorder again (aws configservice start-configuration-recorder) and review
--   configuration changes made by the caller through CloudTrail, since Config missed them.
-- false_positives: Cost-driven shutdown in sandbox accounts.
-- references: https://docs.aws.amazon.com/config/latest/APIReference/API_StopConfigurationRecorder.html,
--   https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteConfigurationRecorder.html
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
  'recorder ' || coalesce(json_extract_scalar(requestparameters, '$.configurationRecorderName'), '?')
    || CASE WHEN eventname LIKE 'Delete%' THEN ' deleted' ELSE ' stopped' END || ' in ' || region
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'config.amazonaws.com'
  AND eventname IN ('StopConfigurationRecorder', 'DeleteConfigurationRecorder')
ORDER BY eventtime
