-- id: rds-snapshot-copied-with-foreign-key
-- title: RDS snapshot copied and re-encrypted with another account's KMS key
-- severity: high
-- tactic: exfiltration
-- attack: T1537
-- tags: rds, snapshot, kms, copy, single-event
-- description: CopyDBSnapshot or CopyDBClusterSnapshot named a KMS key whose ARN belongs to a
--   different account. A shared snapshot encrypted with the default aws/rds key cannot be used by
--   another account, so an attacker first re-encrypts a copy with a key they control and then
--   shares it. Denied attempts are reported too.
-- response: Delete the copy if it is still in the account, check for a following
--   ModifyDBSnapshotAttribute share, and review the key's owner and the caller's session.
-- false_positives: Centralised backup designs that encrypt copies with a key in a security or
--   backup account; list those accounts in allowed_accounts.
-- references: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBSnapshot.html
-- param: allowed_accounts = ; comma-separated account ids whose KMS keys may encrypt copies
WITH ev AS (
  SELECT *, split_part(json_get_str(requestparameters, 'kmsKeyId'), ':', 5) AS key_account
  FROM cloudtrail
  WHERE eventsource = 'rds.amazonaws.com'
    AND eventname IN ('CopyDBSnapshot', 'CopyDBClusterSnapshot')
    AND json_get_str(requestparameters, 'kmsKeyId') LIKE 'arn:%:kms:%'
)
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
  'source=' || coalesce(json_get_str(requestparameters, 'sourceDBSnapshotIdentifier'),
                        json_get_str(requestparameters, 'sourceDBClusterSnapshotIdentifier'), '?')
    || ' target=' || coalesce(json_get_str(requestparameters, 'targetDBSnapshotIdentifier'),
                              json_get_str(requestparameters, 'targetDBClusterSnapshotIdentifier'), '?')
    || ' kms_key=' || json_get_str(requestparameters, 'kmsKeyId') || ' (account ' || key_account || ')'
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM ev
WHERE key_account <> account
  AND NOT array_has(string_to_array(CAST($allowed_accounts AS VARCHAR), ','), key_account)
ORDER BY eventtime
