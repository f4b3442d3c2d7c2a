-- id: rds-log-file-download
-- title: RDS database log files downloaded
-- severity: low
-- tactic: credential-access
-- attack: T1552.001
-- tags: rds, database, aggregated
-- description: DownloadDBLogFilePortion calls, grouped per principal, database instance and hour.
--   Database error, slow-query and general logs can contain passwords typed into statements,
--   connection strings and personal data; pulling them through the API is one way to read them
--   without database credentials. Denied calls are included.
-- response: Check that the principal is a DBA or a log-shipping role. If not, review which log
--   files were read and what they contain, and rotate exposed credentials.
-- false_positives: DBAs troubleshooting from the console, log-shipping tools.
-- references: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DownloadDBLogFilePortion.html
SELECT
  min(eventtime) AS eventtime,
  account,
  min(region) AS region,
  coalesce(useridentity.arn, useridentity.principalid) AS principal,
  array_to_string(array_sort(array_agg(DISTINCT useridentity.accesskeyid)), ',') AS accesskeyid,
  array_to_string(array_sort(array_agg(DISTINCT sourceipaddress)), ',') AS sourceipaddress,
  array_to_string(array_sort(array_agg(DISTINCT useragent)), ',') AS useragent,
  'DownloadDBLogFilePortion' AS eventname,
  string_agg(eventid, ',' ORDER BY eventtime, eventid) AS eventids,
  string_agg(source_uri || '#' || CAST(source_index AS VARCHAR), ',' ORDER BY eventtime, eventid) AS evidence,
  'instance=' || coalesce(json_extract_scalar(requestparameters, '$.dBInstanceIdentifier'), '?') || ': '
    || CAST(count(*) AS VARCHAR) || ' log portions ('
    || CAST(count(errorcode) AS VARCHAR) || ' failed); files='
    || array_to_string(array_sort(array_agg(DISTINCT json_extract_scalar(requestparameters, '$.logFileName'))), ',') AS details
FROM cloudtrail
WHERE eventsource = 'rds.amazonaws.com'
  AND eventname = 'DownloadDBLogFilePortion'
GROUP BY account, coalesce(useridentity.arn, useridentity.principalid),
         json_extract_scalar(requestparameters, '$.dBInstanceIdentifier'), date_trunc('hour', eventtime)
ORDER BY eventtime
