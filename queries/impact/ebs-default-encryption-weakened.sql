-- id: ebs-default-encryption-weakened
-- title: EBS encryption by default disabled or pointed at a foreign KMS key
-- severity: medium
-- tactic: impact
-- attack: T1486
-- tags: ec2, ebs, kms, encryption, single-event
-- description: DisableEbsEncryptionByDefault turned off default encryption for new volumes in a
--   region, or ModifyEbsDefaultKmsKeyId set the default key to a key ARN owned by another account.
--   With a foreign default key, every new volume and snapshot is encrypted under a key the attacker
--   can disable: a ransomware set-up. Denied attempts are reported too.
-- response: Re-enable default encryption (aws ec2 enable-ebs-encryption-by-default) or reset the
--   default key (reset-ebs-default-kms-key-id), and list volumes created since the change.
-- false_positives: Central key management in a security account; such keys can be excluded with
--   allowed_accounts.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DisableEbsEncryptionByDefault.html
--   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyEbsDefaultKmsKeyId.html
-- param: allowed_accounts = ; comma-separated account ids whose KMS keys may be the EBS default
WITH ev AS (
  SELECT *,
         coalesce(json_get_str(requestparameters, 'ModifyEbsDefaultKmsKeyIdRequest', 'KmsKeyId'),
                  json_get_str(requestparameters, 'kmsKeyId'), json_get_str(requestparameters, 'KmsKeyId')) AS key_id
  FROM cloudtrail
  WHERE eventsource = 'ec2.amazonaws.com'
    AND eventname IN ('DisableEbsEncryptionByDefault', 'ModifyEbsDefaultKmsKeyId')
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
  CASE WHEN eventname = 'DisableEbsEncryptionByDefault' THEN 'EBS encryption by default disabled in ' || region
       ELSE 'default EBS key set to ' || key_id || ' (account ' || split_part(key_id, ':', 5) || ')' END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM ev
WHERE eventname = 'DisableEbsEncryptionByDefault'
   OR (key_id LIKE 'arn:%:kms:%'
       AND split_part(key_id, ':', 5) <> account
       AND NOT array_has(string_to_array(CAST($allowed_accounts AS VARCHAR), ','), split_part(key_id, ':', 5)))
ORDER BY eventtime
