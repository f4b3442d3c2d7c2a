//! `trailhound acquire`: raw objects out of a bucket into an evidence folder, byte for byte.
//!
//! The object for key K lands at `DIR/K` (the bucket's layout), written to a hidden temporary
//! name, synced and renamed, so a file under its real name is always whole. Its manifest line is
//! appended after the rename: a crash in between only means the object is fetched again.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use aws_sdk_s3::primitives::DateTimeFormat;
use futures::StreamExt;
use sha2::{Digest, Sha256};

use crate::ingest::summary::human_bytes;
use crate::source::acquire_manifest::{self, Entry};
use crate::source::s3::{self, Listed, Remote, S3Options, S3Session, S3Uri, Unreadable};

pub struct AcquireOptions {
    pub source: String,
    pub dir: PathBuf,
    pub s3: S3Options,
}

#[derive(Debug, Default)]
pub struct AcquireSummary {
    pub listed: u64,
    pub list_requests: u64,
    /// Already in the folder with the same size, ETag and SHA-256.
    pub present: u64,
    pub copied: u64,
    pub copied_bytes: u64,
    pub unlisted: Vec<Unreadable>,
    pub failed: Vec<Unreadable>,
    pub elapsed: Duration,
}

impl AcquireSummary {
    pub fn incomplete(&self) -> bool {
        !self.unlisted.is_empty() || !self.failed.is_empty()
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        for u in &self.unlisted {
            out.push_str(&format!("error: cannot list {}: {}\n", u.uri, u.reason));
        }
        for u in &self.failed {
            out.push_str(&format!("error: cannot copy {}: {}\n", u.uri, u.reason));
        }
        out.push_str(&format!(
            "acquire: {} objects listed ({} list requests), {} already present, {} copied ({}), {} failed; {:.2} s\n",
            self.listed,
            self.list_requests,
            self.present,
            self.copied,
            human_bytes(self.copied_bytes),
            self.failed.len(),
            self.elapsed.as_secs_f64()
        ));
        out
    }
}

pub fn run(options: &AcquireOptions) -> Result<AcquireSummary> {
    let started = Instant::now();
    let uri = S3Uri::parse(&options.source)?;
    let dir = &options.dir;
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let _lock = lock(dir)?;
    let session = S3Session::connect(&options.s3)?;
    let listing = session.list(&uri, &options.s3.filter);
    let manifest = acquire_manifest::read(dir)?;
    let mut summary = AcquireSummary {
        listed: listing.objects.len() as u64,
        list_requests: listing.requests,
        unlisted: listing.unlisted,
        ..Default::default()
    };

    let mut todo = Vec::new();
    for object in listing.objects {
        let Some(path) = relative_path(&object.key) else {
            let reason = "the key is not a safe relative path (empty, `.` or `..` segments)".to_string();
            summary.failed.push(Unreadable { uri: object.uri(), reason });
            continue;
        };
        if is_present(dir, &path, &object, manifest.get(&path)) {
            summary.present += 1;
        } else {
            todo.push((object, path));
        }
    }

    let log = Mutex::new(
        File::options()
            .create(true)
            .append(true)
            .open(dir.join(acquire_manifest::FILE_NAME))
            .with_context(|| format!("opening the manifest in {}", dir.display()))?,
    );
    let remote = session.remote.clone();
    let results: Vec<Result<Entry, Unreadable>> = session.runtime.block_on(
        futures::stream::iter(todo)
            .map(|(object, path)| {
                let remote = remote.clone();
                async move {
                    copy(&remote, dir, &object, path).await.map_err(|reason| Unreadable { uri: object.uri(), reason })
                }
            })
            .buffer_unordered(remote.concurrency)
            .inspect(|result| {
                if let Ok(entry) = result {
                    // One line per object, appended as soon as its file is in place.
                    let line = serde_json::to_string(entry).expect("entries serialize");
                    let mut log = log.lock().expect("lock");
                    let _ = writeln!(log, "{line}");
                }
            })
            .collect(),
    );
    log.into_inner().expect("lock").sync_all().context("syncing the manifest")?;
    for result in results {
        match result {
            Ok(entry) => {
                summary.copied += 1;
                summary.copied_bytes += entry.size;
            }
            Err(failure) => summary.failed.push(failure),
        }
    }
    summary.failed.sort_by(|a, b| a.uri.cmp(&b.uri));
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The key as a path under DIR, or `None` if it could escape DIR or collide with the manifest.
fn relative_path(key: &str) -> Option<String> {
    let safe = !key.is_empty()
        && key != acquire_manifest::FILE_NAME
        && key.split('/').all(|s| !s.is_empty() && s != "." && s != ".." && !s.contains(['\\', '\0']));
    safe.then(|| key.to_string())
}

/// Whether an earlier run already copied this very object, and the file is still intact.
fn is_present(dir: &Path, path: &str, object: &Listed, entry: Option<&Entry>) -> bool {
    let Some(entry) = entry else { return false };
    if entry.size != object.size || entry.etag != object.etag || entry.bucket != object.bucket {
        return false;
    }
    let Ok(bytes) = fs::read(dir.join(path)) else { return false };
    bytes.len() as u64 == entry.size && hex::encode(Sha256::digest(&bytes)) == entry.sha256
}

/// One object to `DIR/<key>`, hashed as it streams; a body that breaks off is fetched again.
async fn copy(remote: &Remote, dir: &Path, object: &Listed, path: String) -> Result<Entry, String> {
    let target = dir.join(&path);
    let parent = target.parent().expect("a key is under DIR").to_path_buf();
    fs::create_dir_all(&parent).map_err(|e| format!("creating {}: {e}", parent.display()))?;
    let name = target.file_name().expect("a key has a file name").to_string_lossy();
    let temp = parent.join(format!(".{name}.partial"));
    let mut attempt = 0;
    loop {
        let mut out = remote.get(&object.bucket, &object.key).await?;
        let mut file = File::create(&temp).map_err(|e| format!("creating {}: {e}", temp.display()))?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let streamed: Result<(), String> = async {
            while let Some(chunk) = out.body.try_next().await.map_err(|e| format!("reading the object: {e}"))? {
                file.write_all(&chunk).map_err(|e| format!("writing {}: {e}", temp.display()))?;
                hasher.update(&chunk);
                size += chunk.len() as u64;
            }
            Ok(())
        }
        .await;
        if let Err(reason) = streamed {
            attempt += 1;
            if attempt >= 4 {
                let _ = fs::remove_file(&temp);
                return Err(reason);
            }
            tokio::time::sleep(s3::backoff(attempt)).await;
            continue;
        }
        if let Some(expected) = out.content_length()
            && expected as u64 != size
        {
            let _ = fs::remove_file(&temp);
            return Err(format!("got {size} bytes of {expected}"));
        }
        file.sync_all().map_err(|e| format!("syncing {}: {e}", temp.display()))?;
        drop(file);
        fs::rename(&temp, &target).map_err(|e| format!("renaming into {}: {e}", target.display()))?;
        return Ok(Entry {
            bucket: object.bucket.clone(),
            key: object.key.clone(),
            etag: out.e_tag().map(s3::unquote_etag).or_else(|| object.etag.clone()),
            size,
            sha256: hex::encode(hasher.finalize()),
            last_modified: out.last_modified().and_then(|t| t.fmt(DateTimeFormat::DateTime).ok()),
            metadata: out
                .metadata()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_else(BTreeMap::new),
            content_type: out.content_type().map(str::to_string),
            path,
            acquired_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        });
    }
}

/// One acquire per folder at a time; released by the OS even if the process is killed.
fn lock(dir: &Path) -> Result<File> {
    let file = File::options().create(true).truncate(false).write(true).open(dir.join(".acquire.lock"))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => bail!("another trailhound acquire is writing to {}", dir.display()),
        Err(fs::TryLockError::Error(e)) => Err(e).context("locking the evidence folder"),
    }
}
