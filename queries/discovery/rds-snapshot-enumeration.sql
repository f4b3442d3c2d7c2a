-- id: rds-snapshot-enumeration
-- title: RDS snapshots listed including public or shared ones
-- severity: low
-- tactic: discovery
-- attack: T1619
-- tags: rds, recon, single-event
-- description: DescribeDBSnapshots or DescribeDBClusterSnapshots asked for public or shared
--   snapshots (includePublic=true, includeShared=true, or snapshotType public/shared). Looking
--   for snapshots that other accounts have made public, or that were shared into this account,
--   is a data-hunting step; day-to-day tooling lists the account's own snapshots. Denied calls
--   are included.
-- response: Check whether the caller has a reason to look at shared snapshots. If not, review the
--   principal's other activity for snapshot copies, restores or sharing.
-- false_positives: The RDS console's "Shared with me" and "Public" snapshot tabs, cross-account
--   backup tooling.
-- references: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshots.html
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, useridentity.principalid) AS principal,
  useridentity.accesskeyid AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  'includePublic=' || coalesce(json_extract_scalar(requestparameters, '$.includePublic'), '-')
    || ' includeShared=' || coalesce(json_extract_scalar(requestparameters, '$.includeShared'), '-')
    || ' snapshotType=' || coalesce(json_extract_scalar(requestparameters, '$.snapshotType'), '-')
    || CASE WHEN errorcode IS NOT NULL THEN ' (failed: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'rds.amazonaws.com'
  AND eventname IN ('DescribeDBSnapshots', 'DescribeDBClusterSnapshots')
  AND (lower(json_extract_scalar(requestparameters, '$.includePublic')) = 'true'
       OR lower(json_extract_scalar(requestparameters, '$.includeShared')) = 'true'
       OR lower(json_extract_scalar(requestparameters, '$.snapshotType')) IN ('public', 'shared'))
ORDER BY eventtime
