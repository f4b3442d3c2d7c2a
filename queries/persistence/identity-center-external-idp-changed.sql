-- id: identity-center-external-idp-changed
-- title: IAM Identity Center identity source or external IdP changed
-- severity: high
-- tactic: persistence
-- attack: T1484.002
-- tags: sso, identity-center, federation, single-event
-- description: IAM Identity Center calls that swap where users come from: associating or
--   dissociating a directory, creating, updating, enabling, disabling or deleting the external
--   identity provider configuration, or adding/changing a trusted token issuer (sso and
--   sso-directory event sources). An intruder with Identity Center admin rights points it at an
--   IdP they run and then signs in as anyone, into every account with assigned permission sets.
--   Denied attempts are reported.
-- response: Confirm with the identity team; if unplanned, restore the identity source, review
--   permission set assignments and recent sign-ins, and revoke active portal sessions.
-- false_positives: Planned IdP migrations and certificate renewals.
-- references: https://docs.aws.amazon.com/singlesignon/latest/userguide/logging-using-cloudtrail.html,
--   https://docs.aws.amazon.com/singlesignon/latest/userguide/manage-your-identity-source-change.html
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
  eventname || ' via ' || eventsource
    || coalesce(' on ' || coalesce(json_extract_scalar(requestparameters, '$.directoryId'),
                                   json_extract_scalar(requestparameters, '$.instanceArn'),
                                   json_extract_scalar(requestparameters, '$.trustedTokenIssuerArn'),
                                   json_extract_scalar(requestparameters, '$.name')), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource IN ('sso.amazonaws.com', 'sso-directory.amazonaws.com')
  AND eventname IN ('AssociateDirectory', 'DisassociateDirectory',
                    'CreateExternalIdPConfigurationForDirectory', 'UpdateExternalIdPConfigurationForDirectory',
                    'EnableExternalIdPConfigurationForDirectory', 'DisableExternalIdPConfigurationForDirectory',
                    'DeleteExternalIdPConfigurationForDirectory',
                    'CreateTrustedTokenIssuer', 'UpdateTrustedTokenIssuer')
ORDER BY eventtime
