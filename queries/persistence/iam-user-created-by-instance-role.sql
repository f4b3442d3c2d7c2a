-- id: iam-user-created-by-instance-role
-- title: IAM user or access key created with EC2 instance credentials
-- severity: high
-- tactic: persistence
-- attack: T1136.003
-- tags: iam, ec2, instance-profile, single-event
-- description: iam:CreateUser, CreateAccessKey or CreateLoginProfile signed by an instance profile
--   session (assumed-role/<role>/i-<instance id>). Workloads on instances have no business
--   minting IAM users or long-term credentials; an attacker who lands on an instance (or steals its
--   metadata credentials) and finds an over-privileged role does exactly this to stay in after the
--   instance is gone. Denied attempts are reported.
-- response: Remove whatever was created, revoke the role's sessions, cut the role's IAM
--   permissions down, and investigate the instance itself.
-- false_positives: Legacy provisioning scripts that run on an instance; move them to a pipeline
--   role.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html,
--   https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
SELECT
  eventtime,
  account,
  region,
  useridentity.arn AS principal,
  useridentity.accesskeyid AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  eventname || ' for user ' || coalesce(json_extract_scalar(requestparameters, '$.userName'), '?')
    || ' by instance ' || regexp_replace(useridentity.arn, '^.*/', '') || ' (role '
    || coalesce(useridentity.sessioncontext.sessionissuer.username, '?') || ')'
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'iam.amazonaws.com'
  AND eventname IN ('CreateUser', 'CreateAccessKey', 'CreateLoginProfile')
  AND useridentity.type = 'AssumedRole'
  AND regexp_like(useridentity.arn, '^arn:aws[a-z-]*:sts::[0-9]{12}:assumed-role/[^/]+/i-[0-9a-f]{8,17}$')
ORDER BY eventtime
