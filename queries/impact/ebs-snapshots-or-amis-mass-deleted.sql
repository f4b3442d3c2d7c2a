-- id: ebs-snapshots-or-amis-mass-deleted
-- title: Many EBS snapshots or AMIs deleted by one principal
-- severity: medium
-- tactic: impact
-- attack: T1490
-- tags: ec2, ebs, snapshot, ami, recovery, threshold
-- description: One principal called DeleteSnapshot or DeregisterImage at least min_deletes times
--   within window_minutes. Snapshots and images are the restore points of EC2 workloads; wiping
--   them in bulk comes before destroying volumes or instances. Calls by AWS services (Data
--   Lifecycle Manager, AWS Backup) are left out. Runs are cut at pauses longer than gap_minutes.
--   Denied attempts are counted too.
-- response: Check the Recycle Bin (snapshots and AMIs can be recovered from it if a retention rule
--   exists), stop the principal, and look for deletions of volumes and instances.
-- false_positives: Custom snapshot rotation scripts; exclude their roles or raise min_deletes.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSnapshot.html
--   https://docs.aws.amazon.com/ebs/latest/userguide/recycle-bin.html
-- param: window_minutes = 60 ; length of the sliding window in minutes
-- param: min_deletes = 20 ; deletions in one window that make a finding
-- param: gap_minutes = 30 ; a pause longer than this ends a run of deletions
-- param: max_evidence = 200 ; most event ids/evidence pointers listed per finding
WITH e0 AS (
  SELECT eventtime, account, region, eventid, eventname, errorcode, sourceipaddress, useragent,
         useridentity.accesskeyid AS accesskeyid,
         coalesce(useridentity.arn, useridentity.invokedby) AS actor,
         coalesce(json_get_str(requestparameters, 'snapshotId'), json_get_str(requestparameters, 'imageId')) AS target,
         source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence
  FROM cloudtrail
  WHERE eventsource = 'ec2.amazonaws.com'
    AND eventname IN ('DeleteSnapshot', 'DeregisterImage')
    AND coalesce(useridentity.type, '') <> 'AWSService'
    AND useridentity.invokedby IS NULL
),
e AS (
  SELECT *,
         sum(CASE WHEN prev IS NULL OR eventtime > date_add('minute', $gap_minutes, prev) THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, actor ORDER BY eventtime, eventid ROWS UNBOUNDED PRECEDING) AS run
  FROM (SELECT *, lag(eventtime) OVER (PARTITION BY account, actor ORDER BY eventtime, eventid) AS prev FROM e0) x
),
per_minute AS (
  SELECT account, actor, run, date_trunc('minute', eventtime) AS minute, count(*) AS n
  FROM e
  GROUP BY account, actor, run, date_trunc('minute', eventtime)
),
windows AS (
  -- each active minute opens a window of window_minutes; ordering by minutes / window_minutes
  -- turns the window into a constant frame of width 1 (bound parameters cannot be frame offsets)
  SELECT account, actor, run, minute AS wstart,
         sum(n) OVER (PARTITION BY account, actor, run
                  ORDER BY CAST(extract(epoch FROM minute) AS DOUBLE) / (60.0 * $window_minutes)
                  RANGE BETWEEN CURRENT ROW AND 0.9999999 FOLLOWING) AS n
  FROM per_minute
),
hot_runs AS (
  SELECT DISTINCT account, actor, run FROM windows WHERE n >= $min_deletes
)
SELECT
  min(e.eventtime) AS eventtime,
  e.account,
  string_agg(DISTINCT e.region, ',') AS region,
  e.actor AS principal,
  string_agg(DISTINCT e.accesskeyid, ',') AS accesskeyid,
  string_agg(DISTINCT e.sourceipaddress, ',') AS sourceipaddress,
  string_agg(DISTINCT e.useragent, ' | ') AS useragent,
  string_agg(DISTINCT e.eventname, ',') AS eventname,
  array_to_string(array_slice(array_agg(e.eventid ORDER BY e.eventtime), 1, $max_evidence), ',') AS eventids,
  array_to_string(array_slice(array_agg(e.evidence ORDER BY e.eventtime), 1, $max_evidence), ',') AS evidence,
  CAST(sum(CASE WHEN e.eventname = 'DeleteSnapshot' THEN 1 ELSE 0 END) AS VARCHAR) || ' snapshots and '
    || CAST(sum(CASE WHEN e.eventname = 'DeregisterImage' THEN 1 ELSE 0 END) AS VARCHAR) || ' AMIs deleted ('
    || CAST(sum(CASE WHEN e.errorcode IS NOT NULL THEN 1 ELSE 0 END) AS VARCHAR) || ' denied) between '
    || CAST(min(e.eventtime) AS VARCHAR) || ' and ' || CAST(max(e.eventtime) AS VARCHAR)
    || ', e.g. ' || array_to_string(array_slice(array_agg(e.target ORDER BY e.eventtime), 1, 5), ', ') AS details
FROM hot_runs h
JOIN e ON e.account = h.account AND e.actor = h.actor AND e.run = h.run
GROUP BY e.account, e.actor, e.run
ORDER BY eventtime
