-- id: rds-db-security-group-open-to-world
-- title: RDS DB security group opened to 0.0.0.0/0
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.007
-- tags: rds, network, single-event
-- description: AuthorizeDBSecurityGroupIngress added the range 0.0.0.0/0 to a (legacy, EC2-Classic
--   era) DB security group, exposing the database port of every instance using it to the internet.
--   Requests naming an EC2 security group or a narrower range are not reported. Denied attempts are
--   included.
-- response: Revoke the range (revoke-db-security-group-ingress) and review database logins since.
-- false_positives: Rare; public databases are almost never intended.
-- references: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_AuthorizeDBSecurityGroupIngress.html
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
  'DB security group ' || coalesce(json_extract_scalar(requestparameters, '$.dBSecurityGroupName'), '?') || ' open to 0.0.0.0/0'
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'rds.amazonaws.com'
  AND eventname = 'AuthorizeDBSecurityGroupIngress'
  AND regexp_like(coalesce(requestparameters, ''), '(?i)"cidrip"\s*:\s*"0\.0\.0\.0/0"')
ORDER BY eventtime
