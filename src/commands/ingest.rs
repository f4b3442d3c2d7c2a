//! `trailhound ingest`.

use std::process::ExitCode;

use anyhow::Result;

use super::inputs::parse_bound;
use crate::cli::IngestArgs;
use crate::ingest::{self, IngestOptions};

pub fn run(args: IngestArgs) -> Result<ExitCode> {
    let mut options = IngestOptions::new(args.lake.lake, args.sources);
    options.max_object_bytes = args.max_object_bytes;
    options.shape = args.shape;
    options.progress = !args.quiet;
    options.memory_budget = args.memory_mib << 20;
    let since_us = args.since.as_deref().map(|s| parse_bound(s, false)).transpose()?;
    let until_us = args.until.as_deref().map(|s| parse_bound(s, true)).transpose()?;
    options.s3 = args.s3.options(since_us, until_us);
    let summary = ingest::run(&options)?;
    if !args.quiet || summary.has_rejections() || summary.incomplete() {
        eprint!("{}", summary.render());
    }
    if summary.incomplete() {
        // Missing evidence must not pass for a clean load in a script.
        eprintln!("error: {}", summary.incomplete_message());
        return Ok(ExitCode::from(2));
    }
    if args.strict && summary.has_rejections() {
        eprintln!("error: {} problem(s) with --strict", summary.problems.len());
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}
