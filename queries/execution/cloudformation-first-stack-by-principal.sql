-- id: cloudformation-first-stack-by-principal
-- title: First CloudFormation stack or stack set created by a principal
-- severity: low
-- tactic: execution
-- attack: T1648
-- tags: cloudformation, iac, first-seen
-- description: A principal (roles are keyed by their role ARN, not the session) created a
--   CloudFormation stack or stack set for the first time. A template can create users, roles,
--   Lambda functions and instances in one call, under the CloudFormation service role when one is
--   passed, which makes it a convenient way for an intruder to deploy persistence in bulk. "First"
--   is relative to the data: a principal's first such call is reported only if it comes at least
--   baseline_days after the account's earliest event in the lake, so that there was a baseline in
--   which it could have appeared. Denied attempts count as use.
-- response: Read the template (aws cloudformation get-template) and the resources it created;
--   delete the stack if it is not a known deployment.
-- false_positives: New engineers and new pipelines; expected once per principal.
-- references: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
-- param: baseline_days = 7 ; days of data needed before a first use is reported
WITH account_start AS (
  SELECT account, min(eventtime) AS data_start
  FROM cloudtrail
  GROUP BY account
),
uses AS (
  SELECT *,
         coalesce(useridentity.sessioncontext.sessionissuer.arn, useridentity.arn) AS who,
         row_number() OVER (PARTITION BY account, coalesce(useridentity.sessioncontext.sessionissuer.arn, useridentity.arn)
                            ORDER BY eventtime, eventid) AS nth
  FROM cloudtrail
  WHERE eventsource = 'cloudformation.amazonaws.com'
    AND eventname IN ('CreateStack', 'CreateStackSet')
    AND coalesce(useridentity.type, '') <> 'AWSService'
)
SELECT
  u.eventtime,
  u.account,
  u.region,
  coalesce(u.useridentity.arn, u.useridentity.invokedby) AS principal,
  u.useridentity.accesskeyid AS accesskeyid,
  u.sourceipaddress,
  u.useragent,
  u.eventname,
  u.eventid AS eventids,
  u.source_uri || '#' || CAST(u.source_index AS VARCHAR) AS evidence,
  'stack=' || coalesce(json_get_str(u.requestparameters, 'stackName'), json_get_str(u.requestparameters, 'stackSetName'), '?')
    || coalesce(' template=' || json_get_str(u.requestparameters, 'templateURL'), '')
    || coalesce(' role=' || json_get_str(u.requestparameters, 'roleARN'), '')
    || ' (first by ' || u.who || ' since ' || CAST(a.data_start AS VARCHAR) || ')'
    || CASE WHEN u.errorcode IS NOT NULL THEN ' (denied: ' || u.errorcode || ')' ELSE '' END AS details
FROM uses u
JOIN account_start a ON a.account = u.account
WHERE u.nth = 1
  AND u.eventtime >= date_add('day', $baseline_days, a.data_start)
ORDER BY u.eventtime
