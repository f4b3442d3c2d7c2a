-- id: ebs-snapshot-read-via-direct-api
-- title: EBS snapshot blocks read through the EBS direct APIs
-- severity: medium
-- tactic: collection
-- attack: T1530
-- tags: ebs, snapshot, data-events, direct-api
-- description: A principal listed or downloaded blocks of an EBS snapshot with the EBS direct APIs
--   (ListSnapshotBlocks, ListChangedBlocks, GetSnapshotBlock on ebs.amazonaws.com). These calls
--   read a disk image without creating a volume or attaching it to an instance, which is how
--   snapshot-dumping tools copy disks out quietly; backup products are the usual legitimate users.
--   One row per principal, snapshot and day, with the number of blocks read. GetSnapshotBlock is
--   a data event and only appears when EBS data events are logged. Denied attempts are counted too.
-- response: Identify the tool (user agent) and where the requests came from; if it is not a
--   known backup product, revoke the credentials and treat the disk contents as exposed.
-- false_positives: Backup and DR products that use the direct APIs for incremental copies.
-- references: https://docs.aws.amazon.com/ebs/latest/userguide/logging-ebs-apis-using-cloudtrail.html
--   https://docs.aws.amazon.com/ebs/latest/APIReference/API_GetSnapshotBlock.html
-- param: min_blocks = 1 ; GetSnapshotBlock calls per principal, snapshot and day needed to report (0 reports listings alone)
WITH ev AS (
  SELECT eventtime, account, region, eventid, eventname, errorcode, sourceipaddress, useragent,
         useridentity.accesskeyid AS accesskeyid,
         coalesce(useridentity.arn, useridentity.invokedby) AS actor,
         coalesce(json_get_str(requestparameters, 'snapshotId'), json_get_str(requestparameters, 'secondSnapshotId'), '?') AS snapshot,
         source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence
  FROM cloudtrail
  WHERE eventsource = 'ebs.amazonaws.com'
    AND eventname IN ('ListSnapshotBlocks', 'ListChangedBlocks', 'GetSnapshotBlock')
)
SELECT
  min(eventtime) AS eventtime,
  account,
  string_agg(DISTINCT region, ',') AS region,
  actor AS principal,
  string_agg(DISTINCT accesskeyid, ',') AS accesskeyid,
  string_agg(DISTINCT sourceipaddress, ',') AS sourceipaddress,
  string_agg(DISTINCT useragent, ' | ') AS useragent,
  string_agg(DISTINCT eventname, ',') AS eventname,
  array_to_string(array_slice(array_agg(eventid ORDER BY eventtime), 1, 200), ',') AS eventids,
  array_to_string(array_slice(array_agg(evidence ORDER BY eventtime), 1, 200), ',') AS evidence,
  'snapshot=' || snapshot || ': '
    || CAST(sum(CASE WHEN eventname = 'GetSnapshotBlock' THEN 1 ELSE 0 END) AS VARCHAR) || ' blocks read, '
    || CAST(sum(CASE WHEN eventname <> 'GetSnapshotBlock' THEN 1 ELSE 0 END) AS VARCHAR) || ' block listings, '
    || CAST(sum(CASE WHEN errorcode IS NOT NULL THEN 1 ELSE 0 END) AS VARCHAR) || ' denied, between '
    || CAST(min(eventtime) AS VARCHAR) || ' and ' || CAST(max(eventtime) AS VARCHAR) AS details
FROM ev
GROUP BY account, actor, snapshot, date_trunc('day', eventtime)
HAVING sum(CASE WHEN eventname = 'GetSnapshotBlock' THEN 1 ELSE 0 END) >= $min_blocks
ORDER BY eventtime
