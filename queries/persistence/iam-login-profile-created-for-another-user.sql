-- id: iam-login-profile-created-for-another-user
-- title: Console password created for another user or for root (including denied attempts)
-- severity: high
-- tactic: persistence
-- attack: T1098
-- tags: iam, login-profile, single-event
-- description: iam:CreateLoginProfile where requestParameters.userName names someone other than the
--   calling IAM user, or any named user when the caller is a role, federated user or root, or
--   no user at all from an sts:AssumeRoot session (which targets the root user itself). It
--   gives an existing user a console password. On a service user that never had one, or on a
--   user the caller just created, it opens a console door that key rotation does not close.
--   Denied attempts are reported.
-- response: Ask the target user whether they expected it. If not, delete or reset the login
--   profile, revoke the user's console sessions, and investigate the caller.
-- false_positives: Administrators onboarding people as IAM users; such onboarding should come with a ticket.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html,
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_admin-change-user.html
WITH profiles AS (
  SELECT *,
    json_extract_scalar(requestparameters, '$.userName') AS target
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname = 'CreateLoginProfile'
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
  'console password created for ' || coalesce('user ' || target, 'root') || ' by '
    || coalesce(useridentity.type, '?') || ' '
    || coalesce(useridentity.username, useridentity.arn, useridentity.invokedby, '?')
    || coalesce(', password reset required: '
                || json_extract_scalar(requestparameters, '$.passwordResetRequired'), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM profiles
WHERE (target IS NOT NULL
       AND (coalesce(useridentity.type, '') <> 'IAMUser' OR target <> coalesce(useridentity.username, '')))
   OR (target IS NULL AND useridentity.sessioncontext.assumedroot = 'true')
ORDER BY eventtime
