-- id: ec2-security-group-open-to-world
-- title: Security group opened to the internet on other ports
-- severity: low
-- tactic: defense-evasion
-- attack: T1562.007
-- tags: ec2, network, security-group, single-event, cfg
-- description: AuthorizeSecurityGroupIngress or ModifySecurityGroupRules allowed 0.0.0.0/0 or ::/0 on
--   ports that are neither administration/database ports nor all traffic (those are reported, with
--   high severity, by ec2-security-group-admin-port-open-to-world and
--   ec2-security-group-all-traffic-open-to-world; a call reported there is not repeated here). Public
--   web ports are often legitimate, hence the low severity; an unusual port opened to the world can
--   still be an intruder's listener or tunnel. Denied attempts are included.
-- response: Confirm the exposure is intended (a load balancer or public service); revoke it if not.
-- false_positives: Public web front ends on 80/443, VPN endpoints.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html
-- param: admin_ports = 22,3389,23,21,445,135,139,5900,5985,5986,3306,5432,1433,1521,27017,6379,9200,5601,11211,2375,2376,2379,6443,10250 ; ports that ec2-security-group-admin-port-open-to-world reports instead
WITH calls AS (
  SELECT eventtime, account, region,
    coalesce(useridentity.arn, useridentity.invokedby) AS principal,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress, useragent, eventname, eventid, errorcode,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
    coalesce(json_extract_scalar(requestparameters, '$.groupId'),
             json_extract_scalar(requestparameters, '$.ModifySecurityGroupRulesRequest.GroupId'),
             json_extract_scalar(requestparameters, '$.groupName'), '?') AS sg,
    requestparameters,
    json_get_json(requestparameters, 'ipPermissions', 'items') AS items,
    json_get_json(requestparameters, 'ModifySecurityGroupRulesRequest', 'SecurityGroupRule') AS mods
  FROM cloudtrail
  WHERE eventsource = 'ec2.amazonaws.com'
    AND eventname IN ('AuthorizeSecurityGroupIngress', 'ModifySecurityGroupRules')
    -- cheap pre-filter: only requests that mention a world-wide range at all
    AND (strpos(requestparameters, '0.0.0.0/0') > 0 OR strpos(requestparameters, '::/0') > 0)
),
egress_rules AS (
  -- rule ids that the lake shows were created as egress rules
  SELECT DISTINCT json_extract_scalar(json_get_json(items, i), '$.securityGroupRuleId') AS egress_rule_id
  FROM (SELECT json_get_json(responseelements, 'securityGroupRuleSet', 'items') AS items
        FROM cloudtrail
        WHERE eventsource = 'ec2.amazonaws.com'
          AND eventname = 'AuthorizeSecurityGroupEgress'
          AND errorcode IS NULL) egress
  CROSS JOIN unnest(range(0, 50)) AS t(i)
),
raw_rules AS (
  -- one row per permission: AuthorizeSecurityGroupIngress ipPermissions items (i >= 0) or its flat
  -- parameters ipProtocol/fromPort/toPort/cidrIp (i = -1); ModifySecurityGroupRules SecurityGroupRule,
  -- a single object or a list of them
  SELECT c.*, i AS idx,
    CASE WHEN eventname = 'AuthorizeSecurityGroupIngress' AND i >= 0 THEN json_get_json(items, i)
         WHEN eventname = 'AuthorizeSecurityGroupIngress' AND json_contains(requestparameters, 'cidrIp') THEN requestparameters
         WHEN eventname = 'ModifySecurityGroupRules' AND starts_with(ltrim(mods), '{') AND i = 0 THEN json_get_json(mods, 'SecurityGroupRule')
         WHEN eventname = 'ModifySecurityGroupRules' AND starts_with(ltrim(mods), '[') AND i >= 0 THEN json_get_json(json_get_json(mods, i), 'SecurityGroupRule')
    END AS r,
    CASE WHEN eventname = 'ModifySecurityGroupRules' AND starts_with(ltrim(mods), '{') AND i = 0 THEN json_get_str(mods, 'SecurityGroupRuleId')
         WHEN eventname = 'ModifySecurityGroupRules' AND starts_with(ltrim(mods), '[') AND i >= 0 THEN json_get_str(json_get_json(mods, i), 'SecurityGroupRuleId')
    END AS rule_id
  FROM calls c CROSS JOIN unnest(range(-1, 50)) AS t(i)
),
rules AS (
  SELECT *,
    lower(coalesce(json_extract_scalar(r, '$.ipProtocol'), json_extract_scalar(r, '$.IpProtocol'), '')) AS proto,
    TRY_CAST(coalesce(json_extract_scalar(r, '$.fromPort'), json_extract_scalar(r, '$.FromPort')) AS INT) AS from_port,
    TRY_CAST(coalesce(json_extract_scalar(r, '$.toPort'), json_extract_scalar(r, '$.ToPort')) AS INT) AS to_port
  FROM raw_rules
  WHERE r IS NOT NULL
    AND regexp_like(r, '(?i)"cidrip(v4|v6)?"\s*:\s*"(0\.0\.0\.0/0|::/0)"')
),
world AS (
  SELECT rl.*,
    proto IN ('-1', 'all') OR (coalesce(from_port, 0) <= 1 AND coalesce(to_port, 0) >= 65535 AND proto IN ('tcp', 'udp', '6', '17')) AS all_traffic
  FROM rules rl LEFT JOIN egress_rules e ON rl.rule_id = e.egress_rule_id
  WHERE e.egress_rule_id IS NULL
),
admin AS (
  SELECT w.eventid AS a_eventid, w.idx AS a_idx, string_agg(a.port, '/') AS ports
  FROM world w CROSS JOIN unnest(string_to_array($admin_ports, ',')) AS a(port)
  WHERE NOT w.all_traffic AND w.proto IN ('tcp', 'udp', '6', '17')
    AND TRY_CAST(a.port AS INT) BETWEEN w.from_port AND w.to_port
  GROUP BY w.eventid, w.idx
),
classified AS (
  SELECT w.*,
    CASE WHEN w.all_traffic THEN 'all' WHEN ad.ports IS NOT NULL THEN 'admin' ELSE 'other' END AS class,
    CASE WHEN w.proto IN ('-1', 'all') THEN 'all traffic'
         ELSE w.proto || ' ' || coalesce(CAST(w.from_port AS VARCHAR), '?')
              || CASE WHEN w.to_port IS DISTINCT FROM w.from_port THEN '-' || coalesce(CAST(w.to_port AS VARCHAR), '?') ELSE '' END
              || CASE WHEN w.to_port IS DISTINCT FROM w.from_port THEN coalesce(' (includes ' || ad.ports || ')', '') ELSE '' END END
      || coalesce(' via rule ' || w.rule_id, '') AS rule_text
  FROM world w LEFT JOIN admin ad ON w.eventid = ad.a_eventid AND w.idx = ad.a_idx
),
per_event AS (
  SELECT eventtime, account, region, principal, accesskeyid, sourceipaddress, useragent, eventname, eventid,
    evidence, errorcode, sg,
    max(CASE class WHEN 'all' THEN 3 WHEN 'admin' THEN 2 ELSE 1 END) AS top,
    string_agg(CASE WHEN class = 'other' THEN rule_text END, ', ' ORDER BY idx) AS opened
  FROM classified
  GROUP BY eventtime, account, region, principal, accesskeyid, sourceipaddress, useragent, eventname, eventid,
    evidence, errorcode, sg
)
SELECT
  eventtime,
  account,
  region,
  principal,
  accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  evidence,
  sg || ' open to the internet (0.0.0.0/0 or ::/0): ' || opened
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM per_event p
WHERE p.top = 1
ORDER BY eventtime
