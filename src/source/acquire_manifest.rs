//! `acquire-manifest.jsonl`: one line per object copied out of a bucket by `trailhound acquire`.
//!
//! `verify` reads this exact format (the digest signature lives only in S3 metadata), and
//! `ingest` of the folder uses it to cite each file by its original `s3://bucket/key`.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

pub const FILE_NAME: &str = "acquire-manifest.jsonl";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    pub bucket: String,
    pub key: String,
    /// Without the quotes S3 puts around it.
    pub etag: Option<String>,
    pub size: u64,
    /// Of the bytes exactly as stored (still gzipped).
    pub sha256: String,
    /// RFC 3339, as S3 reported it.
    pub last_modified: Option<String>,
    /// User metadata without the `x-amz-meta-` prefix: `signature`, `signature-algorithm`, …
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
    pub content_type: Option<String>,
    /// Relative to the folder holding the manifest (`/`-separated, the key itself).
    pub path: String,
    /// RFC 3339, UTC.
    pub acquired_at: String,
}

/// The entries of a manifest by `path`, the last line winning (a re-acquired object appends).
/// A missing manifest is empty; a torn last line (a crash mid-write) is ignored.
pub fn read(dir: &Path) -> Result<HashMap<String, Entry>> {
    let file = dir.join(FILE_NAME);
    let reader = match std::fs::File::open(&file) {
        Ok(f) => BufReader::new(f),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(e) => return Err(e).with_context(|| format!("opening {}", file.display())),
    };
    let mut entries = HashMap::new();
    for line in reader.lines() {
        let line = line.with_context(|| format!("reading {}", file.display()))?;
        if let Ok(entry) = serde_json::from_str::<Entry>(&line) {
            entries.insert(entry.path.clone(), entry);
        }
    }
    Ok(entries)
}
