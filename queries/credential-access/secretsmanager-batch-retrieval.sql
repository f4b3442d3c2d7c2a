-- id: secretsmanager-batch-retrieval
-- title: BatchGetSecretValue by filter or for many secrets at once
-- severity: medium
-- tactic: credential-access
-- attack: T1555.006
-- tags: secretsmanager, single-event
-- description: BatchGetSecretValue returns up to 20 secret values per call. Selecting them with
--   filters (for example every secret whose name contains "prod") or listing at least min_ids
--   secret ids is a one-call way to empty a vault, and is rarely how applications fetch their
--   configuration. Denied calls are reported too.
-- response: Confirm with the principal's owner. If unexplained, rotate the secrets the call could
--   return (the per-secret GetSecretValue events logged next to it name them), revoke the
--   credentials, and review the principal's other activity.
-- false_positives: Configuration loaders that intentionally fetch a group of secrets by tag or
--   prefix; they run from known roles and repeat on every deploy.
-- references: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html
-- param: min_ids = 5 ; number of explicit secret ids in one call that is reported
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
  CASE
    WHEN coalesce(json_length(requestparameters, 'filters'), 0) > 0
      THEN 'selected by filters=' || json_extract(requestparameters, '$.filters')
    ELSE CAST(json_length(requestparameters, 'secretIdList') AS VARCHAR) || ' secrets requested: '
      || coalesce(json_extract(requestparameters, '$.secretIdList'), '?')
  END
    || CASE WHEN errorcode IS NOT NULL THEN ' (failed: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'secretsmanager.amazonaws.com'
  AND eventname = 'BatchGetSecretValue'
  AND (coalesce(json_length(requestparameters, 'filters'), 0) > 0
       OR coalesce(json_length(requestparameters, 'secretIdList'), 0) >= $min_ids)
ORDER BY eventtime
