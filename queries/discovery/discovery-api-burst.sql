-- id: discovery-api-burst
-- title: Burst of distinct List/Describe/Get calls by one principal
-- severity: medium
-- tactic: discovery
-- attack: T1580, T1087.004, T1526, T1619
-- tags: recon, threshold, distinct-count, sliding-window
-- description: One principal called at least min_apis different List*, Describe* or Get* APIs,
--   spread over at least min_services services, within window_minutes. Someone holding a fresh
--   key usually maps it first (who am I, which users, roles, buckets, instances in which regions)
--   in a short, scripted run; day-to-day callers repeat a handful of APIs. Denied calls count,
--   since a stolen key often lacks some permissions. The window starts at every minute in which
--   the principal was active (so a burst that straddles a clock boundary is still found);
--   overlapping windows of the same run are reported once, with the busiest window as the
--   evidence. Calls that a service made on the principal's behalf (invokedBy set) are left out.
--   Principals that constantly call many different read APIs (busy automation) stay above the
--   threshold all the time and come out as one long finding each; exclude them by raising
--   min_apis or reviewing them once.
-- response: Ask the key's owner whether the run was theirs. If not, deactivate the access key
--   (or revoke the role's sessions), then follow the same key/IP through the next hours for data
--   access, new identities and logging changes.
-- false_positives: Infrastructure-as-code plans (Terraform, CDK diff), inventory and CSPM
--   scanners, busy automation, and people clicking through many console pages; they come from
--   known IPs, roles and user agents, which the output lists.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html
-- param: window_minutes = 10 ; length of the sliding window in whole minutes
-- param: min_apis = 6 ; distinct read APIs (service and name) within the window
-- param: min_services = 2 ; distinct AWS services within the window
-- param: exclude_apis = GetObject,GetObjectVersion,HeadObject,GetSecretValue,GetParameter,GetParameters,GetParametersByPath,GetMetricData,GetMetricStatistics,GetLogEvents,GetQueryResults,GetItem,GetRecords,GetShardIterator,GetQueueAttributes,GetQueueUrl ; high-volume data-plane reads that say nothing about mapping the account
WITH per_minute AS (
  -- one row per principal, minute and API: the only pass over the lake before the evidence
  SELECT
    account,
    coalesce(useridentity.arn, useridentity.principalid) AS principal,
    to_unixtime(eventtime) / 60 AS m,
    eventsource,
    eventname,
    count(*) AS n
  FROM cloudtrail
  WHERE (starts_with(eventname, 'List') OR starts_with(eventname, 'Describe') OR starts_with(eventname, 'Get'))
    AND NOT array_has(string_to_array($exclude_apis, ','), eventname)
    AND coalesce(useridentity.type, '') NOT IN ('AWSService', 'AWSAccount')
    AND useridentity.invokedby IS NULL
  GROUP BY 1, 2, 3, 4, 5
),
-- Exact sliding windows without a self-join. The window of anchor minute a is [a, a + window).
-- An API seen at minutes t1 < t2 < ... is in the window of every anchor in [t - window + 1, t] for
-- some t, so each run of occurrences less than window_minutes + 1 apart covers one interval of
-- anchors: +1 at its first t - window + 1, -1 after its last t. Same for services, and every
-- call counts +n / -n. Running sums of these deltas per principal give, at each anchor minute,
-- the distinct APIs, distinct services and calls of its window. per_minute is referenced once,
-- so the lake is read once here.
marked AS (
  SELECT account, principal, m, n,
         CASE WHEN api IS NULL THEN 0
              WHEN lag_api_name = eventname AND m - lag_api_m <= $window_minutes THEN 0 ELSE 1 END AS api_start,
         CASE WHEN api IS NULL THEN 0
              WHEN lead_api_name = eventname AND lead_api_m - m <= $window_minutes THEN 0 ELSE 1 END AS api_end,
         CASE WHEN eventsource IS NULL OR lag_svc_m = m THEN 0
              WHEN m - lag_svc_m <= $window_minutes THEN 0 ELSE 1 END AS svc_start,
         CASE WHEN eventsource IS NULL OR lead_svc_m = m THEN 0
              WHEN lead_svc_m - m <= $window_minutes THEN 0 ELSE 1 END AS svc_end,
         CASE WHEN lag_m IS NULL OR lag_m <> m THEN 1 ELSE 0 END AS min_first
  FROM (
    SELECT account, principal, m, n, eventname, eventsource,
           eventsource || ':' || eventname AS api,
           LAG(m) OVER (PARTITION BY account, principal, eventsource ORDER BY eventname, m) AS lag_api_m,
           LAG(eventname) OVER (PARTITION BY account, principal, eventsource ORDER BY eventname, m) AS lag_api_name,
           LEAD(m) OVER (PARTITION BY account, principal, eventsource ORDER BY eventname, m) AS lead_api_m,
           LEAD(eventname) OVER (PARTITION BY account, principal, eventsource ORDER BY eventname, m) AS lead_api_name,
           LAG(m) OVER (PARTITION BY account, principal, eventsource ORDER BY m, eventname) AS lag_svc_m,
           LEAD(m) OVER (PARTITION BY account, principal, eventsource ORDER BY m, eventname) AS lead_svc_m,
           LAG(m) OVER (PARTITION BY account, principal ORDER BY m, eventsource, eventname) AS lag_m
    FROM per_minute
  ) w
),
deltas AS (
  SELECT account, principal, d['pos'] AS pos, d['kind'] AS kind,
         sum(d['d_api']) AS d_api, sum(d['d_svc']) AS d_svc, sum(d['d_n']) AS d_n
  FROM (
    SELECT account, principal,
           unnest(CASE WHEN min_first = 1
             THEN make_array(named_struct('pos', m - $window_minutes + 1, 'kind', 0, 'd_api', api_start, 'd_svc', svc_start, 'd_n', n),
                             named_struct('pos', m + 1, 'kind', 0, 'd_api', -api_end, 'd_svc', -svc_end, 'd_n', -n),
                             named_struct('pos', m, 'kind', 1, 'd_api', 0, 'd_svc', 0, 'd_n', 0))
             ELSE make_array(named_struct('pos', m - $window_minutes + 1, 'kind', 0, 'd_api', api_start, 'd_svc', svc_start, 'd_n', n),
                             named_struct('pos', m + 1, 'kind', 0, 'd_api', -api_end, 'd_svc', -svc_end, 'd_n', -n)) END) AS d
    FROM marked
  ) x
  GROUP BY account, principal, d['pos'], d['kind']
),
swept AS (
  SELECT account, principal, pos, kind,
         SUM(d_api) OVER (PARTITION BY account, principal ORDER BY pos, kind ROWS UNBOUNDED PRECEDING) AS n_apis,
         SUM(d_svc) OVER (PARTITION BY account, principal ORDER BY pos, kind ROWS UNBOUNDED PRECEDING) AS n_services,
         SUM(d_n) OVER (PARTITION BY account, principal ORDER BY pos, kind ROWS UNBOUNDED PRECEDING) AS n_events
  FROM deltas
),
win AS (
  SELECT account, principal, pos AS win_start, n_apis, n_events
  FROM swept
  WHERE kind = 1 AND n_apis >= $min_apis AND n_services >= $min_services
),
islands AS (
  SELECT *,
         SUM(CASE WHEN prev_start IS NULL OR win_start - prev_start >= $window_minutes THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, principal ORDER BY win_start ROWS UNBOUNDED PRECEDING) AS island
  FROM (
    SELECT *, LAG(win_start) OVER (PARTITION BY account, principal ORDER BY win_start) AS prev_start
    FROM win
  ) w
),
best AS (
  SELECT account, principal, win_start
  FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY account, principal, island
                                 ORDER BY n_apis DESC, n_events DESC, win_start) AS rn
    FROM islands
  ) i
  WHERE rn = 1
),
-- second pass over the lake, for the evidence of the reported windows only
ev AS (
  SELECT
    account,
    region,
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
      AND NOT array_has(string_to_array($exclude_apis, ','), eventname)
      AND coalesce(useridentity.type, '') NOT IN ('AWSService', 'AWSAccount')
      AND useridentity.invokedby IS NULL AS ok
  FROM cloudtrail
),
-- the minutes of each reported window, as the (small) build side of the join with the events
best_minutes AS (
  SELECT account, principal, win_start, unnest(range(win_start, win_start + $window_minutes)) AS m
  FROM best
),
evidence AS (
  SELECT ev.*, to_unixtime(ev.eventtime) AS ts, ev.eventsource || ':' || ev.eventname AS api,
         ev.source_uri || '#' || CAST(ev.source_index AS VARCHAR) AS ref, bm.win_start
  FROM best_minutes bm
  JOIN ev ON ev.account = bm.account AND ev.m = bm.m
  -- the principal and the filter are applied after the join, so that the few window minutes are
  -- the build side of the join and prune the scan by time, rather than every read event
  WHERE (ev.ok AND ev.principal = bm.principal) OR bm.win_start IS NULL
)
SELECT
  min(p.eventtime) AS eventtime,
  p.account AS account,
  first_value(p.region ORDER BY p.eventtime, p.eventid) AS region,
  p.principal AS principal,
  array_to_string(array_sort(array_agg(DISTINCT p.accesskeyid)), ',') AS accesskeyid,
  array_to_string(array_sort(array_agg(DISTINCT p.sourceipaddress)), ',') AS sourceipaddress,
  array_to_string(array_sort(array_agg(DISTINCT p.useragent)), ',') AS useragent,
  array_to_string(array_sort(array_agg(DISTINCT p.eventname)), ',') AS eventname,
  string_agg(p.eventid, ',' ORDER BY p.eventtime, p.eventid) AS eventids,
  string_agg(p.ref, ',' ORDER BY p.eventtime, p.eventid) AS evidence,
  CAST(count(DISTINCT p.api) AS VARCHAR) || ' distinct read APIs over '
    || CAST(count(DISTINCT p.eventsource) AS VARCHAR) || ' services and '
    || CAST(count(DISTINCT p.awsregion) AS VARCHAR) || ' regions in '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s ('
    || CAST(count(*) AS VARCHAR) || ' calls, '
    || CAST(count(p.errorcode) AS VARCHAR) || ' failed); regions='
    || array_to_string(array_sort(array_agg(DISTINCT p.awsregion)), ',') AS details
FROM evidence p
GROUP BY p.account, p.principal, p.win_start
ORDER BY eventtime
