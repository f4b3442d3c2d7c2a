-- id: cloudtrail-logging-stopped
-- title: CloudTrail logging stopped or trail deleted (including denied attempts)
-- severity: critical
-- tactic: defense-evasion
-- attack: T1562.008
-- tags: cloudtrail, logging, single-event
-- description: StopLogging or DeleteTrail was called. Attackers blind the account before or
--   after acting; a denied attempt still shows intent and is reported too.
-- response: Restart logging (aws cloudtrail start-logging), find what else the principal did in
--   the window, and check for other trails, event selectors and the log bucket's lifecycle.
-- false_positives: Planned trail migrations; they should come with a change ticket.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html
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
  'trail=' || coalesce(json_extract_scalar(requestparameters, '$.name'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'cloudtrail.amazonaws.com'
  AND eventname IN ('StopLogging', 'DeleteTrail')
ORDER BY eventtime
