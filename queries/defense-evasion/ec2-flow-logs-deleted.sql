-- id: ec2-flow-logs-deleted
-- title: VPC flow logs deleted (including denied attempts)
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.008
-- tags: ec2, vpc, logging, single-event
-- description: DeleteFlowLogs stops the network record of a VPC, subnet or interface: no evidence of
--   the connections an intruder makes for command and control or data transfer. (GuardDuty reads
--   its own copy of flow data and is not affected.) The request wraps the flow log ids in a
--   DeleteFlowLogsRequest structure; they are listed in the details. Denied attempts are included.
-- response: Re-create the flow logs with the same destination and review the caller's other network
--   changes (security groups, routes, NACLs).
-- false_positives: Infrastructure code replacing a flow log (a CreateFlowLogs normally follows).
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteFlowLogs.html
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
  'flow logs ' || coalesce(trim(regexp_replace(requestparameters, '.*?(fl-[0-9a-f]+)|.*', '$1 ', 'g')), '?') || ' deleted'
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'ec2.amazonaws.com'
  AND eventname = 'DeleteFlowLogs'
ORDER BY eventtime
