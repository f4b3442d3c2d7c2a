-- id: iam-changes-with-session-token-credentials
-- title: IAM changes attempted with GetSessionToken credentials
-- severity: medium
-- tactic: privilege-escalation
-- attack: T1078.004
-- tags: iam, sts, sequence
-- description: Write calls to IAM were made with temporary credentials of an IAM user that did not
--   come from the console: credentials issued by sts:GetSessionToken (matched by the access key id
--   in its response when that call is in the lake, otherwise recognised as an ASIA key of type
--   IAMUser outside a console session). Intruders holding a leaked long-term key mint session
--   tokens, which survive the key's deletion, and then try IAM; without MFA in the GetSessionToken
--   call AWS refuses IAM calls, so denied calls are kept and counted. One row per session key.
-- response: Deactivate the user's long-term keys, attach a policy denying tokens issued before now
--   (aws:TokenIssueTime), and review every call made with the session key.
-- false_positives: Administrators who follow an MFA-enforcing CLI workflow (get-session-token with
--   --serial-number) before changing IAM.
-- references: https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html,
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html
WITH tokens AS (
  SELECT account AS t_account, eventtime AS t_time, eventid AS t_eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS t_evidence,
    json_extract_scalar(responseelements, '$.credentials.accessKeyId') AS t_key,
    CASE WHEN json_extract_scalar(requestparameters, '$.serialNumber') IS NOT NULL THEN 'with MFA' ELSE 'without MFA' END AS t_mfa
  FROM cloudtrail
  WHERE eventsource = 'sts.amazonaws.com'
    AND eventname = 'GetSessionToken'
    AND errorcode IS NULL
),
iam_writes AS (
  SELECT eventtime, account, region, useridentity.arn AS arn, useridentity.accesskeyid AS key_id,
    sourceipaddress, useragent, eventname, eventid, errorcode,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ev,
    coalesce(sessioncredentialfromconsole, 'false') AS from_console
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND readonly = 'false'
    AND useridentity.type = 'IAMUser'
    AND useridentity.accesskeyid LIKE 'ASIA%'
),
tagged AS (
  SELECT w.eventtime, w.account, w.region, w.arn, w.key_id, w.sourceipaddress, w.useragent, w.eventname,
    w.eventid, w.errorcode, w.ev, t.t_time, t.t_eventid, t.t_evidence, t.t_mfa
  FROM iam_writes w LEFT JOIN tokens t ON t.t_key = w.key_id AND t.t_account = w.account
  WHERE t.t_key IS NOT NULL
     OR (w.from_console <> 'true'
         AND NOT regexp_like(coalesce(w.useragent, ''), '(?i)(console\.|signin\.amazonaws\.com|^AWS Internal|^Mozilla/)'))
)
SELECT
  coalesce(min(t_time), min(eventtime)) AS eventtime,
  account,
  first_value(region ORDER BY eventtime) AS region,
  first_value(arn ORDER BY eventtime) AS principal,
  key_id AS accesskeyid,
  first_value(sourceipaddress ORDER BY eventtime) AS sourceipaddress,
  first_value(useragent ORDER BY eventtime) AS useragent,
  CASE WHEN min(t_eventid) IS NOT NULL THEN 'GetSessionToken,' ELSE '' END
    || array_to_string(array_agg(DISTINCT eventname), ',') AS eventname,
  CASE WHEN min(t_eventid) IS NOT NULL THEN min(t_eventid) || ',' ELSE '' END
    || string_agg(eventid, ',' ORDER BY eventtime) AS eventids,
  CASE WHEN min(t_evidence) IS NOT NULL THEN min(t_evidence) || ',' ELSE '' END
    || string_agg(ev, ',' ORDER BY eventtime) AS evidence,
  CAST(count(*) AS VARCHAR) || ' IAM write call(s) with session key ' || key_id || ', '
    || CAST(count(errorcode) AS VARCHAR) || ' denied; '
    || coalesce('token from GetSessionToken ' || min(t_mfa), 'GetSessionToken call not in the lake') AS details
FROM tagged
GROUP BY account, key_id
ORDER BY 1
