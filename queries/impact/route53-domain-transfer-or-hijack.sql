-- id: route53-domain-transfer-or-hijack
-- title: Route 53 registered domain transferred, unlocked or re-pointed
-- severity: high
-- tactic: impact
-- attack: T1584.001
-- tags: route53domains, dns, domain, single-event
-- description: A call to Route 53 Domains (event source route53domains.amazonaws.com, not
--   route53.amazonaws.com, which is DNS hosting) moved or prepared to move a registered domain:
--   TransferDomainToAnotherAwsAccount, DisableDomainTransferLock, RetrieveDomainAuthCode (the code
--   that authorises a transfer to another registrar), UpdateDomainNameservers (re-points the whole
--   domain), UpdateDomainContact or DeleteDomain. Whoever controls the domain controls its mail,
--   certificates and web traffic. Denied attempts are reported too.
-- response: Re-enable the transfer lock, cancel a pending transfer
--   (CancelDomainTransferToAnotherAwsAccount), restore name servers and contacts, and rotate the
--   credentials used.
-- false_positives: Planned registrar moves and DNS provider migrations.
-- references: https://docs.aws.amazon.com/Route53/latest/APIReference/API_domains_TransferDomainToAnotherAwsAccount.html
--   https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/logging-using-cloudtrail.html
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
  'domain=' || coalesce(json_get_str(requestparameters, 'domainName'), '?')
    || coalesce(' to_account=' || json_get_str(requestparameters, 'accountId'), '')
    || coalesce(' nameservers=' || json_get_json(requestparameters, 'nameservers'), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'route53domains.amazonaws.com'
  AND eventname IN ('TransferDomainToAnotherAwsAccount', 'DisableDomainTransferLock', 'RetrieveDomainAuthCode',
                    'UpdateDomainNameservers', 'UpdateDomainContact', 'DeleteDomain')
ORDER BY eventtime
