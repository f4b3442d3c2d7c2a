//! Runs each command and maps its result to an exit status (0 ok, 1 findings, 2 error).
//! One file per command.

mod acquire;
mod detections;
mod generate;
mod hunt;
mod ingest;
pub mod inputs;
mod pivot;
pub mod playbook;
mod query;
mod repl;
mod report;
mod timeline;
mod verify;

use std::process::ExitCode;

use anyhow::Result;

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
        Command::Timeline(args) => runtime()?.block_on(timeline::run(args)),
        Command::Summary(args) => runtime()?.block_on(timeline::summarize(args)),
        Command::Report(args) => runtime()?.block_on(report::run(args)),
        Command::Playbook { action } => runtime()?.block_on(playbook::run(action)),
        Command::Repl(args) => repl::run(args),
        Command::Verify(args) => verify::run(args),
    }
}

pub fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread().enable_all().build()?)
}
