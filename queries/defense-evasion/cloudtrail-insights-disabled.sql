-- id: cloudtrail-insights-disabled
-- title: CloudTrail Insights turned off on a trail
-- severity: low
-- tactic: defense-evasion
-- attack: T1562.008
-- tags: cloudtrail, single-event
-- description: PutInsightSelectors was called with an empty insightSelectors list, which stops
--   CloudTrail Insights from flagging unusual API call rates and error rates on the trail; an
--   intruder about to run noisy enumeration or mass deletion benefits. Insights cost money, so this
--   is also done for budget reasons. Denied attempts are included.
-- response: Confirm the change with the trail owner; re-enable ApiCallRateInsight and
--   ApiErrorRateInsight if it was not planned.
-- false_positives: Cost reduction.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutInsightSelectors.html
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
  'Insights disabled on ' || coalesce(json_extract_scalar(requestparameters, '$.trailName'),
                                      json_extract_scalar(requestparameters, '$.eventDataStore'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'cloudtrail.amazonaws.com'
  AND eventname = 'PutInsightSelectors'
  AND coalesce(json_length(json_get_json(requestparameters, 'insightSelectors')), 0) = 0
ORDER BY eventtime
