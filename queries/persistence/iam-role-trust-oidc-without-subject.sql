-- id: iam-role-trust-oidc-without-subject
-- title: Role trusts an OIDC provider without pinning the token subject
-- severity: high
-- tactic: persistence
-- attack: T1098.003
-- tags: iam, trust-policy, oidc, single-event
-- description: UpdateAssumeRolePolicy or CreateRole whose trust document allows a Federated
--   oidc-provider principal (GitHub Actions, GitLab, an EKS cluster, …) but never mentions that
--   provider's `:sub` condition key. Without it, every identity the provider can issue a token
--   for (any GitHub repository, any service account in the cluster) may assume the role with
--   AssumeRoleWithWebIdentity. Opening a pipeline role this way is a quiet, durable backdoor.
--   Denied attempts are reported.
-- response: Add a StringEquals/StringLike condition on <provider>:sub naming the allowed
--   repositories or service accounts, then look for AssumeRoleWithWebIdentity calls with unknown
--   subjects (web-identity-role-new-subject).
-- false_positives: Providers that are private to you (a self-hosted IdP issuing tokens only for
--   your workloads) and that rely on the audience alone.
-- references: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html,
--   https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
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
providers AS (
  SELECT *,
    regexp_match(doc, '"Federated":"arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/([^"]+)"')[1] AS provider
  FROM changes
  WHERE strpos(doc, '"Effect":"Allow"') > 0
    AND strpos(doc, 'AssumeRoleWithWebIdentity') > 0
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
  'role ' || coalesce(role_name, '?') || ' trusts OIDC provider ' || provider
    || ' with no ' || provider || ':sub condition'
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM providers
WHERE provider IS NOT NULL
  AND strpos(doc, provider || ':sub') = 0
ORDER BY eventtime
