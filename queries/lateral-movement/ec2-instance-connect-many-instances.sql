-- id: ec2-instance-connect-many-instances
-- title: EC2 Instance Connect keys pushed to many instances by one principal
-- severity: medium
-- tactic: lateral-movement
-- attack: T1021.004
-- tags: ec2-instance-connect, ssh, distinct-count
-- description: One principal called SendSSHPublicKey or SendSerialConsoleSSHPublicKey for at least
--   min_instances distinct instances within window_minutes. Each call installs a temporary SSH key
--   (valid 60 seconds) for an OS user, so a burst across instances is an intruder logging in to one
--   host after another. The event name is trimmed, as some published examples carry a trailing
--   space. Runs of calls are cut at pauses longer than gap_minutes; each run in which some
--   window_minutes window reaches min_instances distinct instances is one finding listing every
--   call of the run. Denied attempts count too and are reported in the details.
-- response: Check the OS users and source IPs, review the instances' auth logs, and revoke
--   ec2-instance-connect permissions from the principal if unexpected.
-- false_positives: Administrators fixing several hosts in a row; fleet tooling that uses Instance
--   Connect.
-- references: https://docs.aws.amazon.com/ec2-instance-connect/latest/APIReference/API_SendSSHPublicKey.html
-- param: window_minutes = 60 ; length of the sliding window in minutes
-- param: min_instances = 5 ; distinct instances in one window that make a finding
-- param: gap_minutes = 30 ; a pause longer than this ends a run of calls
WITH calls AS (
  SELECT eventtime, account, region, eventid, eventname, errorcode, sourceipaddress, useragent, requestparameters,
         useridentity.accesskeyid AS accesskeyid,
         coalesce(useridentity.arn, useridentity.invokedby) AS actor,
         source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence
  FROM cloudtrail
  WHERE eventsource = 'ec2-instance-connect.amazonaws.com'
    AND trim(eventname) IN ('SendSSHPublicKey', 'SendSerialConsoleSSHPublicKey')
),
targets AS (
  SELECT eventid, json_get_str(requestparameters, 'instanceId') AS target
  FROM calls
  WHERE json_get_str(requestparameters, 'instanceId') IS NOT NULL
),
c AS (
  SELECT *,
         sum(CASE WHEN prev IS NULL OR eventtime > date_add('minute', $gap_minutes, prev) THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, actor ORDER BY eventtime, eventid ROWS UNBOUNDED PRECEDING) AS run
  FROM (SELECT *, lag(eventtime) OVER (PARTITION BY account, actor ORDER BY eventtime, eventid) AS prev FROM calls) x
),
ct AS (
  SELECT c.account, c.actor, c.run, c.eventid, c.eventtime, t.target
  FROM c JOIN targets t ON t.eventid = c.eventid
),
windows AS (
  SELECT a.account, a.actor, a.run, a.eventid, count(DISTINCT b.target) AS n
  FROM ct a
  JOIN ct b
    ON b.account = a.account AND b.actor = a.actor AND b.run = a.run
   AND b.eventtime >= a.eventtime AND b.eventtime < date_add('minute', $window_minutes, a.eventtime)
  GROUP BY a.account, a.actor, a.run, a.eventid
),
hot_runs AS (
  SELECT account, actor, run, max(n) AS peak FROM windows WHERE n >= $min_instances GROUP BY account, actor, run
),
run_targets AS (
  SELECT ct.account, ct.actor, ct.run, count(DISTINCT ct.target) AS n_targets,
         array_to_string(array_slice(array_agg(DISTINCT ct.target), 1, 20), ', ') AS some_targets
  FROM ct JOIN hot_runs h ON h.account = ct.account AND h.actor = ct.actor AND h.run = ct.run
  GROUP BY ct.account, ct.actor, ct.run
)
SELECT
  min(c.eventtime) AS eventtime,
  c.account,
  string_agg(DISTINCT c.region, ',') AS region,
  c.actor AS principal,
  string_agg(DISTINCT c.accesskeyid, ',') AS accesskeyid,
  string_agg(DISTINCT c.sourceipaddress, ',') AS sourceipaddress,
  string_agg(DISTINCT c.useragent, ' | ') AS useragent,
  string_agg(DISTINCT trim(c.eventname), ',') AS eventname,
  string_agg(c.eventid, ',' ORDER BY c.eventtime) AS eventids,
  string_agg(c.evidence, ',' ORDER BY c.eventtime) AS evidence,
  CAST(count(*) AS VARCHAR) || ' keys pushed ('
    || CAST(sum(CASE WHEN c.errorcode IS NOT NULL THEN 1 ELSE 0 END) AS VARCHAR) || ' denied) on '
    || CAST(max(r.n_targets) AS VARCHAR) || ' instances between ' || CAST(min(c.eventtime) AS VARCHAR)
    || ' and ' || CAST(max(c.eventtime) AS VARCHAR) || ' as ' || coalesce(string_agg(DISTINCT json_get_str(c.requestparameters, 'osUser'), ', '), '?') || '; instances: ' || max(r.some_targets) AS details
FROM run_targets r
JOIN c ON c.account = r.account AND c.actor = r.actor AND c.run = r.run
GROUP BY c.account, c.actor, c.run
ORDER BY eventtime
