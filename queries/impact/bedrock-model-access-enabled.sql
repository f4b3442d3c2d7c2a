-- id: bedrock-model-access-enabled
-- title: Amazon Bedrock model access requested or granted
-- severity: medium
-- tactic: impact
-- attack: T1496
-- tags: bedrock, llmjacking, resource-hijacking, single-event
-- description: PutFoundationModelEntitlement, PutUseCaseForModelAccess or
--   CreateFoundationModelAgreement was called. These are the steps that unlock third-party
--   foundation models in an account; LLM-jacking crews run them with stolen keys and then resell
--   access to the models at the victim's expense. Denied attempts are reported too.
-- response: Check with the AI/ML owners whether model access was requested on purpose; if not,
--   revoke the caller's credentials and look for InvokeModel traffic and model-invocation logging
--   changes.
-- false_positives: Teams onboarding to Bedrock; the first request for each model is expected once.
-- references: https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html
--   https://docs.aws.amazon.com/bedrock/latest/userguide/model-access.html
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
  coalesce('model=' || json_get_str(requestparameters, 'modelId'),
           'offer=' || json_get_str(requestparameters, 'offerToken'),
           'use case submitted') 
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'bedrock.amazonaws.com'
  AND eventname IN ('PutFoundationModelEntitlement', 'PutUseCaseForModelAccess', 'CreateFoundationModelAgreement')
ORDER BY eventtime
