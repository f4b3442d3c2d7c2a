-- id: lambda-layer-shared-externally
-- title: Lambda layer version made public or shared with a foreign account
-- severity: medium
-- tactic: exfiltration
-- attack: T1537
-- tags: lambda, layer, sharing, single-event
-- description: AddLayerVersionPermission (the event name carries an API version suffix, so it is
--   matched by prefix) granted lambda:GetLayerVersion to principal "*" without an organization
--   restriction, or to an account outside the allow-list. Anyone with the grant can download the
--   layer's code, which often bundles libraries, configuration and sometimes credentials. Denied
--   attempts are reported too.
-- response: Remove the permission (aws lambda remove-layer-version-permission), review what the
--   layer contains, and rotate any secret packaged in it.
-- false_positives: Layers published for customers or the community on purpose.
-- references: https://docs.aws.amazon.com/lambda/latest/api/API_AddLayerVersionPermission.html
-- param: allowed_accounts = ; comma-separated account ids that may use the account's layers
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
  'layer=' || coalesce(json_get_str(requestparameters, 'layerName'), '?')
    || ':' || coalesce(json_get_json(requestparameters, 'versionNumber'), '?')
    || ' granted to ' || CASE WHEN json_get_str(requestparameters, 'principal') = '*' THEN 'everyone (*)'
                              ELSE 'account ' || json_get_str(requestparameters, 'principal') END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'lambda.amazonaws.com'
  AND eventname LIKE 'AddLayerVersionPermission%'
  AND ((json_get_str(requestparameters, 'principal') = '*'
        AND json_get_str(requestparameters, 'organizationId') IS NULL)
       OR (json_get_str(requestparameters, 'principal') <> '*'
           AND json_get_str(requestparameters, 'principal') <> account
           AND NOT array_has(string_to_array(CAST($allowed_accounts AS VARCHAR), ','), json_get_str(requestparameters, 'principal'))))
ORDER BY eventtime
