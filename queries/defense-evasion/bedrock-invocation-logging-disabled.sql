-- id: bedrock-invocation-logging-disabled
-- title: Bedrock model invocation logging deleted or emptied
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.008
-- tags: bedrock, ai, logging, single-event
-- description: DeleteModelInvocationLoggingConfiguration, or PutModelInvocationLoggingConfiguration
--   with no text, image or embedding delivery enabled, stops the record of prompts and responses
--   sent to Bedrock models. Attackers reselling stolen model access (LLMjacking) check for and remove
--   this logging first. Denied attempts are included.
-- response: Restore invocation logging and review model usage (InvokeModel, Converse) by the caller
--   and in the region since the change.
-- false_positives: Privacy-driven decisions not to log prompts.
-- references: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_DeleteModelInvocationLoggingConfiguration.html,
--   https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html
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
  CASE WHEN eventname LIKE 'Delete%' THEN 'invocation logging deleted in ' || region
       ELSE 'invocation logging left with no data delivery in ' || region END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'bedrock.amazonaws.com'
  AND (eventname = 'DeleteModelInvocationLoggingConfiguration'
       OR (eventname = 'PutModelInvocationLoggingConfiguration'
           AND NOT regexp_like(coalesce(json_get_json(requestparameters, 'loggingConfig'), ''), '"(text|image|embedding|video)DataDeliveryEnabled"\s*:\s*true')))
ORDER BY eventtime
