-- id: secretsmanager-first-secret-read-by-principal
-- title: Principal reads a secret it had not read before in the data
-- severity: low
-- tactic: credential-access
-- attack: T1555.006
-- tags: secretsmanager, first-seen
-- description: The first successful GetSecretValue of a given secret by a given identity, among
--   all events in the lake. Role sessions are grouped by their role, so every new session of a
--   known role is not new. Pairs first seen within baseline_hours of the earliest event in the
--   data are treated as the baseline and not reported, so the result lists access that started
--   later. Only successful reads count here; failed ones are covered by
--   secretsmanager-failed-secret-reads.
-- response: Ask whether the identity is meant to use that secret (new feature, new deploy). If
--   not, rotate the secret and investigate the identity's credentials.
-- false_positives: New services and releases, people debugging with a secret for the first time;
--   expect a few per week in a busy account.
-- references: https://docs.aws.amazon.com/secretsmanager/latest/userguide/monitoring-cloudtrail.html
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
    regexp_replace(json_extract_scalar(requestparameters, '$.secretId'),
                   '^arn:aws[a-z-]*:secretsmanager:[^:]+:[0-9]+:secret:(.+)-[A-Za-z0-9]{6}$', '${1}') AS secret
  FROM cloudtrail
  WHERE eventsource = 'secretsmanager.amazonaws.com'
    AND eventname = 'GetSecretValue'
    AND errorcode IS NULL
    AND coalesce(useridentity.type, '') <> 'AWSService'
),
firsts AS (
  SELECT *,
         ROW_NUMBER() OVER (PARTITION BY account, actor, secret ORDER BY eventtime, eventid) AS rn,
         count(*) OVER (PARTITION BY account, actor, secret) AS total_reads
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
  'first read of secret ' || coalesce(f.secret, '?') || ' by ' || f.actor
    || ' (' || CAST(f.total_reads AS VARCHAR) || ' read(s) in the data)' AS details
FROM firsts f
CROSS JOIN data_start d
WHERE f.rn = 1
  AND to_unixtime(f.eventtime) >= to_unixtime(d.t0) + $baseline_hours * 3600
ORDER BY f.eventtime
