//! The end-of-run account of an ingest, and its progress bar.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::manifest_rows::{RejectRow, SourceRow};

#[derive(Default, Debug)]
pub struct Summary {
    /// Objects named by the inputs.
    pub objects: u64,
    /// Objects whose exact content was already in the lake.
    pub skipped: u64,
    /// Objects that yielded nothing at all (unreadable, wrong shape, …).
    pub failed_objects: u64,
    pub digests: u64,
    pub seen: u64,
    pub stored: u64,
    pub duplicates: u64,
    pub rejected: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub elapsed: Duration,
    pub problems: Vec<RejectRow>,
    pub notes: Vec<String>,
    pub run_id: Option<String>,
    /// S3 objects listed (after pruning), and ListObjectsV2 requests made.
    pub listed: u64,
    pub list_requests: u64,
    /// Objects whose (uri, ETag) was already in the manifest: not fetched, not read.
    pub unchanged: u64,
    pub fetched: u64,
    pub fetched_bytes: u64,
    /// S3 objects that could not be fetched (denied, gone, network), each also a rejection.
    pub fetch_failures: u64,
    /// S3 prefixes that could not be listed: whatever lies below them is missing.
    pub unlisted: Vec<crate::source::s3::Unreadable>,
}

impl Summary {
    pub fn absorb(&mut self, sources: &[SourceRow], rejects: &[RejectRow]) {
        let known = sources.iter().filter(|s| s.shape == super::manifest_rows::ALREADY_INGESTED).count();
        self.skipped = self.objects - sources.len() as u64 + known as u64;
        for s in sources {
            self.seen += s.records;
            self.stored += s.stored;
            self.duplicates += s.duplicates;
            self.rejected += s.rejected;
            if s.records == 0 && s.error.is_some() {
                self.failed_objects += 1;
            }
            if s.shape == "cloudtrail-digest" {
                self.digests += 1;
            }
        }
        self.problems = rejects.to_vec();
    }

    /// Any record or object that could not be loaded.
    pub fn has_rejections(&self) -> bool {
        !self.problems.is_empty()
    }

    /// Evidence that exists but could not be read (a denied prefix or object): the lake holds
    /// everything else, but is not the whole picture.
    pub fn incomplete(&self) -> bool {
        !self.unlisted.is_empty() || self.fetch_failures > 0
    }

    /// One line for the end of a run whose input was incomplete.
    pub fn incomplete_message(&self) -> String {
        format!(
            "{} prefix(es) could not be listed and {} object(s) could not be fetched (see above); everything else is loaded",
            self.unlisted.len(),
            self.fetch_failures
        )
    }

    pub fn render(&self) -> String {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        let mut out = String::new();
        for note in &self.notes {
            out.push_str(&format!("note: {note}\n"));
        }
        for r in &self.problems {
            let at = match (r.problem.record_index, r.problem.offset) {
                (Some(i), _) => format!(" (record {i})"),
                (None, Some(o)) => format!(" (byte {o})"),
                _ => String::new(),
            };
            out.push_str(&format!("rejected: {}{at}: {}\n", r.uri, r.problem.reason));
        }
        for u in &self.unlisted {
            out.push_str(&format!("error: cannot list {}: {}\n", u.uri, u.reason));
        }
        if self.listed > 0 || self.list_requests > 0 {
            out.push_str(&format!(
                "s3: {} objects listed ({} list requests), {} unchanged since the last run (same ETag, not fetched), {} fetched ({}), {} not fetched\n",
                self.listed,
                self.list_requests,
                self.unchanged,
                self.fetched,
                human_bytes(self.fetched_bytes),
                self.fetch_failures
            ));
        } else if self.unchanged > 0 {
            out.push_str(&format!("{} acquired objects unchanged since the last run (same ETag)\n", self.unchanged));
        }
        out.push_str(&format!(
            "objects: {} read, {} already in the lake, {} unreadable, {} digest files\n",
            self.objects - self.skipped,
            self.skipped,
            self.failed_objects,
            self.digests
        ));
        out.push_str(&format!(
            "records: {} seen = {} stored + {} duplicates + {} rejected\n",
            self.seen, self.stored, self.duplicates, self.rejected
        ));
        out.push_str(&format!(
            "bytes: {} in, {} out; {:.2} s, {:.0} events/s{}\n",
            human_bytes(self.bytes_in),
            human_bytes(self.bytes_out),
            secs,
            self.seen as f64 / secs,
            self.run_id.as_ref().map(|r| format!("; run {r}")).unwrap_or_default()
        ));
        out
    }
}

pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 { format!("{n} B") } else { format!("{value:.1} {}", UNITS[unit]) }
}

/// A byte-count bar on stderr; hidden when stderr is not a terminal or progress is off.
pub fn progress_bar(total: u64, wanted: bool) -> ProgressBar {
    if !wanted || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} ingesting [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar
}
