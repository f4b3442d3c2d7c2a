-- id: iam-aws-quarantine-policy-applied
-- title: AWS quarantined an access key it found exposed
-- severity: high
-- tactic: credential-access
-- attack: T1552.001
-- tags: iam, leaked-key, single-event
-- description: The AWS-managed AWSCompromisedKeyQuarantine policy (any version) was attached to a
--   user, or the inline AWSExposedCredentialPolicy_DO_NOT_REMOVE was put on one. AWS does this
--   when it finds the user's access key in a public place such as a GitHub repository. The key
--   must be treated as known to others even though the policy blocks some actions, and anything
--   it did before the quarantine is suspect.
-- response: Deactivate and delete the exposed key, remove it from where it was published, then
--   review every call the key made from the time it was exposed (new users, keys, instances,
--   data reads). Keep the quarantine policy until that review is done.
-- false_positives: None expected; AWS Support cases and the key owner's e-mail confirm it.
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
  AND ((eventname = 'AttachUserPolicy'
        AND json_extract_scalar(requestparameters, '$.policyArn') LIKE 'arn:aws%:iam::aws:policy/AWSCompromisedKeyQuarantine%')
    OR (eventname = 'PutUserPolicy'
        AND json_extract_scalar(requestparameters, '$.policyName') = 'AWSExposedCredentialPolicy_DO_NOT_REMOVE'))
ORDER BY eventtime
