-- id: sts-federation-token-first-use
-- title: GetFederationToken called by an identity for the first time
-- severity: medium
-- tactic: persistence
-- attack: T1550.001
-- tags: sts, federation, first-seen, baseline
-- description: sts:GetFederationToken issues temporary credentials (up to 36 hours) for a named
--   federated user on top of an IAM user's key. Those credentials keep working after the key is
--   deactivated, can open the console through GetSigninToken, and show up under a new name in
--   CloudTrail; intruders use them to survive a key rotation. Reported: the first call by each
--   identity, when it comes at least `baseline_hours` after the start of the data (earlier callers
--   are taken as known). Denied attempts count.
-- response: Ask the identity's owner whether they use federation tokens. If not, deny
--   sts:GetFederationToken to the user (existing tokens die only when the user's permissions
--   are removed), and follow the federated user's activity (userIdentity.type FederatedUser).
-- false_positives: Old custom federation brokers and some desktop tools; they show up at the
--   start of the data and therefore fall into the baseline.
-- references: https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html,
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getfederationtoken.html
-- param: baseline_hours = 24 ; hours from the start of the data treated as the known baseline
WITH calls AS (
  SELECT
    eventtime,
    account,
    region,
    coalesce(useridentity.arn, useridentity.principalid) AS principal,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventname,
    errorcode,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref,
    json_extract_scalar(requestparameters, '$.name') AS fed_name,
    json_extract_scalar(requestparameters, '$.durationSeconds') AS duration,
    json_extract_scalar(responseelements, '$.federatedUser.arn') AS fed_arn,
    ROW_NUMBER() OVER (PARTITION BY account, coalesce(useridentity.arn, useridentity.principalid)
                       ORDER BY eventtime, eventid) AS rn,
    count(*) OVER (PARTITION BY account, coalesce(useridentity.arn, useridentity.principalid)) AS total
  FROM cloudtrail
  WHERE eventsource = 'sts.amazonaws.com'
    AND eventname = 'GetFederationToken'
),
data_start AS (
  SELECT min(eventtime) AS t0 FROM cloudtrail
)
SELECT
  c.eventtime,
  c.account,
  c.region,
  c.principal,
  c.accesskeyid,
  c.sourceipaddress,
  c.useragent,
  c.eventname,
  c.eventid AS eventids,
  c.ref AS evidence,
  'first GetFederationToken by ' || c.principal || ' for federated user '
    || coalesce(c.fed_arn, c.fed_name, '?') || coalesce(' lasting ' || c.duration || ' s', '')
    || ' (' || CAST(c.total AS VARCHAR) || ' calls in the data)'
    || CASE WHEN c.errorcode IS NOT NULL THEN ' (denied: ' || c.errorcode || ')' ELSE '' END AS details
FROM calls c
CROSS JOIN data_start d
WHERE c.rn = 1
  AND c.eventtime >= date_add('hour', $baseline_hours, d.t0)
ORDER BY c.eventtime
