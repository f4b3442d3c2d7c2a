-- id: access-key-many-source-ips
-- title: One access key used from many addresses in a short time
-- severity: medium
-- tactic: initial-access
-- attack: T1078.004
-- tags: access-key, distinct-count, threshold
-- description: A long-term access key (AKIA…) called AWS from at least `min_ips` distinct
--   addresses within `window_minutes`. One person or one pipeline rarely moves that fast; a key
--   that leaked to a paste site or a public repository is typically tried by several scanners and
--   botnets at once. Windows slide minute by minute and overlapping ones are merged into a single
--   row, which lists the first event from each address.
-- response: Find the addresses you do not recognise, deactivate the key if any of them is foreign,
--   and review every call made from them.
-- false_positives: Keys shared by a fleet behind many egress addresses, or used by a CI service
--   with a large pool of runners; raise min_ips for those keys' owners or rotate them to roles.
-- references: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
-- param: min_ips = 5 ; distinct source addresses needed within the window
-- param: window_minutes = 60 ; length of the sliding window in minutes
WITH keyed AS (
  SELECT
    eventtime,
    account,
    region,
    useridentity.arn AS principal,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventname,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE useridentity.accesskeyid LIKE 'AKIA%'
    AND (regexp_like(sourceipaddress, '^[0-9]{1,3}(\.[0-9]{1,3}){3}$') OR strpos(sourceipaddress, ':') > 0)
),
points AS (
  SELECT
    account,
    accesskeyid,
    sourceipaddress,
    date_trunc('minute', eventtime) AS m,
    min(eventtime) AS t,
    count(*) AS calls,
    first_value(eventid ORDER BY eventtime) AS eventid,
    first_value(ref ORDER BY eventtime) AS ref,
    first_value(region ORDER BY eventtime) AS region,
    first_value(principal ORDER BY eventtime) AS principal,
    first_value(useragent ORDER BY eventtime) AS useragent,
    first_value(eventname ORDER BY eventtime) AS eventname,
    CAST(to_unixtime(date_trunc('minute', eventtime)) / ($window_minutes * 60) AS BIGINT) AS bucket
  FROM keyed
  GROUP BY account, accesskeyid, sourceipaddress, date_trunc('minute', eventtime)
),
-- Cheap pre-filter: any window of window_minutes lies inside one bucket of width 2*window_minutes
-- on one of two grids offset by window_minutes, so only keys and buckets with enough distinct
-- addresses on either grid can hold a finding; the exact sliding check runs on those points only.
grid AS (
  SELECT *,
    CAST(to_unixtime(m) / ($window_minutes * 120) AS BIGINT) AS g0,
    CAST((to_unixtime(m) + $window_minutes * 60) / ($window_minutes * 120) AS BIGINT) AS g1
  FROM points
),
cand0 AS (
  SELECT account, accesskeyid, g0 FROM grid
  GROUP BY account, accesskeyid, g0
  HAVING count(DISTINCT sourceipaddress) >= $min_ips
),
cand1 AS (
  SELECT account, accesskeyid, g1 FROM grid
  GROUP BY account, accesskeyid, g1
  HAVING count(DISTINCT sourceipaddress) >= $min_ips
),
cpoints AS (
  SELECT p.account, p.accesskeyid, p.sourceipaddress, p.m, p.bucket
  FROM grid p
  LEFT JOIN cand0 c0 ON c0.account = p.account AND c0.accesskeyid = p.accesskeyid AND c0.g0 = p.g0
  LEFT JOIN cand1 c1 ON c1.account = p.account AND c1.accesskeyid = p.accesskeyid AND c1.g1 = p.g1
  WHERE c0.g0 IS NOT NULL OR c1.g1 IS NOT NULL
),
-- each point is also filed under the previous bucket, so that an equality join on the bucket
-- pairs every point with all points of the same and the following window-sized bucket (which is
-- all a window starting at it can reach) without a quadratic join over the key's whole history
shifted AS (
  SELECT account, accesskeyid, sourceipaddress, m, bucket AS jb FROM cpoints
  UNION ALL
  SELECT account, accesskeyid, sourceipaddress, m, bucket - 1 AS jb FROM cpoints
),
starts AS (
  SELECT a.account, a.accesskeyid, a.m
  FROM cpoints a
  JOIN shifted b
    ON a.account = b.account AND a.accesskeyid = b.accesskeyid AND a.bucket = b.jb
   AND b.m >= a.m
   AND b.m < date_add('minute', $window_minutes, a.m)
  GROUP BY a.account, a.accesskeyid, a.m
  HAVING count(DISTINCT b.sourceipaddress) >= $min_ips
),
marked AS (
  SELECT account, accesskeyid, m,
    CASE WHEN LAG(m) OVER (PARTITION BY account, accesskeyid ORDER BY m) IS NULL
           OR date_diff('second', LAG(m) OVER (PARTITION BY account, accesskeyid ORDER BY m), m)
              >= $window_minutes * 60
         THEN 1 ELSE 0 END AS new_burst
  FROM starts
),
numbered AS (
  SELECT account, accesskeyid, m,
    sum(new_burst) OVER (PARTITION BY account, accesskeyid ORDER BY m
                         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS burst
  FROM marked
),
bursts AS (
  SELECT account, accesskeyid, burst, min(m) AS first_start, max(m) AS last_start
  FROM numbered
  GROUP BY account, accesskeyid, burst
),
per_ip AS (
  SELECT
    b.account, b.accesskeyid, b.burst, p.sourceipaddress,
    min(p.t) AS t,
    sum(p.calls) AS calls,
    first_value(p.eventid ORDER BY p.t) AS eventid,
    first_value(p.ref ORDER BY p.t) AS ref,
    first_value(p.region ORDER BY p.t) AS region,
    first_value(p.principal ORDER BY p.t) AS principal,
    first_value(p.useragent ORDER BY p.t) AS useragent,
    first_value(p.eventname ORDER BY p.t) AS eventname
  FROM bursts b
  JOIN points p
    ON p.account = b.account AND p.accesskeyid = b.accesskeyid
   AND p.m >= b.first_start
   AND p.m < date_add('minute', $window_minutes, b.last_start)
  GROUP BY b.account, b.accesskeyid, b.burst, p.sourceipaddress
)
SELECT
  min(t) AS eventtime,
  account,
  first_value(region ORDER BY t) AS region,
  first_value(principal ORDER BY t) AS principal,
  accesskeyid,
  first_value(sourceipaddress ORDER BY t) AS sourceipaddress,
  first_value(useragent ORDER BY t) AS useragent,
  array_to_string(array_sort(array_agg(DISTINCT eventname)), ',') AS eventname,
  string_agg(eventid, ',' ORDER BY t) AS eventids,
  string_agg(ref, ',' ORDER BY t) AS evidence,
  'key ' || accesskeyid || ' used from ' || CAST(count(*) AS VARCHAR) || ' addresses ('
    || string_agg(sourceipaddress, ',' ORDER BY t) || ') with ' || CAST(sum(calls) AS VARCHAR)
    || ' calls between ' || CAST(min(t) AS VARCHAR) || ' and ' || CAST(max(t) AS VARCHAR)
    || '; ' || CAST(count(DISTINCT useragent) AS VARCHAR) || ' user agent(s)' AS details
FROM per_ip
GROUP BY account, accesskeyid, burst
ORDER BY eventtime
