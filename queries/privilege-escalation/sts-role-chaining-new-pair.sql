-- id: sts-role-chaining-new-pair
-- title: Role session assumed a role it had never assumed before (role chaining, first seen)
-- severity: low
-- tactic: privilege-escalation
-- attack: T1078.004
-- tags: sts, first-seen, baseline
-- description: A role session (userIdentity.type AssumedRole) called AssumeRole for a target role,
--   and this source-role/target-role pair appears for the first time after the baseline period at
--   the start of the lake. Attackers who land in a role hop to more privileged roles that trust it,
--   often across accounts. The first occurrence of each new pair is reported once; pairs already
--   seen during the baseline are ignored. Denied attempts count as occurrences.
-- response: Check whether the source role is expected to reach the target role (trust policy,
--   workload owner). If not, review both sessions and tighten the target role's trust policy.
-- false_positives: New deployments and cross-account automation going live after the baseline.
-- references: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining,
--   https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
-- param: baseline_days = 7 ; days at the start of the lake used only to learn the known pairs
WITH chains AS (
  SELECT *,
    useridentity.sessioncontext.sessionissuer.arn AS from_role,
    json_extract_scalar(requestparameters, '$.roleArn') AS to_role
  FROM cloudtrail
  WHERE eventsource = 'sts.amazonaws.com'
    AND eventname = 'AssumeRole'
    AND useridentity.type = 'AssumedRole'
),
ranked AS (
  SELECT *, row_number() OVER (PARTITION BY from_role, to_role ORDER BY eventtime, eventid) AS rn
  FROM chains
),
lake AS (
  SELECT min(eventtime) AS t0 FROM cloudtrail
)
SELECT
  r.eventtime,
  r.account,
  r.region,
  coalesce(r.useridentity.arn, r.useridentity.invokedby) AS principal,
  r.useridentity.accesskeyid AS accesskeyid,
  r.sourceipaddress,
  r.useragent,
  r.eventname,
  r.eventid AS eventids,
  r.source_uri || '#' || CAST(r.source_index AS VARCHAR) AS evidence,
  'first chain ' || coalesce(r.from_role, '?') || ' -> ' || coalesce(r.to_role, '?')
    || CASE WHEN split_part(coalesce(r.to_role, ''), ':', 5) <> r.account THEN ' (cross-account)' ELSE '' END
    || CASE WHEN r.errorcode IS NOT NULL THEN ' (denied: ' || r.errorcode || ')' ELSE '' END AS details
FROM ranked r CROSS JOIN lake
WHERE r.rn = 1
  AND r.eventtime >= date_add('day', $baseline_days, lake.t0)
ORDER BY r.eventtime
