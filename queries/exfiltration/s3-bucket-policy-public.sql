-- id: s3-bucket-policy-public
-- title: S3 bucket policy grants access to everyone
-- severity: high
-- tactic: exfiltration
-- attack: T1530
-- tags: s3, bucket-policy, public, single-event
-- description: PutBucketPolicy set a policy with an Allow statement whose Principal is "*" or
--   {"AWS": "*"} (or that uses NotPrincipal), without a condition that pins the caller to an
--   organisation, account, source ARN or VPC endpoint. Unless Block Public Access stops it, every
--   object the statement covers becomes readable (or writable) from the internet. Deny statements
--   with Principal "*" (the usual TLS-only guard) are not findings. The policy may be logged as an
--   object or as a JSON string; both are parsed. Denied attempts are reported too.
-- response: Restore the previous policy or delete it, make sure Block Public Access is on for the
--   bucket and the account, and use data events or server access logs to see who read the bucket
--   while it was open.
-- false_positives: Static website and public asset buckets that are public by design.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
--   https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
WITH ev AS (
  SELECT *,
         coalesce(json_get_str(requestparameters, 'bucketPolicy'), json_get_json(requestparameters, 'bucketPolicy')) AS policy
  FROM cloudtrail
  WHERE eventsource = 's3.amazonaws.com'
    AND eventname = 'PutBucketPolicy'
),
stmts AS (
  SELECT eventid,
         unnest(coalesce(json_get_array(policy, 'Statement'), make_array(json_get_json(policy, 'Statement')))) AS stmt
  FROM ev
),
public_stmts AS (
  SELECT eventid,
         string_agg(coalesce(json_get_str(stmt, 'Sid'), '(no Sid)') || ': ' || coalesce(json_get_json(stmt, 'Action'), json_get_json(stmt, 'NotAction'), '?'), '; ') AS grants
  FROM stmts
  WHERE lower(coalesce(json_get_str(stmt, 'Effect'), '')) = 'allow'
    AND (trim(json_get_json(stmt, 'Principal')) = '"*"'
         OR regexp_like(json_get_json(stmt, 'Principal'), '"AWS"\s*:\s*(\[[^\]]*)?"\*"')
         OR json_contains(stmt, 'NotPrincipal'))
    AND (NOT json_contains(stmt, 'Condition')
         OR NOT regexp_like(lower(json_get_json(stmt, 'Condition')),
              'aws:(principalorgid|principalorgpaths|principalaccount|principalarn|sourceaccount|sourcearn|sourceowner|sourceorgid|sourceorgpaths|sourcevpce?|userid)'))
  GROUP BY eventid
)
SELECT
  ev.eventtime,
  ev.account,
  ev.region,
  coalesce(ev.useridentity.arn, ev.useridentity.invokedby) AS principal,
  ev.useridentity.accesskeyid AS accesskeyid,
  ev.sourceipaddress,
  ev.useragent,
  ev.eventname,
  ev.eventid AS eventids,
  ev.source_uri || '#' || CAST(ev.source_index AS VARCHAR) AS evidence,
  'bucket=' || coalesce(json_get_str(ev.requestparameters, 'bucketName'), '?')
    || ' public statement(s): ' || public_stmts.grants
    || CASE WHEN ev.errorcode IS NOT NULL THEN ' (denied: ' || ev.errorcode || ')' ELSE '' END AS details
FROM ev
JOIN public_stmts ON public_stmts.eventid = ev.eventid
ORDER BY ev.eventtime
