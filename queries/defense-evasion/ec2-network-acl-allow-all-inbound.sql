-- id: ec2-network-acl-allow-all-inbound
-- title: Network ACL entry allowing all inbound traffic from the internet
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.007
-- tags: ec2, network, nacl, single-event
-- description: CreateNetworkAclEntry or ReplaceNetworkAclEntry added an inbound (egress=false) allow
--   rule for 0.0.0.0/0 or ::/0 with protocol -1, or with TCP/UDP over every port. A subnet whose
--   network ACL was the layer keeping the internet out loses it; replacing a deny entry this way is
--   quieter than touching security groups. Rules limited to a port, deny rules and egress rules are
--   not reported. Denied attempts are included.
-- response: Check the ACL's entries (describe-network-acls), restore the intended rule, and review
--   traffic to the subnet (flow logs) since the change.
-- false_positives: Infrastructure code that recreates the AWS default allow-all rule (number 100).
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html,
--   https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
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
  eventname || ' ' || coalesce(json_extract_scalar(requestparameters, '$.networkAclId'), '?')
    || ' rule ' || coalesce(json_extract_scalar(requestparameters, '$.ruleNumber'), '?')
    || ' allows ' || CASE WHEN json_extract_scalar(requestparameters, '$.aclProtocol') = '-1' THEN 'all traffic'
                          ELSE 'protocol ' || json_extract_scalar(requestparameters, '$.aclProtocol') || ' on all ports' END
    || ' from ' || coalesce(json_extract_scalar(requestparameters, '$.cidrBlock'), json_extract_scalar(requestparameters, '$.ipv6CidrBlock'))
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'ec2.amazonaws.com'
  AND eventname IN ('CreateNetworkAclEntry', 'ReplaceNetworkAclEntry')
  AND lower(json_extract_scalar(requestparameters, '$.ruleAction')) = 'allow'
  AND coalesce(json_extract_scalar(requestparameters, '$.egress'), 'false') = 'false'
  AND (json_extract_scalar(requestparameters, '$.cidrBlock') = '0.0.0.0/0'
       OR json_extract_scalar(requestparameters, '$.ipv6CidrBlock') = '::/0')
  AND (json_extract_scalar(requestparameters, '$.aclProtocol') IN ('-1', 'all')
       OR (json_extract_scalar(requestparameters, '$.aclProtocol') IN ('6', '17', 'tcp', 'udp')
           AND coalesce(TRY_CAST(json_extract_scalar(requestparameters, '$.portRange.from') AS INT), 0) <= 1
           AND coalesce(TRY_CAST(json_extract_scalar(requestparameters, '$.portRange.to') AS INT), 0) >= 65535))
ORDER BY eventtime
