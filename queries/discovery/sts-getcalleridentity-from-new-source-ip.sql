-- id: sts-getcalleridentity-from-new-source-ip
-- title: Known identity checks who it is from a source IP it never used before
-- severity: low
-- tactic: discovery
-- attack: T1033
-- tags: sts, whoami, first-seen, new-ip
-- description: An sts:GetCallerIdentity that is the first event from that source IP for an
--   identity which was already active from other addresses earlier in the data (role sessions
--   are grouped by their role). Someone who has just obtained a key typically starts with "who
--   am I" from their own machine; the owner's usual IPs are already in the data. Calls within
--   baseline_hours of the earliest event are not reported, because every address is new then.
--   There is no ASN or geolocation in the lake, so a new address inside the same corporate range
--   counts as new too; hence the low severity.
-- response: Check whether the IP belongs to the identity's owner (VPN, new CI runner, home
--   office). If not, look at everything the key did from that IP and deactivate it.
-- false_positives: Dynamic home or mobile IPs, new CI runners, NAT gateway changes.
-- references: https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
-- param: baseline_hours = 24 ; hours from the start of the data during which addresses are learned, not reported
WITH pair_seen AS (
  -- one pass over the lake: when each (identity, source IP) pair was first seen; identity-wide
  -- first sighting and address count are window aggregates over that small result
  SELECT account, actor, sourceipaddress, first_seen,
         min(first_seen) OVER (PARTITION BY account, actor) AS actor_first_seen,
         count(sourceipaddress) OVER (PARTITION BY account, actor) AS n_ips
  FROM (
    SELECT account, actor, sourceipaddress, min(first_seen) AS first_seen
    FROM (
      -- group on the raw identity fields first (cheap), derive the actor on the small result
      SELECT
        account,
        CASE WHEN t = 'AssumedRole' THEN coalesce(issuer, arn) ELSE coalesce(arn, pid) END AS actor,
        sourceipaddress,
        first_seen
      FROM (
        SELECT account, useridentity.type AS t, useridentity.arn AS arn, useridentity.principalid AS pid,
               useridentity.sessioncontext.sessionissuer.arn AS issuer, sourceipaddress,
               min(eventtime) AS first_seen
        FROM cloudtrail
        WHERE coalesce(useridentity.type, '') NOT IN ('AWSService', 'AWSAccount')
        GROUP BY 1, 2, 3, 4, 5, 6
      ) raw
    ) r
    GROUP BY 1, 2, 3
  ) g
),
data_start AS (
  SELECT min(eventtime) AS t0 FROM cloudtrail
),
candidates AS (
  -- pairs first seen after the baseline, for an identity already seen earlier: a finding is a
  -- GetCallerIdentity of the pair at exactly that first moment
  SELECT p.*
  FROM pair_seen p CROSS JOIN data_start d
  WHERE p.actor_first_seen < p.first_seen
    AND to_unixtime(p.first_seen) >= to_unixtime(d.t0) + $baseline_hours * 3600
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
    useragent,
    eventname,
    eventid,
    errorcode,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource = 'sts.amazonaws.com'
    AND eventname = 'GetCallerIdentity'
    AND coalesce(useridentity.type, '') NOT IN ('AWSService', 'AWSAccount')
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
  'GetCallerIdentity is the first call of ' || c.actor || ' from ' || coalesce(c.sourceipaddress, '?')
    || '; identity active since ' || CAST(p.actor_first_seen AS VARCHAR) || ' from '
    || CAST(p.n_ips - 1 AS VARCHAR) || ' other address(es)'
    || CASE WHEN c.errorcode IS NOT NULL THEN ' (failed: ' || c.errorcode || ')' ELSE '' END AS details
FROM candidates p
JOIN calls c ON c.account = p.account AND c.actor = p.actor AND c.sourceipaddress = p.sourceipaddress
            AND c.eventtime = p.first_seen
ORDER BY c.eventtime
