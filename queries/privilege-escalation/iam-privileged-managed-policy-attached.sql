-- id: iam-privileged-managed-policy-attached
-- title: AWS-managed policy that allows privilege escalation attached (IAMFullAccess, PowerUserAccess…)
-- severity: medium
-- tactic: privilege-escalation
-- attack: T1098.003
-- tags: iam, single-event, cfg
-- description: An AWS-managed policy from a list of near-administrator policies was attached to a
--   user, role or group. IAMFullAccess lets the holder grant itself anything; PowerUserAccess and the
--   service "AdministratorAccess-*" variants reach almost every resource. AdministratorAccess itself
--   is reported by iam-admin-policy-attached. Denied attempts are included.
-- response: Confirm the grant with the caller's owner. Detach it if unplanned and review what the
--   grantee did with the new rights.
-- false_positives: Onboarding of developers or pipelines that legitimately need broad access.
-- references: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/IAMFullAccess.html,
--   https://docs.aws.amazon.com/aws-managed-policy/latest/reference/PowerUserAccess.html
-- param: policies = IAMFullAccess,PowerUserAccess,AdministratorAccess-Amplify,AdministratorAccess-AWSElasticBeanstalk,AWSOrganizationsFullAccess,AWSIdentityCenterFullAccess,AWSSSOMasterAccountAdministrator ; comma-separated AWS-managed policy names to report
WITH attaches AS (
  SELECT *,
    json_extract_scalar(requestparameters, '$.policyArn') AS policy_arn,
    coalesce(
      'user ' || json_extract_scalar(requestparameters, '$.userName'),
      'role ' || json_extract_scalar(requestparameters, '$.roleName'),
      'group ' || json_extract_scalar(requestparameters, '$.groupName'),
      '?') AS target
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname IN ('AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy')
)
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, useridentity.invokedby) AS principal,
  useridentity.accesskeyid AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  regexp_replace(policy_arn, '^.*/', '') || ' attached to ' || target
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM attaches
WHERE regexp_like(policy_arn, '^arn:aws[a-z-]*:iam::aws:policy/')
  AND array_has(string_to_array($policies, ','), regexp_replace(policy_arn, '^.*/', ''))
ORDER BY eventtime
