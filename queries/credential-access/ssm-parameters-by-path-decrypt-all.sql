-- id: ssm-parameters-by-path-decrypt-all
-- title: Recursive decrypted read of the whole Parameter Store (or a top-level path)
-- severity: medium
-- tactic: credential-access
-- attack: T1552
-- tags: ssm, parameter-store, single-event
-- description: GetParametersByPath with recursive=true and withDecryption=true on "/" or on a
--   path at most max_path_depth levels deep. One call (plus its pages) returns every SecureString
--   under that tree in clear text, which is the quickest way to dump Parameter Store. Services
--   normally read their own deep prefix such as /prod/billing/api/. Denied calls are reported.
-- response: Check whether the principal is a known configuration loader for that tree. If not,
--   rotate the parameters under the path and revoke the principal's credentials.
-- false_positives: Small accounts that keep all parameters at the top level, and backup tools
--   that walk the whole store on purpose.
-- references: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParametersByPath.html
-- param: max_path_depth = 1 ; deepest path reported ("/" and "/app" are depth 1, "/app/prod" is 2)
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, useridentity.principalid) AS principal,
  useridentity.accesskeyid AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  'path=' || coalesce(json_extract_scalar(requestparameters, '$.path'), '?') || ' recursive, decrypted'
    || CASE WHEN errorcode IS NOT NULL THEN ' (failed: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'ssm.amazonaws.com'
  AND eventname = 'GetParametersByPath'
  AND lower(json_extract_scalar(requestparameters, '$.withDecryption')) = 'true'
  AND lower(json_extract_scalar(requestparameters, '$.recursive')) = 'true'
  AND length(rtrim(json_extract_scalar(requestparameters, '$.path'), '/'))
      - length(replace(rtrim(json_extract_scalar(requestparameters, '$.path'), '/'), '/', '')) <= $max_path_depth
ORDER BY eventtime
