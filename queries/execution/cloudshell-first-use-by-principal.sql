-- id: cloudshell-first-use-by-principal
-- title: First AWS CloudShell use by a principal
-- severity: low
-- tactic: execution
-- attack: T1059.009
-- tags: cloudshell, console, first-seen
-- description: A principal created, started or connected to an AWS CloudShell environment for the
--   first time. CloudShell gives a console session a ready shell with the caller's credentials and
--   a public egress IP owned by AWS, which attackers with a hijacked console session use to run
--   tooling that would be obvious from their own host. "First" is relative to the data: a
--   principal's first such call is reported only if it comes at least baseline_days after the
--   account's earliest event in the lake, so that there was a baseline in which it could have
--   appeared. Denied attempts count as use.
-- response: Confirm with the user; review the API calls that followed from the CloudShell session
--   (same principal, user agent containing CloudShell) and the files uploaded to it.
-- false_positives: Engineers trying CloudShell for the first time.
-- references: https://docs.aws.amazon.com/cloudshell/latest/userguide/logging-and-monitoring.html
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
  WHERE eventsource = 'cloudshell.amazonaws.com'
    AND eventname IN ('CreateEnvironment', 'StartEnvironment', 'CreateSession', 'PutCredentials')
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
  'CloudShell ' || u.eventname || coalesce(' environment=' || json_get_str(u.requestparameters, 'EnvironmentId'), '')
    || ' (first by ' || u.who || ' since ' || CAST(a.data_start AS VARCHAR) || ')'
    || CASE WHEN u.errorcode IS NOT NULL THEN ' (denied: ' || u.errorcode || ')' ELSE '' END AS details
FROM uses u
JOIN account_start a ON a.account = u.account
WHERE u.nth = 1
  AND u.eventtime >= date_add('day', $baseline_days, a.data_start)
ORDER BY u.eventtime
