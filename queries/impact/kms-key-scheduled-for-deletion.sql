-- id: kms-key-scheduled-for-deletion
-- title: KMS key scheduled for deletion or its imported key material deleted
-- severity: high
-- tactic: impact
-- attack: T1485
-- tags: kms, encryption, destruction, single-event
-- description: ScheduleKeyDeletion or DeleteImportedKeyMaterial was called. When the waiting period
--   (7 to 30 days) ends, or at once for deleted imported material, every object encrypted under the
--   key - EBS volumes, S3 objects, RDS storage, secrets - becomes unreadable. A short waiting
--   period is shown in the details. Denied attempts are reported too.
-- response: Cancel the deletion now (aws kms cancel-key-deletion, then enable-key), find what the
--   key protects, and review the caller's session and other destructive calls.
-- false_positives: Planned retirement of keys that no longer protect data.
-- references: https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html
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
    || coalesce(' pendingWindowInDays=' || json_get_json(requestparameters, 'pendingWindowInDays'), '')
    || coalesce(' deletionDate=' || json_get_str(responseelements, 'deletionDate'), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'kms.amazonaws.com'
  AND eventname IN ('ScheduleKeyDeletion', 'DeleteImportedKeyMaterial')
ORDER BY eventtime
