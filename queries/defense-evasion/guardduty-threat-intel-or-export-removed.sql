-- id: guardduty-threat-intel-or-export-removed
-- title: GuardDuty threat list disabled or deleted, or findings export removed
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: guardduty, single-event
-- description: DeleteThreatIntelSet, UpdateThreatIntelSet with activate=false, or
--   DeletePublishingDestination. The first two stop alerts on known-bad addresses the team added;
--   the last stops the export of findings to S3 that a SIEM or long-term archive relies on. Denied
--   attempts are included.
-- response: Restore the list or the destination and check which findings were missed while it was
--   gone.
-- false_positives: Rotation of threat feeds and changes to the archive bucket.
-- references: https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DeleteThreatIntelSet.html,
--   https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DeletePublishingDestination.html
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
  eventname || coalesce(' ' || json_extract_scalar(requestparameters, '$.threatIntelSetId'),
                          ' ' || json_extract_scalar(requestparameters, '$.destinationId'), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'guardduty.amazonaws.com'
  AND (eventname IN ('DeleteThreatIntelSet', 'DeletePublishingDestination')
       OR (eventname = 'UpdateThreatIntelSet' AND json_extract_scalar(requestparameters, '$.activate') = 'false'))
ORDER BY eventtime
