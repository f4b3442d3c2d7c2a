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
WITH ev AS (
  SELECT
    account,
    region,
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
    eventsource || ':' || eventname AS api,
    awsregion,
    eventid,
    errorcode,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE (starts_with(eventname, 'List') OR starts_with(eventname, 'Describe') OR starts_with(eventname, 'Get'))
    AND NOT array_has(string_to_array($exclude_apis, ','), eventname)
    AND coalesce(useridentity.type, '') NOT IN ('AWSService', 'AWSAccount')
    AND useridentity.invokedby IS NULL
),
-- one row per principal, minute and API keeps the window join small on busy principals
per_minute AS (
  SELECT account, principal, m, b, api, eventsource, count(*) AS n
  FROM ev
  GROUP BY account, principal, m, b, api, eventsource
),
anchors AS (
  SELECT DISTINCT account, principal, m, b FROM per_minute
),
partners AS (
  SELECT account, principal, m, api, eventsource, n, b AS jb FROM per_minute
  UNION ALL
  SELECT account, principal, m, api, eventsource, n, b - 1 AS jb FROM per_minute
),
win AS (
  SELECT a.account, a.principal, a.m AS win_start, a.b,
         count(DISTINCT p.api) AS n_apis,
         sum(p.n) AS n_events
  FROM anchors a
  JOIN partners p ON p.account = a.account AND p.principal = a.principal AND p.jb = a.b
  WHERE p.m >= a.m AND p.m < a.m + $window_minutes
  GROUP BY a.account, a.principal, a.m, a.b
  HAVING count(DISTINCT p.api) >= $min_apis
     AND count(DISTINCT p.eventsource) >= $min_services
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
  SELECT account, principal, win_start, b
  FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY account, principal, island
                                 ORDER BY n_apis DESC, n_events DESC, win_start) AS rn
    FROM islands
  ) i
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
  best.principal AS principal,
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
FROM best
JOIN evidence p ON p.account = best.account AND p.principal = best.principal AND p.jb = best.b
WHERE p.m >= best.win_start AND p.m < best.win_start + $window_minutes
GROUP BY best.account, best.principal, best.win_start
ORDER BY eventtime
