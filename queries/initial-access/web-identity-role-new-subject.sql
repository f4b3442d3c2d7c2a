-- id: web-identity-role-new-subject
-- title: Role assumed with a web identity token from a subject new for that role
-- severity: medium
-- tactic: initial-access
-- attack: T1078.004
-- tags: sts, oidc, first-seen, baseline
-- description: sts:AssumeRoleWithWebIdentity records the token's subject (for GitHub Actions
--   repo:<org>/<repo>:…, for EKS the service account). For each role, subjects are listed by first
--   appearance; a subject is reported when the role had already been assumed through web identity
--   by someone else at least `baseline_hours` after the start of the data. A role trust policy
--   with a loose or missing `sub` condition lets any repository or workload of the provider in,
--   and a new subject is the first sign that someone outside the usual pipelines did so. Denied
--   attempts are listed too.
-- response: Check the subject against the pipelines meant to use the role. If it is unknown,
--   tighten the trust policy's sub condition, revoke the role's sessions, and review what the
--   session did.
-- false_positives: New repositories, branches or environments added to a pipeline, new service
--   accounts in a cluster.
-- references: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html,
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
-- param: baseline_hours = 24 ; hours from the start of the data treated as the known baseline
WITH ev AS (
  SELECT
    eventtime,
    account,
    region,
    json_extract_scalar(requestparameters, '$.roleArn') AS role_arn,
    coalesce(json_extract_scalar(responseelements, '$.subjectFromWebIdentityToken'),
             useridentity.username, useridentity.principalid, '?') AS subject,
    coalesce(json_extract_scalar(responseelements, '$.provider'), useridentity.identityprovider, '?') AS provider,
    json_extract_scalar(responseelements, '$.assumedRoleUser.arn') AS session_arn,
    json_extract_scalar(responseelements, '$.credentials.accessKeyId') AS session_key,
    sourceipaddress,
    useragent,
    eventname,
    errorcode,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource = 'sts.amazonaws.com'
    AND eventname = 'AssumeRoleWithWebIdentity'
),
pairs AS (
  SELECT
    account, role_arn, subject,
    min(eventtime) AS first_t,
    count(*) AS calls,
    first_value(provider ORDER BY eventtime) AS provider,
    first_value(session_arn ORDER BY eventtime) AS session_arn,
    first_value(session_key ORDER BY eventtime) AS session_key,
    first_value(sourceipaddress ORDER BY eventtime) AS sourceipaddress,
    first_value(useragent ORDER BY eventtime) AS useragent,
    first_value(errorcode ORDER BY eventtime) AS errorcode,
    first_value(region ORDER BY eventtime) AS region,
    first_value(eventid ORDER BY eventtime) AS eventid,
    first_value(ref ORDER BY eventtime) AS ref
  FROM ev
  GROUP BY account, role_arn, subject
),
ranked AS (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY account, role_arn ORDER BY first_t, subject) AS rn,
    first_value(subject) OVER (PARTITION BY account, role_arn ORDER BY first_t, subject) AS usual_subject
  FROM pairs
),
data_start AS (
  SELECT min(eventtime) AS t0 FROM cloudtrail
)
SELECT
  r.first_t AS eventtime,
  r.account,
  r.region,
  coalesce(r.session_arn, r.role_arn) AS principal,
  r.session_key AS accesskeyid,
  r.sourceipaddress,
  r.useragent,
  'AssumeRoleWithWebIdentity' AS eventname,
  r.eventid AS eventids,
  r.ref AS evidence,
  'role ' || coalesce(r.role_arn, '?') || ' assumed via ' || r.provider || ' by new subject '
    || r.subject || ' (' || CAST(r.calls AS VARCHAR) || ' times; earlier subject ' || r.usual_subject || ')'
    || CASE WHEN r.errorcode IS NOT NULL THEN ' (first attempt denied: ' || r.errorcode || ')' ELSE '' END AS details
FROM ranked r
CROSS JOIN data_start d
WHERE r.rn > 1
  AND r.first_t >= date_add('hour', $baseline_hours, d.t0)
ORDER BY r.first_t
