//! `trailhound repl`: see `crate::repl`.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::ReplArgs;

pub fn run(args: ReplArgs) -> Result<ExitCode> {
    crate::repl::run(args)
}
