//! A local folder as verification input: every CloudTrail log and digest file under it, with
//! the S3 identity and metadata that `trailhound acquire` recorded in `acquire-manifest.jsonl`.
//!
//! A plain copy (`aws s3 sync`) keeps the key layout but drops the S3 metadata that holds each
//! digest's own signature; the manifest brings it back. Its `path` is only ever matched against
//! files found by the walk, never opened, so a hostile manifest cannot point outside the folder.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::object::{self, Object};

pub const MANIFEST_NAME: &str = "acquire-manifest.jsonl";
const MAX_MANIFEST_LINE: u64 = 1 << 20;

/// One line of the acquisition manifest.
#[derive(Debug, Clone, Deserialize)]
pub struct Acquired {
    pub bucket: Option<String>,
    pub key: String,
    #[serde(default)]
    pub sha256: Option<String>,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
    pub path: String,
}

/// What the walk found.
pub struct Inventory {
    pub objects: Vec<Object>,
    /// Files that are neither CloudTrail logs nor digests (Insights, notes, …).
    pub ignored: usize,
    pub manifest_entries: usize,
}

/// Reads the manifest: relative path → entry. Bad lines are errors naming the line: a
/// manifest that cannot be trusted in part cannot be trusted.
pub fn read_manifest(path: &Path) -> Result<HashMap<String, Acquired>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut reader = BufReader::new(file);
    let mut entries = HashMap::new();
    let mut line = Vec::new();
    for number in 1.. {
        line.clear();
        let n = (&mut reader).take(MAX_MANIFEST_LINE + 1).read_until(b'\n', &mut line)?;
        if n == 0 {
            break;
        }
        if line.len() as u64 > MAX_MANIFEST_LINE {
            bail!("{} line {number} is over {MAX_MANIFEST_LINE} bytes", path.display());
        }
        if line.trim_ascii().is_empty() {
            continue;
        }
        let entry: Acquired = serde_json::from_slice(&line)
            .with_context(|| format!("{} line {number} is not an acquisition record", path.display()))?;
        entries.insert(clean_relative(&entry.path), entry);
    }
    Ok(entries)
}

/// `./a//b` and `a\b` name the same file as `a/b`.
fn clean_relative(path: &str) -> String {
    path.replace('\\', "/").split('/').filter(|p| !p.is_empty() && *p != ".").collect::<Vec<_>>().join("/")
}

/// Walks `dir` for log and digest files and joins them with the manifest (if any).
pub fn inventory(dir: &Path, manifest: Option<&Path>) -> Result<Inventory> {
    if !dir.is_dir() {
        bail!("{} is not a directory: give the folder that holds the trail's AWSLogs/ tree", dir.display());
    }
    let default_manifest = dir.join(MANIFEST_NAME);
    let manifest = match manifest {
        Some(m) => Some(m.to_path_buf()),
        None => default_manifest.is_file().then_some(default_manifest),
    };
    let acquired = manifest.as_deref().map(read_manifest).transpose()?.unwrap_or_default();
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    files.sort();
    let mut objects = Vec::new();
    let mut ignored = 0;
    for path in files {
        let relative = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        let entry = acquired.get(&clean_relative(&relative));
        let key = match entry {
            Some(e) => e.key.clone(),
            None => relative.clone(),
        };
        if object::layout(&key).is_none() {
            ignored += 1;
            continue;
        }
        let absolute = std::path::absolute(&path).unwrap_or(path);
        let opened = absolute.clone();
        objects.push(Object {
            key,
            bucket: entry.and_then(|e| e.bucket.clone()),
            uri: absolute.to_string_lossy().into_owned(),
            metadata: entry.map(|e| e.metadata.clone()).unwrap_or_default(),
            acquired_sha256: entry.and_then(|e| e.sha256.clone()),
            open: Arc::new(move || Ok(Box::new(std::fs::File::open(&opened)?) as Box<dyn Read + Send>)),
        });
    }
    Ok(Inventory { objects, ignored, manifest_entries: acquired.len() })
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&entry.path(), out)?;
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}
