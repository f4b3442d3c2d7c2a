-- id: instance-credentials-used-outside-aws
-- title: EC2 instance credentials used from an outside address
-- severity: high
-- tactic: initial-access
-- attack: T1552.005
-- tags: ec2, instance-profile, enrichment, cfg
-- description: A call signed with an instance profile session (ARN
--   assumed-role/<role>/i-<instance id>) came from a public address that is not in
--   `trusted_cidrs`. Instances reach AWS from private addresses (VPC endpoints) or from the
--   account's own NAT gateways and Elastic IPs; credentials taken from the instance metadata
--   service (SSRF, a compromised container) are used from the attacker's machine instead. The lake
--   holds no copy of AWS's address ranges, so list your NAT/Elastic IP ranges (and, if you like,
--   the EC2 ranges from ip-ranges.json) in `trusted_cidrs`. Private addresses, AWS service names
--   and calls through a VPC endpoint are never reported. One row per instance session and address.
-- response: Identify the instance and whether the address belongs to you. If not, revoke the
--   role's active sessions (an inline deny on aws:TokenIssueTime), enforce IMDSv2, look for SSRF or
--   a compromised workload, and review every call from the address.
-- false_positives: Instances in public subnets that call AWS from their own public address when
--   those addresses are not listed in trusted_cidrs.
-- references: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html,
--   https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html
-- param: trusted_cidrs = ; comma-separated CIDR blocks of your own egress (NAT, Elastic IPs, AWS ranges)
WITH ev AS (
  SELECT
    eventtime,
    account,
    region,
    useridentity.arn AS principal,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventname,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE useridentity.type = 'AssumedRole'
    AND regexp_like(useridentity.arn, '^arn:aws[a-z-]*:sts::[0-9]{12}:assumed-role/[^/]+/i-[0-9a-f]{8,17}$')
    AND vpcendpointid IS NULL
    AND (regexp_like(sourceipaddress, '^[0-9]{1,3}(\.[0-9]{1,3}){3}$') OR strpos(sourceipaddress, ':') > 0)
    AND NOT coalesce(
          cidr_contains('10.0.0.0/8', sourceipaddress)
          OR cidr_contains('172.16.0.0/12', sourceipaddress)
          OR cidr_contains('192.168.0.0/16', sourceipaddress)
          OR cidr_contains('100.64.0.0/10', sourceipaddress)
          OR cidr_contains('127.0.0.0/8', sourceipaddress)
          OR cidr_contains('169.254.0.0/16', sourceipaddress)
          OR cidr_contains('fc00::/7', sourceipaddress)
          OR cidr_contains('fe80::/10', sourceipaddress), false)
),
trusted AS (
  SELECT trim(cidr) AS cidr
  FROM (SELECT unnest(string_to_array(CAST($trusted_cidrs AS VARCHAR), ',')) AS cidr)
  WHERE trim(cidr) <> ''
),
outside AS (
  SELECT e.*
  FROM ev e
  LEFT JOIN trusted t ON coalesce(cidr_contains(t.cidr, e.sourceipaddress), false)
  WHERE t.cidr IS NULL
)
SELECT
  min(eventtime) AS eventtime,
  account,
  first_value(region ORDER BY eventtime) AS region,
  principal,
  first_value(accesskeyid ORDER BY eventtime) AS accesskeyid,
  sourceipaddress,
  first_value(useragent ORDER BY eventtime) AS useragent,
  array_to_string(array_sort(array_agg(DISTINCT eventname)), ',') AS eventname,
  string_agg(eventid, ',' ORDER BY eventtime) AS eventids,
  string_agg(ref, ',' ORDER BY eventtime) AS evidence,
  'instance ' || regexp_replace(principal, '^.*/', '') || ' credentials used from '
    || sourceipaddress || ': ' || CAST(count(*) AS VARCHAR) || ' calls between '
    || CAST(min(eventtime) AS VARCHAR) || ' and ' || CAST(max(eventtime) AS VARCHAR) AS details
FROM outside
GROUP BY account, principal, sourceipaddress
ORDER BY eventtime
