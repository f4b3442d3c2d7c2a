//! `trailhound playbook list | show | run`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::inputs;
use crate::cli::{PlaybookAction, PlaybookRunArgs};
use crate::playbook::journal::Entry;
use crate::playbook::{Case, model, present, report, runner};

pub async fn run(action: PlaybookAction) -> Result<ExitCode> {
    match action {
        PlaybookAction::List { playbooks } => {
            let playbooks = model::load(playbooks.as_deref())?;
            for p in &playbooks {
                println!("{:<40} {:<9} {:>2} steps  {}", p.id, p.severity, p.steps.len(), p.title);
            }
            Ok(ExitCode::SUCCESS)
        }
        PlaybookAction::Show { id, playbooks } => {
            let playbooks = model::load(playbooks.as_deref())?;
            show(model::find(&playbooks, &id)?)?;
            Ok(ExitCode::SUCCESS)
        }
        PlaybookAction::Run(args) => run_all(args).await,
    }
}

fn show(p: &model::Playbook) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "{} ({}, severity {})\n\n{}\n", p.title, p.id, p.severity, present::wrap(p.summary.trim(), 100))?;
    if !p.triggers.is_empty() {
        writeln!(out, "Opened by: {}\n", p.triggers.join(", "))?;
    }
    writeln!(out, "Inputs:")?;
    for input in &p.inputs {
        let required = if input.required { "required" } else { "optional" };
        let example = input.example.as_deref().map(|e| format!(" (e.g. {e})")).unwrap_or_default();
        writeln!(out, "  {:<16} {required}: {}{example}", input.name, input.description)?;
    }
    for (i, step) in p.steps.iter().enumerate() {
        writeln!(out, "\n{}. [{}] {} ({})", i + 1, step.phase.name(), step.title, step.id)?;
        writeln!(out, "{}", indent(&present::wrap(step.why.trim(), 96), "   "))?;
        for q in &step.queries {
            writeln!(out, "   query {}: {}", q.name, q.description)?;
            if !q.collect.is_empty() {
                let pairs: Vec<String> = q.collect.iter().map(|(c, v)| format!("{c} → {v}")).collect();
                writeln!(out, "     collects {}", pairs.join(", "))?;
            }
        }
        for a in &step.actions {
            writeln!(out, "   $ {}", a.command)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines().map(|l| format!("{prefix}{l}")).collect::<Vec<_>>().join("\n")
}

async fn run_all(args: PlaybookRunArgs) -> Result<ExitCode> {
    let playbooks = model::load(args.playbooks.as_deref())?;
    let playbook = model::find(&playbooks, &args.id)?.clone();
    let missing: Vec<String> = playbook
        .inputs
        .iter()
        .filter(|i| i.required && !args.params.iter().any(|(n, _)| n == &i.name))
        .map(|i| format!("--param {}=…  ({})", i.name, i.description))
        .collect();
    if !missing.is_empty() {
        bail!("playbook {} needs:\n  {}", playbook.id, missing.join("\n  "));
    }
    let (lake, engine) = inputs::open(&args.evidence).await?;
    let dir = args.case.clone().unwrap_or_else(Case::default_dir);
    let mut case = Case::open(&dir, &lake)?;
    // One Set per variable, with every value given for it.
    let mut names: Vec<&String> = Vec::new();
    for (name, _) in &args.params {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    for name in names {
        let values: Vec<String> = args.params.iter().filter(|(n, _)| n == name).map(|(_, v)| v.clone()).collect();
        case.record(Entry::Set { name: name.clone(), values })?;
    }
    case.record(Entry::PlaybookStarted { playbook: playbook.id.clone() })?;

    let stdout = std::io::stdout();
    let mut failed = 0;
    for index in 0..playbook.steps.len() {
        let outcome = runner::run_step(&engine, &mut case, &playbook, index).await?;
        failed += outcome.queries.iter().filter(|q| q.error.is_some()).count();
        let mut out = stdout.lock();
        present::header(&mut out, &playbook, index)?;
        present::outcome(&mut out, &playbook.steps[index], &outcome, args.max_width)?;
        out.flush()?;
    }
    if args.hunt {
        let detections = crate::hunt::catalog::builtin()?;
        eprintln!("running {} detections…", detections.len());
        let hunt = crate::hunt::run::run(&engine, detections, &[], 2).await;
        runner::journal_hunt(&mut case, &hunt)?;
        failed += hunt.errors();
    }
    let report_path = args.report.clone().unwrap_or_else(|| dir.join("report.md"));
    report::write(&engine, &mut case, &playbooks, &report_path).await?;
    eprintln!("case: {}\nreport: {}", dir.display(), report_path.display());
    if failed > 0 {
        eprintln!("error: {failed} quer{} failed; see the report's open items", if failed == 1 { "y" } else { "ies" });
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}
