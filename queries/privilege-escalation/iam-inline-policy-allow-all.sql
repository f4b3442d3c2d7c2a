-- id: iam-inline-policy-allow-all
-- title: Inline policy granting every action on every resource put on a user, role or group
-- severity: high
-- tactic: privilege-escalation
-- attack: T1098.003
-- tags: iam, policy-document, single-event
-- description: PutUserPolicy, PutRolePolicy or PutGroupPolicy stored an inline policy with an Allow
--   statement whose Action is "*" (or "*:*") on Resource "*", or an Allow with NotAction on Resource
--   "*" (everything except a short list). That is administrator access that never shows up as an
--   AdministratorAccess attachment. The policyDocument travels as a JSON string inside
--   requestParameters; each statement is read, whether Statement is a single object or a list.
--   Denied attempts are reported too.
-- response: Read the stored policy (aws iam get-user-policy / get-role-policy), delete it if it was
--   not planned, and review everything the grantee did after the call.
-- false_positives: Bootstrap scripts that create break-glass roles with inline admin policies.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html,
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
WITH calls AS (
  SELECT *,
    coalesce(json_get_str(requestparameters, 'policyDocument'),
             json_get_json(requestparameters, 'policyDocument')) AS doc
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname IN ('PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy')
),
roots AS (
  SELECT eventid, json_get_json(doc, 'Statement') AS stmt_root FROM calls
),
stmts AS (
  SELECT eventid,
    CASE WHEN starts_with(ltrim(stmt_root), '{') THEN CASE WHEN i = 0 THEN stmt_root END
         ELSE json_get_json(stmt_root, i) END AS st
  FROM roots CROSS JOIN unnest(range(0, 100)) AS t(i)
),
wide AS (
  SELECT eventid,
    CASE WHEN regexp_like(coalesce(json_get_json(st, 'Action'), ''), '(^|[\[,])\s*"(\*|\*:\*)"\s*([\],]|$)')
         THEN 'Action *' ELSE 'NotAction ' || regexp_replace(json_get_json(st, 'NotAction'), '\s+', '', 'g') END AS kind
  FROM stmts
  WHERE st IS NOT NULL
    AND json_get_str(st, 'Effect') = 'Allow'
    AND regexp_like(coalesce(json_get_json(st, 'Resource'), ''), '(^|[\[,])\s*"\*"\s*([\],]|$)')
    AND (regexp_like(coalesce(json_get_json(st, 'Action'), ''), '(^|[\[,])\s*"(\*|\*:\*)"\s*([\],]|$)')
         OR json_get_json(st, 'NotAction') IS NOT NULL)
),
hits AS (
  SELECT eventid, min(kind) AS kind FROM wide GROUP BY eventid
)
SELECT
  c.eventtime,
  c.account,
  c.region,
  coalesce(c.useridentity.arn, c.useridentity.invokedby) AS principal,
  c.useridentity.accesskeyid AS accesskeyid,
  c.sourceipaddress,
  c.useragent,
  c.eventname,
  c.eventid AS eventids,
  c.source_uri || '#' || CAST(c.source_index AS VARCHAR) AS evidence,
  'inline policy ' || coalesce(json_extract_scalar(c.requestparameters, '$.policyName'), '?')
    || ' on ' || coalesce('user ' || json_extract_scalar(c.requestparameters, '$.userName'),
                          'role ' || json_extract_scalar(c.requestparameters, '$.roleName'),
                          'group ' || json_extract_scalar(c.requestparameters, '$.groupName'), '?')
    || ' allows ' || h.kind || ' on Resource *'
    || CASE WHEN c.errorcode IS NOT NULL THEN ' (denied: ' || c.errorcode || ')' ELSE '' END AS details
FROM calls c JOIN hits h ON c.eventid = h.eventid
ORDER BY c.eventtime
