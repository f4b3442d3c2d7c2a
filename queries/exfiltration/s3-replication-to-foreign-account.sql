-- id: s3-replication-to-foreign-account
-- title: S3 replication rule sends objects to another AWS account
-- severity: high
-- tactic: exfiltration
-- attack: T1537
-- tags: s3, replication, cross-account, single-event
-- description: PutBucketReplication set a rule whose Destination names an Account other than the
--   bucket owner's and not on the allow-list (the Account element is required when the replica
--   ownership is handed to the destination). Replication copies every new object, and with batch
--   replication existing ones, to a bucket the attacker controls. Denied attempts are reported too.
--   Replication to a foreign bucket without the Account element is covered by
--   s3-replication-rule-added.
-- response: Delete the replication configuration, find out which objects were replicated
--   (replication metrics, data events), and review the replication role's trust and permissions.
-- false_positives: Cross-account backup or DR replication to known accounts; add them to
--   allowed_accounts.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html
--   https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html
-- param: allowed_accounts = ; comma-separated account ids that may receive replicas
WITH ev AS (
  SELECT *
  FROM cloudtrail
  WHERE eventsource = 's3.amazonaws.com'
    AND eventname = 'PutBucketReplication'
),
rules AS (
  SELECT eventid, account,
         unnest(coalesce(json_get_array(requestparameters, 'ReplicationConfiguration', 'Rule'),
                         make_array(json_get_json(requestparameters, 'ReplicationConfiguration', 'Rule')))) AS r
  FROM ev
),
foreign_rules AS (
  SELECT eventid,
         string_agg(coalesce(json_get_str(r, 'Destination', 'Bucket'), '?') || ' (account ' || json_get_str(r, 'Destination', 'Account') || ')', ', ') AS destinations
  FROM rules
  WHERE json_get_str(r, 'Destination', 'Account') IS NOT NULL
    AND json_get_str(r, 'Destination', 'Account') <> account
    AND NOT array_has(string_to_array(CAST($allowed_accounts AS VARCHAR), ','), json_get_str(r, 'Destination', 'Account'))
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
    || ' replicates to ' || foreign_rules.destinations
    || coalesce(' role=' || json_get_str(ev.requestparameters, 'ReplicationConfiguration', 'Role'), '')
    || CASE WHEN ev.errorcode IS NOT NULL THEN ' (denied: ' || ev.errorcode || ')' ELSE '' END AS details
FROM ev
JOIN foreign_rules ON foreign_rules.eventid = ev.eventid
ORDER BY ev.eventtime
