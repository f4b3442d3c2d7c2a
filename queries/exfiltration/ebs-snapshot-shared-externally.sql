-- id: ebs-snapshot-shared-externally
-- title: EBS snapshot shared publicly or with a foreign account
-- severity: high
-- tactic: exfiltration
-- attack: T1537
-- tags: ec2, ebs, snapshot, sharing, single-event
-- description: ModifySnapshotAttribute added a createVolumePermission for the group "all" (public)
--   or for an account other than the snapshot's own and not on the allow-list. Anyone holding that
--   permission can create a volume from the snapshot and read the disk. Only the add list is
--   inspected: removing a permission is the opposite of sharing and is not reported. Denied
--   attempts are reported too.
-- response: Revoke the permission (aws ec2 modify-snapshot-attribute --operation-type remove),
--   check whether the receiving account already copied the snapshot or created volumes, and review
--   the caller's other actions.
-- false_positives: Snapshots deliberately shared with partner, backup or organisation accounts; add
--   those to allowed_accounts.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySnapshotAttribute.html
-- param: allowed_accounts = ; comma-separated account ids that may receive snapshots
WITH ev AS (
  SELECT *
  FROM cloudtrail
  WHERE eventsource = 'ec2.amazonaws.com'
    AND eventname = 'ModifySnapshotAttribute'
    AND json_get_array(requestparameters, 'createVolumePermission', 'add', 'items') IS NOT NULL
),
grantee AS (
  SELECT eventid, account, unnest(json_get_array(requestparameters, 'createVolumePermission', 'add', 'items')) AS item
  FROM ev
),
flagged AS (
  SELECT eventid,
         string_agg(CASE WHEN lower(json_get_str(item, 'group')) = 'all' THEN 'all (public)'
                         ELSE 'account ' || json_get_str(item, 'userId') END, ', ') AS targets
  FROM grantee
  WHERE lower(coalesce(json_get_str(item, 'group'), '')) = 'all'
     OR (json_get_str(item, 'userId') IS NOT NULL
         AND json_get_str(item, 'userId') <> account
         AND NOT array_has(string_to_array(CAST($allowed_accounts AS VARCHAR), ','), json_get_str(item, 'userId')))
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
  'snapshot=' || coalesce(json_get_str(ev.requestparameters, 'snapshotId'), '?')
    || ' shared with ' || flagged.targets
    || CASE WHEN ev.errorcode IS NOT NULL THEN ' (denied: ' || ev.errorcode || ')' ELSE '' END AS details
FROM ev
JOIN flagged ON flagged.eventid = ev.eventid
ORDER BY ev.eventtime
