-- id: guardduty-protection-disabled
-- title: GuardDuty protection plan or data source turned off
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: guardduty, single-event
-- description: UpdateDetector or UpdateMemberDetectors switched off part of GuardDuty while leaving
--   the detector enabled: a feature with status DISABLED (S3 data events, EKS audit logs, runtime
--   monitoring, malware protection, RDS login events, Lambda network logs…, including their
--   additional configuration) or a legacy dataSources flag set to false. An intruder turns off
--   exactly the protection that would see its next step, e.g. S3 protection before bulk downloads.
--   Suspending the whole detector is reported by guardduty-detector-disabled. Denied attempts count.
-- response: Re-enable the feature and review the caller's actions in the service it covered.
-- false_positives: Cost reductions on protection plans.
-- references: https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateDetector.html,
--   https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html
WITH calls AS (
  SELECT *
  FROM cloudtrail
  WHERE eventsource = 'guardduty.amazonaws.com'
    AND eventname IN ('UpdateDetector', 'UpdateMemberDetectors')
    AND coalesce(json_extract_scalar(requestparameters, '$.enable'), 'true') <> 'false'
),
features AS (
  SELECT eventid, json_get_json(json_get_json(requestparameters, 'features'), i) AS f
  FROM calls CROSS JOIN unnest(range(0, 30)) AS t(i)
),
off AS (
  SELECT eventid, json_get_str(f, 'name') AS what
  FROM features
  WHERE f IS NOT NULL AND regexp_like(f, '"status"\s*:\s*"DISABLED"')
  UNION ALL
  SELECT eventid, 'dataSources' AS what
  FROM calls
  WHERE regexp_like(coalesce(json_get_json(requestparameters, 'dataSources'), ''), '"(enable|ebsVolumes)"\s*:\s*false')
),
hits AS (
  SELECT eventid, string_agg(coalesce(what, '?'), ',') AS what FROM off GROUP BY eventid
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
  'detector ' || coalesce(json_extract_scalar(c.requestparameters, '$.detectorId'), '?') || ': disabled ' || h.what
    || coalesce(' for accounts ' || regexp_replace(json_get_json(c.requestparameters, 'accountIds'), '[\[\]"\s]', '', 'g'), '')
    || CASE WHEN c.errorcode IS NOT NULL THEN ' (denied: ' || c.errorcode || ')' ELSE '' END AS details
FROM calls c JOIN hits h ON c.eventid = h.eventid
ORDER BY c.eventtime
