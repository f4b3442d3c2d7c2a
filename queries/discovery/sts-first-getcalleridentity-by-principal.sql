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
WITH pair_seen AS (
  -- one pass over the lake: per (identity, source IP) the first event and the first
  -- GetCallerIdentity; identity-wide values are window aggregates over that small result
  SELECT account, actor, ip, first_seen,
         min(first_seen) OVER (PARTITION BY account, actor) AS actor_first_seen,
         min(first_gci) OVER (PARTITION BY account, actor) AS actor_first_gci
  FROM (
    SELECT account, actor, ip, min(first_seen) AS first_seen, min(first_gci) AS first_gci
    FROM (
      -- group on the raw identity fields first (cheap), derive the actor on the small result
      SELECT
        account,
        CASE WHEN t = 'AssumedRole' THEN coalesce(issuer, arn) ELSE coalesce(arn, pid) END AS actor,
        ip, first_seen, first_gci
      FROM (
        SELECT account, useridentity.type AS t, useridentity.arn AS arn, useridentity.principalid AS pid,
               useridentity.sessioncontext.sessionissuer.arn AS issuer,
               coalesce(sourceipaddress, '~no source ip~') AS ip,
               min(eventtime) AS first_seen,
               min(CASE WHEN eventsource = 'sts.amazonaws.com' AND eventname = 'GetCallerIdentity'
                        THEN eventtime END) AS first_gci
        FROM cloudtrail
        GROUP BY 1, 2, 3, 4, 5, 6
      ) raw
    ) r
    GROUP BY 1, 2, 3
  ) g
),
calls AS (
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
    coalesce(sourceipaddress, '~no source ip~') AS ip,
    useragent,
    eventname,
    eventid,
    errorcode,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource = 'sts.amazonaws.com' AND eventname = 'GetCallerIdentity'
),
firsts AS (
  -- the identity's earliest GetCallerIdentity (ties broken by eventid), with its pair's first sighting
  SELECT * FROM (
    SELECT c.*, p.first_seen AS ip_first_seen, p.actor_first_seen,
           ROW_NUMBER() OVER (PARTITION BY c.account, c.actor ORDER BY c.eventtime, c.eventid) AS rn
    FROM calls c
    JOIN pair_seen p ON p.account = c.account AND p.actor = c.actor AND p.ip = c.ip
                    AND c.eventtime = p.actor_first_gci
  ) x
  WHERE rn = 1
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
    || CASE WHEN f.actor_first_seen >= f.eventtime THEN 'first activity of this identity in the data'
            WHEN f.ip_first_seen >= f.eventtime THEN 'identity active since '
                 || CAST(f.actor_first_seen AS VARCHAR) || ', but never before from this source IP'
            ELSE 'identity active since ' || CAST(f.actor_first_seen AS VARCHAR) || ', also from this IP' END
    || CASE WHEN f.errorcode IS NOT NULL THEN ' (failed: ' || f.errorcode || ')' ELSE '' END AS details
FROM firsts f
CROSS JOIN data_start d
WHERE to_unixtime(f.eventtime) >= to_unixtime(d.t0) + $baseline_hours * 3600
ORDER BY f.eventtime
