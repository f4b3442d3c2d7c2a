-- id: rds-snapshot-shared-externally
-- title: RDS snapshot shared publicly or with a foreign account
-- severity: high
-- tactic: exfiltration
-- attack: T1537
-- tags: rds, snapshot, sharing, single-event
-- description: ModifyDBSnapshotAttribute or ModifyDBClusterSnapshotAttribute added "all" (public)
--   or an account outside the allow-list to the restore attribute of a manual snapshot. The
--   receiving account can restore the whole database. valuesToRemove is ignored. Denied attempts
--   are reported too.
-- response: Remove the account from the restore attribute, find out whether the snapshot was copied
--   or restored by the other account (its own trail, or AWS Support), and rotate database
--   credentials held in the snapshot.
-- false_positives: Snapshots shared on purpose with a DR or analytics account; add them to
--   allowed_accounts.
-- references: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBSnapshotAttribute.html
-- param: allowed_accounts = ; comma-separated account ids that may restore shared snapshots
WITH ev AS (
  SELECT *
  FROM cloudtrail
  WHERE eventsource = 'rds.amazonaws.com'
    AND eventname IN ('ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute')
    AND lower(coalesce(json_get_str(requestparameters, 'attributeName'), '')) = 'restore'
    AND json_get_array(requestparameters, 'valuesToAdd') IS NOT NULL
),
added AS (
  SELECT eventid, account, json_get_str(v) AS target
  FROM (SELECT eventid, account, unnest(json_get_array(requestparameters, 'valuesToAdd')) AS v FROM ev) x
),
flagged AS (
  SELECT eventid,
         string_agg(CASE WHEN lower(target) = 'all' THEN 'all (public)' ELSE 'account ' || target END, ', ') AS targets
  FROM added
  WHERE lower(target) = 'all'
     OR (target <> account AND NOT array_has(string_to_array(CAST($allowed_accounts AS VARCHAR), ','), target))
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
  'snapshot=' || coalesce(json_get_str(ev.requestparameters, 'dBSnapshotIdentifier'),
                          json_get_str(ev.requestparameters, 'dBClusterSnapshotIdentifier'), '?')
    || ' restorable by ' || flagged.targets
    || CASE WHEN ev.errorcode IS NOT NULL THEN ' (denied: ' || ev.errorcode || ')' ELSE '' END AS details
FROM ev
JOIN flagged ON flagged.eventid = ev.eventid
ORDER BY ev.eventtime
