-- id: macie-disabled
-- title: Amazon Macie disabled, paused or unlinked from its administrator
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: macie, single-event
-- description: DisableMacie (deletes Macie's findings and configuration), UpdateMacieSession with
--   status PAUSED, a member leaving its Macie administrator (DisassociateFromAdministratorAccount,
--   DisassociateFromMasterAccount) or the delegated administrator being removed
--   (DisableOrganizationAdminAccount). Macie is what reports sensitive data in buckets and bucket
--   policy changes; turning it off precedes quiet data theft. Denied attempts are included.
-- response: Re-enable Macie or resume the session, and review S3 access by the caller.
-- false_positives: Cost decisions in non-production accounts.
-- references: https://docs.aws.amazon.com/macie/latest/APIReference/macie.html,
--   https://docs.aws.amazon.com/macie/latest/user/macie-suspend-disable.html
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
  eventname || coalesce(' status=' || json_extract_scalar(requestparameters, '$.status'), '') || ' in ' || region
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'macie2.amazonaws.com'
  AND (eventname IN ('DisableMacie', 'DisassociateFromAdministratorAccount', 'DisassociateFromMasterAccount',
                     'DisableOrganizationAdminAccount')
       OR (eventname = 'UpdateMacieSession' AND json_extract_scalar(requestparameters, '$.status') = 'PAUSED'))
ORDER BY eventtime
