-- id: s3-versioning-suspended
-- title: S3 bucket versioning suspended or MFA delete turned off
-- severity: high
-- tactic: impact
-- attack: T1490
-- tags: s3, versioning, recovery, single-event
-- description: PutBucketVersioning set Status=Suspended, or set MfaDelete=Disabled in a request
--   that carried an MFA token (x-amz-mfa), which is only needed to turn an enabled MFA delete off.
--   Without versioning, later deletes and overwrites cannot be undone; ransomware operators suspend
--   it before they delete or re-encrypt objects. Denied attempts are reported too.
-- response: Re-enable versioning, check for DeleteObject/CopyObject activity that followed, and
--   consider Object Lock for critical buckets.
-- false_positives: Buckets for transient data whose owners turn versioning off to save cost.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html
WITH ev AS (
  SELECT *,
         json_get_str(requestparameters, 'VersioningConfiguration', 'Status') AS status,
         json_get_str(requestparameters, 'VersioningConfiguration', 'MfaDelete') AS mfa_delete
  FROM cloudtrail
  WHERE eventsource = 's3.amazonaws.com'
    AND eventname = 'PutBucketVersioning'
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
  'bucket=' || coalesce(json_get_str(requestparameters, 'bucketName'), '?')
    || ' versioning=' || coalesce(status, '(unchanged)')
    || coalesce(' mfaDelete=' || mfa_delete, '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM ev
WHERE status = 'Suspended'
   OR (mfa_delete = 'Disabled' AND json_contains(requestparameters, 'x-amz-mfa'))
ORDER BY eventtime
