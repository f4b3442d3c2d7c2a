-- id: ec2-serial-console-key-pushed
-- title: SSH key pushed for the EC2 serial console
-- severity: medium
-- tactic: lateral-movement
-- attack: T1021.004
-- tags: ec2-instance-connect, serial-console, single-event
-- description: SendSerialConsoleSSHPublicKey installed a temporary key to reach an instance's
--   serial console. The serial console works without network access to the instance and without
--   SSM, and lands on a login prompt or a boot loader, so it is a way in that bypasses security
--   groups and host firewalls. It is rarely used outside break-fix work. Denied attempts are
--   reported too. The event name is trimmed, as some published examples carry a trailing space.
-- response: Confirm with the instance owner; check whether serial console access was enabled just
--   before (ec2:EnableSerialConsoleAccess) and review the instance's console logins.
-- false_positives: Recovery of instances that lost network or SSH access.
-- references: https://docs.aws.amazon.com/ec2-instance-connect/latest/APIReference/API_SendSerialConsoleSSHPublicKey.html
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, useridentity.invokedby) AS principal,
  useridentity.accesskeyid AS accesskeyid,
  sourceipaddress,
  useragent,
  trim(eventname) AS eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  'instance=' || coalesce(json_get_str(requestparameters, 'instanceId'), '?')
    || coalesce(' serialPort=' || json_get_json(requestparameters, 'serialPort'), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'ec2-instance-connect.amazonaws.com'
  AND trim(eventname) = 'SendSerialConsoleSSHPublicKey'
ORDER BY eventtime
