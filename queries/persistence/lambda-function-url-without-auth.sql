-- id: lambda-function-url-without-auth
-- title: Lambda function URL created or switched to no authentication
-- severity: medium
-- tactic: persistence
-- attack: T1546
-- tags: lambda, function-url, single-event
-- description: CreateFunctionUrlConfig or UpdateFunctionUrlConfig (versioned event names, matched
--   by prefix) with authType NONE. The function gets a public HTTPS endpoint that anyone on the
--   internet can call; planted next to a function whose role has broad rights, it is a backdoor
--   reachable with a browser. Denied attempts are reported.
-- response: Check whether the function is meant to be public (webhook, public API). If not, set
--   the URL's auth type to AWS_IAM or delete it, review the function's code and recent changes,
--   and look at its invocations.
-- false_positives: Public webhooks and small public APIs built on function URLs.
-- references: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html,
--   https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunctionUrlConfig.html
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
    || ' URL ' || coalesce(json_extract_scalar(responseelements, '$.functionUrl'), '(not issued)')
    || ' with auth type NONE'
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'lambda.amazonaws.com'
  AND (starts_with(eventname, 'CreateFunctionUrlConfig') OR starts_with(eventname, 'UpdateFunctionUrlConfig'))
  AND upper(json_extract_scalar(requestparameters, '$.authType')) = 'NONE'
ORDER BY eventtime
