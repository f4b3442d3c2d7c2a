-- id: guardduty-flagged-key-creates-iam-persistence
-- title: Access key flagged by GuardDuty then used to create IAM users, keys, passwords or grants
-- severity: critical
-- tactic: persistence
-- attack: T1098, T1136.003
-- tags: guardduty, iam, correlation
-- description: GuardDuty raised a finding on an access key, and CloudTrail shows the same key
--   creating identities or credentials, or granting policies, between an hour before the finding
--   was first seen and a day after it was last seen. A compromised key building persistence is the
--   moment containment must happen.
-- response: Deactivate the flagged key and every key or login profile it created, detach the policies
--   it granted, delete the identities it created once evidence is preserved, then follow the
--   compromised-credentials playbook for the rest of its activity.
-- false_positives: A GuardDuty false positive on an automation key that legitimately manages IAM.
-- references: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html
-- param: min_severity = 7 ; lowest GuardDuty severity (0-10) that counts
-- param: after_hours = 24 ; hours after the finding's last sighting still correlated
WITH f AS (
  SELECT id, type, severity, accesskeyid,
         coalesce(firstseen, createdat, updatedat) - INTERVAL '1 hour' AS window_start,
         coalesce(lastseen, updatedat) AS last_seen
  FROM guardduty
  WHERE accesskeyid IS NOT NULL AND severity >= $min_severity
),
iam AS (
  SELECT eventtime, account, region, useridentity.arn AS principal, useridentity.accesskeyid AS accesskeyid,
         sourceipaddress, useragent, eventname, eventid, errorcode, requestparameters,
         source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname IN ('CreateUser', 'CreateAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile', 'CreateRole',
                      'AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy', 'PutUserPolicy', 'PutRolePolicy',
                      'AddUserToGroup', 'UpdateAssumeRolePolicy', 'CreatePolicyVersion')
)
SELECT
  min(i.eventtime) AS eventtime,
  min(i.account) AS account,
  min(i.region) AS region,
  min(i.principal) AS principal,
  i.accesskeyid,
  string_agg(DISTINCT i.sourceipaddress, ',') AS sourceipaddress,
  string_agg(DISTINCT i.useragent, ',') AS useragent,
  string_agg(DISTINCT i.eventname, ',') AS eventname,
  string_agg(i.eventid, ',') AS eventids,
  string_agg(i.ref, ',') AS evidence,
  'GuardDuty ' || f.type || ' (severity ' || CAST(f.severity AS VARCHAR) || ', finding ' || f.id || ') then '
    || CAST(count(*) AS VARCHAR) || ' IAM change(s) on: '
    || coalesce(string_agg(DISTINCT json_extract_scalar(i.requestparameters, '$.userName'), ','), '?') AS details
FROM f JOIN iam i ON i.accesskeyid = f.accesskeyid
WHERE i.eventtime BETWEEN f.window_start AND date_add('hour', $after_hours, f.last_seen)
GROUP BY f.id, f.type, f.severity, i.accesskeyid
ORDER BY 1
