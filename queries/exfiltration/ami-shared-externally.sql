-- id: ami-shared-externally
-- title: AMI launch permission granted publicly or to a foreign account
-- severity: high
-- tactic: exfiltration
-- attack: T1537
-- tags: ec2, ami, sharing, single-event
-- description: ModifyImageAttribute added a launchPermission for the group "all" (public) or for an
--   account other than the image owner's and not on the allow-list. An AMI carries full disk
--   snapshots, so whoever can launch it can read the data baked into it. Only the add list is
--   inspected (a remove is not sharing); organisation and OU grants are left out. Denied attempts
--   are reported too.
-- response: Remove the permission (aws ec2 modify-image-attribute --launch-permission
--   "Remove=[...]"), check whether the image was copied or launched elsewhere, and review the
--   caller's session.
-- false_positives: Golden images published to partner or workload accounts; list those in
--   allowed_accounts.
-- references: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyImageAttribute.html
-- param: allowed_accounts = ; comma-separated account ids that may receive AMIs
WITH ev AS (
  SELECT *
  FROM cloudtrail
  WHERE eventsource = 'ec2.amazonaws.com'
    AND eventname = 'ModifyImageAttribute'
    AND json_get_array(requestparameters, 'launchPermission', 'add', 'items') IS NOT NULL
),
grantee AS (
  SELECT eventid, account, unnest(json_get_array(requestparameters, 'launchPermission', 'add', 'items')) AS item
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
  'image=' || coalesce(json_get_str(ev.requestparameters, 'imageId'), '?')
    || ' launchable by ' || flagged.targets
    || CASE WHEN ev.errorcode IS NOT NULL THEN ' (denied: ' || ev.errorcode || ')' ELSE '' END AS details
FROM ev
JOIN flagged ON flagged.eventid = ev.eventid
ORDER BY ev.eventtime
