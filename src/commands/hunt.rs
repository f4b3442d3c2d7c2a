//! `trailhound hunt`: optional ingest into a (cache) lake, then the catalog.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::parse_bound;
use crate::cli::HuntArgs;
use crate::engine::Engine;
use crate::ingest::{self, IngestOptions};

/// A per-source-set lake under the user's cache directory, so re-hunting the same folder only
/// loads what is new.
fn cache_lake(sources: &[String]) -> Result<std::path::PathBuf> {
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
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    Ok(base.join("trailhound").join("lakes").join(key))
}

pub(super) fn catalog(rules: Option<&std::path::Path>, rules_only: bool) -> Result<Vec<crate::hunt::Detection>> {
    use crate::hunt::catalog;
    let custom = rules.map(catalog::from_dir).transpose()?.unwrap_or_default();
    if rules_only {
        return Ok(custom);
    }
    Ok(catalog::merge(catalog::builtin().context("the built-in catalog is broken")?, custom))
}

pub async fn run(args: HuntArgs) -> Result<ExitCode> {
    use crate::hunt::{report, run, selection};
    let since_us = args.since.as_deref().map(|s| parse_bound(s, false)).transpose()?;
    let until_us = args.until.as_deref().map(|s| parse_bound(s, true)).transpose()?;
    let mut incomplete = false;
    let lake = if args.sources.is_empty() {
        args.lake.clone().unwrap_or_else(|| "trailhound.lake".into())
    } else {
        let lake = match &args.lake {
            Some(l) => l.clone(),
            None => cache_lake(&args.sources)?,
        };
        let mut options = IngestOptions::new(lake.clone(), args.sources.clone());
        options.progress = !args.quiet;
        options.s3 = args.s3.options(since_us, until_us);
        let summary = tokio::task::block_in_place(|| ingest::run(&options))?;
        if !args.quiet || summary.incomplete() {
            eprintln!("lake: {}", lake.display());
            eprint!("{}", summary.render());
        }
        if summary.incomplete() {
            // No finding over partial evidence is not an all-clear.
            eprintln!("warning: hunting over incomplete input: {}", summary.incomplete_message());
            incomplete = true;
        }
        lake
    };
    let detections =
        selection::Selection { only: args.only.clone(), tags: args.tag.clone(), min_severity: args.min_severity }
            .apply(catalog(args.rules.as_deref(), args.rules_only)?)?;
    let unknown = selection::unknown_overrides(&detections, &args.params);
    if !unknown.is_empty() {
        anyhow::bail!(
            "no selected detection has the parameter(s) {}; `trailhound detections show ID` lists a detection's parameters",
            unknown.join(", ")
        );
    }
    let window = crate::engine::TimeWindow { since_us, until_us };
    let engine = Engine::open_window(&lake, window).await?;
    let report = run::run(&engine, detections, &args.params, args.concurrency).await;
    match &args.output {
        Some(path) => {
            let mut file = std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
            report::write(&mut file, &report, args.format, args.max_findings)?;
            if !args.quiet {
                let mut summary = Vec::new();
                report::write(&mut summary, &report, report::HuntFormat::Table, 0)?;
                let text = String::from_utf8_lossy(&summary);
                eprint!("{}", text.lines().last().map(|l| format!("{l}\n")).unwrap_or_default());
            }
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            report::write(&mut out, &report, args.format, args.max_findings)?;
            out.flush()?;
        }
    }
    for r in report.results.iter().filter(|r| r.error.is_some()) {
        eprintln!("error: detection {} failed: {}", r.detection.id, r.error.as_deref().unwrap_or(""));
    }
    Ok(if report.errors() > 0 || incomplete {
        ExitCode::from(2)
    } else if report.findings_at_or_above(args.fail_on) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
