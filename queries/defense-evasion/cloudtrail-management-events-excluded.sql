-- id: cloudtrail-management-events-excluded
-- title: Trail event selectors no longer record management write events
-- severity: high
-- tactic: defense-evasion
-- attack: T1562.008
-- tags: cloudtrail, logging, single-event
-- description: PutEventSelectors left a trail with no selector that records management write
--   events. With basic selectors that means every selector has includeManagementEvents=false or
--   readWriteType=ReadOnly; with advanced selectors, no selector covers eventCategory Management
--   without restricting it to readOnly=true. The trail keeps running (StopLogging never appears)
--   while IAM, EC2 and every other control-plane change goes unrecorded. Denied attempts are
--   reported too.
-- response: Restore the selectors (aws cloudtrail put-event-selectors with management events All),
--   check other trails and the organization trail, and review the caller's activity from other
--   sources (other trails, CloudTrail event history, which keeps 90 days of management events).
-- false_positives: A data-events-only trail set up deliberately next to another trail that keeps
--   management events.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html,
--   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
WITH calls AS (
  SELECT *
  FROM cloudtrail
  WHERE eventsource = 'cloudtrail.amazonaws.com'
    AND eventname = 'PutEventSelectors'
),
selectors AS (
  SELECT eventid, json_get_json(json_get_json(requestparameters, 'eventSelectors'), i) AS basic,
    json_get_json(json_get_json(requestparameters, 'advancedEventSelectors'), i) AS advanced
  FROM calls CROSS JOIN unnest(range(0, 500)) AS t(i)
),
keeps_writes AS (
  -- selectors that still record management write events
  SELECT DISTINCT eventid
  FROM selectors
  WHERE (basic IS NOT NULL
         AND coalesce(json_extract_scalar(basic, '$.includeManagementEvents'), 'true') <> 'false'
         AND coalesce(json_extract_scalar(basic, '$.readWriteType'), 'All') IN ('All', 'WriteOnly'))
     OR (advanced IS NOT NULL
         AND regexp_like(advanced, '"field"\s*:\s*"eventCategory"\s*,\s*"equals"\s*:\s*\[[^\]]*"Management"|"equals"\s*:\s*\[[^\]]*"Management"[^\]]*\]\s*,\s*"field"\s*:\s*"eventCategory"')
         AND NOT regexp_like(advanced, '"field"\s*:\s*"readOnly"\s*,\s*"equals"\s*:\s*\[\s*"true"\s*\]|"equals"\s*:\s*\[\s*"true"\s*\]\s*,\s*"field"\s*:\s*"readOnly"'))
)
SELECT
  c.eventtime,
  c.account,
  c.region,
  coalesce(c.useridentity.arn, c.useridentity.invokedby) AS principal,
  c.useridentity.accesskeyid AS accesskeyid,
  c.sourceipaddress,
  c.useragent,
  c.eventname,
  c.eventid AS eventids,
  c.source_uri || '#' || CAST(c.source_index AS VARCHAR) AS evidence,
  'trail ' || coalesce(json_extract_scalar(c.requestparameters, '$.trailName'), '?')
    || ': no ' || CASE WHEN json_contains(c.requestparameters, 'advancedEventSelectors') THEN 'advanced' ELSE 'basic' END
    || ' selector records management write events any more'
    || CASE WHEN c.errorcode IS NOT NULL THEN ' (denied: ' || c.errorcode || ')' ELSE '' END AS details
FROM calls c LEFT JOIN keeps_writes k ON c.eventid = k.eventid
WHERE k.eventid IS NULL
ORDER BY c.eventtime
