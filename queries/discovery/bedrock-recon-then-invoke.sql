-- id: bedrock-recon-then-invoke
-- title: Bedrock models enumerated, then invoked for the first time by the same identity
-- severity: medium
-- tactic: discovery
-- attack: T1526, T1496
-- tags: bedrock, llmjacking, sequence, first-seen
-- description: An identity's first Bedrock model invocation in the data (InvokeModel,
--   InvokeModelWithResponseStream, Converse, ConverseStream - failed ones included, since
--   attackers probe access with deliberately invalid requests) came at most window_minutes after
--   it called Bedrock discovery APIs (ListFoundationModels, GetFoundationModelAvailability,
--   GetModelInvocationLoggingConfiguration...). Role sessions are grouped by role. This is the
--   LLMjacking sequence: find what models the stolen key reaches, check logging, then start
--   using them. The details list the regions, models, and whether logging was checked.
-- response: Ask whether the identity is supposed to use Bedrock. If not, revoke the key, look at
--   the volume of invocations that followed (cost), and check for model-access requests.
-- false_positives: A developer's first session in the Bedrock console playground, which lists
--   models and then invokes one; new applications adopting Bedrock.
-- references: https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html
-- param: window_minutes = 60 ; longest gap between the discovery call and the first invocation
WITH bedrock AS (
  SELECT
    eventtime,
    account,
    region,
    coalesce(useridentity.arn, useridentity.principalid) AS principal,
    CASE WHEN useridentity.type = 'AssumedRole'
         THEN coalesce(useridentity.sessioncontext.sessionissuer.arn, useridentity.arn)
         ELSE coalesce(useridentity.arn, useridentity.principalid) END AS actor,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventname,
    awsregion,
    eventid,
    errorcode,
    json_extract_scalar(requestparameters, '$.modelId') AS model,
    CASE WHEN eventname IN ('InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream')
         THEN 'invoke' ELSE 'recon' END AS kind,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource = 'bedrock.amazonaws.com'
    AND eventname IN ('InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream',
                      'ListFoundationModels', 'GetFoundationModel', 'GetFoundationModelAvailability',
                      'GetModelInvocationLoggingConfiguration', 'ListFoundationModelAgreementOffers',
                      'GetUseCaseForModelAccess', 'ListInferenceProfiles', 'ListCustomModels')
    AND coalesce(useridentity.type, '') <> 'AWSService'
    AND useridentity.invokedby IS NULL
),
first_invoke AS (
  SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY account, actor ORDER BY eventtime, eventid) AS rn
    FROM bedrock WHERE kind = 'invoke'
  ) i
  WHERE rn = 1
),
pairs AS (
  -- discovery calls in the window before the first invocation, and invocations in the window after it
  SELECT f.eventtime AS first_at, b.*
  FROM first_invoke f
  JOIN bedrock b ON b.account = f.account AND b.actor = f.actor
  WHERE (b.kind = 'recon'
         AND b.eventtime <= f.eventtime
         AND to_unixtime(f.eventtime) - to_unixtime(b.eventtime) <= $window_minutes * 60)
     OR (b.kind = 'invoke'
         AND b.eventtime >= f.eventtime
         AND to_unixtime(b.eventtime) - to_unixtime(f.eventtime) <= $window_minutes * 60)
)
SELECT
  min(eventtime) AS eventtime,
  account,
  first_value(region ORDER BY eventtime) AS region,
  first_value(principal ORDER BY eventtime) AS principal,
  array_to_string(array_sort(array_agg(DISTINCT accesskeyid)), ',') AS accesskeyid,
  array_to_string(array_sort(array_agg(DISTINCT sourceipaddress)), ',') AS sourceipaddress,
  array_to_string(array_sort(array_agg(DISTINCT useragent)), ',') AS useragent,
  array_to_string(array_sort(array_agg(DISTINCT eventname)), ',') AS eventname,
  string_agg(eventid, ',' ORDER BY eventtime, eventid) AS eventids,
  string_agg(ref, ',' ORDER BY eventtime, eventid) AS evidence,
  CAST(count(CASE WHEN kind = 'recon' THEN 1 END) AS VARCHAR) || ' discovery calls in '
    || CAST(count(DISTINCT CASE WHEN kind = 'recon' THEN awsregion END) AS VARCHAR) || ' region(s), then '
    || CAST(count(CASE WHEN kind = 'invoke' THEN 1 END) AS VARCHAR) || ' invocations ('
    || CAST(count(CASE WHEN kind = 'invoke' AND errorcode IS NOT NULL THEN 1 END) AS VARCHAR) || ' failed) by '
    || actor
    || CASE WHEN count(CASE WHEN eventname = 'GetModelInvocationLoggingConfiguration' THEN 1 END) > 0
            THEN '; invocation logging configuration checked first' ELSE '' END
    || '; models=' || coalesce(array_to_string(array_sort(array_agg(DISTINCT model)), ','), '?') AS details
FROM pairs
GROUP BY account, actor, first_at
HAVING count(CASE WHEN kind = 'recon' THEN 1 END) > 0
ORDER BY eventtime
