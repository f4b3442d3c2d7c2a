-- id: console-signin-token-from-cli-credentials
-- title: Console sign-in token minted from programmatic credentials
-- severity: medium
-- tactic: initial-access
-- attack: T1550.001
-- tags: signin, federation, single-event
-- description: signin.amazonaws.com GetSigninToken turns temporary API credentials (a role session
--   or a GetFederationToken user) into a console session. Tools such as aws_consoler use it to go
--   from a stolen access key to the web console, where MFA is never asked and activity is
--   harder to tie back to the original key. IAM Identity Center portal sign-ins also call it;
--   they are left out by their user agent (Jersey/…) and by their AWSReservedSSO_ role names.
-- response: Identify the credentials behind the session (the federated user's or role session's
--   access key and the call that created it), confirm with their owner, and review what the
--   console session did afterwards.
-- false_positives: Home-grown federation brokers and CLI helpers (aws-vault login, granted) that
--   open the console for a role; allow-list them by role name in triage.
-- references: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html,
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, useridentity.principalid) AS principal,
  nullif(useridentity.accesskeyid, '') AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  'console sign-in token for ' || coalesce(useridentity.type, '?') || ' '
    || coalesce(useridentity.arn, useridentity.principalid, '?')
    || coalesce(' (' || json_extract_scalar(responseelements, '$.GetSigninToken') || ')', '')
    || CASE WHEN errorcode IS NOT NULL OR errormessage IS NOT NULL
            THEN ' (failed: ' || coalesce(errorcode, errormessage) || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'signin.amazonaws.com'
  AND eventname = 'GetSigninToken'
  AND NOT coalesce(useragent LIKE 'Jersey/%', false)
  AND NOT coalesce(starts_with(useridentity.sessioncontext.sessionissuer.username, 'AWSReservedSSO_'), false)
  AND NOT coalesce(regexp_like(useridentity.arn, ':assumed-role/AWSReservedSSO_'), false)
ORDER BY eventtime
