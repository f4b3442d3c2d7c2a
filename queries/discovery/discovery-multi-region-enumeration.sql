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
WITH per_minute AS (
  -- one row per principal+API, minute and region: the only pass over the lake before the evidence
  SELECT
    account,
    coalesce(useridentity.arn, useridentity.principalid) || ' ' || eventsource || ':' || eventname AS k,
    eventname,
    to_unixtime(eventtime) / 60 AS m,
    awsregion,
    count(*) AS n
  FROM cloudtrail
  WHERE (starts_with(eventname, 'List') OR starts_with(eventname, 'Describe') OR starts_with(eventname, 'Get'))
    AND coalesce(useridentity.type, '') NOT IN ('AWSService', 'AWSAccount')
    AND useridentity.invokedby IS NULL
  GROUP BY 1, 2, 3, 4, 5
),
-- Exact sliding windows without a self-join. The window of anchor minute a is [a, a + window).
-- A region seen at minutes t1 < t2 < ... is in the window of every anchor in [t - window + 1, t]
-- for some t, so each run of occurrences less than window_minutes + 1 apart covers one interval
-- of anchors: +1 at its first t - window + 1, -1 after its last t; every call counts +n / -n.
-- Running sums of these deltas per principal+API give, at each anchor minute (a minute with a
-- call), the distinct regions and calls of its window.
-- principal+API pairs seen in fewer than min_regions regions over the whole lake cannot match;
-- dropping them first keeps the rest small (a missing region ranks as one more, which only keeps
-- a few extra pairs)
ranked AS (
  SELECT *, DENSE_RANK() OVER (PARTITION BY account, k ORDER BY awsregion) AS region_rank
  FROM per_minute
  WHERE k IS NOT NULL
),
candidates AS (
  SELECT account, k, eventname, m, n, awsregion FROM (
    SELECT *, CAST(MAX(region_rank) OVER (PARTITION BY account, k) AS BIGINT) AS n_regions_total FROM ranked
  ) x
  WHERE n_regions_total >= $min_regions
),
marked AS (
  SELECT account, k, eventname, m, n,
         CASE WHEN awsregion IS NULL THEN 0
              WHEN lag_region = awsregion AND m - lag_m <= $window_minutes THEN 0 ELSE 1 END AS r_start,
         CASE WHEN awsregion IS NULL THEN 0
              WHEN lead_region = awsregion AND lead_m - m <= $window_minutes THEN 0 ELSE 1 END AS r_end,
         CASE WHEN lag_min IS NULL OR lag_min <> m THEN 1 ELSE 0 END AS min_first
  FROM (
    SELECT account, k, eventname, m, n, awsregion,
           LAG(m) OVER (PARTITION BY account, k ORDER BY awsregion, m) AS lag_m,
           LAG(awsregion) OVER (PARTITION BY account, k ORDER BY awsregion, m) AS lag_region,
           LEAD(m) OVER (PARTITION BY account, k ORDER BY awsregion, m) AS lead_m,
           LEAD(awsregion) OVER (PARTITION BY account, k ORDER BY awsregion, m) AS lead_region,
           LAG(m) OVER (PARTITION BY account, k ORDER BY m, awsregion) AS lag_min
    FROM candidates
  ) w
),
deltas AS (
  SELECT account, k, eventname, d['pos'] AS pos, d['kind'] AS kind, sum(d['d_r']) AS d_r, sum(d['d_n']) AS d_n
  FROM (
    SELECT account, k, eventname,
           unnest(CASE WHEN min_first = 1
             THEN make_array(named_struct('pos', m - $window_minutes + 1, 'kind', 0, 'd_r', r_start, 'd_n', n),
                             named_struct('pos', m + 1, 'kind', 0, 'd_r', -r_end, 'd_n', -n),
                             named_struct('pos', m, 'kind', 1, 'd_r', 0, 'd_n', 0))
             ELSE make_array(named_struct('pos', m - $window_minutes + 1, 'kind', 0, 'd_r', r_start, 'd_n', n),
                             named_struct('pos', m + 1, 'kind', 0, 'd_r', -r_end, 'd_n', -n)) END) AS d
    FROM marked
  ) x
  GROUP BY account, k, eventname, d['pos'], d['kind']
),
swept AS (
  SELECT account, k, eventname, pos, kind,
         SUM(d_r) OVER (PARTITION BY account, k ORDER BY pos, kind ROWS UNBOUNDED PRECEDING) AS n_regions,
         SUM(d_n) OVER (PARTITION BY account, k ORDER BY pos, kind ROWS UNBOUNDED PRECEDING) AS n_events
  FROM deltas
),
win AS (
  SELECT account, k, eventname, pos AS win_start, n_regions, n_events
  FROM swept
  WHERE kind = 1 AND n_regions >= $min_regions
),
islands AS (
  SELECT *,
         SUM(CASE WHEN prev_start IS NULL OR win_start - prev_start >= $window_minutes THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, k ORDER BY win_start ROWS UNBOUNDED PRECEDING) AS island
  FROM (SELECT *, LAG(win_start) OVER (PARTITION BY account, k ORDER BY win_start) AS prev_start FROM win) w
),
best AS (
  SELECT account, k, eventname, win_start
  FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY account, k, island
                                     ORDER BY n_regions DESC, n_events DESC, win_start) AS rn
        FROM islands) i
  WHERE rn = 1
),
-- the minutes of each reported window, joined with a second pass over the lake for the evidence
best_minutes AS (
  SELECT account, k, eventname, win_start, unnest(range(win_start, win_start + $window_minutes)) AS m
  FROM best
),
ev AS (
  SELECT
    account,
    region,
    coalesce(useridentity.arn, useridentity.principalid) || ' ' || eventsource || ':' || eventname AS k,
    coalesce(useridentity.arn, useridentity.principalid) AS principal,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventtime,
    to_unixtime(eventtime) / 60 AS m,
    eventsource,
    eventname,
    awsregion,
    eventid,
    errorcode,
    source_uri,
    source_index,
    (starts_with(eventname, 'List') OR starts_with(eventname, 'Describe') OR starts_with(eventname, 'Get'))
      AND coalesce(useridentity.type, '') NOT IN ('AWSService', 'AWSAccount')
      AND useridentity.invokedby IS NULL AS ok
  FROM cloudtrail
),
p AS (
  SELECT ev.*, to_unixtime(ev.eventtime) AS ts,
         ev.source_uri || '#' || CAST(ev.source_index AS VARCHAR) AS ref, bm.win_start
  FROM best_minutes bm
  JOIN ev ON ev.account = bm.account AND ev.eventname = bm.eventname AND ev.k = bm.k AND ev.m = bm.m
  -- the filter is applied after the join so that the few window minutes are the build side
  -- (and prune the scan) rather than every read event
  WHERE ev.ok OR bm.win_start IS NULL
)
SELECT
  min(p.eventtime) AS eventtime,
  p.account AS account,
  first_value(p.region ORDER BY p.eventtime, p.eventid) AS region,
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
FROM p
GROUP BY p.account, p.k, p.win_start
ORDER BY eventtime
