//! The verdict of a run, for people (a summary and the problems, one per entry) and for
//! programs (JSON with every check).

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::chain::Trail;
use super::check::{Check, Kind, Status, time_text};
use crate::output::truncate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum VerifyFormat {
    /// A summary and every problem, for people.
    #[default]
    Table,
    /// One JSON object with the summary and every check (valid ones too).
    Json,
}

#[derive(Serialize)]
pub struct Report {
    pub run_id: String,
    #[serde(serialize_with = "utc")]
    pub checked_at: DateTime<Utc>,
    /// The folder verified.
    pub root: String,
    pub allow_unsigned_newest: bool,
    pub ok: bool,
    /// `kind → status → count`.
    pub summary: BTreeMap<&'static str, BTreeMap<&'static str, usize>>,
    pub trails: Vec<Trail>,
    pub notes: Vec<String>,
    pub checks: Vec<Check>,
}

fn utc<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

impl Report {
    pub fn new(
        run_id: String,
        root: String,
        mut checks: Vec<Check>,
        trails: Vec<Trail>,
        notes: Vec<String>,
        allow_unsigned_newest: bool,
    ) -> Report {
        // Stable order: by key, then kind, so re-runs diff cleanly.
        checks.sort_by(|a, b| (&a.key, a.kind, a.status).cmp(&(&b.key, b.kind, b.status)));
        let mut summary: BTreeMap<&'static str, BTreeMap<&'static str, usize>> = BTreeMap::new();
        for c in &checks {
            *summary.entry(c.kind.as_str()).or_default().entry(c.status.as_str()).or_default() += 1;
        }
        let ok = !checks.is_empty() && !checks.iter().any(|c| c.fails(allow_unsigned_newest));
        Report { run_id, checked_at: Utc::now(), root, allow_unsigned_newest, ok, summary, trails, notes, checks }
    }

    pub fn problems(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.status != Status::Valid)
    }

    pub fn failing(&self) -> usize {
        self.checks.iter().filter(|c| c.fails(self.allow_unsigned_newest)).count()
    }

    pub fn write_json(&self, out: &mut dyn Write) -> Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        writeln!(out)?;
        Ok(())
    }

    pub fn write_table(&self, out: &mut dyn Write) -> Result<()> {
        writeln!(out, "Verified {}", clean(&self.root))?;
        for t in &self.trails {
            writeln!(
                out,
                "  trail {} ({}{}) account {} region {}: {} digest(s), {} to {}",
                clean(t.place.trail.as_deref().unwrap_or("?")),
                if t.backfill { "backfill, " } else { "" },
                format_args!("home {}", clean(&t.home_region)),
                clean(t.place.account.as_deref().unwrap_or("?")),
                clean(t.place.region.as_deref().unwrap_or("?")),
                t.digests,
                t.oldest.as_deref().unwrap_or("?"),
                t.newest.as_deref().unwrap_or("?"),
            )?;
        }
        writeln!(out)?;
        let width = Status::ALL.iter().map(|s| s.as_str().len()).max().unwrap_or(0);
        write!(out, "{:8}", "")?;
        for s in Status::ALL {
            write!(out, " {:>width$}", s.as_str())?;
        }
        writeln!(out)?;
        for kind in [Kind::Digest, Kind::Log] {
            write!(out, "{:8}", format!("{}s", kind.as_str()))?;
            let counts = self.summary.get(kind.as_str());
            for s in Status::ALL {
                let n = counts.and_then(|c| c.get(s.as_str())).copied().unwrap_or(0);
                write!(out, " {n:>width$}")?;
            }
            writeln!(out)?;
        }
        let problems: Vec<&Check> = self.problems().collect();
        if !problems.is_empty() {
            writeln!(out, "\nProblems ({}):", problems.len())?;
        }
        for c in problems {
            let when = match (c.start_time, c.end_time) {
                (Some(s), Some(e)) if s != e => format!("{} to {}", time_text(s), time_text(e)),
                (Some(t), _) | (None, Some(t)) => time_text(t),
                (None, None) => "-".into(),
            };
            let accepted =
                if c.fails(self.allow_unsigned_newest) { "" } else { " (accepted: --allow-unsigned-newest)" };
            writeln!(
                out,
                "  {:<13} {:<6} {}  {}{}",
                c.status.as_str(),
                c.kind.as_str(),
                when,
                clean(&c.key),
                accepted
            )?;
            writeln!(out, "      {}", truncate(&c.detail, 0))?;
        }
        for note in &self.notes {
            writeln!(out, "note: {}", clean(note))?;
        }
        writeln!(
            out,
            "\n{}",
            if self.ok {
                "OK: every digest and log file checked is intact.".to_string()
            } else if self.checks.is_empty() {
                "FAILED: nothing was checked (do --since/--until exclude every file?).".to_string()
            } else {
                format!("FAILED: {} check(s) not proven valid.", self.failing())
            }
        )?;
        Ok(())
    }
}

/// Attacker-controlled text (keys from digests, names from the folder) on one line.
fn clean(s: &str) -> String {
    truncate(s, 0)
}
