-- id: root-access-key-created
-- title: Access key created for the root user
-- severity: critical
-- tactic: persistence
-- attack: T1098.001
-- tags: iam, access-key, root, single-event
-- description: iam:CreateAccessKey without a userName, called by the root user (or from an
--   sts:AssumeRoot session), which creates a long-term key for root itself. A root key cannot be
--   limited by any IAM policy or SCP in its own account and AWS advises never to have one, so a
--   new one is either a serious mistake or an intruder securing permanent access. Denied attempts
--   are included.
-- response: Delete the key now (aws iam delete-access-key as root), then review root activity:
--   sign-ins, password and MFA changes, and every call signed with the key.
-- false_positives: Essentially none in a well-run account.
-- references: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_add-key.html,
--   https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, 'arn:aws:iam::' || account || ':root') AS principal,
  useridentity.accesskeyid AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  'root access key ' || coalesce(json_extract_scalar(responseelements, '$.accessKey.accessKeyId'), '(none issued)')
    || ' created' || CASE WHEN useridentity.sessioncontext.assumedroot = 'true' THEN ' from an AssumeRoot session' ELSE '' END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'iam.amazonaws.com'
  AND eventname = 'CreateAccessKey'
  AND json_extract_scalar(requestparameters, '$.userName') IS NULL
  AND (useridentity.type = 'Root' OR useridentity.sessioncontext.assumedroot = 'true')
ORDER BY eventtime
