-- id: ec2-default-route-to-internet-gateway
-- title: Default route to an internet gateway added or swapped in a route table
-- severity: low
-- tactic: defense-evasion
-- attack: T1562.007
-- tags: ec2, network, vpc, single-event
-- description: CreateRoute or ReplaceRoute pointed 0.0.0.0/0 or ::/0 at an internet gateway (igw-).
--   In a route table of private subnets that makes them public, letting instances be reached (with a
--   public address) or reach out without passing the NAT and its egress controls. Public subnets get
--   such a route at build time, hence the low severity; the route table id says which it was.
--   Denied attempts are included.
-- response: Check which subnets use the route table; if they are meant to be private, restore the
--   NAT or firewall route and review traffic since the change.
-- false_positives: Building new public subnets.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateRoute.html,
--   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceRoute.html
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
  'route table ' || coalesce(json_extract_scalar(requestparameters, '$.routeTableId'), '?') || ': '
    || coalesce(json_extract_scalar(requestparameters, '$.destinationCidrBlock'), json_extract_scalar(requestparameters, '$.destinationIpv6CidrBlock'))
    || ' -> ' || json_extract_scalar(requestparameters, '$.gatewayId')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'ec2.amazonaws.com'
  AND eventname IN ('CreateRoute', 'ReplaceRoute')
  AND starts_with(coalesce(json_extract_scalar(requestparameters, '$.gatewayId'), ''), 'igw-')
  AND (json_extract_scalar(requestparameters, '$.destinationCidrBlock') = '0.0.0.0/0'
       OR json_extract_scalar(requestparameters, '$.destinationIpv6CidrBlock') = '::/0')
ORDER BY eventtime
