//! `trailhound detections list|show`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::hunt::catalog;
use crate::cli::DetectionsAction;

pub fn run(action: DetectionsAction) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match action {
        DetectionsAction::List { rules } => {
            let all = catalog(rules.as_deref(), false)?;
            for d in &all {
                writeln!(
                    out,
                    "{:<48} {:<9} {:<21} {:<22} {}",
                    d.id,
                    d.severity.name(),
                    d.tactic,
                    d.attack.join(","),
                    d.title
                )?;
            }
            writeln!(out, "{} detections", all.len())?;
        }
        DetectionsAction::Show { id, rules } => {
            let all = catalog(rules.as_deref(), false)?;
            let d = all
                .iter()
                .find(|d| d.id == id)
                .with_context(|| format!("no detection {id:?}; try `trailhound detections list`"))?;
            writeln!(
                out,
                "{} — {}\nseverity: {}\ntactic: {}\nATT&CK: {}\ntags: {}\norigin: {}\n",
                d.id,
                d.title,
                d.severity.name(),
                d.tactic,
                d.attack.join(", "),
                d.tags.join(", "),
                d.origin
            )?;
            writeln!(out, "{}\n\nResponse: {}\n\nFalse positives: {}\n", d.description, d.response, d.false_positives)?;
            for r in &d.references {
                writeln!(out, "reference: {r}")?;
            }
            for p in &d.params {
                writeln!(out, "param {} = {}  {}", p.name, p.default, p.description)?;
            }
            writeln!(out, "\n{}", d.sql.trim_end())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
