-- id: lambda-permission-public-or-cross-account
-- title: Lambda function policy opened to everyone or to a foreign account
-- severity: high
-- tactic: persistence
-- attack: T1546
-- tags: lambda, resource-policy, cfg, single-event
-- description: lambda:AddPermission (event names carry a version suffix such as
--   AddPermission20150331v2, so they are matched by prefix) granting the function to Principal "*"
--   with no SourceArn, SourceAccount or PrincipalOrgID to narrow it, or to an AWS account (id or
--   IAM ARN) other than the function's own and those in `trusted_accounts`, or to "*" scoped to a
--   foreign SourceAccount. A function anyone can invoke (or that an outside account can call)
--   turns the function's role into a door that needs no credential of yours. Denied attempts are
--   reported.
-- response: Remove the statement (lambda remove-permission with the statementId in the details),
--   check the function's code and role, and look for Invoke calls from outside.
-- false_positives: Functions deliberately shared with partner accounts; list those accounts in
--   trusted_accounts.
-- references: https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html,
--   https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html
-- param: trusted_accounts = ; comma-separated 12-digit account ids that may be granted access
WITH perms AS (
  SELECT *,
    json_extract_scalar(requestparameters, '$.principal') AS grantee,
    json_extract_scalar(requestparameters, '$.sourceArn') AS source_arn,
    json_extract_scalar(requestparameters, '$.sourceAccount') AS source_account,
    json_extract_scalar(requestparameters, '$.principalOrgID') AS org_id,
    string_to_array(replace(CAST($trusted_accounts AS VARCHAR), ' ', ''), ',') AS trusted
  FROM cloudtrail
  WHERE eventsource = 'lambda.amazonaws.com'
    AND starts_with(eventname, 'AddPermission')
),
classified AS (
  SELECT *,
    CASE
      WHEN grantee = '*' AND source_arn IS NULL AND source_account IS NULL AND org_id IS NULL
        THEN 'everyone'
      WHEN grantee = '*' AND source_account IS NOT NULL AND source_account <> account
           AND NOT array_has(trusted, source_account)
        THEN 'any principal of account ' || source_account
      WHEN regexp_like(grantee, '^[0-9]{12}$') AND grantee <> account AND NOT array_has(trusted, grantee)
        THEN 'account ' || grantee
      WHEN regexp_like(grantee, '^arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:')
           AND split_part(grantee, ':', 5) <> account
           AND NOT array_has(trusted, split_part(grantee, ':', 5))
        THEN grantee
    END AS exposure
  FROM perms
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
    || ' allows ' || coalesce(json_extract_scalar(requestparameters, '$.action'), '?')
    || ' to ' || exposure
    || coalesce(' (statement ' || json_extract_scalar(requestparameters, '$.statementId') || ')', '')
    || coalesce(' (function URL auth ' || json_extract_scalar(requestparameters, '$.functionUrlAuthType') || ')', '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM classified
WHERE exposure IS NOT NULL
ORDER BY eventtime
