-- id: iam-role-enumeration-malformed-policy
-- title: Principal enumeration through repeated MalformedPolicyDocument errors
-- severity: high
-- tactic: credential-access
-- attack: T1087.004
-- tags: iam, enumeration, denied, threshold, sliding-window
-- description: At least min_errors policy writes failed as malformed within window_minutes for one
--   principal: UpdateAssumeRolePolicy or CreateRole in IAM, PutBucketPolicy in S3, PutKeyPolicy
--   or CreateKey in KMS. When a policy names a principal ARN that does not exist, AWS rejects it
--   ("Invalid principal in policy"); tools such as Pacu iam__enum_roles and Quiet Riot use this,
--   in the attacker's own account or a compromised one, to test thousands of guessed role and
--   user names of a target account without the target seeing any call. The details count how
--   many errors mention an invalid principal.
-- response: If the principal is yours and not a policy author at work, its credentials are being
--   used for enumeration: revoke them. Look at which target accounts appear in the error
--   messages; those accounts are being mapped and should expect role-assumption attempts.
-- false_positives: An engineer iterating on a broken policy document; a handful of errors, not
--   dozens, and usually no "Invalid principal".
-- references: https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
-- param: window_minutes = 60 ; length of the sliding window in minutes
-- param: min_errors = 10 ; malformed-policy errors within the window
WITH ev AS (
  SELECT
    account,
    region,
    coalesce(useridentity.arn, useridentity.principalid) AS principal,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventtime,
    to_unixtime(eventtime) AS ts,
    to_unixtime(eventtime) / ($window_minutes * 60) AS b,
    eventname,
    eventid,
    errorcode,
    errormessage,
    coalesce(json_extract_scalar(requestparameters, '$.roleName'),
             json_extract_scalar(requestparameters, '$.bucketName'),
             json_extract_scalar(requestparameters, '$.keyId'), '?') AS target,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE ((eventsource = 'iam.amazonaws.com' AND eventname IN ('UpdateAssumeRolePolicy', 'CreateRole'))
      OR (eventsource = 's3.amazonaws.com' AND eventname = 'PutBucketPolicy')
      OR (eventsource = 'kms.amazonaws.com' AND eventname IN ('PutKeyPolicy', 'CreateKey')))
    AND (errorcode LIKE 'MalformedPolicy%' OR errorcode LIKE '%MalformedPolicyDocument%')
),
anchors AS (
  SELECT DISTINCT account, principal, ts, b FROM ev
),
partners AS (
  SELECT *, b AS jb FROM ev
  UNION ALL
  SELECT *, b - 1 AS jb FROM ev
),
win AS (
  SELECT a.account, a.principal, a.ts AS win_start, a.b, count(*) AS n_events
  FROM anchors a
  JOIN partners p ON p.account = a.account AND p.principal = a.principal AND p.jb = a.b
  WHERE p.ts >= a.ts AND p.ts < a.ts + $window_minutes * 60
  GROUP BY a.account, a.principal, a.ts, a.b
  HAVING count(*) >= $min_errors
),
islands AS (
  SELECT *,
         SUM(CASE WHEN prev_start IS NULL OR win_start - prev_start >= $window_minutes * 60 THEN 1 ELSE 0 END)
           OVER (PARTITION BY account, principal ORDER BY win_start ROWS UNBOUNDED PRECEDING) AS island
  FROM (SELECT *, LAG(win_start) OVER (PARTITION BY account, principal ORDER BY win_start) AS prev_start FROM win) w
),
best AS (
  SELECT account, principal, win_start, b
  FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY account, principal, island
                                     ORDER BY n_events DESC, win_start) AS rn
        FROM islands) i
  WHERE rn = 1
)
SELECT
  min(p.eventtime) AS eventtime,
  best.account AS account,
  first_value(p.region ORDER BY p.eventtime) AS region,
  best.principal AS principal,
  array_to_string(array_sort(array_agg(DISTINCT p.accesskeyid)), ',') AS accesskeyid,
  array_to_string(array_sort(array_agg(DISTINCT p.sourceipaddress)), ',') AS sourceipaddress,
  array_to_string(array_sort(array_agg(DISTINCT p.useragent)), ',') AS useragent,
  array_to_string(array_sort(array_agg(DISTINCT p.eventname)), ',') AS eventname,
  string_agg(p.eventid, ',' ORDER BY p.eventtime, p.eventid) AS eventids,
  string_agg(p.ref, ',' ORDER BY p.eventtime, p.eventid) AS evidence,
  CAST(count(*) AS VARCHAR) || ' malformed-policy errors within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s, '
    || CAST(count(CASE WHEN p.errormessage ILIKE '%invalid principal%' THEN 1 END) AS VARCHAR)
    || ' for an invalid principal; targets='
    || array_to_string(array_slice(array_sort(array_agg(DISTINCT p.target)), 1, 10), ',') AS details
FROM best
JOIN partners p ON p.account = best.account AND p.principal = best.principal AND p.jb = best.b
WHERE p.ts >= best.win_start AND p.ts < best.win_start + $window_minutes * 60
GROUP BY best.account, best.principal, best.win_start
ORDER BY eventtime
