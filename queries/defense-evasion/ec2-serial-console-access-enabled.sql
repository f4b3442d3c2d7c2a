-- id: ec2-serial-console-access-enabled
-- title: EC2 serial console access enabled for the account
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.007
-- tags: ec2, single-event
-- description: EnableSerialConsoleAccess allows serial console sessions to every instance in the
--   region, a path to an instance's shell that bypasses security groups and network ACLs entirely.
--   It is off by default and seldom needed. Denied attempts are included.
-- response: Disable it again (disable-serial-console-access) unless a recovery task needs it, and
--   look for ec2-instance-connect SendSerialConsoleSSHPublicKey calls.
-- false_positives: Troubleshooting an instance that lost network access.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableSerialConsoleAccess.html,
--   https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-serial-console.html
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
  'serial console access enabled in ' || region
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'ec2.amazonaws.com'
  AND eventname = 'EnableSerialConsoleAccess'
ORDER BY eventtime
