-- id: discovery-multi-region-enumeration
-- title: Same List/Describe call swept across many regions by one principal
-- severity: medium
-- tactic: discovery
-- attack: T1580
-- tags: recon, multi-region, threshold, distinct-count, sliding-window
-- description: One principal called the same List*, Describe* or Get* API in at least min_regions
--   regions within window_minutes (for example DescribeInstances in every region a few seconds
--   apart). Workloads live in one or two regions; scripts that look for what an account runs, or
--   for regions nobody watches, loop over all of them.
-- response: Ask the owner whether an inventory or IaC run explains it. If not, revoke the
--   credentials and look for resource creation in the regions that were enumerated, especially
--   unusual ones.
-- false_positives: Multi-region Terraform/CloudFormation runs, inventory and CSPM tools, the
--   console's global views (EC2 Global View, Resource Explorer set-up).
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html
-- param: window_minutes = 10 ; length of the sliding window in whole minutes
-- param: min_regions = 4 ; distinct regions for the same API within the window
WITH ev AS (
  SELECT
    account,
    region,
    coalesce(useridentity.arn, useridentity.principalid) || ' ' || eventsource || ':' || eventname AS k,
    coalesce(useridentity.arn, useridentity.principalid) AS principal,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventtime,
    to_unixtime(eventtime) AS ts,
    to_unixtime(eventtime) / 60 AS m,
    to_unixtime(eventtime) / 60 / $window_minutes AS b,
    eventsource,
    eventname,
    awsregion,
    eventid,
    errorcode,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE (starts_with(eventname, 'List') OR starts_with(eventname, 'Describe') OR starts_with(eventname, 'Get'))
    AND coalesce(useridentity.type, '') NOT IN ('AWSService', 'AWSAccount')
    AND useridentity.invokedby IS NULL
),
-- one row per principal+API, minute and region keeps the window join small
per_minute AS (
  SELECT account, k, m, b, awsregion, count(*) AS n
  FROM ev
  GROUP BY account, k, m, b, awsregion
),
anchors AS (
  SELECT DISTINCT account, k, m, b FROM per_minute
),
partners AS (
  SELECT account, k, m, awsregion, n, b AS jb FROM per_minute
  UNION ALL
  SELECT account, k, m, awsregion, n, b - 1 AS jb FROM per_minute
),
win AS (
  SELECT a.account, a.k, a.m AS win_start, a.b,
         count(DISTINCT p.awsregion) AS n_regions, sum(p.n) AS n_events
  FROM anchors a
  JOIN partners p ON p.account = a.account AND p.k = a.k AND p.jb = a.b
  WHERE p.m >= a.m AND p.m < a.m + $window_minutes
  GROUP BY a.account, a.k, a.m, a.b
  HAVING count(DISTINCT p.awsregion) >= $min_regions
),
islands AS (
  SELECT *,
         SUM(CASE WHEN prev_start IS NULL OR win_start - prev_start >= $window_minutes THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, k ORDER BY win_start ROWS UNBOUNDED PRECEDING) AS island
  FROM (SELECT *, LAG(win_start) OVER (PARTITION BY account, k ORDER BY win_start) AS prev_start FROM win) w
),
best AS (
  SELECT account, k, win_start, b
  FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY account, k, island
                                     ORDER BY n_regions DESC, n_events DESC, win_start) AS rn
        FROM islands) i
  WHERE rn = 1
),
evidence AS (
  SELECT ev.*, b AS jb FROM ev
  UNION ALL
  SELECT ev.*, b - 1 AS jb FROM ev
)
SELECT
  min(p.eventtime) AS eventtime,
  best.account AS account,
  first_value(p.region ORDER BY p.eventtime) AS region,
  min(p.principal) AS principal,
  array_to_string(array_sort(array_agg(DISTINCT p.accesskeyid)), ',') AS accesskeyid,
  array_to_string(array_sort(array_agg(DISTINCT p.sourceipaddress)), ',') AS sourceipaddress,
  array_to_string(array_sort(array_agg(DISTINCT p.useragent)), ',') AS useragent,
  min(p.eventname) AS eventname,
  string_agg(p.eventid, ',' ORDER BY p.eventtime, p.eventid) AS eventids,
  string_agg(p.ref, ',' ORDER BY p.eventtime, p.eventid) AS evidence,
  min(p.eventsource) || ':' || min(p.eventname) || ' in '
    || CAST(count(DISTINCT p.awsregion) AS VARCHAR) || ' regions within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s ('
    || CAST(count(*) AS VARCHAR) || ' calls, '
    || CAST(count(p.errorcode) AS VARCHAR) || ' failed); regions='
    || array_to_string(array_sort(array_agg(DISTINCT p.awsregion)), ',') AS details
FROM best
JOIN evidence p ON p.account = best.account AND p.k = best.k AND p.jb = best.b
WHERE p.m >= best.win_start AND p.m < best.win_start + $window_minutes
GROUP BY best.account, best.k, best.win_start
ORDER BY eventtime
