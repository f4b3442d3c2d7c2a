-- id: instance-credentials-new-source-ip
-- title: EC2 instance credentials used from an address new for that instance
-- severity: medium
-- tactic: initial-access
-- attack: T1552.005
-- tags: ec2, instance-profile, first-seen, baseline
-- description: Instance profile sessions (assumed-role/<role>/i-<instance id>) normally call AWS
--   from one or two stable addresses: the instance's private address through a VPC endpoint, or
--   the NAT gateway of its subnet. This lists each address that an instance session uses for the
--   first time after it had already been seen from another address, and at least
--   `baseline_hours` after the start of the data. Unlike instance-credentials-used-outside-aws it
--   needs no list of trusted ranges, and it also catches use from another host inside the VPC.
-- response: Check whether the instance was stopped and started (new public address) or moved
--   behind a new NAT. If not, treat the credentials as stolen: revoke the role's sessions,
--   enforce IMDSv2 and examine the workload on the instance.
-- false_positives: Stop/start of instances with public addresses, NAT gateway replacement, new
--   VPC endpoints.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html,
--   https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html
-- param: baseline_hours = 24 ; hours from the start of the data treated as the known baseline
WITH pairs AS (
  -- one pass over the instance sessions' events: one row per (session, address)
  SELECT
    account, useridentity.arn AS principal, sourceipaddress,
    min(eventtime) AS first_t,
    max(eventtime) AS last_t,
    count(*) AS calls,
    count(DISTINCT eventname) AS apis
  FROM cloudtrail
  WHERE useridentity.type = 'AssumedRole'
    AND regexp_like(useridentity.arn, '^arn:aws[a-z-]*:sts::[0-9]{12}:assumed-role/[^/]+/i-[0-9a-f]{8,17}$')
    AND (regexp_like(sourceipaddress, '^[0-9]{1,3}(\.[0-9]{1,3}){3}$') OR strpos(sourceipaddress, ':') > 0)
  GROUP BY account, useridentity.arn, sourceipaddress
),
ranked AS (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY account, principal ORDER BY first_t, sourceipaddress) AS rn,
    first_value(sourceipaddress) OVER (PARTITION BY account, principal ORDER BY first_t, sourceipaddress) AS usual_ip
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
-- details of the first event from each new address, looked up only for these few rows
r AS (
  SELECT
    f.account, f.principal, f.sourceipaddress, f.first_t, f.last_t, f.calls, f.apis, f.usual_ip,
    first_value(e.eventid ORDER BY e.eventid) AS eventid,
    first_value(e.source_uri || '#' || CAST(e.source_index AS VARCHAR) ORDER BY e.eventid) AS ref,
    first_value(e.region ORDER BY e.eventid) AS region,
    first_value(e.useridentity.accesskeyid ORDER BY e.eventid) AS accesskeyid,
    first_value(e.useragent ORDER BY e.eventid) AS useragent,
    first_value(e.eventname ORDER BY e.eventid) AS eventname
  FROM fresh f
  JOIN cloudtrail e
    ON e.account = f.account AND e.useridentity.arn = f.principal
   AND e.sourceipaddress = f.sourceipaddress AND e.eventtime = f.first_t
  WHERE e.useridentity.type = 'AssumedRole'
  GROUP BY f.account, f.principal, f.sourceipaddress, f.first_t, f.last_t, f.calls, f.apis, f.usual_ip
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
  'instance ' || regexp_replace(r.principal, '^.*/', '') || ' credentials first used from '
    || r.sourceipaddress || ' (earlier from ' || r.usual_ip || '): ' || CAST(r.calls AS VARCHAR)
    || ' calls to ' || CAST(r.apis AS VARCHAR) || ' APIs until ' || CAST(r.last_t AS VARCHAR) AS details
FROM r
ORDER BY r.first_t
