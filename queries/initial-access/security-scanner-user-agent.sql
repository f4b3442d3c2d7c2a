-- id: security-scanner-user-agent
-- title: Calls from a cloud security assessment tool
-- severity: low
-- tactic: initial-access
-- attack: T1078.004
-- tags: user-agent, single-event
-- description: The userAgent names an AWS posture or permission-mapping tool (Prowler, ScoutSuite,
--   CloudSploit, CloudMapper, PMapper, Cloudsplaining). Defenders run these on schedule; an
--   intruder runs the same tools to map what a stolen credential can reach. One row per
--   identity, key, address and user agent per day.
-- response: Confirm the scan with the team that owns it. An unannounced run from an unfamiliar
--   address or identity deserves the same treatment as offensive-user-agent.
-- false_positives: Scheduled compliance scans; allow-list their identity in your triage.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
WITH ev AS (
  SELECT
    eventtime,
    account,
    region,
    coalesce(useridentity.arn, useridentity.invokedby) AS principal,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventname,
    errorcode,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref,
    regexp_match(lower(useragent),
      '(^|[^a-z])(prowler|scout ?suite|cloudsploit|cloudmapper|pmapper|principalmapper|cloudsplaining)([^a-z]|$)') AS m
  FROM cloudtrail
  WHERE regexp_like(lower(useragent),
      '(^|[^a-z])(prowler|scout ?suite|cloudsploit|cloudmapper|pmapper|principalmapper|cloudsplaining)([^a-z]|$)')
)
SELECT
  min(eventtime) AS eventtime,
  account,
  first_value(region ORDER BY eventtime) AS region,
  principal,
  accesskeyid,
  sourceipaddress,
  useragent,
  array_to_string(array_sort(array_agg(DISTINCT eventname)), ',') AS eventname,
  string_agg(eventid, ',' ORDER BY eventtime) AS eventids,
  string_agg(ref, ',' ORDER BY eventtime) AS evidence,
  'user agent names ' || first_value(m[2] ORDER BY eventtime) || ': '
    || CAST(count(*) AS VARCHAR) || ' calls ('
    || CAST(sum(CASE WHEN errorcode IS NOT NULL THEN 1 ELSE 0 END) AS VARCHAR) || ' denied or failed) to '
    || CAST(count(DISTINCT eventname) AS VARCHAR) || ' APIs between '
    || CAST(min(eventtime) AS VARCHAR) || ' and ' || CAST(max(eventtime) AS VARCHAR) AS details
FROM ev
GROUP BY account, principal, accesskeyid, sourceipaddress, useragent, date_trunc('day', eventtime)
ORDER BY eventtime
