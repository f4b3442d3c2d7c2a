-- id: sqs-queue-policy-public
-- title: SQS queue policy opened to everyone
-- severity: high
-- tactic: exfiltration
-- attack: T1537
-- tags: sqs, resource-policy, public, single-event
-- description: SetQueueAttributes or CreateQueue set a queue policy that lets anyone send, receive
--   or delete messages. Receiving from a queue hands its messages to the caller. A statement counts
--   as public when it is an Allow with Principal "*", {"AWS": "*"} or a NotPrincipal, and has no
--   condition pinning the caller to an organisation, account, source ARN/owner or VPC endpoint. The
--   policy is a JSON string inside the request and is parsed statement by statement. Denied
--   attempts are reported too.
-- response: Restore the queue policy, purge nothing until the messages have been reviewed, and
--   check the queue's consumers.
-- false_positives: Queues that accept messages from other accounts through an SNS subscription
--   without a SourceArn condition (which should be fixed anyway).
-- references: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
WITH ev AS (
  SELECT *,
         json_get_str(requestparameters, 'attributes', 'Policy') AS policy
  FROM cloudtrail
  WHERE eventsource = 'sqs.amazonaws.com'
    AND eventname IN ('SetQueueAttributes', 'CreateQueue')
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
  'queue=' || coalesce(json_get_str(ev.requestparameters, 'queueUrl'), json_get_str(ev.requestparameters, 'queueName'), '?')
    || ' public statement(s): ' || public_stmts.grants
    || CASE WHEN ev.errorcode IS NOT NULL THEN ' (denied: ' || ev.errorcode || ')' ELSE '' END AS details
FROM ev
JOIN public_stmts ON public_stmts.eventid = ev.eventid
ORDER BY ev.eventtime
