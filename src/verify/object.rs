//! The objects a verification reads: an S3 key, where the copy lives, the S3 metadata that came
//! with it, and a way to open its bytes. The chain walker sees only this, so a folder, an
//! acquisition manifest or (later) an S3 listing all feed it the same way.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Arc;

pub type Opener = Arc<dyn Fn() -> std::io::Result<Box<dyn Read + Send>> + Send + Sync>;

pub struct Object {
    /// The S3 key, including any trail key prefix when it is known.
    pub key: String,
    pub bucket: Option<String>,
    /// What reports cite: an absolute path (or an s3:// URI).
    pub uri: String,
    /// S3 user metadata (`signature`, `signature-algorithm`, …), when it was kept.
    pub metadata: BTreeMap<String, String>,
    /// SHA-256 of the stored bytes recorded when the object was acquired.
    pub acquired_sha256: Option<String>,
    pub open: Opener,
}

impl std::fmt::Debug for Object {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Object").field("key", &self.key).field("uri", &self.uri).finish()
    }
}

/// What a key is, from the CloudTrail bucket layout
/// `[prefix/]AWSLogs/[o-xxxx/]<account>/<CloudTrail|CloudTrail-Digest>/<region>/YYYY/MM/DD/<file>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub kind: LayoutKind,
    pub account: String,
    pub region: String,
    pub file: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutKind {
    Log,
    Digest,
}

/// The `AWSLogs/…` tail of a key: how objects are matched when a copy lost the key prefix.
pub fn normal_key(key: &str) -> &str {
    key.find("AWSLogs/").map_or(key, |at| &key[at..])
}

pub fn layout(key: &str) -> Option<Layout> {
    let parts: Vec<&str> = normal_key(key).split('/').collect();
    let at = parts.iter().position(|p| *p == "CloudTrail" || *p == "CloudTrail-Digest")?;
    let kind = if parts[at] == "CloudTrail" { LayoutKind::Log } else { LayoutKind::Digest };
    let account = parts.get(at.checked_sub(1)?)?;
    let region = parts.get(at + 1)?;
    let file = parts.last()?;
    if parts.len() < at + 3 || account.is_empty() || *account == "AWSLogs" || region.is_empty() || file.is_empty() {
        return None;
    }
    Some(Layout { kind, account: account.to_string(), region: region.to_string(), file: file.to_string() })
}

/// The trail a digest belongs to and its place in time, from
/// `<acct>_CloudTrail-Digest_<region>_<trail>_<homeRegion>_<YYYYMMDDTHHMMSSZ>[_backfill].json.gz`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DigestName {
    pub trail: String,
    pub home_region: String,
    /// Backfill digests form their own chain.
    pub backfill: bool,
    /// `YYYYMMDDTHHMMSSZ`: sorts in time order.
    pub stamp: String,
}

pub fn digest_name(file: &str) -> Option<DigestName> {
    let stem = file.strip_suffix(".json.gz").or_else(|| file.strip_suffix(".json"))?;
    let (stem, backfill) = match stem.strip_suffix("_backfill") {
        Some(s) => (s, true),
        None => (stem, false),
    };
    let (rest, stamp) = stem.rsplit_once('_')?;
    let (rest, home_region) = rest.rsplit_once('_')?;
    // `<acct>_CloudTrail-Digest_<region>_<trail>`: the trail name may itself contain `_`.
    let after = rest.split_once("_CloudTrail-Digest_")?.1;
    let (_region, trail) = after.split_once('_')?;
    let stamp_ok = stamp.len() == 16 && stamp.as_bytes()[8] == b'T' && stamp.ends_with('Z');
    if !stamp_ok || trail.is_empty() || home_region.is_empty() {
        return None;
    }
    Some(DigestName {
        trail: trail.to_string(),
        home_region: home_region.to_string(),
        backfill,
        stamp: stamp.to_string(),
    })
}

/// Delivery time of a log file from its name `<acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<id>.json.gz`,
/// in microseconds.
pub fn log_stamp(file: &str) -> Option<i64> {
    let stamp = file.split('_').find(|p| p.len() == 14 && p.as_bytes()[8] == b'T' && p.ends_with('Z'))?;
    let time = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%MZ").ok()?;
    Some(time.and_utc().timestamp_micros())
}

/// Time of a digest name's stamp, in microseconds.
pub fn stamp_time(stamp: &str) -> Option<i64> {
    let time = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ").ok()?;
    Some(time.and_utc().timestamp_micros())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_bucket_layout() {
        let key = "pre/fix/AWSLogs/o-abc/111122223333/CloudTrail-Digest/eu-west-1/2024/05/01/\
                   111122223333_CloudTrail-Digest_eu-west-1_my_trail_us-east-1_20240501T010203Z.json.gz";
        let l = layout(key).unwrap();
        assert_eq!((l.kind, l.account.as_str(), l.region.as_str()), (LayoutKind::Digest, "111122223333", "eu-west-1"));
        let n = digest_name(&l.file).unwrap();
        assert_eq!(
            (n.trail.as_str(), n.home_region.as_str(), n.stamp.as_str()),
            ("my_trail", "us-east-1", "20240501T010203Z")
        );
        assert!(!n.backfill);
        assert!(normal_key(key).starts_with("AWSLogs/o-abc/"));
        let log =
            "AWSLogs/1/CloudTrail/us-east-1/2024/05/01/1_CloudTrail_us-east-1_20240501T0105Z_abcdEFGH12345678.json.gz";
        assert_eq!(layout(log).unwrap().kind, LayoutKind::Log);
        assert_eq!(log_stamp(&layout(log).unwrap().file), Some(1_714_525_500_000_000));
        assert!(digest_name("1_CloudTrail-Digest_r_t_h_20240501T010203Z_backfill.json.gz").unwrap().backfill);
        assert_eq!(digest_name("renamed.json.gz"), None);
        assert_eq!(layout("AWSLogs/CloudTrail"), None);
    }
}
