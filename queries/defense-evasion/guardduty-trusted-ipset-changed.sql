-- id: guardduty-trusted-ipset-changed
-- title: GuardDuty trusted IP list created or updated
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: guardduty, single-event
-- description: CreateIPSet or UpdateIPSet changed a trusted IP list. GuardDuty produces no findings
--   for traffic from addresses on an active trusted list, so an intruder adds its own ranges (the
--   list is a file in S3 named by location) to go quiet. Threat-intel lists, which add alerts, are
--   not reported. Denied attempts are included.
-- response: Read the list at the S3 location, remove addresses nobody can vouch for, and review the
--   caller.
-- false_positives: Adding corporate egress ranges or scanners' addresses.
-- references: https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateIPSet.html,
--   https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_upload-lists.html
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
  'trusted IP list ' || coalesce(json_extract_scalar(requestparameters, '$.name'), json_extract_scalar(requestparameters, '$.ipSetId'), '?')
    || coalesce(' from ' || json_extract_scalar(requestparameters, '$.location'), '')
    || coalesce(' activate=' || json_extract_scalar(requestparameters, '$.activate'), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'guardduty.amazonaws.com'
  AND eventname IN ('CreateIPSet', 'UpdateIPSet')
ORDER BY eventtime
