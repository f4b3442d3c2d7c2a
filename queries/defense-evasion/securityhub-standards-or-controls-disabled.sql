-- id: securityhub-standards-or-controls-disabled
-- title: Security Hub standard, control, integration or insight switched off
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: securityhub, single-event
-- description: BatchDisableStandards (a whole standard such as CIS or FSBP), UpdateStandardsControl
--   or BatchUpdateStandardsControlAssociations / UpdateSecurityControl setting a control to DISABLED,
--   DisableImportFindingsForProduct (a product, e.g. GuardDuty, stops sending findings) or
--   DeleteInsight. Each removes a check or a view the security team relies on while Security Hub
--   itself stays on. Denied attempts are included.
-- response: Re-enable the standard, control or integration; check whether findings it would have
--   produced are missing.
-- false_positives: Disabling controls that do not apply (documented exceptions).
-- references: https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchDisableStandards.html,
--   https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateStandardsControlAssociations.html,
--   https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DisableImportFindingsForProduct.html
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
  eventname || ': ' || coalesce(
      regexp_replace(json_get_json(requestparameters, 'StandardsSubscriptionArns'), '[\[\]"\s]', '', 'g'),
      json_extract_scalar(requestparameters, '$.StandardsControlArn'),
      json_extract_scalar(requestparameters, '$.ProductSubscriptionArn'),
      json_extract_scalar(requestparameters, '$.InsightArn'),
      json_extract_scalar(requestparameters, '$.SecurityControlId'),
      'control ' || json_extract_scalar(requestparameters, '$.StandardsControlAssociationUpdates[0].SecurityControlId')
        || CASE WHEN json_length(json_get_json(requestparameters, 'StandardsControlAssociationUpdates')) > 1
                THEN ' and ' || CAST(json_length(json_get_json(requestparameters, 'StandardsControlAssociationUpdates')) - 1 AS VARCHAR) || ' more'
                ELSE '' END,
      substr(requestparameters, 1, 300))
    || coalesce(' reason: ' || coalesce(json_extract_scalar(requestparameters, '$.DisabledReason'),
                                        json_extract_scalar(requestparameters, '$.StandardsControlAssociationUpdates[0].UpdatedReason')), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'securityhub.amazonaws.com'
  AND (eventname IN ('BatchDisableStandards', 'DisableImportFindingsForProduct', 'DeleteInsight')
       OR (eventname IN ('UpdateStandardsControl', 'BatchUpdateStandardsControlAssociations', 'UpdateSecurityControl')
           AND regexp_like(coalesce(requestparameters, ''), '"(ControlStatus|AssociationStatus)"\s*:\s*"DISABLED"')))
ORDER BY eventtime
