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
WITH
-- How this stays fast: one scan reduced to (key, address, minute) points; everything after is window
--   functions over those points in a single pipeline; event details are read only for the first
--   event of each address of a burst.
points AS (
  SELECT
    account,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    date_trunc('minute', eventtime) AS m,
    min(eventtime) AS t,
    count(*) AS calls
  FROM cloudtrail
  WHERE useridentity.accesskeyid LIKE 'AKIA%'
    AND (regexp_like(sourceipaddress, '^[0-9]{1,3}(\.[0-9]{1,3}){3}$') OR strpos(sourceipaddress, ':') > 0)
  GROUP BY account, useridentity.accesskeyid, sourceipaddress, date_trunc('minute', eventtime)
),
-- Cheap pre-filter: any window of window_minutes lies inside one bucket of width 2*window_minutes
-- on one of two grids offset by window_minutes, so only buckets with enough distinct addresses on
-- either grid can hold a finding (and every point of a burst lies in such a bucket).
grid AS (
  SELECT *,
    CAST(to_unixtime(m) / ($window_minutes * 120) AS BIGINT) AS g0,
    CAST((to_unixtime(m) + $window_minutes * 60) / ($window_minutes * 120) AS BIGINT) AS g1,
    CAST(to_unixtime(m) / 60 AS BIGINT) AS mi
  FROM points
),
ranked AS (
  SELECT *,
    dense_rank() OVER (PARTITION BY account, accesskeyid, g0 ORDER BY sourceipaddress) AS r0,
    dense_rank() OVER (PARTITION BY account, accesskeyid, g1 ORDER BY sourceipaddress) AS r1
  FROM grid
),
counted AS (
  SELECT *,
    max(r0) OVER (PARTITION BY account, accesskeyid, g0) AS c0,
    max(r1) OVER (PARTITION BY account, accesskeyid, g1) AS c1
  FROM ranked
),
cpoints AS (
  SELECT * FROM counted WHERE c0 >= $min_ips OR c1 >= $min_ips
),
-- a minute starts a window when the addresses seen from it until window_minutes later are enough
starts AS (
  SELECT *,
    cardinality(array_distinct(array_agg(sourceipaddress) OVER (
      PARTITION BY account, accesskeyid
      ORDER BY CAST(mi AS DOUBLE) / CAST($window_minutes * 1 AS DOUBLE)
      RANGE BETWEEN CURRENT ROW AND 0.9999999 FOLLOWING))) >= $min_ips AS is_start
  FROM cpoints
),
-- latest start at or before each minute, and the latest start strictly before it
prev_starts AS (
  SELECT *,
    max(CASE WHEN is_start THEN mi END) OVER (PARTITION BY account, accesskeyid ORDER BY mi
      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS last_start,
    max(CASE WHEN is_start THEN mi END) OVER (PARTITION BY account, accesskeyid ORDER BY mi
      RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_start
  FROM starts
),
-- starts closer than window_minutes to the previous start continue its burst
numbered AS (
  SELECT *,
    sum(CASE WHEN is_start AND (before_start IS NULL OR mi - before_start >= $window_minutes * 1) THEN 1 ELSE 0 END)
      OVER (PARTITION BY account, accesskeyid ORDER BY mi
            RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS burst
  FROM prev_starts
),
ip_first AS (
  SELECT account, accesskeyid, burst, sourceipaddress, min(t) AS t, sum(calls) AS calls
  FROM numbered
  WHERE last_start IS NOT NULL AND mi - last_start < $window_minutes * 1
  GROUP BY account, accesskeyid, burst, sourceipaddress
),
-- details of the first event from each address, looked up only for these few rows
per_ip AS (
  SELECT
    f.account, f.accesskeyid, f.burst, f.sourceipaddress, f.t, f.calls,
    first_value(e.eventid ORDER BY e.eventid) AS eventid,
    first_value(e.source_uri || '#' || CAST(e.source_index AS VARCHAR) ORDER BY e.eventid) AS ref,
    first_value(e.region ORDER BY e.eventid) AS region,
    first_value(e.useridentity.arn ORDER BY e.eventid) AS principal,
    first_value(e.useragent ORDER BY e.eventid) AS useragent,
    first_value(e.eventname ORDER BY e.eventid) AS eventname
  FROM ip_first f
  JOIN cloudtrail e
    ON e.account = f.account AND e.useridentity.accesskeyid = f.accesskeyid
   AND e.sourceipaddress = f.sourceipaddress AND e.eventtime = f.t
  GROUP BY f.account, f.accesskeyid, f.burst, f.sourceipaddress, f.t, f.calls
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
