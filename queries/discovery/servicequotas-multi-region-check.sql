-- id: servicequotas-multi-region-check
-- title: Service quotas checked across many regions
-- severity: medium
-- tactic: discovery
-- attack: T1526, T1580
-- tags: servicequotas, multi-region, llmjacking, cryptomining, distinct-count, sliding-window
-- description: One principal read Service Quotas (GetServiceQuota, ListServiceQuotas and their
--   AWS-default variants) in at least min_regions regions within window_minutes. Before launching
--   miners or abusing Bedrock models, attackers check how many vCPUs, GPU instances or model
--   tokens each region allows them; people look up one quota in the region they work in.
--   Denied calls count.
-- response: Confirm with the principal's owner. If unexplained, revoke the credentials and watch
--   for RunInstances, quota increase requests and Bedrock model access in the listed regions.
-- false_positives: Capacity-planning scripts and cloud-cost tools that survey all regions.
-- references: https://docs.aws.amazon.com/servicequotas/2019-06-24/apireference/API_GetServiceQuota.html
-- param: window_minutes = 10 ; length of the sliding window in minutes
-- param: min_regions = 5 ; distinct regions within the window
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
    json_extract_scalar(requestparameters, '$.serviceCode')
      || coalesce('/' || json_extract_scalar(requestparameters, '$.quotaCode'), '') AS quota,
    awsregion AS item,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource = 'servicequotas.amazonaws.com'
    AND eventname IN ('GetServiceQuota', 'ListServiceQuotas', 'GetAWSDefaultServiceQuota', 'ListAWSDefaultServiceQuotas')
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
  HAVING count(DISTINCT p.item) >= $min_regions
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
  'quotas read in ' || CAST(count(DISTINCT p.item) AS VARCHAR) || ' regions within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s ('
    || CAST(count(*) AS VARCHAR) || ' calls, '
    || CAST(count(p.errorcode) AS VARCHAR) || ' failed); quotas='
    || coalesce(array_to_string(array_sort(array_agg(DISTINCT p.quota)), ','), '?') || '; regions='
    || array_to_string(array_sort(array_agg(DISTINCT p.item)), ',') AS details
FROM best
JOIN partners p ON p.account = best.account AND p.principal = best.principal AND p.jb = best.b
WHERE p.ts >= best.win_start AND p.ts < best.win_start + $window_minutes * 60
GROUP BY best.account, best.principal, best.win_start
ORDER BY eventtime
