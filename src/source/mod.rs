//! Where input objects come from, with the identity that the manifest records.

pub mod acquire_manifest;
pub mod key_filter;
pub mod local;
pub mod s3;

use std::path::PathBuf;
use std::sync::Arc;

/// One input object: a file, an object in a bucket, or the bytes read from stdin.
pub struct InputObject {
    /// What the manifest and every row cite: an absolute path, `s3://bucket/key` (also for a
    /// file acquired from a bucket), or `stdin`.
    pub uri: String,
    /// The CloudTrail S3 key (`AWSLogs/…`) when the path follows the bucket layout.
    pub key: Option<String>,
    pub size: u64,
    /// The S3 ETag, unquoted, for objects that came from a bucket.
    pub etag: Option<String>,
    pub location: Location,
}

pub enum Location {
    File(PathBuf),
    Memory(Arc<Vec<u8>>),
    /// Fetched when its turn comes (see `ingest::feed`), never read from here.
    S3 {
        bucket: String,
        key: String,
    },
}

impl InputObject {
    /// The object's bytes, exactly as stored. Inputs are opened read-only, never written.
    pub fn read(&self) -> std::io::Result<Arc<Vec<u8>>> {
        match &self.location {
            Location::File(path) => std::fs::read(path).map(Arc::new),
            Location::Memory(bytes) => Ok(bytes.clone()),
            Location::S3 { .. } => Err(std::io::Error::other("an S3 object is fetched, not read")),
        }
    }

    /// Account and region from the CloudTrail key layout
    /// `AWSLogs/[o-xxxx/]<account>/CloudTrail/<region>/…`.
    pub fn key_account_region(&self) -> (Option<&str>, Option<&str>) {
        let Some(key) = &self.key else { return (None, None) };
        let parts: Vec<&str> = key.split('/').collect();
        let Some(at) = parts.iter().position(|p| p.starts_with("CloudTrail")) else { return (None, None) };
        let account = at.checked_sub(1).and_then(|i| parts.get(i)).copied();
        (account, parts.get(at + 1).copied())
    }
}

/// The `AWSLogs/…` tail of a path, if it has one.
pub fn s3_key_of(path: &str) -> Option<String> {
    path.find("AWSLogs/").map(|at| path[at..].to_string())
}
