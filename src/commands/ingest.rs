//! `trailhound ingest`.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::IngestArgs;
use crate::ingest::{self, IngestOptions};

pub fn run(args: IngestArgs) -> Result<ExitCode> {
    let mut options = IngestOptions::new(args.lake.lake, args.sources);
    options.max_object_bytes = args.max_object_bytes;
    options.shape = args.shape;
    options.progress = !args.quiet;
    options.memory_budget = args.memory_mib << 20;
    let summary = ingest::run(&options)?;
    if !args.quiet || summary.has_rejections() {
        eprint!("{}", summary.render());
    }
    if args.strict && summary.has_rejections() {
        eprintln!("error: {} problem(s) with --strict", summary.problems.len());
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}
