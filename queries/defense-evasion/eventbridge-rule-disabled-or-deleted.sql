-- id: eventbridge-rule-disabled-or-deleted
-- title: EventBridge rule disabled, deleted or stripped of its targets
-- severity: low
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: events, monitoring, single-event
-- description: DisableRule, DeleteRule or RemoveTargets on an EventBridge rule. Security automation
--   (GuardDuty finding routing, auto-remediation, alerting on root logins) runs on such rules;
--   breaking one is quieter than deleting a detector. Rules managed by AWS services (invokedBy an
--   amazonaws.com service) are left out. The rule name in the details tells whether it matters.
--   Denied attempts are included.
-- response: Re-enable or restore the rule and its targets; review what happened while it was off.
-- false_positives: Application deployments that replace their own rules.
-- references: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DisableRule.html,
--   https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RemoveTargets.html
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
  eventname || ' ' || coalesce(json_extract_scalar(requestparameters, '$.name'), json_extract_scalar(requestparameters, '$.rule'), '?')
    || coalesce(' on bus ' || json_extract_scalar(requestparameters, '$.eventBusName'), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'events.amazonaws.com'
  AND eventname IN ('DisableRule', 'DeleteRule', 'RemoveTargets')
  AND NOT coalesce(useridentity.invokedby LIKE '%.amazonaws.com', false)
ORDER BY eventtime
