-- id: ec2-userdata-read
-- title: EC2 instance user data read
-- severity: low
-- tactic: credential-access
-- attack: T1552.005
-- tags: ec2, user-data, single-event
-- description: DescribeInstanceAttribute with attribute=userData, successful or not. User data
--   is where bootstrap scripts put credentials more often than they should, so each read is
--   recorded for context; a sweep over many instances is reported by ec2-userdata-read-sweep.
-- response: Look at who read it and whether that instance's user data holds secrets; if it does,
--   move them to Secrets Manager or Parameter Store and rotate them.
-- false_positives: Engineers viewing user data in the console while debugging a launch.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceAttribute.html
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, useridentity.principalid) AS principal,
  useridentity.accesskeyid AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  'userData of ' || coalesce(json_extract_scalar(requestparameters, '$.instanceId'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (failed: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'ec2.amazonaws.com'
  AND eventname = 'DescribeInstanceAttribute'
  AND lower(json_extract_scalar(requestparameters, '$.attribute')) = 'userdata'
  AND coalesce(useridentity.type, '') <> 'AWSService'
ORDER BY eventtime
