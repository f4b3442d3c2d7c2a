-- id: iam-permissions-boundary-removed
-- title: Permissions boundary removed from a user or role
-- severity: medium
-- tactic: privilege-escalation
-- attack: T1098
-- tags: iam, single-event
-- description: DeleteUserPermissionsBoundary or DeleteRolePermissionsBoundary lifted the ceiling
--   that limits what an identity's policies can grant. Delegated-admin setups rely on boundaries; an
--   identity that removes its own (or a helper's) boundary gains every permission its policies name.
--   Denied attempts are included.
-- response: Check who removed the boundary and why; put it back (put-user/role-permissions-boundary)
--   and review the identity's calls since the removal.
-- false_positives: Retirement of a boundary scheme by the platform team.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html,
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
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
  'boundary removed from ' || coalesce('user ' || json_extract_scalar(requestparameters, '$.userName'),
                                       'role ' || json_extract_scalar(requestparameters, '$.roleName'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'iam.amazonaws.com'
  AND eventname IN ('DeleteUserPermissionsBoundary', 'DeleteRolePermissionsBoundary')
ORDER BY eventtime
