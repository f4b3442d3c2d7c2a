-- id: guardduty-detector-deleted
-- title: GuardDuty detector deleted (including denied attempts)
-- severity: high
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: guardduty, single-event
-- description: DeleteDetector removes GuardDuty from the region together with its findings and
--   settings. Intruders who know GuardDuty is watching (guardduty:ListDetectors is a common recon
--   call) delete it before acting. A denied attempt still shows intent.
-- response: Re-create the detector (and re-link it to the administrator account), then review the
--   caller's activity; findings produced before the deletion are gone unless exported.
-- false_positives: Region clean-up in sandbox accounts.
-- references: https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DeleteDetector.html
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
  'detector ' || coalesce(json_extract_scalar(requestparameters, '$.detectorId'), '?') || ' deleted in ' || region
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'guardduty.amazonaws.com'
  AND eventname = 'DeleteDetector'
ORDER BY eventtime
