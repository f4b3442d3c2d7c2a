-- id: glue-dev-endpoint-role-access
-- title: Glue development endpoint created, or SSH key added to one
-- severity: medium
-- tactic: privilege-escalation
-- attack: T1098
-- tags: glue, passrole, single-event
-- description: CreateDevEndpoint starts a Glue development endpoint running as the role passed in
--   roleArn, and UpdateDevEndpoint with publicKey or addPublicKeys lets a new SSH key in. Either way
--   the caller gets a shell holding that role's credentials: a documented escalation path for
--   principals with iam:PassRole and glue:*DevEndpoint. Updates that only change libraries or
--   arguments are not reported. Denied attempts are included.
-- response: Check the endpoint's role and who may SSH to it; delete the endpoint or remove the key
--   if unplanned, and review the role's calls since.
-- false_positives: Data engineers using dev endpoints (a legacy Glue feature; interactive sessions
--   replaced it).
-- references: https://docs.aws.amazon.com/glue/latest/webapi/API_CreateDevEndpoint.html,
--   https://docs.aws.amazon.com/glue/latest/webapi/API_UpdateDevEndpoint.html
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
  'endpoint ' || coalesce(json_extract_scalar(requestparameters, '$.endpointName'), '?')
    || CASE WHEN eventname = 'CreateDevEndpoint'
            THEN ' created with role ' || coalesce(json_extract_scalar(requestparameters, '$.roleArn'), '?')
            ELSE ' given a new SSH public key' END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'glue.amazonaws.com'
  AND (eventname = 'CreateDevEndpoint'
       OR (eventname = 'UpdateDevEndpoint'
           AND (json_contains(requestparameters, 'publicKey') OR json_contains(requestparameters, 'addPublicKeys'))))
ORDER BY eventtime
