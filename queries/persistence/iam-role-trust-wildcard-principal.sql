-- id: iam-role-trust-wildcard-principal
-- title: Role trust policy lets any AWS principal assume the role
-- severity: high
-- tactic: persistence
-- attack: T1098.003
-- tags: iam, trust-policy, single-event
-- description: UpdateAssumeRolePolicy (policyDocument) or CreateRole (assumeRolePolicyDocument)
--   with an Allow statement whose Principal is "*" or {"AWS": "*"} (alone or in a list). The policy
--   arrives as a JSON string inside requestParameters; it is read as text with whitespace
--   removed. Without a tight Condition anyone with an AWS account can assume the role, which makes
--   it an invisible way back in. The details say whether the document has any Condition, which
--   may limit the damage (aws:PrincipalOrgID, sts:ExternalId). Denied attempts are reported.
-- response: Restore the previous trust policy (see the role's earlier UpdateAssumeRolePolicy or
--   CreateRole), revoke the role's sessions, and look for AssumeRole calls on it from foreign
--   accounts.
-- false_positives: Org-wide roles trusted with "*" plus an aws:PrincipalOrgID condition; check the
--   condition shown in the details.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html,
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
WITH changes AS (
  SELECT *,
    json_extract_scalar(requestparameters, '$.roleName') AS role_name,
    regexp_replace(coalesce(json_extract_scalar(requestparameters, '$.policyDocument'),
                            json_extract_scalar(requestparameters, '$.assumeRolePolicyDocument'),
                            json_extract(requestparameters, '$.policyDocument'),
                            json_extract(requestparameters, '$.assumeRolePolicyDocument'), ''),
                   '\s+', '', 'g') AS doc
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname IN ('UpdateAssumeRolePolicy', 'CreateRole')
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
  'role ' || coalesce(role_name, '?') || ' trust policy allows any AWS principal'
    || CASE WHEN strpos(doc, '"Condition"') > 0
            THEN ', with condition ' || coalesce(regexp_match(doc, '"Condition":(\{[^}]*\}\})')[1], '(present)')
            ELSE ', with no condition' END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM changes
WHERE strpos(doc, '"Effect":"Allow"') > 0
  AND (regexp_like(doc, '"Principal":"\*"')
       OR regexp_like(doc, '"AWS":"\*"')
       OR regexp_like(doc, '"AWS":\[[^\]]*"\*"'))
ORDER BY eventtime
