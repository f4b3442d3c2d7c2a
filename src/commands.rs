//! Runs each command and maps its result to an exit status (0 ok, 1 findings, 2 error).

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{Cli, Command, GenerateArgs, IngestArgs, QueryArgs};
use crate::engine::Engine;
use crate::ingest::{self, IngestOptions};
use crate::output::{self, Rendering};

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Ingest(args) => ingest(args),
        Command::Query(args) => runtime()?.block_on(query(args)),
        Command::Generate(args) => generate(args),
    }
}

pub fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread().enable_all().build()?)
}

fn ingest(args: IngestArgs) -> Result<ExitCode> {
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

async fn query(args: QueryArgs) -> Result<ExitCode> {
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

fn generate(args: GenerateArgs) -> Result<ExitCode> {
    let report = crate::generate::write_corpus(&args)?;
    eprintln!("{report}");
    Ok(ExitCode::SUCCESS)
}
