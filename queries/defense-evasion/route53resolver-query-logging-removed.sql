-- id: route53resolver-query-logging-removed
-- title: Route 53 Resolver DNS query logging deleted or detached from a VPC
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.008
-- tags: route53resolver, dns, logging, single-event
-- description: DeleteResolverQueryLogConfig or DisassociateResolverQueryLogConfig stops the record of
--   DNS queries made from a VPC, which is where exfiltration over DNS and command-and-control
--   lookups show up. Denied attempts are included.
-- response: Re-associate the VPC with a query log configuration and review the caller's other
--   network changes.
-- false_positives: Consolidating query logging into a shared configuration.
-- references: https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_DeleteResolverQueryLogConfig.html,
--   https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_DisassociateResolverQueryLogConfig.html
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
  'query log config ' || coalesce(json_extract_scalar(requestparameters, '$.resolverQueryLogConfigId'), '?')
    || coalesce(' detached from ' || json_extract_scalar(requestparameters, '$.resourceId'), ' deleted')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'route53resolver.amazonaws.com'
  AND eventname IN ('DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig')
ORDER BY eventtime
