-- id: config-rule-deleted
-- title: AWS Config rule, conformance pack or remediation deleted by a person or pipeline
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: config, single-event
-- description: A Config rule (DeleteConfigRule, DeleteOrganizationConfigRule), a conformance pack
--   (DeleteConformancePack, DeleteOrganizationConformancePack) or an automatic remediation
--   (DeleteRemediationConfiguration) was removed, so a guardrail that would flag or undo the
--   intruder's next change is gone. Deletions that AWS services make themselves (invokedBy an
--   amazonaws.com service, e.g. Security Hub removing the rules of a disabled standard) are left out;
--   the standard being disabled is reported by securityhub-standards-or-controls-disabled. Denied
--   attempts are included.
-- response: Restore the rule or pack from infrastructure code and evaluate the resources it covered.
-- false_positives: Rule clean-up and migration between conformance packs.
-- references: https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteConfigRule.html,
--   https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteConformancePack.html
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
  eventname || ' ' || coalesce(json_extract_scalar(requestparameters, '$.configRuleName'),
                                    json_extract_scalar(requestparameters, '$.organizationConfigRuleName'),
                                    json_extract_scalar(requestparameters, '$.conformancePackName'),
                                    json_extract_scalar(requestparameters, '$.organizationConformancePackName'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'config.amazonaws.com'
  AND eventname IN ('DeleteConfigRule', 'DeleteOrganizationConfigRule', 'DeleteConformancePack',
                    'DeleteOrganizationConformancePack', 'DeleteRemediationConfiguration')
  AND NOT coalesce(useridentity.invokedby LIKE '%.amazonaws.com', false)
ORDER BY eventtime
