//! `trailhound acquire`.

use std::process::ExitCode;

use anyhow::Result;

use super::inputs::parse_bound;
use crate::acquire::{self, AcquireOptions};
use crate::cli::AcquireArgs;

pub fn run(args: AcquireArgs) -> Result<ExitCode> {
    let since_us = args.since.as_deref().map(|s| parse_bound(s, false)).transpose()?;
    let until_us = args.until.as_deref().map(|s| parse_bound(s, true)).transpose()?;
    let options = AcquireOptions { source: args.source, dir: args.dir, s3: args.s3.options(since_us, until_us) };
    let summary = acquire::run(&options)?;
    if !args.quiet || summary.incomplete() {
        eprint!("{}", summary.render());
    }
    if summary.incomplete() {
        eprintln!("error: the evidence folder is incomplete; re-run to retry what failed");
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}
