//! The evidence a command reads: an existing lake, or raw logs loaded into a (cache) lake first;
//! and the time window it looks at.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::EvidenceArgs;
use crate::engine::{Engine, TimeWindow};
use crate::ingest::{self, IngestOptions};

/// `--since` / `--until`: RFC 3339, or a date (the start of that day for since; its end for until).
pub fn parse_bound(text: &str, end_of_day: bool) -> Result<i64> {
    if let Some(us) = crate::ingest::event::parse_time(text) {
        return Ok(us);
    }
    let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .with_context(|| format!("{text:?} is neither an RFC 3339 time nor a YYYY-MM-DD date"))?;
    let day = if end_of_day { day.succ_opt().context("date out of range")? } else { day };
    Ok(day.and_hms_opt(0, 0, 0).expect("midnight").and_utc().timestamp_micros())
}

pub fn window(since: Option<&str>, until: Option<&str>) -> Result<TimeWindow> {
    Ok(TimeWindow {
        since_us: since.map(|s| parse_bound(s, false)).transpose()?,
        until_us: until.map(|s| parse_bound(s, true)).transpose()?,
    })
}

/// A per-source-set lake under the user's cache directory, so re-reading the same folder only
/// loads what is new.
fn cache_lake(sources: &[String]) -> Result<PathBuf> {
    let mut names: Vec<String> = sources
        .iter()
        .map(|s| {
            if crate::source::s3::is_s3_uri(s) {
                return s.clone();
            }
            std::path::absolute(s).map(|p| p.display().to_string()).unwrap_or_else(|_| s.clone())
        })
        .collect();
    names.sort();
    let key = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(names.join("\n").as_bytes()));
    Ok(crate::user_dirs::cache().join("lakes").join(key))
}

/// The lake to read: `lake` as given, or (when raw sources are given) the lake they were loaded
/// into, `lake` or a cache lake. The flag is true when some input could not be read (an S3 prefix
/// or object denied): the caller must not present its results as complete.
pub fn resolve_lake(
    lake: Option<&std::path::Path>,
    sources: &[String],
    quiet: bool,
    s3: crate::source::s3::S3Options,
) -> Result<(PathBuf, bool)> {
    if sources.is_empty() {
        return Ok((lake.map(PathBuf::from).unwrap_or_else(|| "trailhound.lake".into()), false));
    }
    let lake = match lake {
        Some(l) => l.to_path_buf(),
        None => cache_lake(sources)?,
    };
    let mut options = IngestOptions::new(lake.clone(), sources.to_vec());
    options.progress = !quiet;
    options.s3 = s3;
    let summary = ingest::run(&options)?;
    let incomplete = summary.incomplete();
    if !quiet || incomplete {
        eprintln!("lake: {}", lake.display());
        eprint!("{}", summary.render());
    }
    if incomplete {
        // No finding over partial evidence is not an all-clear.
        eprintln!("warning: working on incomplete input: {}", summary.incomplete_message());
    }
    Ok((lake, incomplete))
}

/// Loads the evidence if needed and opens the engine on it, with the time window applied.
pub async fn open(args: &EvidenceArgs) -> Result<(PathBuf, Engine)> {
    let window = window(args.since.as_deref(), args.until.as_deref())?;
    let s3 = args.s3.options(window.since_us, window.until_us);
    let (lake, _) = tokio::task::block_in_place(|| resolve_lake(args.lake.as_deref(), &args.sources, args.quiet, s3))?;
    let engine = Engine::open_window(&lake, window).await?;
    Ok((lake, engine))
}
