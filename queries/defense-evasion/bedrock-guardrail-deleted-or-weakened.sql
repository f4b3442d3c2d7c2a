-- id: bedrock-guardrail-deleted-or-weakened
-- title: Bedrock guardrail deleted, or a content filter set to NONE
-- severity: medium
-- tactic: defense-evasion
-- attack: T1562.001
-- tags: bedrock, ai, single-event
-- description: DeleteGuardrail removes a Bedrock guardrail; UpdateGuardrail whose content policy sets
--   a filter's inputStrength or outputStrength to NONE switches that filter off while keeping the
--   guardrail in place. Attackers abusing model access (LLMjacking) remove the filters that would
--   block their prompts. The prompt-attack filter's outputStrength is always NONE (AWS requires it)
--   and is ignored. Other guardrail updates are not reported. Denied attempts are included.
-- response: Restore the guardrail version used in production and review model invocations since.
-- false_positives: Tuning filters that block legitimate prompts.
-- references: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_DeleteGuardrail.html,
--   https://docs.aws.amazon.com/bedrock/latest/APIReference/API_GuardrailContentFilterConfig.html
WITH calls AS (
  SELECT *
  FROM cloudtrail
  WHERE eventsource = 'bedrock.amazonaws.com'
    AND eventname IN ('DeleteGuardrail', 'UpdateGuardrail')
),
filters AS (
  SELECT eventid, json_get_json(json_get_json(requestparameters, 'contentPolicyConfig', 'filtersConfig'), i) AS f
  FROM calls CROSS JOIN unnest(range(0, 20)) AS t(i)
  WHERE eventname = 'UpdateGuardrail'
),
weakened AS (
  SELECT eventid, string_agg(json_get_str(f, 'type'), ',') AS types
  FROM filters
  WHERE f IS NOT NULL
    AND (upper(coalesce(json_get_str(f, 'inputStrength'), '')) = 'NONE'
         OR (upper(coalesce(json_get_str(f, 'outputStrength'), '')) = 'NONE'
             AND upper(coalesce(json_get_str(f, 'type'), '')) <> 'PROMPT_ATTACK'))
  GROUP BY eventid
)
SELECT
  c.eventtime,
  c.account,
  c.region,
  coalesce(c.useridentity.arn, c.useridentity.invokedby) AS principal,
  c.useridentity.accesskeyid AS accesskeyid,
  c.sourceipaddress,
  c.useragent,
  c.eventname,
  c.eventid AS eventids,
  c.source_uri || '#' || CAST(c.source_index AS VARCHAR) AS evidence,
  c.eventname || ' ' || coalesce(json_extract_scalar(c.requestparameters, '$.guardrailIdentifier'), '?')
    || coalesce(': content filter(s) set to NONE: ' || w.types, '')
    || CASE WHEN c.errorcode IS NOT NULL THEN ' (denied: ' || c.errorcode || ')' ELSE '' END AS details
FROM calls c LEFT JOIN weakened w ON c.eventid = w.eventid
WHERE c.eventname = 'DeleteGuardrail' OR w.eventid IS NOT NULL
ORDER BY c.eventtime
