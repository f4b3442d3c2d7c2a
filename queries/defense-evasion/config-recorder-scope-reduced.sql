-- id: config-recorder-scope-reduced
-- title: AWS Config recorder narrowed to a subset of resource types
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: config, single-event
-- description: PutConfigurationRecorder set a recording group that no longer records all supported
--   resource types (allSupported=false, or an exclusion strategy). The recorder keeps running, so
--   checks that only ask "is Config on?" stay green while the excluded types (security groups, IAM,
--   buckets…) change unrecorded. Denied attempts are included.
-- response: Compare the recording group with the intended one (describe-configuration-recorders) and
--   restore it; review changes to the excluded resource types through CloudTrail.
-- false_positives: Cost tuning that deliberately records fewer types.
-- references: https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationRecorder.html,
--   https://docs.aws.amazon.com/config/latest/APIReference/API_RecordingGroup.html
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
  'recorder ' || coalesce(json_extract_scalar(requestparameters, '$.configurationRecorder.name'), '?')
    || ' records ' || coalesce(
         'all types except ' || regexp_replace(json_get_json(requestparameters, 'configurationRecorder', 'recordingGroup', 'exclusionByResourceTypes', 'resourceTypes'), '[\[\]"\s]', '', 'g'),
         'only ' || regexp_replace(json_get_json(requestparameters, 'configurationRecorder', 'recordingGroup', 'resourceTypes'), '[\[\]"\s]', '', 'g'),
         'a reduced set of types')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'config.amazonaws.com'
  AND eventname = 'PutConfigurationRecorder'
  AND (json_extract_scalar(requestparameters, '$.configurationRecorder.recordingGroup.allSupported') = 'false'
       OR json_extract_scalar(requestparameters, '$.configurationRecorder.recordingGroup.recordingStrategy.useOnly') = 'EXCLUSION_BY_RESOURCE_TYPES')
ORDER BY eventtime
