-- id: ssm-send-command-many-instances
-- title: SSM Run Command sent to many instances by one principal
-- severity: medium
-- tactic: execution
-- attack: T1651
-- tags: ssm, run-command, distinct-count
-- description: One principal called ssm:SendCommand against at least min_instances distinct
--   instances within window_minutes. Run Command executes scripts as root/SYSTEM through the SSM
--   agent, so a stolen identity with ssm:SendCommand can run code on the whole fleet at once.
--   Instance ids come from instanceIds and from InstanceIds targets; tag-based targets count as one
--   target each (shown as key=values). Runs of calls are cut at pauses longer than gap_minutes;
--   each run in which some window_minutes window reaches min_instances distinct instances is one
--   finding listing every call of the run. Denied attempts count too and are reported in the
--   details.
-- response: Use ListCommands/GetCommandInvocation (or the SSM output bucket) to see what ran,
--   isolate affected instances, and revoke the caller's credentials if the command is unknown.
-- false_positives: Patch and configuration pipelines; exclude their roles or raise min_instances.
-- references: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html
-- param: window_minutes = 60 ; length of the sliding window in minutes
-- param: min_instances = 10 ; distinct instances in one window that make a finding
-- param: gap_minutes = 30 ; a pause longer than this ends a run of calls
WITH calls AS (
  SELECT eventtime, account, region, eventid, eventname, errorcode, sourceipaddress, useragent, requestparameters,
         useridentity.accesskeyid AS accesskeyid,
         coalesce(useridentity.arn, useridentity.invokedby) AS actor,
         source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence
  FROM cloudtrail
  WHERE eventsource = 'ssm.amazonaws.com'
    AND eventname = 'SendCommand'
),
targets AS (
  SELECT eventid, json_get_str(i) AS target
  FROM (SELECT eventid, unnest(json_get_array(requestparameters, 'instanceIds')) AS i FROM calls) x
  UNION ALL
  SELECT eventid, CASE WHEN lower(json_get_str(t, 'key')) = 'instanceids' THEN json_get_str(v)
                       ELSE json_get_str(t, 'key') || '=' || json_get_str(v) END AS target
  FROM (
    SELECT eventid, t, unnest(json_get_array(t, 'values')) AS v
    FROM (SELECT eventid, unnest(json_get_array(requestparameters, 'targets')) AS t FROM calls) y
  ) z
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
  CAST(count(*) AS VARCHAR) || ' SendCommand calls ('
    || CAST(sum(CASE WHEN c.errorcode IS NOT NULL THEN 1 ELSE 0 END) AS VARCHAR) || ' denied) on '
    || CAST(max(r.n_targets) AS VARCHAR) || ' instances between ' || CAST(min(c.eventtime) AS VARCHAR)
    || ' and ' || CAST(max(c.eventtime) AS VARCHAR) || ', documents ' || string_agg(DISTINCT json_get_str(c.requestparameters, 'documentName'), ', ') || '; instances: ' || max(r.some_targets) AS details
FROM run_targets r
JOIN c ON c.account = r.account AND c.actor = r.actor AND c.run = r.run
GROUP BY c.account, c.actor, c.run
ORDER BY eventtime
