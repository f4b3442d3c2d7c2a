-- id: s3-bucket-posture-sweep
-- title: Access settings of many S3 buckets read by one principal
-- severity: medium
-- tactic: discovery
-- attack: T1619
-- tags: s3, recon, threshold, distinct-count, sliding-window
-- description: One principal read the access-control settings (policy, ACL, public access block,
--   policy status, ownership controls, website, CORS, logging, versioning, encryption) of at
--   least min_buckets different buckets within window_minutes. Mapping which buckets are public,
--   unencrypted or unlogged is how an intruder picks a bucket to read or open up; ListBuckets
--   calls in the same window are shown with the evidence. Calls by AWS services and
--   service-linked roles (Config, Access Analyzer, Macie) are left out; denied calls count.
-- response: Check whether the caller is a known scanner or administrator. If not, revoke the
--   credentials and look for GetObject, PutBucketPolicy or PutBucketAcl on the listed buckets.
-- false_positives: The S3 console's bucket list (it reads the access status of each bucket it
--   shows), CSPM tools such as Prowler or ScoutSuite, and Terraform refreshes of many buckets.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicyStatus.html
-- param: window_minutes = 30 ; length of the sliding window in minutes
-- param: min_buckets = 5 ; distinct buckets whose settings were read within the window
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
    CASE WHEN eventname <> 'ListBuckets' THEN json_extract_scalar(requestparameters, '$.bucketName') END AS item,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource = 's3.amazonaws.com'
    AND eventname IN ('ListBuckets', 'GetBucketPolicy', 'GetBucketAcl', 'GetBucketPublicAccessBlock',
                      'GetBucketPolicyStatus', 'GetBucketOwnershipControls', 'GetBucketWebsite', 'GetBucketCors',
                      'GetBucketLogging', 'GetBucketVersioning', 'GetBucketEncryption')
    AND coalesce(useridentity.type, '') NOT IN ('AWSService', 'AWSAccount')
    AND useridentity.invokedby IS NULL
    AND coalesce(useridentity.sessioncontext.sessionissuer.arn, '') NOT LIKE '%:role/aws-service-role/%'
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
  SELECT *, is_anchor = 1 AND n_items >= $min_buckets AS q FROM swept
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
  CAST(count(DISTINCT p.item) AS VARCHAR) || ' buckets checked with '
    || CAST(count(DISTINCT CASE WHEN p.eventname <> 'ListBuckets' THEN p.eventname END) AS VARCHAR) || ' setting APIs within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s ('
    || CAST(count(*) AS VARCHAR) || ' calls, '
    || CAST(count(p.errorcode) AS VARCHAR) || ' failed); buckets='
    || array_to_string(array_slice(array_sort(array_agg(DISTINCT p.item)), 1, 25), ',') AS details
FROM p
GROUP BY p.account, p.principal, p.win_start
ORDER BY eventtime
