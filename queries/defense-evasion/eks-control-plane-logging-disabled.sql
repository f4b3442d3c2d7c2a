-- id: eks-control-plane-logging-disabled
-- title: EKS control-plane logging (audit, api, authenticator…) turned off
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.008
-- tags: eks, kubernetes, logging, single-event
-- description: UpdateClusterConfig with a logging.clusterLogging entry whose enabled flag is false
--   switches off the listed control-plane log types. Without the audit and authenticator logs, who
--   did what inside the Kubernetes cluster is lost. Updates that only enable logs, or that change
--   networking or access settings, are not reported. Denied attempts are included.
-- response: Re-enable the log types (aws eks update-cluster-config --logging) and review cluster
--   access entries and RBAC changes made in the gap.
-- false_positives: Cost cutting on non-production clusters.
-- references: https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateClusterConfig.html,
--   https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
WITH calls AS (
  SELECT *
  FROM cloudtrail
  WHERE eventsource = 'eks.amazonaws.com'
    AND eventname = 'UpdateClusterConfig'
    AND json_contains(requestparameters, 'logging')
),
entries AS (
  SELECT eventid, json_get_json(json_get_json(requestparameters, 'logging', 'clusterLogging'), i) AS e
  FROM calls CROSS JOIN unnest(range(0, 10)) AS t(i)
),
off AS (
  SELECT eventid, string_agg(regexp_replace(json_get_json(e, 'types'), '[\[\]"\s]', '', 'g'), ',') AS types
  FROM entries
  WHERE e IS NOT NULL
    AND json_extract_scalar(e, '$.enabled') = 'false'
    AND coalesce(json_length(json_get_json(e, 'types')), 0) > 0
  GROUP BY eventid
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
  'cluster ' || coalesce(json_extract_scalar(c.requestparameters, '$.name'), '?') || ': logging off for ' || o.types
    || CASE WHEN c.errorcode IS NOT NULL THEN ' (denied: ' || c.errorcode || ')' ELSE '' END AS details
FROM calls c JOIN off o ON c.eventid = o.eventid
ORDER BY c.eventtime
