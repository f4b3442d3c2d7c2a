-- id: iam-role-trust-foreign-account
-- title: Role trust policy grants access to another AWS account
-- severity: high
-- tactic: persistence
-- attack: T1098.003
-- tags: iam, trust-policy, cfg, single-event
-- description: UpdateAssumeRolePolicy or CreateRole whose trust document names, in an AWS
--   principal, an account other than the role's own and other than those in `trusted_accounts`
--   (as a 12-digit id or inside an arn:aws:iam::/arn:aws:sts:: ARN, alone or in a list). The
--   document is a JSON string in requestParameters and is read as text. An intruder adds their
--   own account to a role's trust so they can come back with sts:AssumeRole from outside, where
--   your CloudTrail never sees their credentials. Denied attempts are reported.
-- response: Check the account in the details against your organisation. If it is not yours,
--   restore the previous trust policy, revoke the role's sessions and look for AssumeRole calls
--   from that account.
-- false_positives: Legitimate cross-account access (CI, security tooling, vendors such as
--   monitoring SaaS); put those accounts in trusted_accounts.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html,
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
-- param: trusted_accounts = ; comma-separated 12-digit account ids that may be trusted
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
),
stripped AS (
  SELECT *,
    CASE WHEN replace(CAST($trusted_accounts AS VARCHAR), ' ', '') = '' THEN replace(doc, account, 'OWN')
         ELSE regexp_replace(replace(doc, account, 'OWN'),
                             '(' || replace(replace(CAST($trusted_accounts AS VARCHAR), ' ', ''), ',', '|') || ')', 'TRUSTED', 'g')
    END AS rest
  FROM changes
  WHERE strpos(doc, '"Effect":"Allow"') > 0
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
  'role ' || coalesce(role_name, '?') || ' now trusts '
    || coalesce(regexp_match(rest, '"AWS":(\[[^\]]*)?"((arn:aws[a-z-]*:(iam|sts)::)?[0-9]{12}[^"]*)"')[2], '?')
    || CASE WHEN strpos(doc, '"Condition"') > 0 THEN ' (with a condition)' ELSE ' (no condition)' END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM stripped
WHERE regexp_like(rest, '"AWS":(\[[^\]]*)?"(arn:aws[a-z-]*:(iam|sts)::)?[0-9]{12}')
ORDER BY eventtime
