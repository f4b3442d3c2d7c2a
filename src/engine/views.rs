//! Views every session gets: GuardDuty's latest finding versions, and the pivot from each
//! finding to the CloudTrail activity behind it.

/// Each finding's latest version (by `updatedat`), sample findings left out. Every version,
/// samples included, stays in `guardduty_history`.
pub const GUARDDUTY: &str = "
CREATE VIEW guardduty AS
SELECT id, arn, type, severity, severity_label, title, description, createdat, updatedat, accountid,
       awsregion, resourcetype, accesskeyid, principalid, username, usertype, instanceid, actiontype,
       api, servicename, errorcode, remoteip, remotecountry, remoteorg, remoteasn, firstseen, lastseen,
       count, archived, sample, source_uri, source_sha256, source_index, raw_json, account, region, dt
FROM (
  SELECT *, row_number() OVER (PARTITION BY id ORDER BY updatedat DESC, source_uri, source_index) AS version_rank
  FROM guardduty_history
) WHERE version_rank = 1 AND NOT sample";

/// CloudTrail events behind each finding: same access key, or (for events with another key or
/// none) same source IP, between an hour before the finding's first sighting and an hour after
/// its last. Two equi-joins, not one OR join, so large lakes stay fast.
pub const GUARDDUTY_ACTIVITY: &str = "
CREATE VIEW guardduty_activity AS
WITH f AS (
  SELECT id, type, severity, severity_label, accesskeyid, remoteip,
         coalesce(firstseen, createdat, updatedat) - INTERVAL '1 hour' AS window_start,
         coalesce(lastseen, updatedat) + INTERVAL '1 hour' AS window_end
  FROM guardduty
),
by_key AS (
  SELECT f.id AS finding_id, f.type AS finding_type, f.severity AS finding_severity, 'accesskeyid' AS matched_on, c.*
  FROM f JOIN cloudtrail c ON c.useridentity.accesskeyid = f.accesskeyid
  WHERE c.eventtime BETWEEN f.window_start AND f.window_end
),
by_ip AS (
  SELECT f.id AS finding_id, f.type AS finding_type, f.severity AS finding_severity, 'sourceipaddress' AS matched_on, c.*
  FROM f JOIN cloudtrail c ON c.sourceipaddress = f.remoteip
  WHERE c.eventtime BETWEEN f.window_start AND f.window_end
    AND (f.accesskeyid IS NULL OR c.useridentity.accesskeyid IS NULL OR c.useridentity.accesskeyid <> f.accesskeyid)
)
SELECT * FROM by_key UNION ALL SELECT * FROM by_ip";
