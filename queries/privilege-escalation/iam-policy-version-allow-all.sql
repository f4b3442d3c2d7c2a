-- id: iam-policy-version-allow-all
-- title: New managed-policy version granting every action on every resource
-- severity: high
-- tactic: privilege-escalation
-- attack: T1098.003
-- tags: iam, policy-document, single-event
-- description: CreatePolicyVersion wrote a version of a customer-managed policy with an Allow
--   statement whose Action is "*" (or "*:*") on Resource "*", or an Allow with NotAction on Resource
--   "*". Whoever holds iam:CreatePolicyVersion on a policy attached to themselves can turn it into
--   administrator access in one call, usually with setAsDefault=true; with setAsDefault=false the
--   version waits for a SetDefaultPolicyVersion. Denied attempts are included.
-- response: List the policy's versions, make a known-good version the default, delete the new one,
--   and review what the identities holding the policy did after the call.
-- false_positives: Infrastructure code that deliberately maintains an administrator policy.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
WITH calls AS (
  SELECT *,
    coalesce(json_get_str(requestparameters, 'policyDocument'),
             json_get_json(requestparameters, 'policyDocument')) AS doc
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname = 'CreatePolicyVersion'
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
  'policy ' || coalesce(json_extract_scalar(c.requestparameters, '$.policyArn'), '?')
    || ' new version ' || coalesce(json_extract_scalar(c.responseelements, '$.policyVersion.versionId'), '?')
    || ' allows ' || h.kind || ' on Resource *; setAsDefault='
    || coalesce(json_extract_scalar(c.requestparameters, '$.setAsDefault'), 'false')
    || CASE WHEN c.errorcode IS NOT NULL THEN ' (denied: ' || c.errorcode || ')' ELSE '' END AS details
FROM calls c JOIN hits h ON c.eventid = h.eventid
ORDER BY c.eventtime
