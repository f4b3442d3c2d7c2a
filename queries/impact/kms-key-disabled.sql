-- id: kms-key-disabled
-- title: KMS key disabled
-- severity: medium
-- tactic: impact
-- attack: T1485
-- tags: kms, encryption, availability, single-event
-- description: DisableKey was called on a KMS key. While it is disabled nothing encrypted under it
--   can be decrypted, which stops the applications and data stores that depend on it; it is also
--   the usual step before scheduling deletion. Denied attempts are reported too.
-- response: Confirm with the key owner; re-enable the key (aws kms enable-key) if unexpected and
--   check for ScheduleKeyDeletion by the same principal.
-- false_positives: Key rotation procedures that disable the old key before deleting it.
-- references: https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKey.html
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
  'key=' || coalesce(json_get_str(requestparameters, 'keyId'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'kms.amazonaws.com'
  AND eventname = 'DisableKey'
ORDER BY eventtime
