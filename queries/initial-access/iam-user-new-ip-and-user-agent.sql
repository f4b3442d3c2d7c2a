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
WITH ev AS (
  SELECT
    eventtime,
    account,
    region,
    useridentity.arn AS principal,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    coalesce(regexp_replace(useragent, ' md/command#[^ ]*', ''), '') AS agent,
    eventname,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE useridentity.type = 'IAMUser'
    AND useridentity.arn IS NOT NULL
    AND (regexp_like(sourceipaddress, '^[0-9]{1,3}(\.[0-9]{1,3}){3}$') OR strpos(sourceipaddress, ':') > 0)
),
user_first AS (
  SELECT account, principal, min(eventtime) AS t FROM ev GROUP BY account, principal
),
ip_first AS (
  SELECT account, principal, sourceipaddress, min(eventtime) AS t
  FROM ev GROUP BY account, principal, sourceipaddress
),
agent_first AS (
  SELECT account, principal, agent, min(eventtime) AS t
  FROM ev GROUP BY account, principal, agent
),
combos AS (
  SELECT
    account, principal, sourceipaddress, agent,
    min(eventtime) AS first_t,
    max(eventtime) AS last_t,
    count(*) AS calls,
    count(DISTINCT eventname) AS apis,
    array_to_string(array_agg(DISTINCT accesskeyid), ',') AS keys,
    first_value(eventid ORDER BY eventtime) AS eventid,
    first_value(ref ORDER BY eventtime) AS ref,
    first_value(region ORDER BY eventtime) AS region,
    first_value(useragent ORDER BY eventtime) AS useragent,
    first_value(eventname ORDER BY eventtime) AS eventname
  FROM ev
  GROUP BY account, principal, sourceipaddress, agent
),
data_start AS (
  SELECT min(eventtime) AS t0 FROM cloudtrail
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
    || ' (first seen ' || CAST(u.t AS VARCHAR) || '): ' || CAST(c.calls AS VARCHAR)
    || ' calls to ' || CAST(c.apis AS VARCHAR) || ' APIs until ' || CAST(c.last_t AS VARCHAR) AS details
FROM combos c
JOIN user_first u ON u.account = c.account AND u.principal = c.principal
JOIN ip_first i ON i.account = c.account AND i.principal = c.principal AND i.sourceipaddress = c.sourceipaddress
JOIN agent_first a ON a.account = c.account AND a.principal = c.principal AND a.agent = c.agent
CROSS JOIN data_start d
WHERE i.t > u.t
  AND a.t > u.t
  AND i.t >= date_add('hour', $baseline_hours, d.t0)
  AND a.t >= date_add('hour', $baseline_hours, d.t0)
  AND abs(date_diff('second', i.t, a.t)) <= $window_minutes * 60
  AND c.first_t <= date_add('minute', $window_minutes, CASE WHEN i.t > a.t THEN i.t ELSE a.t END)
ORDER BY c.first_t
