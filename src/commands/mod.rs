//! Runs each command and maps its result to an exit status (0 ok, 1 findings, 2 error).
//! One file per command.

mod acquire;
mod detections;
mod generate;
mod hunt;
mod ingest;
mod pivot;
mod query;

use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Ingest(args) => ingest::run(args),
        Command::Acquire(args) => acquire::run(args),
        Command::Query(args) => runtime()?.block_on(query::run(args)),
        Command::Generate(args) => generate::run(args),
        Command::Hunt(args) => runtime()?.block_on(hunt::run(args)),
        Command::Detections { action } => detections::run(action),
        Command::Pivot(args) => runtime()?.block_on(pivot::run(args)),
    }
}

pub fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread().enable_all().build()?)
}

/// `--since` / `--until`: RFC 3339, or a date (the start of that day for since; its end for until).
pub(crate) fn parse_bound(text: &str, end_of_day: bool) -> Result<i64> {
    if let Some(us) = crate::ingest::event::parse_time(text) {
        return Ok(us);
    }
    let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .with_context(|| format!("{text:?} is neither an RFC 3339 time nor a YYYY-MM-DD date"))?;
    let day = if end_of_day { day.succ_opt().context("date out of range")? } else { day };
    Ok(day.and_hms_opt(0, 0, 0).expect("midnight").and_utc().timestamp_micros())
}
