-- id: s3-bucket-made-public-sequence
-- title: Block Public Access removed, then a public policy or ACL on the same bucket
-- severity: critical
-- tactic: exfiltration
-- attack: T1530
-- tags: s3, block-public-access, bucket-policy, acl, public, sequence
-- description: A successful removal or weakening of Block Public Access (on the bucket, or for the
--   whole account) was followed within window_minutes by a successful PutBucketPolicy with a public
--   Allow statement (Principal "*" without an identity-pinning condition) or a
--   PutBucketAcl/PutObjectAcl granting AllUsers or AuthenticatedUsers on that bucket. Both steps
--   succeeded, so the data was very likely exposed to the internet. Only successful calls are
--   paired, because the point is that the exposure happened.
-- response: Treat as a data exposure: turn Block Public Access back on at account and bucket level,
--   restore the policy/ACL, and use S3 data events or server access logs to list every anonymous
--   read during the exposure window.
-- false_positives: Intentional publication of a website bucket, normally by a pipeline or a change
--   ticket.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
-- param: window_minutes = 60 ; longest gap between removing Block Public Access and the public grant
WITH bpa AS (
  SELECT eventtime, account, region, eventname, eventid, useridentity, sourceipaddress, useragent,
         source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
         json_get_str(requestparameters, 'bucketName') AS bucket
  FROM cloudtrail
  WHERE eventsource = 's3.amazonaws.com'
    AND errorcode IS NULL
    AND (eventname IN ('DeleteBucketPublicAccessBlock', 'DeleteAccountPublicAccessBlock', 'DeletePublicAccessBlock')
         OR (eventname IN ('PutBucketPublicAccessBlock', 'PutAccountPublicAccessBlock', 'PutPublicAccessBlock')
             AND (lower(trim(coalesce(json_get_json(requestparameters, 'PublicAccessBlockConfiguration', 'BlockPublicPolicy'), 'false'), '"')) <> 'true'
                  OR lower(trim(coalesce(json_get_json(requestparameters, 'PublicAccessBlockConfiguration', 'RestrictPublicBuckets'), 'false'), '"')) <> 'true'
                  OR lower(trim(coalesce(json_get_json(requestparameters, 'PublicAccessBlockConfiguration', 'BlockPublicAcls'), 'false'), '"')) <> 'true'
                  OR lower(trim(coalesce(json_get_json(requestparameters, 'PublicAccessBlockConfiguration', 'IgnorePublicAcls'), 'false'), '"')) <> 'true')))
),
grants AS (
  SELECT eventtime, account, eventname, eventid, requestparameters,
         source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
         json_get_str(requestparameters, 'bucketName') AS bucket,
         coalesce(json_get_str(requestparameters, 'bucketPolicy'), json_get_json(requestparameters, 'bucketPolicy')) AS policy
  FROM cloudtrail
  WHERE eventsource = 's3.amazonaws.com'
    AND errorcode IS NULL
    AND eventname IN ('PutBucketPolicy', 'PutBucketAcl', 'PutObjectAcl')
),
policy_stmts AS (
  SELECT eventid, unnest(coalesce(json_get_array(policy, 'Statement'), make_array(json_get_json(policy, 'Statement')))) AS stmt
  FROM grants
  WHERE eventname = 'PutBucketPolicy'
),
public_grants AS (
  SELECT g.*, 'public policy' AS how
  FROM grants g
  WHERE g.eventid IN (
    SELECT eventid FROM policy_stmts
    WHERE lower(coalesce(json_get_str(stmt, 'Effect'), '')) = 'allow'
      AND (trim(json_get_json(stmt, 'Principal')) = '"*"'
           OR regexp_like(json_get_json(stmt, 'Principal'), '"AWS"\s*:\s*(\[[^\]]*)?"\*"')
           OR json_contains(stmt, 'NotPrincipal'))
      AND (NOT json_contains(stmt, 'Condition')
           OR NOT regexp_like(lower(json_get_json(stmt, 'Condition')),
                'aws:(principalorgid|principalorgpaths|principalaccount|principalarn|sourceaccount|sourcearn|sourceowner|sourceorgid|sourceorgpaths|sourcevpce?|userid)')))
  UNION ALL
  SELECT g.*, 'public ACL' AS how
  FROM grants g
  WHERE g.eventname IN ('PutBucketAcl', 'PutObjectAcl')
    AND (g.requestparameters LIKE '%acs.amazonaws.com/groups/global/AllUsers%'
         OR g.requestparameters LIKE '%acs.amazonaws.com/groups/global/AuthenticatedUsers%'
         OR lower(coalesce(json_get_json(g.requestparameters, 'x-amz-acl'), '')) LIKE '%public-read%'
         OR lower(coalesce(json_get_json(g.requestparameters, 'x-amz-acl'), '')) LIKE '%authenticated-read%')
)
SELECT
  b.eventtime,
  b.account,
  b.region,
  coalesce(b.useridentity.arn, b.useridentity.invokedby) AS principal,
  b.useridentity.accesskeyid AS accesskeyid,
  b.sourceipaddress,
  b.useragent,
  b.eventname || ',' || p.eventname AS eventname,
  b.eventid || ',' || p.eventid AS eventids,
  b.evidence || ',' || p.evidence AS evidence,
  'bucket=' || p.bucket || ': ' || b.eventname
    || CASE WHEN b.bucket IS NULL THEN ' (account-wide)' ELSE '' END
    || ' then ' || p.how || ' ' || CAST(date_diff('second', b.eventtime, p.eventtime) AS VARCHAR) || 's later' AS details
FROM bpa b
JOIN public_grants p
  ON p.account = b.account
 AND (b.bucket IS NULL OR p.bucket = b.bucket)
 AND p.eventtime >= b.eventtime
 AND p.eventtime <= date_add('minute', $window_minutes, b.eventtime)
ORDER BY b.eventtime
