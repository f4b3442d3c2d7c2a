-- id: iam-policy-default-version-rollback
-- title: Managed policy switched to an older (or unknown) version with SetDefaultPolicyVersion
-- severity: medium
-- tactic: privilege-escalation
-- attack: T1098.003
-- tags: iam, correlation
-- description: SetDefaultPolicyVersion made a version the default that is older than the newest
--   version created for that policy in the lake, or the policy's version history is not in the lake
--   at all. A principal allowed only iam:SetDefaultPolicyVersion can re-activate a forgotten, more
--   permissive version of a policy attached to itself. Pipelines normally publish with
--   CreatePolicyVersion setAsDefault=true, so explicit switches are rare. Denied attempts are included.
-- response: Compare the re-activated version with the newest one (aws iam get-policy-version); if it
--   widens access, restore the newest version and delete stale versions.
-- false_positives: A deliberate rollback after a faulty policy release.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html
WITH setdef AS (
  SELECT *,
    json_extract_scalar(requestparameters, '$.policyArn') AS policy_arn,
    json_extract_scalar(requestparameters, '$.versionId') AS version_id
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname = 'SetDefaultPolicyVersion'
),
created AS (
  SELECT account AS c_account,
    json_extract_scalar(requestparameters, '$.policyArn') AS c_policy,
    TRY_CAST(substr(json_extract_scalar(responseelements, '$.policyVersion.versionId'), 2) AS INT) AS c_version,
    eventtime AS c_time
  FROM cloudtrail
  WHERE eventsource = 'iam.amazonaws.com'
    AND eventname = 'CreatePolicyVersion'
    AND errorcode IS NULL
),
joined AS (
  SELECT s.eventid, max(c.c_version) AS newest
  FROM setdef s LEFT JOIN created c
    ON c.c_account = s.account AND c.c_policy = s.policy_arn AND c.c_time <= s.eventtime
  GROUP BY s.eventid
)
SELECT
  s.eventtime,
  s.account,
  s.region,
  coalesce(s.useridentity.arn, s.useridentity.invokedby) AS principal,
  s.useridentity.accesskeyid AS accesskeyid,
  s.sourceipaddress,
  s.useragent,
  s.eventname,
  s.eventid AS eventids,
  s.source_uri || '#' || CAST(s.source_index AS VARCHAR) AS evidence,
  'policy ' || coalesce(s.policy_arn, '?') || ' default set to ' || coalesce(s.version_id, '?')
    || CASE WHEN j.newest IS NULL THEN ' (no version history in the lake)'
            ELSE ' while the newest created version is v' || CAST(j.newest AS VARCHAR) END
    || CASE WHEN s.errorcode IS NOT NULL THEN ' (denied: ' || s.errorcode || ')' ELSE '' END AS details
FROM setdef s JOIN joined j ON s.eventid = j.eventid
WHERE j.newest IS NULL
   OR coalesce(TRY_CAST(substr(s.version_id, 2) AS INT), 0) < j.newest
ORDER BY s.eventtime
