-- id: iam-aws-quarantine-policy-removed
-- title: AWS key-quarantine policy removed from a user
-- severity: high
-- tactic: credential-access
-- attack: T1552.001
-- tags: iam, leaked-key, single-event
-- description: Someone detached AWSCompromisedKeyQuarantine (any version) or deleted the inline
--   AWSExposedCredentialPolicy_DO_NOT_REMOVE from a user. AWS put it there because the user's
--   key was exposed; lifting it while the key is still active gives whoever holds the leaked key
--   its full permissions back. An intruder using that key has every reason to try, so denied
--   attempts are reported too.
-- response: Check that the exposed key was deleted before the policy was removed. If the remover
--   was the exposed key itself, or the key is still active, deactivate it now and investigate.
-- false_positives: Clean-up after the exposed key was deleted and a new one issued.
-- references: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCompromisedKeyQuarantineV3.html
SELECT
  eventtime,
  account,
  region,
  coalesce(useridentity.arn, useridentity.invokedby, useridentity.principalid) AS principal,
  useridentity.accesskeyid AS accesskeyid,
  sourceipaddress,
  useragent,
  eventname,
  eventid AS eventids,
  source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence,
  'user=' || coalesce(json_extract_scalar(requestparameters, '$.userName'), '?') || ' policy='
    || coalesce(json_extract_scalar(requestparameters, '$.policyArn'), json_extract_scalar(requestparameters, '$.policyName'), '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (failed: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'iam.amazonaws.com'
  AND ((eventname = 'DetachUserPolicy'
        AND json_extract_scalar(requestparameters, '$.policyArn') LIKE 'arn:aws%:iam::aws:policy/AWSCompromisedKeyQuarantine%')
    OR (eventname = 'DeleteUserPolicy'
        AND json_extract_scalar(requestparameters, '$.policyName') = 'AWSExposedCredentialPolicy_DO_NOT_REMOVE'))
ORDER BY eventtime
