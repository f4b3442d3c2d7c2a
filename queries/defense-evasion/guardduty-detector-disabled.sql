-- id: guardduty-detector-disabled
-- title: GuardDuty detector suspended with UpdateDetector enable=false
-- severity: high
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: guardduty, single-event
-- description: UpdateDetector with enable=false suspends GuardDuty in the region: no new findings,
--   while the detector still exists and looks healthy to a casual check. Other UpdateDetector calls
--   (publishing frequency, features) are not reported here; see guardduty-protection-disabled.
--   Denied attempts are included.
-- response: Re-enable the detector (aws guardduty update-detector --enable) and review what the
--   caller did while it was off.
-- false_positives: Rare; suspending GuardDuty is almost never part of normal operations.
-- references: https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateDetector.html
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
  'detector ' || coalesce(json_extract_scalar(requestparameters, '$.detectorId'), '?') || ' suspended in ' || region
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'guardduty.amazonaws.com'
  AND eventname = 'UpdateDetector'
  AND json_extract_scalar(requestparameters, '$.enable') = 'false'
ORDER BY eventtime
