-- id: ecr-repository-policy-public
-- title: ECR repository policy lets anyone pull or push images
-- severity: high
-- tactic: exfiltration
-- attack: T1537
-- tags: ecr, resource-policy, public, single-event
-- description: SetRepositoryPolicy set a repository policy that lets any AWS account pull (or push)
--   images. Container images often hold source code, configuration and secrets. A statement counts
--   as public when it is an Allow with Principal "*", {"AWS": "*"} or a NotPrincipal, and has no
--   condition pinning the caller to an organisation, account, source ARN/owner or VPC endpoint. The
--   policy is a JSON string inside the request and is parsed statement by statement. Denied
--   attempts are reported too.
-- response: Restore the repository policy, check pulls by foreign accounts (ecr
--   BatchGetImage/GetDownloadUrlForLayer in data events) and rebuild images whose secrets may have
--   leaked.
-- false_positives: Repositories intended for public distribution (better served by ECR Public).
-- references: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_SetRepositoryPolicy.html
WITH ev AS (
  SELECT *,
         json_get_str(requestparameters, 'policyText') AS policy
  FROM cloudtrail
  WHERE eventsource = 'ecr.amazonaws.com'
    AND eventname = 'SetRepositoryPolicy'
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
  'repository=' || coalesce(json_get_str(ev.requestparameters, 'repositoryName'), '?')
    || ' public statement(s): ' || public_stmts.grants
    || CASE WHEN ev.errorcode IS NOT NULL THEN ' (denied: ' || ev.errorcode || ')' ELSE '' END AS details
FROM ev
JOIN public_stmts ON public_stmts.eventid = ev.eventid
ORDER BY ev.eventtime
