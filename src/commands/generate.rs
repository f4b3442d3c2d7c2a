//! `trailhound generate`.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::GenerateArgs;

pub fn run(args: GenerateArgs) -> Result<ExitCode> {
    let report = crate::generate::write_corpus(&args)?;
    eprintln!("{report}");
    Ok(ExitCode::SUCCESS)
}
