-- id: security-tooling-enumeration
-- title: Security and logging services enumerated by one principal
-- severity: medium
-- tactic: discovery
-- attack: T1518.001
-- tags: recon, defense-evasion-prep, distinct-count, sliding-window
-- description: One principal queried the configuration of at least min_services different
--   security or audit services within window_minutes: CloudTrail trails and their status or
--   selectors, GuardDuty detectors, Security Hub, AWS Config recorders, IAM Access Analyzer,
--   Macie, Inspector, Detective. Before acting, intruders check what records and watches them
--   (and which of it they could switch off); ordinary workloads have no reason to look. Calls made
--   by AWS services and service-linked roles are left out; denied calls count.
-- response: Verify the caller is a security or platform engineer or a known scanner. If not,
--   revoke its credentials and check the following minutes for StopLogging, DeleteDetector,
--   StopConfigurationRecorder and similar.
-- false_positives: CSPM and compliance scanners, security engineers reviewing the account,
--   landing-zone pipelines.
-- references: https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ListDetectors.html
-- param: window_minutes = 15 ; length of the sliding window in minutes
-- param: min_services = 3 ; distinct security services queried within the window
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
    eventsource AS item,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource IN ('cloudtrail.amazonaws.com', 'guardduty.amazonaws.com', 'securityhub.amazonaws.com',
                          'config.amazonaws.com', 'access-analyzer.amazonaws.com', 'macie2.amazonaws.com',
                          'inspector2.amazonaws.com', 'detective.amazonaws.com')
    AND eventsource || ':' || eventname IN (
      'cloudtrail.amazonaws.com:DescribeTrails', 'cloudtrail.amazonaws.com:ListTrails',
      'cloudtrail.amazonaws.com:GetTrail', 'cloudtrail.amazonaws.com:GetTrailStatus',
      'cloudtrail.amazonaws.com:GetEventSelectors', 'cloudtrail.amazonaws.com:GetInsightSelectors',
      'guardduty.amazonaws.com:ListDetectors', 'guardduty.amazonaws.com:GetDetector',
      'guardduty.amazonaws.com:ListIPSets', 'guardduty.amazonaws.com:ListFilters',
      'guardduty.amazonaws.com:GetAdministratorAccount', 'guardduty.amazonaws.com:GetMasterAccount',
      'securityhub.amazonaws.com:DescribeHub', 'securityhub.amazonaws.com:GetEnabledStandards',
      'config.amazonaws.com:DescribeConfigurationRecorders', 'config.amazonaws.com:DescribeConfigurationRecorderStatus',
      'config.amazonaws.com:DescribeDeliveryChannels', 'config.amazonaws.com:DescribeConfigRules',
      'access-analyzer.amazonaws.com:ListAnalyzers', 'macie2.amazonaws.com:GetMacieSession',
      'inspector2.amazonaws.com:BatchGetAccountStatus', 'detective.amazonaws.com:ListGraphs')
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
  HAVING count(DISTINCT p.item) >= $min_services
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
  CAST(count(DISTINCT p.item) AS VARCHAR) || ' security services queried within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s ('
    || CAST(count(*) AS VARCHAR) || ' calls, '
    || CAST(count(p.errorcode) AS VARCHAR) || ' failed); services='
    || array_to_string(array_sort(array_agg(DISTINCT replace(p.eventsource, '.amazonaws.com', ''))), ',') AS details
FROM best
JOIN partners p ON p.account = best.account AND p.principal = best.principal AND p.jb = best.b
WHERE p.ts >= best.win_start AND p.ts < best.win_start + $window_minutes * 60
GROUP BY best.account, best.principal, best.win_start
ORDER BY eventtime
