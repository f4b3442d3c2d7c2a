-- id: ec2-password-data-denied
-- title: Denied GetPasswordData call
-- severity: medium
-- tactic: credential-access
-- attack: T1552.005
-- tags: ec2, windows, denied, single-event
-- description: A request for an instance's encrypted Windows Administrator password was refused.
--   People who administer Windows instances have this permission; a principal that lacks it and
--   still asks is usually a stolen key or tool trying what it can reach.
-- response: Find out why this principal would want the password. If nobody expects it, treat its
--   credentials as compromised and review what else it attempted from the same IP.
-- false_positives: Console users opening "Connect > RDP client" without the permission.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetPasswordData.html
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
  'instance=' || coalesce(json_extract_scalar(requestparameters, '$.instanceId'), '?')
    || ' denied: ' || errorcode AS details
FROM cloudtrail
WHERE eventsource = 'ec2.amazonaws.com'
  AND eventname = 'GetPasswordData'
  AND errorcode IS NOT NULL
  AND (errorcode LIKE '%Unauthorized%' OR errorcode LIKE '%AccessDenied%' OR errorcode LIKE '%Forbidden%')
ORDER BY eventtime
