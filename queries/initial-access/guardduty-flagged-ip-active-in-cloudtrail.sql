-- id: guardduty-flagged-ip-active-in-cloudtrail
-- title: Address flagged by GuardDuty made AWS API calls
-- severity: high
-- tactic: initial-access
-- attack: T1078.004
-- tags: guardduty, correlation, pivot
-- description: The remote address of a GuardDuty finding also appears as the source of CloudTrail
--   API calls around the time of the finding, with any credentials. It shows which identities the
--   flagged address holds, beyond the single key or instance in the finding.
-- response: List every principal and key the address used (trailhound pivot <finding id>), disable
--   them, block the address at the edge, and check each principal's activity for persistence.
-- false_positives: Findings on shared egress addresses (a corporate NAT or proxy) flagged by a
--   threat list; check the finding's organization and country.
-- references: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings.html
-- param: min_severity = 4 ; lowest GuardDuty severity (0-10) that counts
SELECT
  min(a.eventtime) AS eventtime,
  min(a.account) AS account,
  min(a.region) AS region,
  string_agg(DISTINCT a.useridentity.arn, ',') AS principal,
  string_agg(DISTINCT a.useridentity.accesskeyid, ',') AS accesskeyid,
  a.sourceipaddress,
  string_agg(DISTINCT a.useragent, ',') AS useragent,
  string_agg(DISTINCT a.eventname, ',') AS eventname,
  string_agg(a.eventid, ',') AS eventids,
  string_agg(a.source_uri || '#' || CAST(a.source_index AS VARCHAR), ',') AS evidence,
  'GuardDuty ' || a.finding_type || ' (finding ' || a.finding_id || '): ' || CAST(count(*) AS VARCHAR)
    || ' call(s) from the flagged address, ' || CAST(count(DISTINCT a.eventname) AS VARCHAR) || ' distinct APIs' AS details
FROM guardduty_activity a JOIN guardduty g ON g.id = a.finding_id
WHERE a.finding_severity >= $min_severity
  AND a.sourceipaddress = g.remoteip
GROUP BY a.finding_id, a.finding_type, a.sourceipaddress
ORDER BY 1
