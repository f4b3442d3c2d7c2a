-- id: s3-bucket-policy-cross-account
-- title: S3 bucket policy grants access to a foreign account
-- severity: medium
-- tactic: exfiltration
-- attack: T1537
-- tags: s3, bucket-policy, cross-account, single-event
-- description: PutBucketPolicy set an Allow statement naming an AWS principal (account id or ARN)
--   from an account other than the bucket owner's that is not on the allow-list. Granting a foreign
--   account read or write lets its principals copy data out without ever using this account's
--   credentials again. Wildcard principals are left to s3-bucket-policy-public; service principals
--   are ignored. Denied attempts are reported too.
-- response: Identify the foreign account; if it is not a known partner, restore the previous policy
--   and review the bucket's data events for reads by that account.
-- false_positives: Log archive, data-sharing and backup accounts; list them in allowed_accounts.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html
-- param: allowed_accounts = ; comma-separated account ids that may be granted access to buckets
WITH ev AS (
  SELECT *,
         coalesce(json_get_str(requestparameters, 'bucketPolicy'), json_get_json(requestparameters, 'bucketPolicy')) AS policy
  FROM cloudtrail
  WHERE eventsource = 's3.amazonaws.com'
    AND eventname = 'PutBucketPolicy'
),
stmts AS (
  SELECT eventid, account,
         unnest(coalesce(json_get_array(policy, 'Statement'), make_array(json_get_json(policy, 'Statement')))) AS stmt
  FROM ev
),
principals AS (
  SELECT eventid, account, stmt,
         json_get_str(p) AS aws_principal
  FROM (
    SELECT eventid, account, stmt,
           unnest(coalesce(json_get_array(stmt, 'Principal', 'AWS'), make_array(json_get_json(stmt, 'Principal', 'AWS')))) AS p
    FROM stmts
    WHERE lower(coalesce(json_get_str(stmt, 'Effect'), '')) = 'allow'
  ) x
),
foreign_grants AS (
  SELECT eventid,
         string_agg(DISTINCT aws_principal, ', ') AS grantees
  FROM (
    SELECT eventid, account, aws_principal,
           CASE WHEN regexp_like(aws_principal, '^[0-9]{12}$') THEN aws_principal
                ELSE split_part(aws_principal, ':', 5) END AS grantee_account
    FROM principals
    WHERE aws_principal IS NOT NULL AND aws_principal <> '*'
  ) y
  WHERE grantee_account <> ''
    AND grantee_account <> account
    AND NOT array_has(string_to_array(CAST($allowed_accounts AS VARCHAR), ','), grantee_account)
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
    || ' grants foreign principal(s): ' || foreign_grants.grantees
    || CASE WHEN ev.errorcode IS NOT NULL THEN ' (denied: ' || ev.errorcode || ')' ELSE '' END AS details
FROM ev
JOIN foreign_grants ON foreign_grants.eventid = ev.eventid
ORDER BY ev.eventtime
