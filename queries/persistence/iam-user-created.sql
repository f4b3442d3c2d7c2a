-- id: iam-user-created
-- title: IAM user created outside CloudFormation (including denied attempts)
-- severity: medium
-- tactic: persistence
-- attack: T1136.003
-- tags: iam, cfg, single-event
-- description: iam:CreateUser by anyone except CloudFormation stacks and the identities listed in
--   `allowed_creators` (ARNs of users or roles; a role entry covers all its sessions). Where people
--   sign in through an identity provider, new IAM users are rare, and a hand-made one is a typical
--   backdoor: long-term credentials that outlive the intrusion. Denied attempts are reported.
-- response: Ask who needs the user. If nobody, delete its access keys, login profile and
--   policies, then the user, and review what the creator did around that time.
-- false_positives: Teams that still manage IAM users by hand or with scripts; list their
--   identities in allowed_creators.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
-- param: allowed_creators = ; comma-separated ARNs of users or roles expected to create IAM users
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
  'user ' || coalesce(json_extract_scalar(requestparameters, '$.userName'), '?') || ' created'
    || coalesce(' at path ' || nullif(json_extract_scalar(requestparameters, '$.path'), '/'), '')
    || ' by ' || coalesce(useridentity.type, '?') || ' '
    || coalesce(useridentity.arn, useridentity.invokedby, '?')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'iam.amazonaws.com'
  AND eventname = 'CreateUser'
  AND coalesce(useridentity.invokedby, '') <> 'cloudformation.amazonaws.com'
  AND coalesce(useragent, '') <> 'cloudformation.amazonaws.com'
  AND NOT array_has(string_to_array(replace(CAST($allowed_creators AS VARCHAR), ' ', ''), ','), coalesce(useridentity.arn, ''))
  AND NOT array_has(string_to_array(replace(CAST($allowed_creators AS VARCHAR), ' ', ''), ','),
                    coalesce(useridentity.sessioncontext.sessionissuer.arn, ''))
ORDER BY eventtime
