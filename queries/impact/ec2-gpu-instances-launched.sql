-- id: ec2-gpu-instances-launched
-- title: GPU or accelerator EC2 instances launched or requested
-- severity: medium
-- tactic: impact
-- attack: T1496
-- tags: ec2, cryptomining, resource-hijacking, single-event
-- description: RunInstances or RequestSpotInstances asked for an instance type from a GPU, FPGA or
--   ML-accelerator family (p, g, gr, dl, trn, inf, f, vt by default). These are what cryptominers
--   and stolen-key LLM hosting want, and they cost hundreds of dollars a day. Denied attempts,
--   typically VcpuLimitExceeded or UnauthorizedOperation, are reported too because attackers go
--   through regions and types until one works.
-- response: Check whether the principal normally runs these types; terminate unknown instances,
--   disable the key, and look at other regions for the same activity.
-- false_positives: ML and graphics teams; exclude their roles or narrow instance_type_pattern.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html
--   https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html
-- param: instance_type_pattern = ^(p[0-9]|g[0-9]|gr[0-9]|dl[0-9]|trn[0-9]|inf[0-9]|f[0-9]|vt[0-9])[a-z0-9-]*\. ; regex on the instance type
WITH ev AS (
  SELECT *,
         coalesce(json_get_str(requestparameters, 'instanceType'),
                  json_get_str(requestparameters, 'launchSpecification', 'instanceType')) AS itype,
         coalesce(json_get_int(requestparameters, 'instancesSet', 'items', 0, 'maxCount'),
                  json_get_int(requestparameters, 'instanceCount')) AS how_many
  FROM cloudtrail
  WHERE eventsource = 'ec2.amazonaws.com'
    AND eventname IN ('RunInstances', 'RequestSpotInstances')
)
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
  'type=' || itype || coalesce(' count=' || CAST(how_many AS VARCHAR), '')
    || coalesce(' image=' || json_get_str(requestparameters, 'instancesSet', 'items', 0, 'imageId'), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM ev
WHERE itype IS NOT NULL
  AND regexp_like(lower(itype), $instance_type_pattern)
ORDER BY eventtime
