//! `trailhound report`: a case's Markdown report, outside the REPL.

use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::cli::ReportArgs;
use crate::engine::Engine;
use crate::playbook::journal::Entry;
use crate::playbook::{Case, case, model, report};

pub async fn run(args: ReportArgs) -> Result<ExitCode> {
    if !args.case.join(case::JOURNAL_FILE).exists() {
        bail!(
            "no case journal in {}: give the directory a REPL or `playbook run` used with --case",
            args.case.display()
        );
    }
    // The journal exists, so the lake given here is only a fallback for reading it.
    let mut case = Case::open(&args.case, args.lake.as_deref().unwrap_or(std::path::Path::new("")))?;
    let lake = match (&args.lake, case.lines.first().map(|l| &l.entry)) {
        (Some(lake), _) => lake.clone(),
        (None, Some(Entry::CaseOpened { lake, .. })) => lake.into(),
        (None, _) => bail!("the case journal does not say which lake it used: pass --lake"),
    };
    let engine = Engine::open(&lake).await?;
    let playbooks = model::load(args.playbooks.as_deref())?;
    let path = args.output.clone().unwrap_or_else(|| case.dir.join("report.md"));
    report::write(&engine, &mut case, &playbooks, &path).await?;
    eprintln!("report written to {}", path.display());
    Ok(ExitCode::SUCCESS)
}
