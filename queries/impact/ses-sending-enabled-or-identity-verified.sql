-- id: ses-sending-enabled-or-identity-verified
-- title: SES sending enabled, production access requested or sender identity added
-- severity: medium
-- tactic: impact
-- attack: T1496
-- tags: ses, spam, phishing, resource-hijacking, single-event
-- description: A principal turned account sending on (UpdateAccountSendingEnabled or
--   PutAccountSendingAttributes with sending enabled), asked to leave the SES sandbox
--   (PutAccountDetails), or verified a new sender identity (VerifyEmailIdentity,
--   VerifyEmailAddress, VerifyDomainIdentity, CreateEmailIdentity). Spammers and phishers who steal
--   keys use a victim's SES reputation and quota this way. Denied attempts are reported too.
-- response: Check the identity or domain against the organisation's senders, delete unknown
--   identities, pause sending (UpdateAccountSendingEnabled false) and review the caller.
-- false_positives: Application teams adding sender addresses or domains.
-- references: https://docs.aws.amazon.com/ses/latest/dg/logging-using-cloudtrail.html
--   https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_PutAccountDetails.html
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
  CASE
    WHEN eventname IN ('UpdateAccountSendingEnabled', 'PutAccountSendingAttributes') THEN 'account sending enabled'
    WHEN eventname = 'PutAccountDetails' THEN 'production access requested for ' || coalesce(json_get_str(requestparameters, 'websiteURL'), '?')
         || coalesce(' mailType=' || json_get_str(requestparameters, 'mailType'), '')
    ELSE 'identity=' || coalesce(json_get_str(requestparameters, 'emailIdentity'), json_get_str(requestparameters, 'emailAddress'),
                                 json_get_str(requestparameters, 'domain'), '?')
  END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource IN ('ses.amazonaws.com', 'email.amazonaws.com')
  AND (eventname IN ('PutAccountDetails', 'VerifyEmailIdentity', 'VerifyEmailAddress', 'VerifyDomainIdentity', 'CreateEmailIdentity')
       OR (eventname = 'UpdateAccountSendingEnabled'
           AND lower(trim(coalesce(json_get_json(requestparameters, 'enabled'), 'false'), '"')) = 'true')
       OR (eventname = 'PutAccountSendingAttributes'
           AND lower(trim(coalesce(json_get_json(requestparameters, 'sendingEnabled'), 'false'), '"')) = 'true'))
ORDER BY eventtime
