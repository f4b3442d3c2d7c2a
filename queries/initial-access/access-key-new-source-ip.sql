-- id: access-key-new-source-ip
-- title: Long-term access key used from an address it had not used before
-- severity: medium
-- tactic: initial-access
-- attack: T1078.004
-- tags: access-key, first-seen, baseline
-- description: For every long-term access key (AKIA…), the addresses it called AWS from are listed
--   in order of first appearance; an address is reported when the key had already been seen from
--   another address earlier in the lake and the new address first appears at least
--   `baseline_hours` after the earliest event in the data (so the opening hours of a lake are the
--   baseline, not findings). A leaked key shows up exactly this way: same key, new place.
--   Temporary keys (ASIA…) are left out because every session gets a new one.
-- response: Ask the key's owner whether the address is theirs (new office, VPN, CI runner). If
--   not, deactivate the key, list what it did from the new address, and rotate any secrets it
--   could read.
-- false_positives: Laptops on new networks, CI runners with changing addresses, new NAT gateways;
--   medium severity on purpose. Combine with iam-user-new-ip-and-user-agent and the offensive
--   user-agent detections.
-- references: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html,
--   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
-- param: baseline_hours = 24 ; hours from the start of the data treated as the known baseline
WITH pairs AS (
  -- one pass over the key's events: one row per (key, address)
  SELECT account, useridentity.accesskeyid AS accesskeyid, sourceipaddress,
    min(eventtime) AS first_t,
    max(eventtime) AS last_t,
    count(*) AS calls,
    count(DISTINCT eventname) AS apis
  FROM cloudtrail
  WHERE useridentity.accesskeyid LIKE 'AKIA%'
    AND (regexp_like(sourceipaddress, '^[0-9]{1,3}(\.[0-9]{1,3}){3}$') OR strpos(sourceipaddress, ':') > 0)
  GROUP BY account, useridentity.accesskeyid, sourceipaddress
),
ranked AS (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY account, accesskeyid ORDER BY first_t, sourceipaddress) AS rn,
    count(*) OVER (PARTITION BY account, accesskeyid) AS addresses
  FROM pairs
),
data_start AS (
  SELECT min(eventtime) AS t0 FROM cloudtrail
),
fresh AS (
  SELECT r.*
  FROM ranked r
  CROSS JOIN data_start d
  WHERE r.rn > 1
    AND r.first_t >= date_add('hour', $baseline_hours, d.t0)
),
-- details of the first event from each new address, looked up only for the few new pairs
firsts AS (
  SELECT
    f.account, f.accesskeyid, f.sourceipaddress, f.first_t, f.last_t, f.calls, f.addresses, f.apis,
    first_value(k.eventid ORDER BY k.eventid) AS eventid,
    first_value(k.source_uri || '#' || CAST(k.source_index AS VARCHAR) ORDER BY k.eventid) AS ref,
    first_value(k.eventname ORDER BY k.eventid) AS eventname,
    first_value(k.region ORDER BY k.eventid) AS region,
    first_value(k.useridentity.arn ORDER BY k.eventid) AS principal,
    first_value(k.useragent ORDER BY k.eventid) AS useragent
  FROM fresh f
  JOIN cloudtrail k
    ON k.account = f.account AND k.useridentity.accesskeyid = f.accesskeyid
   AND k.sourceipaddress = f.sourceipaddress AND k.eventtime = f.first_t
  GROUP BY f.account, f.accesskeyid, f.sourceipaddress, f.first_t, f.last_t, f.calls, f.addresses, f.apis
)
SELECT
  r.first_t AS eventtime,
  r.account,
  r.region,
  r.principal,
  r.accesskeyid,
  r.sourceipaddress,
  r.useragent,
  r.eventname,
  r.eventid AS eventids,
  r.ref AS evidence,
  'key ' || r.accesskeyid || ' first used from ' || r.sourceipaddress || ': '
    || CAST(r.calls AS VARCHAR) || ' calls to ' || CAST(r.apis AS VARCHAR) || ' APIs until '
    || CAST(r.last_t AS VARCHAR) || '; key seen from ' || CAST(r.addresses AS VARCHAR)
    || ' addresses in all' AS details
FROM firsts r
ORDER BY r.first_t
