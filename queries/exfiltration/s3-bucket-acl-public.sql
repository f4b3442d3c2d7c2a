-- id: s3-bucket-acl-public
-- title: S3 bucket or object ACL grants AllUsers or AuthenticatedUsers
-- severity: high
-- tactic: exfiltration
-- attack: T1530
-- tags: s3, acl, public, single-event
-- description: PutBucketAcl, PutObjectAcl or CreateBucket granted a permission to the global
--   AllUsers group (anyone) or AuthenticatedUsers group (any AWS account), either through an
--   explicit grant or a canned ACL (public-read, public-read-write, authenticated-read). The
--   LogDelivery group is not a finding. Denied attempts are reported too.
-- response: Reset the ACL to private, turn Block Public Access on, and check data events or server
--   access logs for anonymous reads.
-- false_positives: Legacy public websites that still rely on ACLs.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html
WITH ev AS (
  SELECT *,
         lower(coalesce(json_get_json(requestparameters, 'x-amz-acl'), '')) AS canned
  FROM cloudtrail
  WHERE eventsource = 's3.amazonaws.com'
    AND eventname IN ('PutBucketAcl', 'PutObjectAcl', 'CreateBucket')
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
    || coalesce(' key=' || json_get_str(requestparameters, 'key'), '')
    || ' grants '
    || concat_ws(', ',
         CASE WHEN requestparameters LIKE '%acs.amazonaws.com/groups/global/AllUsers%' THEN 'AllUsers' END,
         CASE WHEN requestparameters LIKE '%acs.amazonaws.com/groups/global/AuthenticatedUsers%' THEN 'AuthenticatedUsers' END,
         CASE WHEN canned LIKE '%public-read%' OR canned LIKE '%authenticated-read%' THEN 'canned ACL ' || trim(canned, '[]"') END)
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM ev
WHERE requestparameters LIKE '%acs.amazonaws.com/groups/global/AllUsers%'
   OR requestparameters LIKE '%acs.amazonaws.com/groups/global/AuthenticatedUsers%'
   OR canned LIKE '%public-read%'
   OR canned LIKE '%authenticated-read%'
ORDER BY eventtime
