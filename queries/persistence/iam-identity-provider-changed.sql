-- id: iam-identity-provider-changed
-- title: IAM SAML or OIDC identity provider created or changed (including denied attempts)
-- severity: high
-- tactic: persistence
-- attack: T1484.002
-- tags: iam, federation, saml, oidc, single-event
-- description: CreateSAMLProvider, UpdateSAMLProvider, CreateOpenIDConnectProvider,
--   UpdateOpenIDConnectProviderThumbprint or AddClientIDToOpenIDConnectProvider. Whoever controls
--   an identity provider that roles trust can mint sessions for those roles at will, from
--   outside the account, without any IAM credential; replacing a provider's metadata or
--   thumbprint swaps in the intruder's signing key. Denied attempts are reported.
-- response: Compare the provider's metadata, URL or thumbprint with what your identity team
--   published. If it is not theirs, delete or restore the provider, check which role trust
--   policies name it, and review AssumeRoleWithSAML / AssumeRoleWithWebIdentity through it.
-- false_positives: Planned IdP certificate rotations and new CI providers (GitHub, GitLab).
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html,
--   https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
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
  eventname
    || coalesce(' on ' || coalesce(json_extract_scalar(responseelements, '$.sAMLProviderArn'),
                                   json_extract_scalar(requestparameters, '$.sAMLProviderArn'),
                                   json_extract_scalar(responseelements, '$.openIDConnectProviderArn'),
                                   json_extract_scalar(requestparameters, '$.openIDConnectProviderArn'),
                                   json_extract_scalar(requestparameters, '$.name')), '')
    || coalesce(' (url ' || json_extract_scalar(requestparameters, '$.url') || ')', '')
    || coalesce(' (client id ' || json_extract_scalar(requestparameters, '$.clientID') || ')', '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'iam.amazonaws.com'
  AND eventname IN ('CreateSAMLProvider', 'UpdateSAMLProvider', 'CreateOpenIDConnectProvider',
                    'UpdateOpenIDConnectProviderThumbprint', 'AddClientIDToOpenIDConnectProvider')
ORDER BY eventtime
