-- id: securityhub-findings-bulk-suppressed
-- title: Many Security Hub findings suppressed or resolved by one principal within an hour
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: securityhub, threshold
-- description: BatchUpdateFindings calls that set Workflow.Status to SUPPRESSED or RESOLVED, counted
--   per principal and per clock hour by the number of FindingIdentifiers they carry. An intruder who
--   cannot stop the detectors can still close the findings they raise before anyone looks. The
--   threshold is a parameter; denied calls are counted separately in the details.
-- response: List the findings that were closed (filter by the caller in Workflow/Note updates),
--   reopen them, and review them.
-- false_positives: Analysts or automation closing findings in bulk after triage.
-- references: https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateFindings.html
-- param: min_findings = 20 ; findings closed by one principal within one hour before reporting
WITH calls AS (
  SELECT eventtime, account, region, useridentity.arn AS arn, useridentity.accesskeyid AS key_id,
    sourceipaddress, useragent, eventid, errorcode,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ev,
    upper(coalesce(json_extract_scalar(requestparameters, '$.Workflow.Status'), '')) AS status,
    coalesce(json_length(json_get_json(requestparameters, 'FindingIdentifiers')), 1) AS findings
  FROM cloudtrail
  WHERE eventsource = 'securityhub.amazonaws.com'
    AND eventname = 'BatchUpdateFindings'
)
SELECT
  min(eventtime) AS eventtime,
  account,
  first_value(region ORDER BY eventtime) AS region,
  arn AS principal,
  first_value(key_id ORDER BY eventtime) AS accesskeyid,
  first_value(sourceipaddress ORDER BY eventtime) AS sourceipaddress,
  first_value(useragent ORDER BY eventtime) AS useragent,
  'BatchUpdateFindings' AS eventname,
  string_agg(eventid, ',' ORDER BY eventtime) AS eventids,
  string_agg(ev, ',' ORDER BY eventtime) AS evidence,
  CAST(sum(findings) AS VARCHAR) || ' findings set to ' || array_to_string(array_agg(DISTINCT status), '/')
    || ' in ' || CAST(count(*) AS VARCHAR) || ' call(s) within the hour starting '
    || CAST(date_trunc('hour', min(eventtime)) AS VARCHAR)
    || CASE WHEN count(errorcode) > 0 THEN ', ' || CAST(count(errorcode) AS VARCHAR) || ' call(s) denied' ELSE '' END AS details
FROM calls
WHERE status IN ('SUPPRESSED', 'RESOLVED')
GROUP BY account, arn, date_trunc('hour', eventtime)
HAVING sum(findings) >= $min_findings
ORDER BY 1
