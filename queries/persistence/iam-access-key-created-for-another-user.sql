-- id: iam-access-key-created-for-another-user
-- title: Access key created for a different IAM user (including denied attempts)
-- severity: high
-- tactic: persistence
-- attack: T1098.001
-- tags: iam, access-key, single-event
-- description: iam:CreateAccessKey where requestParameters.userName names a user other than the
--   caller: an IAM user making a key for someone else, or a role session, federated user or root
--   making one for an IAM user. The caller's own name is compared field to field (a fixed string
--   would never match). A second key on an existing user, or the first key of a freshly created
--   one, is the classic backdoor that survives a password reset of the original identity. Keys made
--   by CloudFormation stacks are left out; denied attempts are reported.
-- response: Ask the target user's owner whether they requested the key. If not, delete the key
--   (responseElements.accessKey.accessKeyId), find every call signed with it, and investigate how
--   the caller came to hold iam:CreateAccessKey on other users.
-- false_positives: Administrators issuing keys to service users by hand; such keys should be rare
--   and ticketed.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html,
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
WITH keys AS (
  SELECT *,
    json_extract_scalar(requestparameters, '$.userName') AS target
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname = 'CreateAccessKey'
    AND coalesce(useridentity.invokedby, '') <> 'cloudformation.amazonaws.com'
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
  'access key ' || coalesce(json_extract_scalar(responseelements, '$.accessKey.accessKeyId'), '(none issued)')
    || ' created for user ' || target || ' by ' || coalesce(useridentity.type, '?') || ' '
    || coalesce(useridentity.username, useridentity.arn, useridentity.invokedby, '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM keys
WHERE target IS NOT NULL
  AND (coalesce(useridentity.type, '') <> 'IAMUser' OR target <> coalesce(useridentity.username, ''))
ORDER BY eventtime
