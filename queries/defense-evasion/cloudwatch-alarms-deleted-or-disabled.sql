-- id: cloudwatch-alarms-deleted-or-disabled
-- title: CloudWatch alarms deleted or their actions disabled
-- severity: low
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: cloudwatch, monitoring, single-event
-- description: DeleteAlarms or DisableAlarmActions. Teams alarm on CloudTrail metric filters (root
--   use, IAM changes, console logins without MFA) and on billing; removing the alarm or muting its
--   actions silences those notifications. Alarm churn is common in automated stacks, hence the low
--   severity; the alarm names in the details tell which ones matter. Denied attempts are included.
-- response: Check whether the alarms were security or billing alarms; restore them and their actions.
-- false_positives: Stack deletions and maintenance windows that mute alarms.
-- references: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DeleteAlarms.html,
--   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DisableAlarmActions.html
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
  eventname || ' ' || coalesce(regexp_replace(json_get_json(requestparameters, 'alarmNames'), '[\[\]"\s]', '', 'g'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'monitoring.amazonaws.com'
  AND eventname IN ('DeleteAlarms', 'DisableAlarmActions')
ORDER BY eventtime
