-- id: macie-findings-suppressed
-- title: Macie suppression rule (findings filter with action ARCHIVE) created or updated
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: macie, single-event
-- description: CreateFindingsFilter or UpdateFindingsFilter with action ARCHIVE makes a suppression
--   rule: matching sensitive-data and policy findings are archived automatically. An intruder can
--   hide the findings about the bucket it is emptying. Filters with action NOOP are saved views and
--   are not reported. Denied attempts are included.
-- response: Read the filter criteria, delete the rule if unplanned, and review archived findings that
--   match it.
-- false_positives: Tuning noisy findings for known data sets.
-- references: https://docs.aws.amazon.com/macie/latest/APIReference/findingsfilters.html,
--   https://docs.aws.amazon.com/macie/latest/user/findings-suppression.html
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
  'findings filter ' || coalesce(json_extract_scalar(requestparameters, '$.name'), json_extract_scalar(requestparameters, '$.id'), '?')
    || ' archives findings matching ' || coalesce(regexp_replace(json_get_json(requestparameters, 'findingCriteria'), '\s+', '', 'g'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'macie2.amazonaws.com'
  AND eventname IN ('CreateFindingsFilter', 'UpdateFindingsFilter')
  AND upper(json_extract_scalar(requestparameters, '$.action')) = 'ARCHIVE'
ORDER BY eventtime
