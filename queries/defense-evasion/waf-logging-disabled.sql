-- id: waf-logging-disabled
-- title: WAF web ACL logging configuration deleted
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.008
-- tags: waf, logging, single-event
-- description: DeleteLoggingConfiguration (WAFv2, or WAF Classic global and regional) stops the log
--   of requests a web ACL allowed or blocked, hiding exploitation attempts against the protected
--   application. Denied attempts are included.
-- response: Restore the logging configuration (put-logging-configuration) and review the caller's
--   other WAF changes.
-- false_positives: Moving WAF logs to a new destination.
-- references: https://docs.aws.amazon.com/waf/latest/APIReference/API_DeleteLoggingConfiguration.html
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
  'logging removed from ' || coalesce(json_extract_scalar(requestparameters, '$.resourceArn'),
                                       json_extract_scalar(requestparameters, '$.resourceARN'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource IN ('wafv2.amazonaws.com', 'waf.amazonaws.com', 'waf-regional.amazonaws.com')
  AND eventname = 'DeleteLoggingConfiguration'
ORDER BY eventtime
