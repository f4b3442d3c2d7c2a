-- id: cloudtrail-lake-ingestion-stopped
-- title: CloudTrail Lake event data store stopped or deleted (including denied attempts)
-- severity: high
-- tactic: defense-evasion
-- attack: T1562.008
-- tags: cloudtrail, logging, single-event
-- description: StopEventDataStoreIngestion or DeleteEventDataStore was called. For accounts that
--   keep their audit trail in CloudTrail Lake rather than in S3, this is the equivalent of
--   StopLogging or DeleteTrail (see cloudtrail-logging-stopped). A denied attempt still shows intent.
-- response: Restart ingestion (start-event-data-store-ingestion) or restore the data store while it
--   is pending deletion (restore-event-data-store), and review the caller's other actions.
-- false_positives: Retiring a data store after migration; it should come with a change ticket.
-- references: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopEventDataStoreIngestion.html,
--   https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DeleteEventDataStore.html
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
  'event data store ' || coalesce(json_extract_scalar(requestparameters, '$.eventDataStore'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'cloudtrail.amazonaws.com'
  AND eventname IN ('StopEventDataStoreIngestion', 'DeleteEventDataStore')
ORDER BY eventtime
