-- id: bedrock-model-recon
-- title: Bedrock model availability or logging checked across regions
-- severity: medium
-- tactic: discovery
-- attack: T1526
-- tags: bedrock, llmjacking, multi-region, distinct-count, sliding-window
-- description: One principal called Bedrock discovery APIs (ListFoundationModels,
--   GetFoundationModel(Availability), GetModelInvocationLoggingConfiguration,
--   ListFoundationModelAgreementOffers, GetUseCaseForModelAccess, ListInferenceProfiles,
--   ListCustomModels) in at least min_regions regions within window_minutes. LLMjacking
--   operations check, region by region, which models a stolen key can reach and whether prompt
--   logging is on before selling or using the access. The details say whether the logging
--   configuration was read. Denied calls count.
-- response: Confirm with the owner that someone is building on Bedrock. If not, revoke the key,
--   check for InvokeModel/Converse calls and model-access (entitlement) requests, and enable
--   model invocation logging.
-- false_positives: Developers comparing model availability across regions, AI platform teams'
--   inventory scripts.
-- references: https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html
-- param: window_minutes = 30 ; length of the sliding window in minutes
-- param: min_regions = 3 ; distinct regions within the window
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
    awsregion AS item,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource = 'bedrock.amazonaws.com'
    AND eventname IN ('ListFoundationModels', 'GetFoundationModel', 'GetFoundationModelAvailability',
                      'GetModelInvocationLoggingConfiguration', 'ListFoundationModelAgreementOffers',
                      'GetUseCaseForModelAccess', 'ListInferenceProfiles', 'ListCustomModels')
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
  'Bedrock discovery in ' || CAST(count(DISTINCT p.item) AS VARCHAR) || ' regions within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s ('
    || CAST(count(*) AS VARCHAR) || ' calls, '
    || CAST(count(p.errorcode) AS VARCHAR) || ' failed)'
    || CASE WHEN count(CASE WHEN p.eventname = 'GetModelInvocationLoggingConfiguration' THEN 1 END) > 0
            THEN '; invocation logging configuration checked' ELSE '' END
    || '; regions=' || array_to_string(array_sort(array_agg(DISTINCT p.item)), ',') AS details
FROM best
JOIN partners p ON p.account = best.account AND p.principal = best.principal AND p.jb = best.b
WHERE p.ts >= best.win_start AND p.ts < best.win_start + $window_minutes * 60
GROUP BY best.account, best.principal, best.win_start
ORDER BY eventtime
