-- id: iam-user-added-to-group-with-admin-policy
-- title: User added to a group that holds AdministratorAccess
-- severity: high
-- tactic: privilege-escalation
-- attack: T1098
-- tags: iam, correlation
-- description: AddUserToGroup added a user to a group that, according to the lake, had the
--   AWS-managed AdministratorAccess policy attached earlier (AttachGroupPolicy) and not detached
--   since. The user becomes an administrator without any policy call naming it. Groups whose
--   attachment predates the lake are not seen here; iam-user-added-to-admin-group catches them by
--   name. Denied additions are included.
-- response: Confirm the membership; if unplanned remove the user from the group, deactivate its keys
--   and console password, and review its actions.
-- false_positives: Onboarding of new administrators.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html,
--   https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachGroupPolicy.html
WITH adds AS (
  SELECT *, json_extract_scalar(requestparameters, '$.groupName') AS group_name
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname = 'AddUserToGroup'
),
policy_changes AS (
  SELECT account AS p_account, eventname AS p_name, eventtime AS p_time, eventid AS p_eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS p_evidence,
    json_extract_scalar(requestparameters, '$.groupName') AS p_group
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname IN ('AttachGroupPolicy', 'DetachGroupPolicy')
    AND errorcode IS NULL
    AND regexp_like(json_extract_scalar(requestparameters, '$.policyArn'),
                    '^arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess$')
),
latest AS (
  -- the most recent admin attach/detach on the group before the addition
  SELECT a.eventid,
    last_value(p.p_name ORDER BY p.p_time) AS last_change,
    last_value(p.p_eventid ORDER BY p.p_time) AS grant_eventid,
    last_value(p.p_evidence ORDER BY p.p_time) AS grant_evidence,
    max(p.p_time) AS grant_time
  FROM adds a JOIN policy_changes p
    ON p.p_account = a.account AND p.p_group = a.group_name AND p.p_time <= a.eventtime
  GROUP BY a.eventid
)
SELECT
  a.eventtime,
  a.account,
  a.region,
  coalesce(a.useridentity.arn, a.useridentity.invokedby) AS principal,
  a.useridentity.accesskeyid AS accesskeyid,
  a.sourceipaddress,
  a.useragent,
  a.eventname,
  a.eventid || ',' || l.grant_eventid AS eventids,
  a.source_uri || '#' || CAST(a.source_index AS VARCHAR) || ',' || l.grant_evidence AS evidence,
  'user ' || coalesce(json_extract_scalar(a.requestparameters, '$.userName'), '?') || ' added to group '
    || a.group_name || ', which was given AdministratorAccess at ' || CAST(l.grant_time AS VARCHAR)
    || CASE WHEN a.errorcode IS NOT NULL THEN ' (denied: ' || a.errorcode || ')' ELSE '' END AS details
FROM adds a JOIN latest l ON a.eventid = l.eventid
WHERE l.last_change = 'AttachGroupPolicy'
ORDER BY a.eventtime
