-- id: iam-user-added-to-admin-group
-- title: User added to a group whose name marks it as privileged
-- severity: medium
-- tactic: privilege-escalation
-- attack: T1098
-- tags: iam, single-event, cfg
-- description: AddUserToGroup put a user into a group whose name matches a pattern for privileged
--   groups (admin, poweruser, break-glass…). Joining such a group is a quiet way to inherit its
--   policies without touching any policy. The pattern is a parameter; tune it to your naming scheme.
--   iam-user-added-to-group-with-admin-policy covers groups known to hold AdministratorAccess.
--   Denied attempts are included.
-- response: Confirm the membership with the group's owner; remove the user if unplanned and review
--   the user's activity since.
-- false_positives: Onboarding of new administrators.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
-- param: group_pattern = (?i)(admin|poweruser|power-user|superuser|break.?glass|root|owner) ; regular expression for privileged group names
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
  'user ' || coalesce(json_extract_scalar(requestparameters, '$.userName'), '?') || ' added to group '
    || coalesce(json_extract_scalar(requestparameters, '$.groupName'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'iam.amazonaws.com'
  AND eventname = 'AddUserToGroup'
  AND regexp_like(coalesce(json_extract_scalar(requestparameters, '$.groupName'), ''), $group_pattern)
ORDER BY eventtime
