-- id: root-console-login
-- title: Root user signed in to the console
-- severity: high
-- tactic: initial-access
-- attack: T1078.004
-- tags: signin, root, single-event
-- description: A successful ConsoleLogin by the account's root user. Almost nothing needs root,
--   so a root session is either a rare, planned task (billing, account closure, support plan) or
--   someone holding the root password. The details say whether MFA was used.
-- response: Ask the account owner whether they signed in at that time from that address. If not,
--   reset the root password, check the root MFA devices and access keys, and review every call the
--   root session made (userIdentity.type = 'Root') after the sign-in.
-- false_positives: Tasks that only root can do, such as changing the support plan or closing the
--   account; they should be rare and announced.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html,
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html
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
  'root console sign-in, MFA used: '
    || coalesce(json_extract_scalar(additionaleventdata, '$.MFAUsed'), '?')
    || CASE WHEN json_extract_scalar(additionaleventdata, '$.LoginTo') IS NOT NULL
            THEN ', to ' || json_extract_scalar(additionaleventdata, '$.LoginTo') ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'signin.amazonaws.com'
  AND eventname = 'ConsoleLogin'
  AND useridentity.type = 'Root'
  AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'
ORDER BY eventtime
