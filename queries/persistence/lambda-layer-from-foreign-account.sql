-- id: lambda-layer-from-foreign-account
-- title: Lambda function given a layer published by another account
-- severity: medium
-- tactic: persistence
-- attack: T1525
-- tags: lambda, layer, cfg, single-event
-- description: CreateFunction or UpdateFunctionConfiguration (versioned event names) whose
--   requestParameters.layers include a layer ARN owned by an account other than the function's
--   own and those in `trusted_accounts`. Layer code runs inside the function with its role's
--   permissions on every invocation, so a layer from an outside account is a way to inject code
--   that survives function redeploys. Denied attempts are reported.
-- response: Identify the layer's publisher. If it is not a vendor you use, remove the layer,
--   redeploy the function from source, rotate anything the role can read, and check other
--   functions for the same layer.
-- false_positives: Vendor layers (monitoring agents, AWS-published extensions such as Lambda
--   Insights or Parameters and Secrets); list their publisher accounts in trusted_accounts.
-- references: https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html,
--   https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html
-- param: trusted_accounts = ; comma-separated 12-digit account ids whose layers are expected
WITH ev AS (
  SELECT *,
    json_extract(requestparameters, '$.layers') AS layers
  FROM cloudtrail
  WHERE eventsource = 'lambda.amazonaws.com'
    AND regexp_like(eventname, '^(CreateFunction|UpdateFunctionConfiguration)20[0-9]{6}(v[0-9]+)?$')
),
stripped AS (
  SELECT *,
    CASE WHEN replace(CAST($trusted_accounts AS VARCHAR), ' ', '') = '' THEN replace(layers, ':' || account || ':', ':OWN:')
         ELSE regexp_replace(replace(layers, ':' || account || ':', ':OWN:'),
                             ':(' || replace(replace(CAST($trusted_accounts AS VARCHAR), ' ', ''), ',', '|') || '):',
                             ':TRUSTED:', 'g')
    END AS rest
  FROM ev
  WHERE layers IS NOT NULL
)
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
  'function ' || coalesce(json_extract_scalar(requestparameters, '$.functionName'), '?')
    || ' uses layer ' || coalesce(regexp_match(rest, '(arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[^"]+)')[1], '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM stripped
WHERE regexp_like(rest, 'arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:')
ORDER BY eventtime
