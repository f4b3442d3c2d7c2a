-- id: root-password-recovery
-- title: Root password recovery requested or completed
-- severity: high
-- tactic: initial-access
-- attack: T1078.004
-- tags: signin, root, single-event
-- description: signin.amazonaws.com logged PasswordRecoveryRequested or PasswordRecoveryCompleted,
--   the "Forgot password?" flow that only the root user has. Someone who controls the root email
--   inbox can take the whole account this way, so the request alone is worth a look; a completed
--   recovery followed by a root sign-in is a takeover unless the owner did it.
-- response: Ask the owner of the root email address whether they reset the password. If not,
--   secure that mailbox first, then reset the root password, check root MFA and keys, and review
--   root activity after the recovery.
-- false_positives: An owner who forgot the root password; it should be rare and announced.
-- references: https://docs.aws.amazon.com/IAM/latest/UserGuide/reset-root-password.html,
--   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, 'arn:aws:iam::' || account || ':root') AS principal,
  nullif(useridentity.accesskeyid, '') AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  CASE WHEN eventname = 'PasswordRecoveryRequested' THEN 'root password recovery requested'
       ELSE 'root password recovery completed' END
    || ' from ' || coalesce(sourceipaddress, '?')
    || coalesce(' (' || coalesce(json_extract_scalar(responseelements, '$.PasswordRecoveryRequested'),
                              json_extract_scalar(responseelements, '$.PasswordRecoveryCompleted')) || ')', '') AS details
FROM cloudtrail
WHERE eventsource = 'signin.amazonaws.com'
  AND eventname IN ('PasswordRecoveryRequested', 'PasswordRecoveryCompleted')
ORDER BY eventtime
