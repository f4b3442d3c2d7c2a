-- id: cloudwatch-log-group-or-subscription-deleted
-- title: CloudWatch Logs group or its subscription filter deleted
-- severity: medium
-- tactic: defense-evasion
-- attack: T1070
-- tags: logs, logging, single-event
-- description: DeleteLogGroup destroys stored logs (CloudTrail's CloudWatch copy, VPC flow logs,
--   application and Lambda logs); DeleteSubscriptionFilter stops a group from streaming to a SIEM or
--   archive. Both remove evidence or its forwarding. Denied attempts are included.
-- response: Check which group was hit and whether its contents were exported elsewhere; restore the
--   subscription filter and review the caller.
-- false_positives: Stack tear-downs and Lambda clean-ups delete their own log groups.
-- references: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteLogGroup.html,
--   https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteSubscriptionFilter.html
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
  eventname || ' ' || coalesce(json_extract_scalar(requestparameters, '$.logGroupName'), '?')
    || coalesce(' filter ' || json_extract_scalar(requestparameters, '$.filterName'), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'logs.amazonaws.com'
  AND eventname IN ('DeleteLogGroup', 'DeleteSubscriptionFilter')
ORDER BY eventtime
