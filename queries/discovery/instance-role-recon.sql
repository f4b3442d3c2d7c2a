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
    to_unixtime(eventtime) / ($window_minutes * 60) AS b,
    eventsource,
    eventname,
    awsregion,
    eventid,
    errorcode,
    eventsource || ':' || eventname AS item,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE useridentity.type = 'AssumedRole'
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
  HAVING count(DISTINCT p.item) >= $min_apis
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
  CAST(count(DISTINCT p.item) AS VARCHAR) || ' discovery APIs from instance credentials within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s ('
    || CAST(count(*) AS VARCHAR) || ' calls, '
    || CAST(count(p.errorcode) AS VARCHAR) || ' failed); source IPs='
    || array_to_string(array_sort(array_agg(DISTINCT p.sourceipaddress)), ',') AS details
FROM best
JOIN partners p ON p.account = best.account AND p.principal = best.principal AND p.jb = best.b
WHERE p.ts >= best.win_start AND p.ts < best.win_start + $window_minutes * 60
GROUP BY best.account, best.principal, best.win_start
ORDER BY eventtime
