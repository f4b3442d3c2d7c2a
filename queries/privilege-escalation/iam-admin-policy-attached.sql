-- id: iam-admin-policy-attached
-- title: AdministratorAccess attached to a user, group or role (including denied attempts)
-- severity: high
-- tactic: privilege-escalation
-- attack: T1098.003
-- tags: iam, single-event
-- description: The AWS-managed AdministratorAccess policy was attached with AttachUserPolicy,
--   AttachRolePolicy or AttachGroupPolicy. An intruder who holds iam:Attach*Policy uses it to give
--   itself, or a freshly made backdoor identity, full control of the account. Denied attempts are
--   reported as well: they show someone probing for exactly this permission.
-- response: Ask the owner of the calling identity whether the grant was planned. If not, detach the
--   policy, deactivate the caller's access keys or revoke its role sessions, and review every call the
--   grantee made afterwards.
-- false_positives: Account bootstrap pipelines and documented break-glass procedures.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html,
--   https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
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
  'AdministratorAccess attached to ' || target
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM attaches
WHERE regexp_like(policy_arn, '^arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess$')
ORDER BY eventtime
