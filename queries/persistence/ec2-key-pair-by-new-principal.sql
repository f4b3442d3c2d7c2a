-- id: ec2-key-pair-by-new-principal
-- title: EC2 key pair imported or created by an identity for the first time
-- severity: medium
-- tactic: persistence
-- attack: T1098.004
-- tags: ec2, ssh, first-seen, baseline
-- description: ec2:ImportKeyPair or CreateKeyPair by an identity (a role counts as one identity
--   across its sessions) that had not done so before in the lake, at least `baseline_hours` after
--   the start of the data. Importing one's own public key and launching or re-launching instances
--   with it gives SSH access that no IAM change revokes. Denied attempts count.
-- response: Check the key's purpose with the identity's owner. If unknown, delete the key pair,
--   find instances launched with it (RunInstances keyName) and review them.
-- false_positives: Engineers setting up a new environment; new automation.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ImportKeyPair.html,
--   https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-key-pairs.html
-- param: baseline_hours = 24 ; hours from the start of the data treated as the known baseline
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
    json_extract_scalar(requestparameters, '$.keyName') AS key_name,
    json_extract_scalar(responseelements, '$.keyFingerprint') AS fingerprint
  FROM cloudtrail
  WHERE eventsource = 'ec2.amazonaws.com'
    AND eventname IN ('ImportKeyPair', 'CreateKeyPair')
),
firsts AS (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY account, actor ORDER BY eventtime, eventid) AS rn,
    count(*) OVER (PARTITION BY account, actor) AS total
  FROM ev
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
  'first ' || f.eventname || ' by ' || f.actor || ': key ' || coalesce(f.key_name, '?')
    || coalesce(' (fingerprint ' || f.fingerprint || ')', '') || ' in ' || f.region
    || ' (' || CAST(f.total AS VARCHAR) || ' key pair calls by this identity in the data)'
    || CASE WHEN f.errorcode IS NOT NULL THEN ' (denied: ' || f.errorcode || ')' ELSE '' END AS details
FROM firsts f
CROSS JOIN data_start d
WHERE f.rn = 1
  AND f.eventtime >= date_add('hour', $baseline_hours, d.t0)
ORDER BY f.eventtime
