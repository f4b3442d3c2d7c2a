-- id: guardduty-suppression-rule-created
-- title: GuardDuty suppression rule (filter with action ARCHIVE) created or updated
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: guardduty, single-event
-- description: CreateFilter or UpdateFilter with action ARCHIVE made a suppression rule: matching
--   findings are archived as they arrive and never reach Security Hub, EventBridge or the console's
--   current view. An intruder can silence the finding types its tools trigger. Filters with action
--   NOOP are saved views and are not reported. Denied attempts are included.
-- response: Read the filter's criteria (aws guardduty get-filter); delete it if unplanned and list
--   archived findings that match it.
-- false_positives: Tuning away known-benign findings, e.g. a vulnerability scanner's port probes.
-- references: https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateFilter.html,
--   https://docs.aws.amazon.com/guardduty/latest/ug/findings_suppression-rule.html
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
  'filter ' || coalesce(json_extract_scalar(requestparameters, '$.name'), json_extract_scalar(requestparameters, '$.filterName'), '?')
    || ' archives findings matching ' || coalesce(regexp_replace(json_get_json(requestparameters, 'findingCriteria'), '\s+', '', 'g'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'guardduty.amazonaws.com'
  AND eventname IN ('CreateFilter', 'UpdateFilter')
  AND upper(json_extract_scalar(requestparameters, '$.action')) = 'ARCHIVE'
ORDER BY eventtime
