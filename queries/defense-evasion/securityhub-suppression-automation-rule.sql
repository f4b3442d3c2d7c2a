-- id: securityhub-suppression-automation-rule
-- title: Security Hub automation rule that suppresses or resolves findings
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: securityhub, single-event
-- description: CreateAutomationRule, UpdateAutomationRule or BatchUpdateAutomationRules defined an
--   action that sets Workflow.Status to SUPPRESSED or RESOLVED. Such a rule closes matching findings
--   the moment they arrive, for every future finding, which hides an intrusion better than
--   suppressing findings one by one. Rules that only change severity or add notes are not reported.
--   Denied attempts are included.
-- response: Read the rule's criteria (batch-get-automation-rules); disable it if unplanned and
--   reopen the findings it closed.
-- false_positives: Documented suppression of known-accepted risks.
-- references: https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateAutomationRule.html,
--   https://docs.aws.amazon.com/securityhub/latest/userguide/automation-rules.html
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
  'automation rule ' || coalesce(json_extract_scalar(requestparameters, '$.RuleName'),
                                 json_extract_scalar(requestparameters, '$.RuleArn'),
                                 json_extract_scalar(requestparameters, '$.UpdateAutomationRulesRequestItems[0].RuleArn'), '?')
    || ' sets findings to ' || coalesce(regexp_replace(regexp_replace(requestparameters, '^.*?"Workflow"\s*:\s*\{[^}]*"Status"\s*:\s*"([A-Z]+)".*$', '$1'), '\s+', ''), '?')
    || coalesce(' for ' || substr(regexp_replace(json_get_json(requestparameters, 'Criteria'), '\s+', '', 'g'), 1, 300), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'securityhub.amazonaws.com'
  AND eventname IN ('CreateAutomationRule', 'UpdateAutomationRule', 'BatchUpdateAutomationRules')
  AND regexp_like(coalesce(requestparameters, ''), '"Workflow"\s*:\s*\{[^}]*"Status"\s*:\s*"(SUPPRESSED|RESOLVED)"')
ORDER BY eventtime
