-- id: rolesanywhere-trust-anchor-or-profile-changed
-- title: IAM Roles Anywhere trust anchor or profile created or changed
-- severity: medium
-- tactic: persistence
-- attack: T1098.003
-- tags: rolesanywhere, pki, single-event
-- description: rolesanywhere CreateTrustAnchor, UpdateTrustAnchor, EnableTrustAnchor,
--   CreateProfile or UpdateProfile. A trust anchor makes the account accept X.509 certificates
--   from a certificate authority; with a profile listing roles, whoever holds a certificate from
--   that CA can get role credentials from anywhere. Registering one's own CA is a durable way back
--   in that leaves no IAM user or key behind. The details name the roles a profile opens.
-- response: Check the anchor's certificate source against your PKI team's CAs. If unknown,
--   disable and delete the anchor and profile, and review CreateSession calls that used them.
-- false_positives: On-premises workloads being moved onto Roles Anywhere.
-- references: https://docs.aws.amazon.com/rolesanywhere/latest/userguide/cloudtrail-integration.html,
--   https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_CreateTrustAnchor.html
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
  eventname || ' ' || coalesce(json_extract_scalar(requestparameters, '$.name'),
                               json_extract_scalar(requestparameters, '$.trustAnchorId'),
                               json_extract_scalar(requestparameters, '$.profileId'), '?')
    || coalesce(' (source ' || json_extract_scalar(requestparameters, '$.source.sourceType') || ')', '')
    || coalesce(' (roles ' || json_extract(requestparameters, '$.roleArns') || ')', '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'rolesanywhere.amazonaws.com'
  AND eventname IN ('CreateTrustAnchor', 'UpdateTrustAnchor', 'EnableTrustAnchor',
                    'CreateProfile', 'UpdateProfile')
ORDER BY eventtime
