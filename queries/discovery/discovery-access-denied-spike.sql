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
WITH calls AS (
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
    eventid,
    errorcode,
    (errorcode LIKE '%AccessDenied%' OR errorcode LIKE '%Unauthorized%'
     OR errorcode IN ('AuthorizationError', 'Forbidden', 'ForbiddenException', 'AuthFailure')) AS denied,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE coalesce(useridentity.type, '') NOT IN ('AWSService', 'AWSAccount')
),
-- one row per principal, minute and API: all calls (for the ratio) and the denied ones
per_minute AS (
  SELECT account, principal, m, b, api,
         count(*) AS n,
         count(CASE WHEN denied THEN 1 END) AS n_denied
  FROM calls
  GROUP BY account, principal, m, b, api
),
anchors AS (
  SELECT DISTINCT account, principal, m, b FROM per_minute WHERE n_denied > 0
),
partners AS (
  SELECT account, principal, m, api, n, n_denied, b AS jb FROM per_minute
  UNION ALL
  SELECT account, principal, m, api, n, n_denied, b - 1 AS jb FROM per_minute
),
win AS (
  SELECT a.account, a.principal, a.m AS win_start, a.b,
         sum(p.n_denied) AS n_denied,
         sum(p.n) AS n_calls,
         count(DISTINCT CASE WHEN p.n_denied > 0 THEN p.api END) AS n_apis
  FROM anchors a
  JOIN partners p ON p.account = a.account AND p.principal = a.principal AND p.jb = a.b
  WHERE p.m >= a.m AND p.m < a.m + $window_minutes
  GROUP BY a.account, a.principal, a.m, a.b
  HAVING sum(p.n_denied) >= $min_denied
     AND count(DISTINCT CASE WHEN p.n_denied > 0 THEN p.api END) >= $min_apis
     AND 100 * sum(p.n_denied) >= $min_denied_percent * sum(p.n)
),
islands AS (
  SELECT *,
         SUM(CASE WHEN prev_start IS NULL OR win_start - prev_start >= $window_minutes THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, principal ORDER BY win_start ROWS UNBOUNDED PRECEDING) AS island
  FROM (SELECT *, LAG(win_start) OVER (PARTITION BY account, principal ORDER BY win_start) AS prev_start FROM win) w
),
best AS (
  SELECT account, principal, win_start, b, n_calls
  FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY account, principal, island
                                     ORDER BY n_denied DESC, n_apis DESC, win_start) AS rn
        FROM islands) i
  WHERE rn = 1
),
evidence AS (
  SELECT c.*, b AS jb FROM calls c WHERE denied
  UNION ALL
  SELECT c.*, b - 1 AS jb FROM calls c WHERE denied
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
  CAST(count(*) AS VARCHAR) || ' denied calls on '
    || CAST(count(DISTINCT p.api) AS VARCHAR) || ' APIs of '
    || CAST(count(DISTINCT p.eventsource) AS VARCHAR) || ' services within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s ('
    || CAST(CAST(100 * count(*) / best.n_calls AS BIGINT) AS VARCHAR) || '% of '
    || CAST(best.n_calls AS VARCHAR) || ' calls in the window); errors='
    || array_to_string(array_sort(array_agg(DISTINCT p.errorcode)), ',') AS details
FROM best
JOIN evidence p ON p.account = best.account AND p.principal = best.principal AND p.jb = best.b
WHERE p.m >= best.win_start AND p.m < best.win_start + $window_minutes
GROUP BY best.account, best.principal, best.win_start, best.n_calls
ORDER BY eventtime
