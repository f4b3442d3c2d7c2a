-- id: iam-password-policy-deleted-or-weakened
-- title: Account password policy deleted or set below the minimum length
-- severity: medium
-- tactic: defense-evasion
-- attack: T1556
-- tags: iam, single-event, cfg
-- description: DeleteAccountPasswordPolicy drops the account back to AWS's default rules, and
--   UpdateAccountPasswordPolicy with a MinimumPasswordLength below min_length weakens it. Weak
--   console passwords make spraying and the reuse of planted passwords easier. Denied attempts are
--   included.
-- response: Restore the organisation's password policy and check console users created or given
--   passwords since the change.
-- false_positives: Baseline changes agreed with the security team.
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccountPasswordPolicy.html,
--   https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html
-- param: min_length = 14 ; password lengths below this are reported
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
  CASE WHEN eventname = 'DeleteAccountPasswordPolicy' THEN 'password policy deleted'
       ELSE 'minimum password length set to '
            || coalesce(json_extract_scalar(requestparameters, '$.minimumPasswordLength'), 'the API default (6)') END
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'iam.amazonaws.com'
  AND (eventname = 'DeleteAccountPasswordPolicy'
       OR (eventname = 'UpdateAccountPasswordPolicy'
           AND coalesce(TRY_CAST(json_extract_scalar(requestparameters, '$.minimumPasswordLength') AS INT), 6) < $min_length))
ORDER BY eventtime
