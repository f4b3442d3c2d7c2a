-- id: s3-replication-rule-added
-- title: S3 replication configured to a bucket outside the allow-list
-- severity: medium
-- tactic: exfiltration
-- attack: T1537
-- tags: s3, replication, config, single-event
-- description: PutBucketReplication set a rule whose destination bucket is not on the allow-list. A
--   destination bucket ARN does not say which account owns it, so an attacker can replicate to a
--   bucket in their own account without naming it; every replication change to an unlisted
--   destination is worth a look. Denied attempts are reported too.
-- response: Check who owns the destination bucket (its name, the replication role's policy) and
--   remove the configuration if it is not a known pipeline.
-- false_positives: New DR or data-platform replication; add the destination buckets to
--   allowed_buckets once confirmed.
-- references: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html
-- param: allowed_buckets = ; comma-separated destination bucket names or ARNs that are expected
WITH ev AS (
  SELECT *
  FROM cloudtrail
  WHERE eventsource = 's3.amazonaws.com'
    AND eventname = 'PutBucketReplication'
),
rules AS (
  SELECT eventid,
         json_get_str(r, 'Destination', 'Bucket') AS dest
  FROM (
    SELECT eventid,
           unnest(coalesce(json_get_array(requestparameters, 'ReplicationConfiguration', 'Rule'),
                           make_array(json_get_json(requestparameters, 'ReplicationConfiguration', 'Rule')))) AS r
    FROM ev
  ) x
),
unlisted AS (
  SELECT eventid, string_agg(DISTINCT coalesce(dest, '?'), ', ') AS destinations
  FROM rules
  WHERE dest IS NULL
     OR NOT (array_has(string_to_array(CAST($allowed_buckets AS VARCHAR), ','), dest)
             OR array_has(string_to_array(CAST($allowed_buckets AS VARCHAR), ','), replace(dest, 'arn:aws:s3:::', '')))
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
    || ' replicates to ' || unlisted.destinations
    || coalesce(' role=' || json_get_str(ev.requestparameters, 'ReplicationConfiguration', 'Role'), '')
    || CASE WHEN ev.errorcode IS NOT NULL THEN ' (denied: ' || ev.errorcode || ')' ELSE '' END AS details
FROM ev
JOIN unlisted ON unlisted.eventid = ev.eventid
ORDER BY ev.eventtime
