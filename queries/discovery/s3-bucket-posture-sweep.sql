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
    to_unixtime(eventtime) / ($window_minutes * 60) AS b,
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
anchors AS (
  SELECT DISTINCT account, principal, ts, b FROM ev
),
partners AS (
  SELECT *, b AS jb FROM ev
  UNION ALL
  SELECT *, b - 1 AS jb FROM ev
),
win AS (
  SELECT a.account, a.principal, a.ts AS win_start, a.b,
         count(DISTINCT p.item) AS n_items, count(*) AS n_events
  FROM anchors a
  JOIN partners p ON p.account = a.account AND p.principal = a.principal AND p.jb = a.b
  WHERE p.ts >= a.ts AND p.ts < a.ts + $window_minutes * 60
  GROUP BY a.account, a.principal, a.ts, a.b
  HAVING count(DISTINCT p.item) >= $min_buckets
),
islands AS (
  SELECT *,
         SUM(CASE WHEN prev_start IS NULL OR win_start - prev_start >= $window_minutes * 60 THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, principal ORDER BY win_start ROWS UNBOUNDED PRECEDING) AS island
  FROM (SELECT *, LAG(win_start) OVER (PARTITION BY account, principal ORDER BY win_start) AS prev_start FROM win) w
),
best AS (
  SELECT account, principal, win_start, b
  FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY account, principal, island
                                     ORDER BY n_items DESC, n_events DESC, win_start) AS rn
        FROM islands) i
  WHERE rn = 1
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
  CAST(count(DISTINCT p.item) AS VARCHAR) || ' buckets checked with '
    || CAST(count(DISTINCT CASE WHEN p.eventname <> 'ListBuckets' THEN p.eventname END) AS VARCHAR) || ' setting APIs within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s ('
    || CAST(count(*) AS VARCHAR) || ' calls, '
    || CAST(count(p.errorcode) AS VARCHAR) || ' failed); buckets='
    || array_to_string(array_slice(array_sort(array_agg(DISTINCT p.item)), 1, 25), ',') AS details
FROM best
JOIN partners p ON p.account = best.account AND p.principal = best.principal AND p.jb = best.b
WHERE p.ts >= best.win_start AND p.ts < best.win_start + $window_minutes * 60
GROUP BY best.account, best.principal, best.win_start
ORDER BY eventtime
