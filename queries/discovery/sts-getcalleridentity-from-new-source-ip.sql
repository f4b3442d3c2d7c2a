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
  WHERE coalesce(useridentity.type, '') NOT IN ('AWSService', 'AWSAccount')
),
actor_seen AS (
  SELECT account, actor, min(eventtime) AS first_seen, count(DISTINCT sourceipaddress) AS n_ips
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
    || '; identity active since ' || CAST(a.first_seen AS VARCHAR) || ' from '
    || CAST(a.n_ips - 1 AS VARCHAR) || ' other address(es)'
    || CASE WHEN c.errorcode IS NOT NULL THEN ' (failed: ' || c.errorcode || ')' ELSE '' END AS details
FROM idents c
JOIN actor_ip_seen i ON i.account = c.account AND i.actor = c.actor AND i.sourceipaddress = c.sourceipaddress
JOIN actor_seen a ON a.account = c.account AND a.actor = c.actor
CROSS JOIN data_start d
WHERE c.eventsource = 'sts.amazonaws.com'
  AND c.eventname = 'GetCallerIdentity'
  AND i.first_seen >= c.eventtime
  AND a.first_seen < c.eventtime
  AND to_unixtime(c.eventtime) >= to_unixtime(d.t0) + $baseline_hours * 3600
ORDER BY c.eventtime
