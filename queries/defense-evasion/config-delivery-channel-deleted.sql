-- id: config-delivery-channel-deleted
-- title: AWS Config delivery channel deleted (including denied attempts)
-- severity: high
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: config, single-event
-- description: DeleteDeliveryChannel removes where AWS Config sends configuration snapshots and
--   history (S3) and notifications (SNS). AWS requires the recorder to be stopped first, so this
--   usually follows StopConfigurationRecorder and makes re-enabling Config harder. A denied attempt
--   still shows intent.
-- response: Re-create the delivery channel and restart the recorder; review what the caller changed
--   through CloudTrail.
-- false_positives: Moving Config delivery to a new bucket (usually a Put right after the delete).
-- references: https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteDeliveryChannel.html
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
  'delivery channel ' || coalesce(json_extract_scalar(requestparameters, '$.deliveryChannelName'), '?') || ' deleted in ' || region
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'config.amazonaws.com'
  AND eventname = 'DeleteDeliveryChannel'
ORDER BY eventtime
