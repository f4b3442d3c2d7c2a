-- id: ssm-first-decryption-by-principal
-- title: Principal decrypts SSM SecureString parameters for the first time in the data
-- severity: low
-- tactic: credential-access
-- attack: T1552
-- tags: ssm, parameter-store, first-seen
-- description: The first successful Parameter Store read with withDecryption=true by an
--   identity, among all events in the lake (role sessions are grouped by role). Identities whose
--   first decryption falls within baseline_hours of the earliest event are treated as the
--   baseline. An identity that never needed clear-text secrets and suddenly starts decrypting
--   them is worth a look, especially a human user or a CI key.
-- response: Confirm the new use with the identity's owner; if unexpected, rotate the parameters
--   that were read (see the details) and check the identity's other recent activity.
-- false_positives: New applications and engineers starting to use Parameter Store.
-- references: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
-- param: baseline_hours = 24 ; hours from the start of the data treated as the known baseline
WITH reads AS (
  SELECT
    eventtime,
    account,
    region,
    useridentity.arn AS principal,
    CASE WHEN useridentity.type = 'AssumedRole'
         THEN coalesce(useridentity.sessioncontext.sessionissuer.arn, useridentity.arn)
         ELSE coalesce(useridentity.arn, useridentity.principalid) END AS actor,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventname,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref,
    coalesce(json_extract_scalar(requestparameters, '$.name'),
             json_extract(requestparameters, '$.names'),
             json_extract_scalar(requestparameters, '$.path'), '?') AS target
  FROM cloudtrail
  WHERE eventsource = 'ssm.amazonaws.com'
    AND eventname IN ('GetParameter', 'GetParameters', 'GetParametersByPath', 'GetParameterHistory')
    AND lower(json_extract_scalar(requestparameters, '$.withDecryption')) = 'true'
    AND errorcode IS NULL
    AND coalesce(useridentity.type, '') <> 'AWSService'
),
firsts AS (
  SELECT *,
         ROW_NUMBER() OVER (PARTITION BY account, actor ORDER BY eventtime, eventid) AS rn,
         count(*) OVER (PARTITION BY account, actor) AS total_reads
  FROM reads
),
data_start AS (
  SELECT min(eventtime) AS t0 FROM cloudtrail
)
SELECT
  f.eventtime,
  f.account,
  f.region,
  f.principal,
  f.accesskeyid,
  f.sourceipaddress,
  f.useragent,
  f.eventname,
  f.eventid AS eventids,
  f.ref AS evidence,
  'first decrypted parameter read by ' || f.actor || ': ' || f.target
    || ' (' || CAST(f.total_reads AS VARCHAR) || ' decrypted read(s) in the data)' AS details
FROM firsts f
CROSS JOIN data_start d
WHERE f.rn = 1
  AND to_unixtime(f.eventtime) >= to_unixtime(d.t0) + $baseline_hours * 3600
ORDER BY f.eventtime
