-- id: ssm-document-first-created-by-principal
-- title: First SSM document created by a principal
-- severity: low
-- tactic: execution
-- attack: T1651
-- tags: ssm, document, first-seen
-- description: A principal (roles keyed by role ARN) created or updated a Systems Manager document
--   for the first time. A custom Command or Session document is a reusable script that Run Command,
--   State Manager or Session Manager will execute on instances, so attackers create one to stage
--   code or a persistence association. "First" is relative to the data: a principal's first such
--   call is reported only if it comes at least baseline_days after the account's earliest event in
--   the lake, so that there was a baseline in which it could have appeared. Denied attempts count
--   as use.
-- response: Read the document (aws ssm get-document), check associations and commands that use it,
--   and delete it if it is not a known automation.
-- false_positives: Platform teams publishing new automation; expected once per principal.
-- references: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html
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
  WHERE eventsource = 'ssm.amazonaws.com'
    AND eventname IN ('CreateDocument', 'UpdateDocument')
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
  'document=' || coalesce(json_get_str(u.requestparameters, 'name'), '?')
    || coalesce(' type=' || json_get_str(u.requestparameters, 'documentType'), '')
    || ' (first by ' || u.who || ' since ' || CAST(a.data_start AS VARCHAR) || ')'
    || CASE WHEN u.errorcode IS NOT NULL THEN ' (denied: ' || u.errorcode || ')' ELSE '' END AS details
FROM uses u
JOIN account_start a ON a.account = u.account
WHERE u.nth = 1
  AND u.eventtime >= date_add('day', $baseline_days, a.data_start)
ORDER BY u.eventtime
