-- id: first-activity-in-region
-- title: First activity of an account in a region
-- severity: medium
-- tactic: persistence
-- attack: T1535
-- tags: region, first-seen, baseline, cfg
-- description: The first event by a person or workload (AWS service events are ignored) in a
--   region where the account had no activity, when it comes at least `baseline_hours` after the
--   start of the data and the region is not in `approved_regions`. Attackers enumerate and build
--   in regions the owners never use, because nobody looks there. The row shows who came first and
--   how much they did in that region.
-- response: Look at everything done in that region (trailhound query on awsregion), remove what
--   nobody owns, and restrict regions with an SCP if the account does not use them.
-- false_positives: A console user opening a region's page, or a new deployment region.
-- references: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html,
--   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html
-- param: baseline_hours = 24 ; hours from the start of the data treated as the known baseline
-- param: approved_regions = ; comma-separated regions never reported
WITH ev AS (
  SELECT
    eventtime,
    account,
    awsregion,
    coalesce(useridentity.arn, useridentity.invokedby) AS principal,
    useridentity.accesskeyid AS accesskeyid,
    sourceipaddress,
    useragent,
    eventname,
    eventid,
    source_uri || '#' || CAST(source_index AS VARCHAR) AS ref
  FROM cloudtrail
  WHERE coalesce(useridentity.type, '') <> 'AWSService'
    AND awsregion IS NOT NULL
),
firsts AS (
  SELECT
    account,
    awsregion,
    min(eventtime) AS first_t,
    max(eventtime) AS last_t,
    count(*) AS calls,
    count(DISTINCT principal) AS identities,
    first_value(principal ORDER BY eventtime) AS principal,
    first_value(accesskeyid ORDER BY eventtime) AS accesskeyid,
    first_value(sourceipaddress ORDER BY eventtime) AS sourceipaddress,
    first_value(useragent ORDER BY eventtime) AS useragent,
    first_value(eventname ORDER BY eventtime) AS eventname,
    first_value(eventid ORDER BY eventtime) AS eventid,
    first_value(ref ORDER BY eventtime) AS ref
  FROM ev
  GROUP BY account, awsregion
),
data_start AS (
  SELECT min(eventtime) AS t0 FROM cloudtrail
)
SELECT
  f.first_t AS eventtime,
  f.account,
  f.awsregion AS region,
  f.principal,
  f.accesskeyid,
  f.sourceipaddress,
  f.useragent,
  f.eventname,
  f.eventid AS eventids,
  f.ref AS evidence,
  'first activity in ' || f.awsregion || ': ' || CAST(f.calls AS VARCHAR) || ' calls by '
    || CAST(f.identities AS VARCHAR) || ' identit' || CASE WHEN f.identities = 1 THEN 'y' ELSE 'ies' END
    || ' until ' || CAST(f.last_t AS VARCHAR) AS details
FROM firsts f
CROSS JOIN data_start d
WHERE f.first_t >= date_add('hour', $baseline_hours, d.t0)
  AND NOT array_has(string_to_array(replace(CAST($approved_regions AS VARCHAR), ' ', ''), ','), f.awsregion)
ORDER BY f.first_t
