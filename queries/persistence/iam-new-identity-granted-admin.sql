-- id: iam-new-identity-granted-admin
-- title: New IAM user, role or group given administrator rights soon after creation
-- severity: critical
-- tactic: persistence
-- attack: T1136.003
-- tags: iam, sequence
-- description: A successful CreateUser, CreateRole or CreateGroup followed, within `window_minutes`
--   and on the same name in the same account, by AttachUserPolicy, AttachRolePolicy or
--   AttachGroupPolicy with the AWS-managed AdministratorAccess policy, or by an inline
--   Put*Policy whose document allows Action "*" (denied grants count too). Making a fresh identity
--   and making it all-powerful minutes later is how intruders plant a backdoor administrator.
-- response: Detach the policy and delete the new identity's keys, login profile and role trust,
--   then the identity itself; review everything the creator and the new identity did.
-- false_positives: Account bootstrap and break-glass set-up done by hand; pipelines normally use
--   CloudFormation or Terraform and scoped policies.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html,
--   https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
-- param: window_minutes = 1440 ; maximum minutes between the creation and the grant
WITH created AS (
  SELECT
    eventtime,
    account,
    region,
    coalesce(useridentity.arn, useridentity.invokedby) AS principal,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventname,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref,
    CASE eventname WHEN 'CreateUser' THEN 'user' WHEN 'CreateRole' THEN 'role' ELSE 'group' END AS kind,
    coalesce(json_extract_scalar(requestparameters, '$.userName'),
             json_extract_scalar(requestparameters, '$.roleName'),
             json_extract_scalar(requestparameters, '$.groupName')) AS name
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname IN ('CreateUser', 'CreateRole', 'CreateGroup')
    AND errorcode IS NULL
),
grants AS (
  SELECT
    eventtime,
    account,
    coalesce(useridentity.arn, useridentity.invokedby) AS principal,
    eventname,
    eventid,
    errorcode,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref,
    CASE WHEN eventname IN ('AttachUserPolicy', 'PutUserPolicy') THEN 'user'
         WHEN eventname IN ('AttachRolePolicy', 'PutRolePolicy') THEN 'role' ELSE 'group' END AS kind,
    coalesce(json_extract_scalar(requestparameters, '$.userName'),
             json_extract_scalar(requestparameters, '$.roleName'),
             json_extract_scalar(requestparameters, '$.groupName')) AS name,
    coalesce(json_extract_scalar(requestparameters, '$.policyArn'),
             'inline policy ' || coalesce(json_extract_scalar(requestparameters, '$.policyName'), '?')
               || ' allowing every action') AS policy
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND (
      (eventname IN ('AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy')
       AND regexp_like(json_extract_scalar(requestparameters, '$.policyArn'),
                       '^arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess$'))
      OR
      (eventname IN ('PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy')
       AND regexp_like(regexp_replace(coalesce(json_extract_scalar(requestparameters, '$.policyDocument'),
                                               json_extract(requestparameters, '$.policyDocument'), ''),
                                      '\s+', '', 'g'),
                       '"Action":(\[[^\]]*)?"\*"'))
    )
)
SELECT
  c.eventtime,
  c.account,
  c.region,
  c.principal,
  c.accesskeyid,
  c.sourceipaddress,
  c.useragent,
  c.eventname || ',' || array_to_string(array_sort(array_agg(DISTINCT g.eventname)), ',') AS eventname,
  c.eventid || ',' || string_agg(g.eventid, ',' ORDER BY g.eventtime) AS eventids,
  c.ref || ',' || string_agg(g.ref, ',' ORDER BY g.eventtime) AS evidence,
  c.kind || ' ' || c.name || ' created, then given ' || array_to_string(array_sort(array_agg(DISTINCT g.policy)), ', ')
    || ' at ' || CAST(min(g.eventtime) AS VARCHAR)
    || ' by ' || array_to_string(array_sort(array_agg(DISTINCT g.principal)), ', ')
    || CASE WHEN count(g.errorcode) > 0 THEN ' (' || CAST(count(g.errorcode) AS VARCHAR) || ' grant(s) denied)'
            ELSE '' END AS details
FROM created c
JOIN grants g
  ON g.account = c.account AND g.kind = c.kind AND g.name = c.name
 AND g.eventtime >= c.eventtime
 AND g.eventtime <= date_add('minute', $window_minutes, c.eventtime)
GROUP BY c.eventtime, c.account, c.region, c.principal, c.accesskeyid, c.sourceipaddress,
         c.useragent, c.eventname, c.eventid, c.ref, c.kind, c.name
ORDER BY c.eventtime
