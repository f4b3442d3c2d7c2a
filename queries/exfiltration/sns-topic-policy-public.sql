-- id: sns-topic-policy-public
-- title: SNS topic access policy opened to everyone
-- severity: high
-- tactic: exfiltration
-- attack: T1537
-- tags: sns, resource-policy, public, single-event
-- description: SetTopicAttributes (attribute Policy) or CreateTopic set an access policy that lets
--   anyone subscribe to, publish to or read the topic. A public subscribe grant lets an outsider
--   receive every message the topic fans out. A statement counts as public when it is an Allow with
--   Principal "*", {"AWS": "*"} or a NotPrincipal, and has no condition pinning the caller to an
--   organisation, account, source ARN/owner or VPC endpoint. The policy is a JSON string inside the
--   request and is parsed statement by statement. Denied attempts are reported too.
-- response: Restore the default topic policy, list the topic's subscriptions and remove unknown
--   endpoints, and review what the topic carries.
-- false_positives: Topics meant to accept messages from any account, usually with a condition.
-- references: https://docs.aws.amazon.com/sns/latest/api/API_SetTopicAttributes.html
WITH ev AS (
  SELECT *,
         CASE WHEN eventname = 'SetTopicAttributes' THEN json_get_str(requestparameters, 'attributeValue')
              ELSE json_get_str(requestparameters, 'attributes', 'Policy') END AS policy
  FROM cloudtrail
  WHERE eventsource = 'sns.amazonaws.com'
    AND ((eventname = 'SetTopicAttributes' AND json_get_str(requestparameters, 'attributeName') = 'Policy')
         OR eventname = 'CreateTopic')
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
  'topic=' || coalesce(json_get_str(ev.requestparameters, 'topicArn'), json_get_str(ev.requestparameters, 'name'), '?')
    || ' public statement(s): ' || public_stmts.grants
    || CASE WHEN ev.errorcode IS NOT NULL THEN ' (denied: ' || ev.errorcode || ')' ELSE '' END AS details
FROM ev
JOIN public_stmts ON public_stmts.eventid = ev.eventid
ORDER BY ev.eventtime
