//! One verdict about one object (or one stretch of time): what the report prints, the JSON
//! carries and the `log_validation` table stores.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Log,
    Digest,
}

/// Ordered from good to worst: when one object fails several checks it keeps the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Valid,
    /// Could not be proven either way (no signature, no key, too large, …).
    Unverifiable,
    /// A stretch of time no digest covers.
    Gap,
    /// A log file present but listed in no digest.
    NotInDigest,
    Missing,
    Modified,
    BadSignature,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Log => "log",
            Kind::Digest => "digest",
        }
    }
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Unverifiable => "unverifiable",
            Status::Gap => "gap",
            Status::NotInDigest => "not_in_digest",
            Status::Missing => "missing",
            Status::Modified => "modified",
            Status::BadSignature => "bad_signature",
        }
    }

    pub const ALL: [Status; 7] = [
        Status::Valid,
        Status::Unverifiable,
        Status::Gap,
        Status::NotInDigest,
        Status::Missing,
        Status::Modified,
        Status::BadSignature,
    ];
}

/// Where an object sits in the bucket layout.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Place {
    pub account: Option<String>,
    pub region: Option<String>,
    /// Trail name (digests only: log file names do not carry it).
    pub trail: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub kind: Kind,
    pub status: Status,
    #[serde(flatten)]
    pub place: Place,
    pub bucket: Option<String>,
    /// The S3 key (for a gap: the digest after it).
    pub key: String,
    /// Where the copy was read (absent when the object is missing).
    pub uri: Option<String>,
    /// Digests: digestStartTime/EndTime; gaps and missing digests: the uncovered stretch.
    /// Microseconds since the epoch, rendered RFC 3339.
    #[serde(serialize_with = "rfc3339")]
    pub start_time: Option<i64>,
    #[serde(serialize_with = "rfc3339")]
    pub end_time: Option<i64>,
    /// SHA-256 of the file as stored (compressed): joins `sources.sha256` and
    /// `cloudtrail.source_sha256`.
    pub sha256: Option<String>,
    /// SHA-256 of the uncompressed content: what digests record.
    pub content_sha256: Option<String>,
    /// Logs: the digest that lists them. Digests: the newer digest that vouches for them.
    pub digest_key: Option<String>,
    pub detail: String,
    /// An unverifiable newest digest (or a log it lists) that `--allow-unsigned-newest` accepts.
    pub newest_unsigned: bool,
}

impl Check {
    pub fn new(kind: Kind, status: Status, key: impl Into<String>) -> Self {
        Check {
            kind,
            status,
            place: Place::default(),
            bucket: None,
            key: key.into(),
            uri: None,
            start_time: None,
            end_time: None,
            sha256: None,
            content_sha256: None,
            digest_key: None,
            detail: String::new(),
            newest_unsigned: false,
        }
    }

    /// Records a failed check: the worst status wins and every reason is kept.
    pub fn fail(&mut self, status: Status, reason: impl AsRef<str>) {
        self.status = self.status.max(status);
        self.note(reason);
    }

    pub fn note(&mut self, reason: impl AsRef<str>) {
        if !self.detail.is_empty() {
            self.detail.push_str("; ");
        }
        self.detail.push_str(reason.as_ref());
    }

    /// Whether this verdict makes the run fail (exit status 1).
    pub fn fails(&self, allow_unsigned_newest: bool) -> bool {
        match self.status {
            Status::Valid => false,
            Status::Unverifiable => !(allow_unsigned_newest && self.newest_unsigned),
            _ => true,
        }
    }
}

pub fn time_text(us: i64) -> String {
    chrono::DateTime::from_timestamp_micros(us)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| us.to_string())
}

fn rfc3339<S: serde::Serializer>(value: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(us) => s.serialize_str(&time_text(*us)),
        None => s.serialize_none(),
    }
}
