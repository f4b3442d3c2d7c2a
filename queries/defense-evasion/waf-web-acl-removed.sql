-- id: waf-web-acl-removed
-- title: WAF web ACL deleted or detached from a resource
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: waf, single-event
-- description: DeleteWebACL, or DisassociateWebACL removing a web ACL from a load balancer, API
--   Gateway stage, AppSync API or Cognito pool (WAFv2 and WAF Classic regional). The application
--   loses its filtering and the WAF log stops, opening the way for exploitation that would have been
--   blocked. Denied attempts are included.
-- response: Re-associate the web ACL and review the application logs for requests that came in
--   meanwhile.
-- false_positives: Replacing one web ACL with another (an AssociateWebACL follows).
-- references: https://docs.aws.amazon.com/waf/latest/APIReference/API_DisassociateWebACL.html,
--   https://docs.aws.amazon.com/waf/latest/APIReference/API_DeleteWebACL.html
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
  eventname || ' ' || coalesce(json_extract_scalar(requestparameters, '$.resourceArn'),
                                    json_extract_scalar(requestparameters, '$.resourceARN'),
                                    json_extract_scalar(requestparameters, '$.name'),
                                    json_extract_scalar(requestparameters, '$.webACLId'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource IN ('wafv2.amazonaws.com', 'waf.amazonaws.com', 'waf-regional.amazonaws.com')
  AND eventname IN ('DeleteWebACL', 'DisassociateWebACL')
ORDER BY eventtime
