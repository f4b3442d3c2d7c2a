-- id: instance-role-recon
-- title: EC2 instance role used for account reconnaissance
-- severity: high
-- tactic: discovery
-- attack: T1580, T1087.004, T1552.005
-- tags: ec2, instance-profile, recon, distinct-count, sliding-window
-- description: A role session issued to an EC2 instance (session name is the instance id, or the
--   session carries ec2RoleDelivery) called at least min_apis different account-level discovery
--   APIs within window_minutes: IAM List*/GetAccount*/credential report, S3 ListBuckets,
--   CloudTrail, GuardDuty, Security Hub and Organizations reads, Secrets Manager ListSecrets, SSM
--   DescribeParameters. Applications on an instance use their own resources; enumerating the
--   account from instance credentials is what happens after the instance (or its metadata
--   service, e.g. through SSRF) is compromised. Denied calls count, since instance roles are
--   usually narrow.
-- response: Isolate the instance (security group with no rules, snapshot the volumes), revoke the
--   role's active sessions, and check where else the same session key was used, especially from
--   outside AWS.
-- false_positives: Instances that run administration or inventory tooling (bastion, CI runner,
--   security scanner) with broad roles; list them by role name.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html
-- param: window_minutes = 60 ; length of the sliding window in minutes
-- param: min_apis = 3 ; distinct discovery APIs within the window
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
    eventsource,
    eventname,
    awsregion,
    eventid,
    errorcode,
    eventsource || ':' || eventname AS item,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource IN ('iam.amazonaws.com', 's3.amazonaws.com', 'cloudtrail.amazonaws.com', 'guardduty.amazonaws.com',
                    'securityhub.amazonaws.com', 'organizations.amazonaws.com', 'secretsmanager.amazonaws.com',
                    'ssm.amazonaws.com')
    AND useridentity.type = 'AssumedRole'
    AND (regexp_like(useridentity.arn, ':assumed-role/[^/]+/i-[0-9a-f]{8,17}$')
         OR useridentity.sessioncontext.ec2roledelivery IS NOT NULL)
    AND ((eventsource = 'iam.amazonaws.com'
          AND (starts_with(eventname, 'List') OR starts_with(eventname, 'GetAccount')
               OR eventname IN ('GetCredentialReport', 'GenerateCredentialReport', 'GetPolicyVersion',
                                'GetRolePolicy', 'GetUserPolicy', 'GetGroupPolicy')))
      OR (eventsource = 's3.amazonaws.com' AND eventname = 'ListBuckets')
      OR (eventsource = 'cloudtrail.amazonaws.com'
          AND (starts_with(eventname, 'Describe') OR starts_with(eventname, 'Get')
               OR starts_with(eventname, 'List') OR eventname = 'LookupEvents'))
      OR (eventsource IN ('guardduty.amazonaws.com', 'securityhub.amazonaws.com', 'organizations.amazonaws.com')
          AND (starts_with(eventname, 'List') OR starts_with(eventname, 'Get') OR starts_with(eventname, 'Describe')))
      OR (eventsource = 'secretsmanager.amazonaws.com' AND eventname = 'ListSecrets')
      OR (eventsource = 'ssm.amazonaws.com' AND eventname = 'DescribeParameters'))
),
-- Everything below works on this one (small) set of events, with window functions only, so the
-- lake is read once and there is no self-join.
-- Exact sliding windows: the window of an anchor (each second with a call) a is
-- [a, a + window_minutes * 60). An item seen at t1 <= t2 <= ... is in the window of every anchor in
-- [t - window + 1, t] for some t, so each run of occurrences at most one window apart covers one
-- interval of anchors: +1 at its first t - window + 1, -1 after its last t; every call counts
-- +1 / -1. Running sums of these deltas per principal give, at each anchor, the distinct items
-- and the calls of its window.
marked AS (
  SELECT *,
         CASE WHEN item IS NULL THEN 0
              WHEN lag_item = item AND ts - lag_ts <= $window_minutes * 60 THEN 0 ELSE 1 END AS i_start,
         CASE WHEN item IS NULL THEN 0
              WHEN lead_item = item AND lead_ts - ts <= $window_minutes * 60 THEN 0 ELSE 1 END AS i_end,
         CASE WHEN lag_any IS NULL OR lag_any <> ts THEN 1 ELSE 0 END AS is_anchor
  FROM (
    SELECT *,
           LAG(ts) OVER (PARTITION BY account, principal ORDER BY item, ts, eventid) AS lag_ts,
           LAG(item) OVER (PARTITION BY account, principal ORDER BY item, ts, eventid) AS lag_item,
           LEAD(ts) OVER (PARTITION BY account, principal ORDER BY item, ts, eventid) AS lead_ts,
           LEAD(item) OVER (PARTITION BY account, principal ORDER BY item, ts, eventid) AS lead_item,
           LAG(ts) OVER (PARTITION BY account, principal ORDER BY ts, eventid) AS lag_any
    FROM ev
  ) w
),
-- the events themselves (kind 1, with their details) and their deltas (kind 0) in one stream
stream AS (
  SELECT account, principal, is_anchor, d['pos'] AS pos, d['kind'] AS kind, d['d_i'] AS d_i, d['d_n'] AS d_n,
         region, accesskeyid, sourceipaddress, useragent, eventtime, ts, eventsource, eventname, awsregion,
         eventid, errorcode, item, ref
  FROM (
    SELECT *,
           unnest(make_array(named_struct('pos', ts - $window_minutes * 60 + 1, 'kind', 0, 'd_i', i_start, 'd_n', 1),
                             named_struct('pos', ts + 1, 'kind', 0, 'd_i', -i_end, 'd_n', -1),
                             named_struct('pos', ts, 'kind', 1, 'd_i', 0, 'd_n', 0))) AS d
    FROM marked
  ) x
),
swept AS (
  SELECT * FROM (
    SELECT *,
           SUM(d_i) OVER (PARTITION BY account, principal ORDER BY pos, kind ROWS UNBOUNDED PRECEDING) AS n_items,
           SUM(d_n) OVER (PARTITION BY account, principal ORDER BY pos, kind ROWS UNBOUNDED PRECEDING) AS n_events
    FROM stream
  ) s
  WHERE kind = 1
),
-- qualifying anchors (one row per second), grouped into islands of overlapping windows
qual AS (
  SELECT *, is_anchor = 1 AND n_items >= $min_apis AS q FROM swept
),
islands AS (
  SELECT *,
         SUM(CASE WHEN prev_start IS NULL OR ts - prev_start >= $window_minutes * 60 THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, principal, q ORDER BY ts ROWS UNBOUNDED PRECEDING) AS island
  FROM (SELECT *, LAG(ts) OVER (PARTITION BY account, principal, q ORDER BY ts) AS prev_start FROM qual) w
),
ranked AS (
  SELECT *,
         q AND ROW_NUMBER() OVER (PARTITION BY account, principal, q, island
                                  ORDER BY n_items DESC, n_events DESC, ts) = 1 AS is_best
  FROM islands
),
-- reported windows of one principal are at least a window apart, so each event belongs to the
-- latest reported window start at or before it, if it is within the window
p AS (
  SELECT * FROM (
    SELECT *, MAX(CASE WHEN is_best THEN ts END)
                OVER (PARTITION BY account, principal ORDER BY ts
                      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS win_start
    FROM ranked
  ) r
  WHERE ts < win_start + $window_minutes * 60
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
  CAST(count(DISTINCT p.item) AS VARCHAR) || ' discovery APIs from instance credentials within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s ('
    || CAST(count(*) AS VARCHAR) || ' calls, '
    || CAST(count(p.errorcode) AS VARCHAR) || ' failed); source IPs='
    || array_to_string(array_sort(array_agg(DISTINCT p.sourceipaddress)), ',') AS details
FROM p
GROUP BY p.account, p.principal, p.win_start
ORDER BY eventtime
