-- id: discovery-access-denied-spike
-- title: Spike of access-denied errors for one principal
-- severity: medium
-- tactic: discovery
-- attack: T1580, T1087.004
-- tags: recon, denied, threshold, distinct-count, sliding-window
-- description: One principal collected at least min_denied authorization failures (AccessDenied,
--   UnauthorizedOperation, AuthorizationError and similar) on at least min_apis different APIs
--   within window_minutes. A stolen key is usually tried against far more than its owner's job
--   needs, and enumeration tools such as Pacu, enumerate-iam and ScoutSuite walk through
--   hundreds of APIs to learn what is allowed; both leave a trail of denials across many calls.
--   The failures must also be at least min_denied_percent of all the principal's calls in the
--   window, so that a busy principal with a steady trickle of unrelated denials is not
--   reported; the window starts at every minute with a denied call.
-- response: Compare the denied APIs with the principal's role. If they do not fit, treat the key
--   as compromised: deactivate it, and check which calls in the same window succeeded.
-- false_positives: A policy change that removed permissions from a busy role, or a new
--   deployment missing permissions; those repeat the same few APIs rather than many.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
-- param: window_minutes = 15 ; length of the sliding window in whole minutes
-- param: min_denied = 10 ; authorization failures within the window
-- param: min_apis = 3 ; distinct APIs among the failures
-- param: min_denied_percent = 20 ; share of the principal's calls in the window that were denied, in percent
WITH per_minute AS (
  -- one row per principal, minute and denied API, plus one per principal and minute for the
  -- calls that were not denied (they only count towards the ratio): the only pass over the lake
  SELECT
    account,
    coalesce(useridentity.arn, useridentity.principalid) AS principal,
    to_unixtime(eventtime) / 60 AS m,
    CASE WHEN denied THEN eventsource END AS eventsource,
    CASE WHEN denied THEN eventname END AS eventname,
    count(*) AS n,
    count(CASE WHEN denied THEN 1 END) AS n_denied
  FROM (
    SELECT account, useridentity, eventtime, eventsource, eventname,
           (errorcode LIKE '%AccessDenied%' OR errorcode LIKE '%Unauthorized%'
          OR errorcode IN ('AuthorizationError', 'Forbidden', 'ForbiddenException', 'AuthFailure')) AS denied
    FROM cloudtrail
    WHERE coalesce(useridentity.type, '') NOT IN ('AWSService', 'AWSAccount')
  ) c
  GROUP BY 1, 2, 3, 4, 5
),
-- Exact sliding windows without a self-join. The window of anchor minute a is [a, a + window).
-- An API denied at minutes t1 < t2 < ... is in the window of every anchor in [t - window + 1, t]
-- for some t, so each run of denials less than window_minutes + 1 apart covers one interval of
-- anchors: +1 at its first t - window + 1, -1 after its last t. Every call counts +n / -n (and
-- +n_denied / -n_denied). Running sums of these deltas per principal give, at each anchor
-- minute, the denied calls, all calls and distinct denied APIs of its window.
marked AS (
  SELECT account, principal, m, n, n_denied,
         CASE WHEN n_denied = 0 OR api IS NULL THEN 0
              WHEN lag_name = eventname AND m - lag_m <= $window_minutes THEN 0 ELSE 1 END AS api_start,
         CASE WHEN n_denied = 0 OR api IS NULL THEN 0
              WHEN lead_name = eventname AND lead_m - m <= $window_minutes THEN 0 ELSE 1 END AS api_end
  FROM (
    SELECT account, principal, m, n, n_denied, eventname,
           eventsource || ':' || eventname AS api,
           LAG(m) OVER (PARTITION BY account, principal, eventsource, n_denied > 0 ORDER BY eventname, m) AS lag_m,
           LAG(eventname) OVER (PARTITION BY account, principal, eventsource, n_denied > 0 ORDER BY eventname, m) AS lag_name,
           LEAD(m) OVER (PARTITION BY account, principal, eventsource, n_denied > 0 ORDER BY eventname, m) AS lead_m,
           LEAD(eventname) OVER (PARTITION BY account, principal, eventsource, n_denied > 0 ORDER BY eventname, m) AS lead_name
    FROM per_minute
  ) w
),
deltas AS (
  SELECT account, principal, d['pos'] AS pos, d['kind'] AS kind,
         sum(d['d_api']) AS d_api, sum(d['d_denied']) AS d_denied, sum(d['d_n']) AS d_n
  FROM (
    SELECT account, principal,
           -- anchors (kind 1): every minute with a denied call
           unnest(CASE WHEN n_denied > 0
             THEN make_array(named_struct('pos', m - $window_minutes + 1, 'kind', 0, 'd_api', api_start, 'd_denied', n_denied, 'd_n', n),
                             named_struct('pos', m + 1, 'kind', 0, 'd_api', -api_end, 'd_denied', -n_denied, 'd_n', -n),
                             named_struct('pos', m, 'kind', 1, 'd_api', 0, 'd_denied', 0, 'd_n', 0))
             ELSE make_array(named_struct('pos', m - $window_minutes + 1, 'kind', 0, 'd_api', api_start, 'd_denied', n_denied, 'd_n', n),
                             named_struct('pos', m + 1, 'kind', 0, 'd_api', -api_end, 'd_denied', -n_denied, 'd_n', -n)) END) AS d
    FROM marked
  ) x
  GROUP BY account, principal, d['pos'], d['kind']
),
swept AS (
  SELECT account, principal, pos, kind,
         SUM(d_api) OVER (PARTITION BY account, principal ORDER BY pos, kind ROWS UNBOUNDED PRECEDING) AS n_apis,
         SUM(d_denied) OVER (PARTITION BY account, principal ORDER BY pos, kind ROWS UNBOUNDED PRECEDING) AS n_denied,
         SUM(d_n) OVER (PARTITION BY account, principal ORDER BY pos, kind ROWS UNBOUNDED PRECEDING) AS n_calls
  FROM deltas
),
win AS (
  SELECT account, principal, pos AS win_start, n_denied, n_calls, n_apis
  FROM swept
  WHERE kind = 1
    AND n_denied >= $min_denied
    AND n_apis >= $min_apis
    AND 100 * n_denied >= $min_denied_percent * n_calls
),
islands AS (
  SELECT *,
         SUM(CASE WHEN prev_start IS NULL OR win_start - prev_start >= $window_minutes THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, principal ORDER BY win_start ROWS UNBOUNDED PRECEDING) AS island
  FROM (SELECT *, LAG(win_start) OVER (PARTITION BY account, principal ORDER BY win_start) AS prev_start FROM win) w
),
best AS (
  SELECT account, principal, win_start, n_calls
  FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY account, principal, island
                                     ORDER BY n_denied DESC, n_apis DESC, win_start) AS rn
        FROM islands) i
  WHERE rn = 1
),
-- the minutes of each reported window, as the (small) build side of the join with the events
best_minutes AS (
  SELECT account, principal, win_start, n_calls, unnest(range(win_start, win_start + $window_minutes)) AS m
  FROM best
),
-- second pass over the lake, for the denied calls of the reported windows
calls AS (
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
    eventid,
    errorcode,
    source_uri,
    source_index,
    coalesce(useridentity.type, '') NOT IN ('AWSService', 'AWSAccount')
      AND (errorcode LIKE '%AccessDenied%' OR errorcode LIKE '%Unauthorized%'
       OR errorcode IN ('AuthorizationError', 'Forbidden', 'ForbiddenException', 'AuthFailure')) AS ok
  FROM cloudtrail
),
p AS (
  SELECT c.*, to_unixtime(c.eventtime) AS ts, c.eventsource || ':' || c.eventname AS api,
         c.source_uri || '#' || CAST(c.source_index AS VARCHAR) AS ref, bm.win_start, bm.n_calls
  FROM best_minutes bm
  JOIN calls c ON c.account = bm.account AND c.principal = bm.principal AND c.m = bm.m
  -- the filter is applied after the join, so that the few window minutes are the build side of
  -- the join and prune the scan, rather than every denied call
  WHERE c.ok OR bm.win_start IS NULL
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
  CAST(count(*) AS VARCHAR) || ' denied calls on '
    || CAST(count(DISTINCT p.api) AS VARCHAR) || ' APIs of '
    || CAST(count(DISTINCT p.eventsource) AS VARCHAR) || ' services within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s ('
    || CAST(CAST(100 * count(*) / p.n_calls AS BIGINT) AS VARCHAR) || '% of '
    || CAST(p.n_calls AS VARCHAR) || ' calls in the window); errors='
    || array_to_string(array_sort(array_agg(DISTINCT p.errorcode)), ',') AS details
FROM p
GROUP BY p.account, p.principal, p.win_start, p.n_calls
ORDER BY eventtime
