-- id: sts-first-getcalleridentity-by-principal
-- title: First GetCallerIdentity by a principal in the data
-- severity: info
-- tactic: discovery
-- attack: T1033
-- tags: sts, whoami, first-seen
-- description: The earliest sts:GetCallerIdentity of each identity in the lake (role sessions are
--   grouped by their role). "Who am I" is the first thing almost every tool - and every person
--   holding a freshly stolen key - runs, but SDKs and CI jobs call it too, so every principal
--   shows up here once; that is why this is informational. The details say whether the identity
--   had been active before and whether the call came from an IP the identity had not used
--   before, which is what makes a row interesting. Identities whose first call falls within
--   baseline_hours of the earliest event in the data can be skipped by raising baseline_hours.
-- response: Read it as context: look at rows flagged as a new source IP or as the identity's very
--   first activity, and check who uses that key or role from that address.
-- false_positives: Every principal once: SDK credential checks, CI jobs, people running
--   "aws sts get-caller-identity".
-- references: https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
-- param: baseline_hours = 0 ; hours from the start of the data whose first calls are not reported
WITH idents AS (
  SELECT
    eventtime,
    account,
    region,
    coalesce(useridentity.arn, useridentity.principalid) AS principal,
    CASE WHEN useridentity.type = 'AssumedRole'
         THEN coalesce(useridentity.sessioncontext.sessionissuer.arn, useridentity.arn)
         ELSE coalesce(useridentity.arn, useridentity.principalid) END AS actor,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventsource,
    eventname,
    eventid,
    errorcode,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
),
firsts AS (
  SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY account, actor ORDER BY eventtime, eventid) AS rn
    FROM idents
    WHERE eventsource = 'sts.amazonaws.com' AND eventname = 'GetCallerIdentity'
  ) c
  WHERE rn = 1
),
actor_seen AS (
  SELECT account, actor, min(eventtime) AS first_seen
  FROM idents GROUP BY account, actor
),
actor_ip_seen AS (
  SELECT account, actor, sourceipaddress, min(eventtime) AS first_seen
  FROM idents GROUP BY account, actor, sourceipaddress
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
  'first GetCallerIdentity by ' || f.actor || '; '
    || CASE WHEN a.first_seen >= f.eventtime THEN 'first activity of this identity in the data'
            WHEN i.first_seen >= f.eventtime THEN 'identity active since '
                 || CAST(a.first_seen AS VARCHAR) || ', but never before from this source IP'
            ELSE 'identity active since ' || CAST(a.first_seen AS VARCHAR) || ', also from this IP' END
    || CASE WHEN f.errorcode IS NOT NULL THEN ' (failed: ' || f.errorcode || ')' ELSE '' END AS details
FROM firsts f
JOIN actor_seen a ON a.account = f.account AND a.actor = f.actor
JOIN actor_ip_seen i ON i.account = f.account AND i.actor = f.actor
                    AND i.sourceipaddress IS NOT DISTINCT FROM f.sourceipaddress
CROSS JOIN data_start d
WHERE to_unixtime(f.eventtime) >= to_unixtime(d.t0) + $baseline_hours * 3600
ORDER BY f.eventtime
