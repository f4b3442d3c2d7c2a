-- id: rds-activity-stream-stopped
-- title: RDS database activity stream stopped
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.008
-- tags: rds, logging, single-event
-- description: StopActivityStream ends the near-real-time feed of database activity (queries,
--   logins) that Aurora and RDS send to Kinesis for database auditing, so subsequent data access
--   inside the database goes unrecorded. Denied attempts are included.
-- response: Restart the activity stream and review database access by the caller's identity and by
--   database users during the gap.
-- false_positives: Maintenance on the auditing pipeline.
-- references: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StopActivityStream.html
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, useridentity.invokedby) AS principal,
  useridentity.accesskeyid AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  'activity stream stopped on ' || coalesce(json_extract_scalar(requestparameters, '$.resourceArn'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'rds.amazonaws.com'
  AND eventname = 'StopActivityStream'
ORDER BY eventtime
