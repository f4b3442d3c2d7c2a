-- id: s3-public-access-block-disabled
-- title: S3 Block Public Access removed or weakened
-- severity: high
-- tactic: exfiltration
-- attack: T1530
-- tags: s3, block-public-access, public, single-event
-- description: Block Public Access was deleted, or re-set with at least one of its four flags
--   (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets) off, on a bucket
--   or for the whole account. This is the step that has to come before a public policy or ACL can
--   take effect. A missing flag counts as off, as it does in S3. Denied attempts are reported too.
-- response: Re-enable all four settings, then check the bucket's policy and ACL and the data events
--   that followed.
-- false_positives: Buckets that host public websites, set up by their owners.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutPublicAccessBlock.html
--   https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeletePublicAccessBlock.html
WITH ev AS (
  SELECT *,
         concat_ws(', ',
           CASE WHEN lower(trim(coalesce(json_get_json(requestparameters, 'PublicAccessBlockConfiguration', 'BlockPublicAcls'), 'false'), '"')) <> 'true' THEN 'BlockPublicAcls' END,
           CASE WHEN lower(trim(coalesce(json_get_json(requestparameters, 'PublicAccessBlockConfiguration', 'IgnorePublicAcls'), 'false'), '"')) <> 'true' THEN 'IgnorePublicAcls' END,
           CASE WHEN lower(trim(coalesce(json_get_json(requestparameters, 'PublicAccessBlockConfiguration', 'BlockPublicPolicy'), 'false'), '"')) <> 'true' THEN 'BlockPublicPolicy' END,
           CASE WHEN lower(trim(coalesce(json_get_json(requestparameters, 'PublicAccessBlockConfiguration', 'RestrictPublicBuckets'), 'false'), '"')) <> 'true' THEN 'RestrictPublicBuckets' END
         ) AS flags_off
  FROM cloudtrail
  WHERE eventsource = 's3.amazonaws.com'
    AND eventname IN ('DeleteBucketPublicAccessBlock', 'PutBucketPublicAccessBlock',
                      'DeleteAccountPublicAccessBlock', 'PutAccountPublicAccessBlock',
                      'DeletePublicAccessBlock', 'PutPublicAccessBlock')
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
  coalesce('bucket=' || json_get_str(requestparameters, 'bucketName'), 'account-wide')
    || CASE WHEN eventname LIKE 'Delete%' THEN ' Block Public Access deleted' ELSE ' flags off: ' || flags_off END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM ev
WHERE eventname LIKE 'Delete%' OR flags_off <> ''
ORDER BY eventtime
