-- id: saml-federated-sign-in
-- title: SAML federated sign-ins (inventory)
-- severity: info
-- tactic: initial-access
-- attack: T1078.004
-- tags: sts, saml, federation, single-event
-- description: Every sts:AssumeRoleWithSAML, grouped per day, provider, role, federated subject and
--   source address, with the count of sign-ins. It is the list an investigator needs to see who
--   came in through federation and from where; saml-provider-first-use raises the alarm when the
--   provider itself is new.
-- response: Compare subjects and addresses with your identity provider's own sign-in log; a
--   federated sign-in that the IdP does not know about means forged SAML assertions.
-- false_positives: This is an inventory: most rows are ordinary sign-ins.
-- references: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html
SELECT
  min(eventtime) AS eventtime,
  account,
  first_value(region ORDER BY eventtime) AS region,
  first_value(coalesce(json_extract_scalar(responseelements, '$.assumedRoleUser.arn'),
                      json_extract_scalar(requestparameters, '$.roleArn')) ORDER BY eventtime) AS principal,
  first_value(json_extract_scalar(responseelements, '$.credentials.accessKeyId') ORDER BY eventtime) AS accesskeyid,
  sourceipaddress,
  first_value(useragent ORDER BY eventtime) AS useragent,
  'AssumeRoleWithSAML' AS eventname,
  string_agg(eventid, ',' ORDER BY eventtime) AS eventids,
  string_agg(source_uri || '#' || CAST(source_index AS VARCHAR), ',' ORDER BY eventtime) AS evidence,
  CAST(count(*) AS VARCHAR) || ' SAML sign-in(s) of '
    || coalesce(useridentity.username, '?') || ' to role '
    || coalesce(json_extract_scalar(requestparameters, '$.roleArn'), '?') || ' via '
    || coalesce(json_extract_scalar(requestparameters, '$.principalArn'), '?')
    || CASE WHEN sum(CASE WHEN errorcode IS NOT NULL THEN 1 ELSE 0 END) > 0
            THEN ' (' || CAST(sum(CASE WHEN errorcode IS NOT NULL THEN 1 ELSE 0 END) AS VARCHAR) || ' denied)'
            ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'sts.amazonaws.com'
  AND eventname = 'AssumeRoleWithSAML'
GROUP BY account, sourceipaddress, useridentity.username,
         json_extract_scalar(requestparameters, '$.roleArn'),
         json_extract_scalar(requestparameters, '$.principalArn'),
         date_trunc('day', eventtime)
ORDER BY eventtime
