-- id: iam-new-user-given-credentials
-- title: New IAM user given an access key or console password by its creator
-- severity: medium
-- tactic: persistence
-- attack: T1136.003
-- tags: iam, sequence
-- description: A successful CreateUser followed, within `window_minutes`, by CreateAccessKey or
--   CreateLoginProfile for that same user name in the same account (denied attempts included).
--   The row lists the credentials issued and whether the same identity did both steps. Creating
--   a user and immediately arming it with credentials is the shape of a backdoor account; the
--   severity rises from the context: combine with iam-new-identity-granted-admin and with the
--   creator's other findings.
-- response: Confirm the new user with its supposed owner. If it is unknown, delete its keys and
--   login profile, detach its policies and remove it; then trace the creator.
-- false_positives: Onboarding of people or service users through IAM users; expected in accounts
--   without an identity provider.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html,
--   https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
-- param: window_minutes = 60 ; maximum minutes between the creation and the credentials
WITH created AS (
  SELECT
    eventtime,
    account,
    region,
    coalesce(useridentity.arn, useridentity.invokedby) AS principal,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref,
    json_extract_scalar(requestparameters, '$.userName') AS name
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname = 'CreateUser'
    AND errorcode IS NULL
),
creds AS (
  SELECT
    eventtime,
    account,
    coalesce(useridentity.arn, useridentity.invokedby) AS principal,
    eventname,
    eventid,
    errorcode,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref,
    json_extract_scalar(requestparameters, '$.userName') AS name,
    CASE WHEN eventname = 'CreateAccessKey'
         THEN 'access key ' || coalesce(json_extract_scalar(responseelements, '$.accessKey.accessKeyId'), '(none)')
         ELSE 'console password' END AS what
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname IN ('CreateAccessKey', 'CreateLoginProfile')
)
SELECT
  c.eventtime,
  c.account,
  c.region,
  c.principal,
  c.accesskeyid,
  c.sourceipaddress,
  c.useragent,
  'CreateUser,' || array_to_string(array_sort(array_agg(DISTINCT k.eventname)), ',') AS eventname,
  c.eventid || ',' || string_agg(k.eventid, ',' ORDER BY k.eventtime) AS eventids,
  c.ref || ',' || string_agg(k.ref, ',' ORDER BY k.eventtime) AS evidence,
  'user ' || c.name || ' created and given ' || string_agg(k.what, ', ' ORDER BY k.eventtime)
    || ' within ' || CAST(max(date_diff('second', c.eventtime, k.eventtime)) AS VARCHAR) || ' s'
    || CASE WHEN bool_and(k.principal = c.principal) THEN ', all by the creator'
            ELSE ', by ' || array_to_string(array_sort(array_agg(DISTINCT k.principal)), ', ') END
    || CASE WHEN count(k.errorcode) > 0 THEN ' (' || CAST(count(k.errorcode) AS VARCHAR) || ' denied)'
            ELSE '' END AS details
FROM created c
JOIN creds k
  ON k.account = c.account AND k.name = c.name
 AND k.eventtime >= c.eventtime
 AND k.eventtime <= date_add('minute', $window_minutes, c.eventtime)
GROUP BY c.eventtime, c.account, c.region, c.principal, c.accesskeyid, c.sourceipaddress,
         c.useragent, c.eventid, c.ref, c.name
ORDER BY c.eventtime
