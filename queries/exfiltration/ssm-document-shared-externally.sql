-- id: ssm-document-shared-externally
-- title: SSM document shared publicly or with a foreign account
-- severity: high
-- tactic: exfiltration
-- attack: T1537
-- tags: ssm, document, sharing, single-event
-- description: ModifyDocumentPermission added "all" (public) or an account outside the allow-list
--   to a Systems Manager document's share list. Documents often contain scripts, internal hostnames
--   and sometimes credentials; a public document is listed for every AWS customer.
--   accountIdsToRemove is ignored. Denied attempts are reported too.
-- response: Remove the share (aws ssm modify-document-permission --account-ids-to-remove), review
--   the document content, and rotate anything secret in it.
-- false_positives: Documents deliberately shared with other accounts of the organisation; list them
--   in allowed_accounts.
-- references: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ModifyDocumentPermission.html
-- param: allowed_accounts = ; comma-separated account ids that may receive shared documents
WITH ev AS (
  SELECT *
  FROM cloudtrail
  WHERE eventsource = 'ssm.amazonaws.com'
    AND eventname = 'ModifyDocumentPermission'
    AND json_get_array(requestparameters, 'accountIdsToAdd') IS NOT NULL
),
added AS (
  SELECT eventid, account, json_get_str(v) AS target
  FROM (SELECT eventid, account, unnest(json_get_array(requestparameters, 'accountIdsToAdd')) AS v FROM ev) x
),
flagged AS (
  SELECT eventid,
         string_agg(CASE WHEN lower(target) = 'all' THEN 'all (public)' ELSE 'account ' || target END, ', ') AS targets
  FROM added
  WHERE lower(target) = 'all'
     OR (target <> account AND NOT array_has(string_to_array(CAST($allowed_accounts AS VARCHAR), ','), target))
  GROUP BY eventid
)
SELECT
  ev.eventtime,
  ev.account,
  ev.region,
  coalesce(ev.useridentity.arn, ev.useridentity.invokedby) AS principal,
  ev.useridentity.accesskeyid AS accesskeyid,
  ev.sourceipaddress,
  ev.useragent,
  ev.eventname,
  ev.eventid AS eventids,
  ev.source_uri || '#' || CAST(ev.source_index AS VARCHAR) AS evidence,
  'document=' || coalesce(json_get_str(ev.requestparameters, 'name'), '?')
    || ' shared with ' || flagged.targets
    || CASE WHEN ev.errorcode IS NOT NULL THEN ' (denied: ' || ev.errorcode || ')' ELSE '' END AS details
FROM ev
JOIN flagged ON flagged.eventid = ev.eventid
ORDER BY ev.eventtime
