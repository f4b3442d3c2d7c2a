//! `trailhound timeline` and `trailhound summary`: one subject's activity, in order or in brief.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::inputs;
use crate::cli::{SummaryArgs, TimelineArgs};
use crate::investigate::{Subject, summary, timeline};
use crate::output::{self, Rendering};

pub async fn run(args: TimelineArgs) -> Result<ExitCode> {
    let subject = Subject::new(&args.subject, args.kind)?;
    let (_, engine) = inputs::open(&args.evidence).await?;
    let batches = timeline::run(&engine, &subject, args.limit).await?;
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    output::write(&mut out, &batches, &Rendering { format: args.format, max_width: args.max_width })?;
    out.flush()?;
    if !args.evidence.quiet {
        let cut = if rows >= args.limit { format!(" (stopped at --limit {})", args.limit) } else { String::new() };
        eprintln!("{rows} event(s) of {}{cut}", subject.describe());
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn summarize(args: SummaryArgs) -> Result<ExitCode> {
    let subject = Subject::new(&args.subject, args.kind)?;
    let (_, engine) = inputs::open(&args.evidence).await?;
    let summary = summary::run(&engine, &subject).await?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    summary.write(&mut out, args.format, args.max_width)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
