//! The evidence lake: hive-partitioned Parquet plus a manifest of every object ingested.
//!
//! ```text
//! <lake>/cloudtrail/account=<acct>/region=<region>/dt=<YYYY-MM-DD>/<run>-<n>.parquet
//! <lake>/sources/<run>.parquet     one row per input object (chain of custody)
//! <lake>/rejects/<run>.parquet     one row per rejected record or object
//! <lake>/log_validation/<run>.parquet   one row per `verify` verdict
//! <lake>/.staging/<run>/…          a run being written; invisible to readers
//! ```
//!
//! A run writes everything under `.staging/<run>/`, then a `COMMIT` marker, then renames its
//! files into place, the `sources` manifest last. A crash before the marker leaves only staging
//! (deleted by the next run); a crash after it is rolled forward by the next run. Either way
//! every record ends up in the lake exactly once.

pub mod cloudtrail_batch;
pub mod guardduty_batch;
pub mod parquet_file;
pub mod partition;
pub mod schema;
pub mod writer;

use std::collections::HashSet;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use arrow::array::{Array, AsArray};

pub const CLOUDTRAIL: &str = "cloudtrail";
pub const GUARDDUTY: &str = "guardduty";
pub const SOURCES: &str = "sources";
pub const REJECTS: &str = "rejects";
pub const LOG_VALIDATION: &str = "log_validation";
const STAGING: &str = ".staging";
const COMMIT_MARKER: &str = "COMMIT";
const LOCK: &str = ".lock";

pub struct Lake {
    root: PathBuf,
}

/// Held while a run writes; released by the OS even if the process is killed.
pub struct WriteLock {
    _file: File,
}

impl Lake {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Lake { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn table_dir(&self, table: &str) -> PathBuf {
        self.root.join(table)
    }

    pub fn exists(&self) -> bool {
        self.root.join(SOURCES).is_dir()
    }

    /// Creates the lake's directories and takes the write lock.
    pub fn lock_for_writing(&self) -> Result<WriteLock> {
        for table in [CLOUDTRAIL, GUARDDUTY, SOURCES, REJECTS, LOG_VALIDATION, STAGING] {
            fs::create_dir_all(self.root.join(table))
                .with_context(|| format!("creating the lake at {}", self.root.display()))?;
        }
        let file = File::options().create(true).truncate(false).write(true).open(self.root.join(LOCK))?;
        match file.try_lock() {
            Ok(()) => Ok(WriteLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => {
                bail!(
                    "another trailhound process is writing to the lake {}; wait for it to finish",
                    self.root.display()
                )
            }
            Err(fs::TryLockError::Error(e)) => Err(e).context("locking the lake"),
        }
    }

    pub fn staging_dir(&self, run_id: &str) -> PathBuf {
        self.root.join(STAGING).join(run_id)
    }

    /// Finishes or discards runs that a crash interrupted. Call with the write lock held.
    pub fn recover(&self, _lock: &WriteLock) -> Result<Vec<String>> {
        let mut notes = Vec::new();
        let staging = self.root.join(STAGING);
        let Ok(entries) = fs::read_dir(&staging) else { return Ok(notes) };
        for entry in entries {
            let dir = entry?.path();
            let run = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if dir.join(COMMIT_MARKER).exists() {
                self.publish(&dir, &run)?;
                notes.push(format!("completed the interrupted run {run}"));
            } else {
                fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
                notes.push(format!("discarded the uncommitted run {run}"));
            }
        }
        Ok(notes)
    }

    /// Makes a staged run durable and then visible. The marker is the point of no return.
    pub fn commit(&self, _lock: &WriteLock, run_id: &str) -> Result<()> {
        let dir = self.staging_dir(run_id);
        let marker = File::create(dir.join(COMMIT_MARKER))?;
        marker.sync_all()?;
        sync_dir(&dir);
        fault_point("after-commit-marker");
        self.publish(&dir, run_id)
    }

    /// Renames a committed run's files into place, data first and the manifest last.
    /// Safe to repeat: files already moved are simply no longer in staging.
    fn publish(&self, dir: &Path, run_id: &str) -> Result<()> {
        for table in [CLOUDTRAIL, GUARDDUTY] {
            let data = dir.join(table);
            for file in parquet_files(&data)? {
                let relative = file.strip_prefix(&data).expect("listed under the staging dir");
                let target = self.root.join(table).join(relative);
                fs::create_dir_all(target.parent().expect("partition dir"))?;
                fs::rename(&file, &target).with_context(|| format!("publishing {}", target.display()))?;
                fault_point("mid-publish");
            }
        }
        for table in [REJECTS, LOG_VALIDATION, SOURCES] {
            let staged = dir.join(format!("{table}.parquet"));
            if staged.exists() {
                let target = self.root.join(table).join(format!("{run_id}.parquet"));
                fs::rename(&staged, &target).with_context(|| format!("publishing {}", target.display()))?;
            }
        }
        sync_dir(&self.root.join(SOURCES));
        fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
        Ok(())
    }

    pub fn event_files(&self) -> Result<Vec<PathBuf>> {
        parquet_files(&self.root.join(CLOUDTRAIL))
    }

    pub fn finding_files(&self) -> Result<Vec<PathBuf>> {
        parquet_files(&self.root.join(GUARDDUTY))
    }

    /// SHA-256 of every object already in the manifest: re-ingesting them adds nothing.
    pub fn ingested_hashes(&self) -> Result<HashSet<String>> {
        let mut hashes = HashSet::new();
        for file in parquet_files(&self.root.join(SOURCES))? {
            for batch in parquet_file::read_columns(&file, &["sha256"])? {
                let column = batch.column(0).as_string::<i32>();
                hashes.extend(column.iter().flatten().map(str::to_string));
            }
        }
        Ok(hashes)
    }

    /// `(uri, etag)` of every object whose bytes were read into the lake: an incremental run
    /// skips them before fetching. Rows of objects that could not be fetched (no SHA-256) do not
    /// count, so those are tried again.
    pub fn ingested_etags(&self) -> Result<HashSet<(String, String)>> {
        let mut seen = HashSet::new();
        for file in parquet_files(&self.root.join(SOURCES))? {
            for batch in parquet_file::read_columns(&file, &["uri", "etag", "sha256"])? {
                let (uris, etags, hashes) = (
                    batch.column(0).as_string::<i32>(),
                    batch.column(1).as_string::<i32>(),
                    batch.column(2).as_string::<i32>(),
                );
                for i in 0..batch.num_rows() {
                    if etags.is_valid(i) && !hashes.value(i).is_empty() {
                        seen.insert((uris.value(i).to_string(), etags.value(i).to_string()));
                    }
                }
            }
        }
        Ok(seen)
    }
}

/// All `.parquet` files under `dir`, recursively, sorted for determinism.
pub fn parquet_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match fs::read_dir(&d) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("listing {}", d.display())),
        };
        for entry in entries {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "parquet") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Crash injection for the crash-recovery tests: `TRAILHOUND_FAULT=<point>` aborts the process
/// there, as abruptly as `kill -9`.
pub fn fault_point(point: &str) {
    if std::env::var_os("TRAILHOUND_FAULT").is_some_and(|v| v == point) {
        std::process::abort();
    }
}

fn sync_dir(dir: &Path) {
    // Best effort: directory fsync makes renames durable on Linux; not all platforms allow it.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
