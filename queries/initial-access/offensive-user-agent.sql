-- id: offensive-user-agent
-- title: Calls from an offensive-security distribution or attack tool
-- severity: high
-- tactic: initial-access
-- attack: T1078.004
-- tags: user-agent, single-event
-- description: The userAgent names a penetration-testing distribution (Kali, Parrot, Pentoo,
--   BlackArch, which the AWS CLI and SDKs reveal through the kernel or distribution string) or a
--   tool built to abuse or harvest AWS credentials (Pacu, TruffleHog, CloudFox, WeirdAAL, Stratus
--   Red Team, S3 Browser, which leaked-key campaigns favour). Matching is case-insensitive and on
--   word boundaries, so names that merely contain the letters do not count. One row per identity,
--   key, address and user agent per day, listing every API called; denied calls are included.
-- response: Unless a penetration test is scheduled, treat the credentials as stolen: deactivate the
--   access key or revoke the sessions, then review each listed call, starting with IAM writes and
--   data reads.
-- false_positives: Authorised red-team exercises and security staff who work from Kali.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html,
--   https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html
WITH ev AS (
  SELECT
    eventtime,
    account,
    region,
    coalesce(useridentity.arn, useridentity.invokedby) AS principal,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventname,
    errorcode,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref,
    regexp_match(lower(useragent),
      '(^|[^a-z])(kali|parrot|pentoo|blackarch|pacu|trufflehog|cloudfox|weirdaal|stratus-red-team|s3 browser)([^a-z]|$)') AS m
  FROM cloudtrail
  WHERE regexp_like(lower(useragent),
      '(^|[^a-z])(kali|parrot|pentoo|blackarch|pacu|trufflehog|cloudfox|weirdaal|stratus-red-team|s3 browser)([^a-z]|$)')
)
SELECT
  min(eventtime) AS eventtime,
  account,
  first_value(region ORDER BY eventtime) AS region,
  principal,
  accesskeyid,
  sourceipaddress,
  useragent,
  array_to_string(array_sort(array_agg(DISTINCT eventname)), ',') AS eventname,
  string_agg(eventid, ',' ORDER BY eventtime) AS eventids,
  string_agg(ref, ',' ORDER BY eventtime) AS evidence,
  'user agent names ' || first_value(m[2] ORDER BY eventtime) || ': '
    || CAST(count(*) AS VARCHAR) || ' calls ('
    || CAST(sum(CASE WHEN errorcode IS NOT NULL THEN 1 ELSE 0 END) AS VARCHAR) || ' denied or failed) to '
    || CAST(count(DISTINCT eventname) AS VARCHAR) || ' APIs in '
    || CAST(count(DISTINCT region) AS VARCHAR) || ' region(s) between '
    || CAST(min(eventtime) AS VARCHAR) || ' and ' || CAST(max(eventtime) AS VARCHAR) AS details
FROM ev
GROUP BY account, principal, accesskeyid, sourceipaddress, useragent, date_trunc('day', eventtime)
ORDER BY eventtime
