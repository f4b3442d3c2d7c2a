//! A case: a directory holding the journal of one investigation. Its state (variables, the
//! playbook in progress, steps done) is rebuilt by replaying the journal, so the journal is the
//! only record and a case can be reopened where it was left.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::journal::{Entry, Journal, Line};
use super::variables::Variables;

pub const JOURNAL_FILE: &str = "journal.ndjson";

pub struct Case {
    pub dir: PathBuf,
    journal: Journal,
    pub lines: Vec<Line>,
    pub vars: Variables,
    /// The playbook in progress and the step the responder is on.
    pub playbook: Option<String>,
    pub step: Option<String>,
    /// (playbook, step) pairs marked done.
    pub done: BTreeSet<(String, String)>,
}

impl Case {
    /// Opens the case in `dir`, creating it (private to the user) if needed.
    pub fn open(dir: &Path, lake: &Path) -> Result<Case> {
        create_private_dir(dir)?;
        let (journal, lines) = Journal::open(&dir.join(JOURNAL_FILE))?;
        let mut case = Case {
            dir: dir.to_path_buf(),
            journal,
            lines: Vec::new(),
            vars: Variables::default(),
            playbook: None,
            step: None,
            done: BTreeSet::new(),
        };
        let fresh = lines.is_empty();
        for line in lines {
            case.apply(&line.entry);
            case.lines.push(line);
        }
        if fresh {
            let lake = std::path::absolute(lake).unwrap_or_else(|_| lake.to_path_buf());
            case.record(Entry::CaseOpened {
                lake: lake.display().to_string(),
                tool: format!("trailhound {}", env!("CARGO_PKG_VERSION")),
            })?;
        }
        Ok(case)
    }

    /// A new case directory under the user's data directory, named by the current UTC time.
    pub fn default_dir() -> PathBuf {
        crate::user_dirs::data().join("cases").join(chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string())
    }

    /// Writes the entry to the journal (synced), then applies it.
    pub fn record(&mut self, entry: Entry) -> Result<()> {
        let line = self.journal.append(entry)?;
        self.apply(&line.entry);
        self.lines.push(line);
        Ok(())
    }

    pub fn journal_path(&self) -> &Path {
        self.journal.path()
    }

    pub fn is_done(&self, playbook: &str, step: &str) -> bool {
        self.done.contains(&(playbook.to_string(), step.to_string()))
    }

    fn apply(&mut self, entry: &Entry) {
        match entry {
            Entry::Set { name, values } => self.vars.set(name, values, "responder"),
            Entry::Add { name, values } => {
                self.vars.add(name, values, "responder");
            }
            Entry::Unset { name } => {
                self.vars.unset(name);
            }
            Entry::Collected { name, values, origin } => {
                self.vars.add(name, values, origin);
            }
            Entry::PlaybookStarted { playbook } => {
                self.playbook = Some(playbook.clone());
                self.step = None;
            }
            Entry::StepRun { playbook, step, .. } => {
                self.playbook = Some(playbook.clone());
                self.step = Some(step.clone());
            }
            Entry::StepDone { playbook, step, .. } => {
                self.done.insert((playbook.clone(), step.clone()));
            }
            _ => {}
        }
    }
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).with_context(|| format!("creating the case directory {}", dir.display()))
}
