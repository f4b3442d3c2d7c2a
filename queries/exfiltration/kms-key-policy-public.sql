-- id: kms-key-policy-public
-- title: KMS key policy opened to everyone
-- severity: high
-- tactic: exfiltration
-- attack: T1537
-- tags: kms, resource-policy, public, single-event
-- description: PutKeyPolicy or CreateKey set a key policy that lets any AWS principal use or manage
--   the key. Whoever can call Decrypt or CreateGrant on the key can read everything it protects,
--   wherever the ciphertext is copied. A statement counts as public when it is an Allow with
--   Principal "*", {"AWS": "*"} or a NotPrincipal, and has no condition pinning the caller to an
--   organisation, account, source ARN/owner or VPC endpoint. The policy is a JSON string inside the
--   request and is parsed statement by statement. Denied attempts are reported too.
-- response: Restore the previous key policy (the console keeps no history: use the CloudTrail
--   record of the last PutKeyPolicy), list grants (aws kms list-grants) and revoke unknown ones,
--   and look for Decrypt calls from other accounts.
-- false_positives: Key policies of AWS-managed style that scope Principal "*" with
--   kms:CallerAccount are already excluded; other deliberate public keys are very rare.
-- references: https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
WITH ev AS (
  SELECT *,
         json_get_str(requestparameters, 'policy') AS policy
  FROM cloudtrail
  WHERE eventsource = 'kms.amazonaws.com'
    AND eventname IN ('PutKeyPolicy', 'CreateKey')
),
stmts AS (
  SELECT eventid,
         unnest(coalesce(json_get_array(policy, 'Statement'), make_array(json_get_json(policy, 'Statement')))) AS stmt
  FROM ev
  WHERE policy IS NOT NULL
),
public_stmts AS (
  SELECT eventid,
         string_agg(coalesce(json_get_str(stmt, 'Sid'), '(no Sid)') || ': ' || coalesce(json_get_json(stmt, 'Action'), json_get_json(stmt, 'NotAction'), '?'), '; ') AS grants
  FROM stmts
  WHERE lower(coalesce(json_get_str(stmt, 'Effect'), '')) = 'allow'
    AND (trim(json_get_json(stmt, 'Principal')) = '"*"'
         OR regexp_like(json_get_json(stmt, 'Principal'), '"AWS"\s*:\s*(\[[^\]]*)?"\*"')
         OR json_contains(stmt, 'NotPrincipal'))
    AND (NOT json_contains(stmt, 'Condition')
         OR NOT regexp_like(lower(json_get_json(stmt, 'Condition')),
              'aws:(principalorgid|principalorgpaths|principalaccount|principalarn|sourceaccount|sourcearn|sourceowner|sourceorgid|sourceorgpaths|sourcevpce?|userid)|kms:calleraccount'))
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
  'key=' || coalesce(json_get_str(ev.requestparameters, 'keyId'), json_get_str(ev.responseelements, 'keyMetadata', 'arn'), '?')
    || ' public statement(s): ' || public_stmts.grants
    || CASE WHEN ev.errorcode IS NOT NULL THEN ' (denied: ' || ev.errorcode || ')' ELSE '' END AS details
FROM ev
JOIN public_stmts ON public_stmts.eventid = ev.eventid
ORDER BY ev.eventtime
