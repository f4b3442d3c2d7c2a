-- id: iam-changes-from-cloudshell
-- title: IAM changes made from AWS CloudShell
-- severity: low
-- tactic: privilege-escalation
-- attack: T1059.009
-- tags: iam, cloudshell, single-event
-- description: An IAM write call carried the CloudShell marker (exec-env/CloudShell) in its user
--   agent. An intruder with a console session (phished, or after a password takeover) often uses
--   the browser shell to script IAM changes with the console's credentials, leaving no local
--   tooling behind. Denied calls are included.
-- response: Confirm the change with the console user; if unexpected, treat the console session as
--   compromised (reset password and MFA) and review its actions.
-- false_positives: Administrators who prefer CloudShell for quick fixes.
-- references: https://docs.aws.amazon.com/cloudshell/latest/userguide/welcome.html,
--   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
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
  eventname || ' from CloudShell'
    || coalesce(' on user ' || json_extract_scalar(requestparameters, '$.userName'),
                ' on role ' || json_extract_scalar(requestparameters, '$.roleName'),
                ' on group ' || json_extract_scalar(requestparameters, '$.groupName'),
                ' on policy ' || json_extract_scalar(requestparameters, '$.policyArn'), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'iam.amazonaws.com'
  AND readonly = 'false'
  AND useragent ILIKE '%exec-env/CloudShell%'
ORDER BY eventtime
