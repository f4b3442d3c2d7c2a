-- id: iam-user-new-ip-and-user-agent
-- title: IAM user active from a new address with a new user agent
-- severity: high
-- tactic: initial-access
-- attack: T1078.004
-- tags: iam-user, first-seen, baseline
-- description: An IAM user's calls are compared with that user's own earlier history in the lake.
--   A finding is a (address, user agent) pair where both the address and the user agent are new
--   for the user, both first appear within `window_minutes` of each other, the user had been seen
--   before, and all of it happens at least `baseline_hours` after the start of the data. A new
--   place alone is common and a new tool alone is common; the two at once is how a stolen key or
--   password looks when the thief uses their own machine. The CLI's per-command marker
--   (md/command#…) is stripped before user agents are compared.
-- response: Ask the user whether they changed machine and network at that time. If not, disable
--   their access keys and console password, and review every call from the new address.
-- false_positives: A new laptop on a new network on the same day; travel with a fresh install.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
-- param: baseline_hours = 24 ; hours from the start of the data treated as the known baseline
-- param: window_minutes = 60 ; how close together the new address and the new user agent must appear
WITH raw AS (
  -- one pass over the users' events, reduced before the user agent is normalised
  SELECT
    account,
    useridentity.arn AS principal,
    sourceipaddress,
    useragent,
    eventname,
    useridentity.accesskeyid AS accesskeyid,
    min(eventtime) AS first_t,
    max(eventtime) AS last_t,
    count(*) AS calls
  FROM cloudtrail
  WHERE useridentity.type = 'IAMUser'
    AND useridentity.arn IS NOT NULL
    AND (regexp_like(sourceipaddress, '^[0-9]{1,3}(\.[0-9]{1,3}){3}$') OR strpos(sourceipaddress, ':') > 0)
  GROUP BY account, useridentity.arn, sourceipaddress, useragent, eventname, useridentity.accesskeyid
),
combos AS (
  SELECT
    account, principal, sourceipaddress,
    coalesce(regexp_replace(useragent, ' md/command#[^ ]*', ''), '') AS agent,
    min(first_t) AS first_t,
    max(last_t) AS last_t,
    sum(calls) AS calls,
    count(DISTINCT eventname) AS apis,
    array_to_string(array_agg(DISTINCT accesskeyid), ',') AS keys
  FROM raw
  GROUP BY account, principal, sourceipaddress, coalesce(regexp_replace(useragent, ' md/command#[^ ]*', ''), '')
),
firsts AS (
  -- first sighting of the user, of the address and of the user agent, from the combos
  SELECT *,
    min(first_t) OVER (PARTITION BY account, principal) AS user_t,
    min(first_t) OVER (PARTITION BY account, principal, sourceipaddress) AS ip_t,
    min(first_t) OVER (PARTITION BY account, principal, agent) AS agent_t
  FROM combos
),
data_start AS (
  SELECT min(eventtime) AS t0 FROM cloudtrail
),
hits AS (
  SELECT f.*
  FROM firsts f
  CROSS JOIN data_start d
  WHERE f.ip_t > f.user_t
    AND f.agent_t > f.user_t
    AND f.ip_t >= date_add('hour', $baseline_hours, d.t0)
    AND f.agent_t >= date_add('hour', $baseline_hours, d.t0)
    AND abs(date_diff('second', f.ip_t, f.agent_t)) <= $window_minutes * 60
    AND f.first_t <= date_add('minute', $window_minutes, CASE WHEN f.ip_t > f.agent_t THEN f.ip_t ELSE f.agent_t END)
),
-- details of the first event of each finding, looked up only for these few rows
c AS (
  SELECT
    h.account, h.principal, h.sourceipaddress, h.agent, h.first_t, h.last_t, h.calls, h.apis, h.keys, h.user_t,
    first_value(e.eventid ORDER BY e.eventid) AS eventid,
    first_value(e.source_uri || '#' || CAST(e.source_index AS VARCHAR) ORDER BY e.eventid) AS ref,
    first_value(e.region ORDER BY e.eventid) AS region,
    first_value(e.useragent ORDER BY e.eventid) AS useragent,
    first_value(e.eventname ORDER BY e.eventid) AS eventname
  FROM hits h
  JOIN cloudtrail e
    ON e.account = h.account AND e.useridentity.arn = h.principal
   AND e.sourceipaddress = h.sourceipaddress AND e.eventtime = h.first_t
  WHERE e.useridentity.type = 'IAMUser'
    AND coalesce(regexp_replace(e.useragent, ' md/command#[^ ]*', ''), '') = h.agent
  GROUP BY h.account, h.principal, h.sourceipaddress, h.agent, h.first_t, h.last_t, h.calls, h.apis, h.keys, h.user_t
)
SELECT
  c.first_t AS eventtime,
  c.account,
  c.region,
  c.principal,
  nullif(c.keys, '') AS accesskeyid,
  c.sourceipaddress,
  c.useragent,
  c.eventname,
  c.eventid AS eventids,
  c.ref AS evidence,
  'new address ' || c.sourceipaddress || ' and new user agent for ' || c.principal
    || ' (first seen ' || CAST(c.user_t AS VARCHAR) || '): ' || CAST(c.calls AS VARCHAR)
    || ' calls to ' || CAST(c.apis AS VARCHAR) || ' APIs until ' || CAST(c.last_t AS VARCHAR) AS details
FROM c
ORDER BY c.first_t
