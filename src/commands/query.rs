//! `trailhound query`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::QueryArgs;
use crate::engine::Engine;
use crate::output::{self, Rendering};

pub async fn run(args: QueryArgs) -> Result<ExitCode> {
    let sql = match (&args.sql, &args.file) {
        (Some(sql), _) => sql.clone(),
        (None, Some(file)) => std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?,
        (None, None) => unreachable!("clap requires one"),
    };
    let engine = Engine::open(&args.lake.lake).await?;
    let batches = engine.query(&sql, &args.params).await?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    output::write(&mut out, &batches, &Rendering { format: args.format, max_width: args.max_width })?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
