-- id: ec2-instances-launched-many-regions
-- title: One principal launching EC2 instances in many regions
-- severity: high
-- tactic: impact
-- attack: T1496
-- tags: ec2, cryptomining, resource-hijacking, distinct-count
-- description: One principal called RunInstances (or RequestSpotInstances) in at least min_regions
--   different regions within window_minutes. Legitimate deployments are usually pinned to a few
--   regions; cryptojacking tooling sprays every region to get around per-region quotas and to hide
--   instances where nobody looks. Denied attempts count too (quota and opt-in errors are typical).
--   Runs are cut at pauses longer than gap_minutes.
-- response: List instances in every region (including ones not normally used), terminate unknown
--   ones, disable the principal's keys, and look at how the credentials leaked.
-- false_positives: Multi-region deployment pipelines and global load tests; exclude their roles or
--   raise min_regions.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html
-- param: window_minutes = 60 ; length of the sliding window in minutes
-- param: min_regions = 4 ; distinct regions in one window that make a finding
-- param: gap_minutes = 60 ; a pause longer than this ends a run of launches
WITH l0 AS (
  SELECT eventtime, account, region, eventid, eventname, errorcode, sourceipaddress, useragent,
         useridentity.accesskeyid AS accesskeyid,
         coalesce(useridentity.arn, useridentity.invokedby) AS actor,
         coalesce(json_get_str(requestparameters, 'instanceType'),
                  json_get_str(requestparameters, 'launchSpecification', 'instanceType'), '?') AS itype,
         source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence
  FROM cloudtrail
  WHERE eventsource = 'ec2.amazonaws.com'
    AND eventname IN ('RunInstances', 'RequestSpotInstances')
),
l AS (
  SELECT *,
         sum(CASE WHEN prev IS NULL OR eventtime > date_add('minute', $gap_minutes, prev) THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, actor ORDER BY eventtime, eventid ROWS UNBOUNDED PRECEDING) AS run
  FROM (SELECT *, lag(eventtime) OVER (PARTITION BY account, actor ORDER BY eventtime, eventid) AS prev FROM l0) x
),
windows AS (
  SELECT a.account, a.actor, a.run, a.eventid, count(DISTINCT b.region) AS regions
  FROM l a
  JOIN l b
    ON b.account = a.account AND b.actor = a.actor AND b.run = a.run
   AND b.eventtime >= a.eventtime AND b.eventtime < date_add('minute', $window_minutes, a.eventtime)
  GROUP BY a.account, a.actor, a.run, a.eventid
),
hot_runs AS (
  SELECT account, actor, run, max(regions) AS peak FROM windows WHERE regions >= $min_regions GROUP BY account, actor, run
)
SELECT
  min(l.eventtime) AS eventtime,
  l.account,
  string_agg(DISTINCT l.region, ',') AS region,
  l.actor AS principal,
  string_agg(DISTINCT l.accesskeyid, ',') AS accesskeyid,
  string_agg(DISTINCT l.sourceipaddress, ',') AS sourceipaddress,
  string_agg(DISTINCT l.useragent, ' | ') AS useragent,
  string_agg(DISTINCT l.eventname, ',') AS eventname,
  string_agg(l.eventid, ',' ORDER BY l.eventtime) AS eventids,
  string_agg(l.evidence, ',' ORDER BY l.eventtime) AS evidence,
  CAST(count(*) AS VARCHAR) || ' launch requests in ' || CAST(count(DISTINCT l.region) AS VARCHAR) || ' regions ('
    || CAST(sum(CASE WHEN l.errorcode IS NOT NULL THEN 1 ELSE 0 END) AS VARCHAR) || ' denied), types '
    || string_agg(DISTINCT l.itype, ', ') || ' between ' || CAST(min(l.eventtime) AS VARCHAR)
    || ' and ' || CAST(max(l.eventtime) AS VARCHAR) AS details
FROM hot_runs h
JOIN l ON l.account = h.account AND l.actor = h.actor AND l.run = h.run
GROUP BY l.account, l.actor, l.run
ORDER BY eventtime
