-- id: account-region-enabled
-- title: Opt-in region enabled for the account
-- severity: medium
-- tactic: persistence
-- attack: T1535
-- tags: account, region, single-event
-- description: account:EnableRegion turns on an opt-in region (af-south-1, me-south-1, ap-east-1…).
--   Intruders enable regions nobody watches to run miners or stage resources where monitoring,
--   GuardDuty and Config were never set up. Denied attempts are reported.
-- response: Ask whether the region is needed. If not, disable it again, and check it for resources
--   and activity (first-activity-in-region).
-- false_positives: Planned expansion into a new region.
-- references: https://docs.aws.amazon.com/accounts/latest/reference/API_EnableRegion.html,
--   https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
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
  'region ' || coalesce(json_extract_scalar(requestparameters, '$.RegionName'),
                        json_extract_scalar(requestparameters, '$.regionName'), '?')
    || ' enabled'
    || coalesce(' for account ' || coalesce(json_extract_scalar(requestparameters, '$.AccountId'),
                                            json_extract_scalar(requestparameters, '$.accountId')), '')
    || CASE WHEN errorcode IS NOT NULL THEN ' (denied: ' || errorcode || ')' ELSE '' END AS details
FROM cloudtrail
WHERE eventsource = 'account.amazonaws.com'
  AND eventname = 'EnableRegion'
ORDER BY eventtime
