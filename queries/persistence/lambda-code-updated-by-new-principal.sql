-- id: lambda-code-updated-by-new-principal
-- title: Lambda function code replaced by an identity that never deployed it before
-- severity: medium
-- tactic: persistence
-- attack: T1525
-- tags: lambda, first-seen, baseline
-- description: UpdateFunctionCode (versioned event names, matched by prefix) by an identity (a
--   role counts as one identity across its sessions) that had not updated that function's code
--   before, while someone else had. Functions are normally deployed by one pipeline; new code
--   from a different hand is how a function is turned into a backdoor or a credential skimmer
--   while keeping its name, triggers and role. The function's own earlier history in the lake is
--   the baseline. Denied attempts are reported.
-- response: Compare the new code package (CodeSha256 in the response) with the pipeline's
--   artifact. If it differs, roll the function back to a known version, and investigate the
--   identity that deployed it.
-- false_positives: A new CI pipeline or a person hot-fixing a function by hand.
-- references: https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html,
--   https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html
WITH ev AS (
  SELECT
    eventtime,
    account,
    region,
    coalesce(useridentity.arn, useridentity.invokedby) AS principal,
    CASE WHEN useridentity.type = 'AssumedRole'
         THEN coalesce(useridentity.sessioncontext.sessionissuer.arn, useridentity.arn)
         ELSE coalesce(useridentity.arn, useridentity.invokedby) END AS actor,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventname,
    errorcode,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref,
    regexp_replace(json_extract_scalar(requestparameters, '$.functionName'),
                   '^arn:aws[a-z-]*:lambda:[^:]+:[0-9]{12}:function:([^:]+)(:.*)?$', '${1}') AS fn,
    json_extract_scalar(responseelements, '$.codeSha256') AS sha
  FROM cloudtrail
  WHERE eventsource = 'lambda.amazonaws.com'
    AND starts_with(eventname, 'UpdateFunctionCode')
),
ordered AS (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY account, fn, actor ORDER BY eventtime, eventid) AS actor_rn,
    first_value(actor) OVER (PARTITION BY account, fn ORDER BY eventtime, eventid) AS first_actor,
    min(eventtime) OVER (PARTITION BY account, fn) AS fn_first
  FROM ev
)
SELECT
  eventtime,
  account,
  region,
  principal,
  accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  ref AS evidence,
  'code of function ' || coalesce(fn, '?') || ' replaced by ' || actor
    || ' (first update of it by this identity; earlier updates since ' || CAST(fn_first AS VARCHAR)
    || ' by ' || first_actor || ')' || coalesce(', new CodeSha256 ' || sha, '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM ordered
WHERE actor_rn = 1
  AND eventtime > fn_first
ORDER BY eventtime
