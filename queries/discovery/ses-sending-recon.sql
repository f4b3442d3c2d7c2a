-- id: ses-sending-recon
-- title: SES sending capabilities enumerated
-- severity: medium
-- tactic: discovery
-- attack: T1526
-- tags: ses, recon, distinct-count, sliding-window
-- description: One principal called at least min_apis different SES read APIs that describe the
--   account's ability to send mail (GetSendQuota, GetAccountSendingEnabled, GetSendStatistics,
--   ListIdentities, ListEmailIdentities, GetIdentityVerificationAttributes,
--   ListVerifiedEmailAddresses, GetIdentityDkimAttributes, SESv2 GetAccount) within window_minutes. Stolen keys
--   are widely used for spam and phishing; the first thing such tooling checks is whether SES is
--   out of the sandbox, how much it may send and from which verified identities. Denied calls
--   count.
-- response: Confirm the caller normally works with SES. If not, revoke the key, and watch for
--   SendEmail/SendRawEmail, new verified identities and sending-quota increase requests.
-- false_positives: Engineers opening the SES console dashboard (which calls several of these),
--   mail-platform health checks.
-- references: https://docs.aws.amazon.com/ses/latest/APIReference/API_GetSendQuota.html
-- param: window_minutes = 60 ; length of the sliding window in minutes
-- param: min_apis = 3 ; distinct SES read APIs within the window
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
    eventsource,
    eventname,
    awsregion,
    eventid,
    errorcode,
    eventname AS item,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE eventsource = 'ses.amazonaws.com'
    AND eventname IN ('GetSendQuota', 'GetAccountSendingEnabled', 'GetSendStatistics', 'ListIdentities',
                      'ListEmailIdentities', 'GetIdentityVerificationAttributes', 'ListVerifiedEmailAddresses',
                      'GetIdentityDkimAttributes', 'GetAccount')
    AND coalesce(useridentity.type, '') NOT IN ('AWSService', 'AWSAccount')
    AND useridentity.invokedby IS NULL
    AND coalesce(useridentity.sessioncontext.sessionissuer.arn, '') NOT LIKE '%:role/aws-service-role/%'
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
  SELECT a.account, a.principal, a.ts AS win_start, a.b,
         count(DISTINCT p.item) AS n_items, count(*) AS n_events
  FROM anchors a
  JOIN partners p ON p.account = a.account AND p.principal = a.principal AND p.jb = a.b
  WHERE p.ts >= a.ts AND p.ts < a.ts + $window_minutes * 60
  GROUP BY a.account, a.principal, a.ts, a.b
  HAVING count(DISTINCT p.item) >= $min_apis
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
                                     ORDER BY n_items DESC, n_events DESC, win_start) AS rn
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
  CAST(count(DISTINCT p.item) AS VARCHAR) || ' SES sending-capability APIs within '
    || CAST(max(p.ts) - min(p.ts) AS VARCHAR) || ' s ('
    || CAST(count(*) AS VARCHAR) || ' calls, '
    || CAST(count(p.errorcode) AS VARCHAR) || ' failed) in '
    || array_to_string(array_sort(array_agg(DISTINCT p.awsregion)), ',') AS details
FROM best
JOIN partners p ON p.account = best.account AND p.principal = best.principal AND p.jb = best.b
WHERE p.ts >= best.win_start AND p.ts < best.win_start + $window_minutes * 60
GROUP BY best.account, best.principal, best.win_start
ORDER BY eventtime
