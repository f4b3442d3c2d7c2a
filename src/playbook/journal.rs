//! The case journal: one JSON object per line, append-only, each line carrying the SHA-256 of
//! the line before it, so that an edit or a deleted line anywhere breaks the chain visibly.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::model::Phase;

/// What happened, in the order it happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    CaseOpened {
        lake: String,
        tool: String,
    },
    Set {
        name: String,
        values: Vec<String>,
    },
    /// The responder added a value to a variable.
    Add {
        name: String,
        values: Vec<String>,
    },
    Unset {
        name: String,
    },
    /// Values a playbook query found, added to a case variable.
    Collected {
        name: String,
        values: Vec<String>,
        origin: String,
    },
    /// A query and a fingerprint of its result: the SHA-256 of the rows as NDJSON.
    Query {
        context: String,
        sql: String,
        params: Vec<(String, String)>,
        rows: usize,
        result_sha256: String,
        elapsed_ms: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
    PlaybookStarted {
        playbook: String,
    },
    /// A step was shown and its queries run.
    StepRun {
        playbook: String,
        step: String,
        phase: Phase,
    },
    /// The responder marked a step done.
    StepDone {
        playbook: String,
        step: String,
        phase: Phase,
    },
    /// Commands rendered for the responder (never run by trailhound).
    Commands {
        playbook: String,
        step: String,
        phase: Phase,
        commands: Vec<String>,
    },
    Note {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        playbook: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        step: Option<String>,
    },
    /// A hunt's findings, one line per detection that fired.
    Hunt {
        detections: usize,
        findings: Vec<HuntHit>,
    },
    Exported {
        path: String,
        rows: usize,
        sha256: String,
    },
    Report {
        path: String,
        sha256: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HuntHit {
    pub detection: String,
    pub severity: String,
    pub title: String,
    pub findings: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// UTC, RFC 3339.
    pub time: String,
    pub user: String,
    /// SHA-256 of the previous line's bytes (without its newline); empty on the first line.
    pub prev_sha256: String,
    #[serde(flatten)]
    pub entry: Entry,
}

pub struct Journal {
    path: PathBuf,
    file: File,
    last_sha256: String,
}

impl Journal {
    /// Opens (or creates, private to the user) the journal and reads back what is in it. A broken
    /// chain is an error: the journal is evidence and must not be silently extended.
    pub fn open(path: &Path) -> Result<(Journal, Vec<Line>)> {
        let mut options = OpenOptions::new();
        options.create(true).append(true).read(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(path).with_context(|| format!("opening the case journal {}", path.display()))?;
        // One writer at a time: two sessions appending would each chain to their own last line.
        if let Err(e) = file.try_lock() {
            bail!(
                "the case journal {} is in use by another trailhound session ({e}); close it, or use another case directory",
                path.display()
            );
        }
        let mut lines = Vec::new();
        let mut last_sha256 = String::new();
        for (number, text) in BufReader::new(&file).lines().enumerate() {
            let text = text.with_context(|| format!("{}: line {}", path.display(), number + 1))?;
            if text.is_empty() {
                continue;
            }
            let line: Line = serde_json::from_str(&text)
                .with_context(|| format!("{}: line {} is not a journal entry", path.display(), number + 1))?;
            if line.prev_sha256 != last_sha256 {
                bail!(
                    "{}: line {} does not follow the line before it (the journal was edited); \
                     keep it as evidence and open a new case directory",
                    path.display(),
                    number + 1
                );
            }
            last_sha256 = hex::encode(Sha256::digest(text.as_bytes()));
            lines.push(line);
        }
        Ok((Journal { path: path.to_path_buf(), file, last_sha256 }, lines))
    }

    /// Appends one entry and syncs it to disk before returning.
    pub fn append(&mut self, entry: Entry) -> Result<Line> {
        let line = Line {
            time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            user: std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_default(),
            prev_sha256: self.last_sha256.clone(),
            entry,
        };
        let text = serde_json::to_string(&line)?;
        self.file
            .write_all(format!("{text}\n").as_bytes())
            .and_then(|_| self.file.sync_data())
            .with_context(|| format!("writing the case journal {}", self.path.display()))?;
        self.last_sha256 = hex::encode(Sha256::digest(text.as_bytes()));
        Ok(line)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}
