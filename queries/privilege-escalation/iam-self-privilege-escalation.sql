-- id: iam-self-privilege-escalation
-- title: Identity changed its own permissions (policy, group or boundary on itself)
-- severity: high
-- tactic: privilege-escalation
-- attack: T1098
-- tags: iam, single-event, field-comparison
-- description: An IAM user attached or put a policy on itself, added itself to a group or removed
--   its own permissions boundary; or a role session did the same to the role it is running as
--   (target roleName equal to the session issuer). Administrators rarely edit their own rights,
--   while an intruder holding a partially privileged identity does exactly this. Detach and delete
--   calls on oneself are not reported. Denied attempts are included.
-- response: Review the new policy or group, revert it if unplanned, and treat the identity's
--   credentials as compromised.
-- false_positives: Self-service sandbox accounts where users manage their own permissions.
-- references: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage-attach-detach.html,
--   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
WITH calls AS (
  SELECT *,
    json_extract_scalar(requestparameters, '$.userName') AS target_user,
    json_extract_scalar(requestparameters, '$.roleName') AS target_role
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname IN ('AttachUserPolicy', 'PutUserPolicy', 'AddUserToGroup', 'DeleteUserPermissionsBoundary',
                      'AttachRolePolicy', 'PutRolePolicy', 'DeleteRolePermissionsBoundary')
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
  eventname || ' on itself ('
    || coalesce('user ' || target_user, 'role ' || target_role) || ')'
    || coalesce(': policy ' || regexp_replace(json_extract_scalar(requestparameters, '$.policyArn'), '^.*/', ''),
                ': inline policy ' || json_extract_scalar(requestparameters, '$.policyName'),
                ': group ' || json_extract_scalar(requestparameters, '$.groupName'), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM calls
WHERE (useridentity.type = 'IAMUser' AND target_user = useridentity.username
       AND eventname IN ('AttachUserPolicy', 'PutUserPolicy', 'AddUserToGroup', 'DeleteUserPermissionsBoundary'))
   OR (useridentity.type = 'AssumedRole' AND target_role = useridentity.sessioncontext.sessionissuer.username
       AND eventname IN ('AttachRolePolicy', 'PutRolePolicy', 'DeleteRolePermissionsBoundary'))
ORDER BY eventtime
