-- id: iam-login-profile-updated-for-another-user
-- title: Console password changed for another user or for root (including denied attempts)
-- severity: medium
-- tactic: persistence
-- attack: T1098
-- tags: iam, login-profile, single-event
-- description: iam:UpdateLoginProfile where requestParameters.userName names someone other than the
--   calling IAM user, or any named user when the caller is a role, federated user or root, or
--   no user at all from an sts:AssumeRoot session (which targets the root user itself). It
--   resets another user's console password: an intruder takes over a human's console identity,
--   or revives a dormant user, without creating anything new. Denied attempts are reported.
-- response: Ask the target user whether they expected it. If not, delete or reset the login
--   profile, revoke the user's console sessions, and investigate the caller.
-- false_positives: Help-desk password resets done by administrators.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html,
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_admin-change-user.html
WITH profiles AS (
  SELECT *,
    json_extract_scalar(requestparameters, '$.userName') AS target
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname = 'UpdateLoginProfile'
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
  'console password changed for ' || coalesce('user ' || target, 'root') || ' by '
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
