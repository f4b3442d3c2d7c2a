-- id: sts-assume-root
-- title: Root session in a member account obtained with sts:AssumeRoot
-- severity: medium
-- tactic: privilege-escalation
-- attack: T1078.004
-- tags: sts, root, single-event
-- description: AssumeRoot (centralized root access for AWS Organizations) returned a short root
--   session in a member account, scoped by a task policy such as IAMDeleteRootUserCredentials or
--   S3UnlockBucketPolicy. Root-only tasks are rare; every use deserves a look, and the task policy
--   says what the session may do. Denied attempts are included.
-- response: Confirm the task with the caller's owner and check what the root session did in the
--   target account (its calls carry userIdentity.type Root with an assumedRoot marker).
-- false_positives: Security teams unlocking a misconfigured bucket policy or cleaning root
--   credentials.
-- references: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html,
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html
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
  'root session in ' || coalesce(json_extract_scalar(requestparameters, '$.targetPrincipal'), '?')
    || ' with task policy ' || regexp_replace(coalesce(json_extract_scalar(requestparameters, '$.taskPolicyArn.arn'),
                                                       json_extract_scalar(requestparameters, '$.taskPolicyArn'), '?'), '^.*/', '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'sts.amazonaws.com'
  AND eventname = 'AssumeRoot'
ORDER BY eventtime
