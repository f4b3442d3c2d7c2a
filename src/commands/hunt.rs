//! `trailhound hunt`: optional ingest into a (cache) lake, then the catalog.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::inputs;
use crate::cli::HuntArgs;
use crate::engine::Engine;

pub(super) fn catalog(rules: Option<&std::path::Path>, rules_only: bool) -> Result<Vec<crate::hunt::Detection>> {
    use crate::hunt::catalog;
    let custom = rules.map(catalog::from_dir).transpose()?.unwrap_or_default();
    if rules_only {
        return Ok(custom);
    }
    Ok(catalog::merge(catalog::builtin().context("the built-in catalog is broken")?, custom))
}

pub async fn run(args: HuntArgs) -> Result<ExitCode> {
    use crate::hunt::{report, run, selection};
    let window = inputs::window(args.since.as_deref(), args.until.as_deref())?;
    let s3 = args.s3.options(window.since_us, window.until_us);
    let (lake, incomplete) =
        tokio::task::block_in_place(|| inputs::resolve_lake(args.lake.as_deref(), &args.sources, args.quiet, s3))?;
    let detections =
        selection::Selection { only: args.only.clone(), tags: args.tag.clone(), min_severity: args.min_severity }
            .apply(catalog(args.rules.as_deref(), args.rules_only)?)?;
    let unknown = selection::unknown_overrides(&detections, &args.params);
    if !unknown.is_empty() {
        anyhow::bail!(
            "no selected detection has the parameter(s) {}; `trailhound detections show ID` lists a detection's parameters",
            unknown.join(", ")
        );
    }
    let engine = Engine::open_window(&lake, window).await?;
    let report = run::run(&engine, detections, &args.params, args.concurrency).await;
    match &args.output {
        Some(path) => {
            let mut file = std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
            report::write(&mut file, &report, args.format, args.max_findings)?;
            if !args.quiet {
                let mut summary = Vec::new();
                report::write(&mut summary, &report, report::HuntFormat::Table, 0)?;
                let text = String::from_utf8_lossy(&summary);
                eprint!("{}", text.lines().last().map(|l| format!("{l}\n")).unwrap_or_default());
            }
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            report::write(&mut out, &report, args.format, args.max_findings)?;
            out.flush()?;
        }
    }
    for r in report.results.iter().filter(|r| r.error.is_some()) {
        eprintln!("error: detection {} failed: {}", r.detection.id, r.error.as_deref().unwrap_or(""));
    }
    Ok(if report.errors() > 0 || incomplete {
        ExitCode::from(2)
    } else if report.findings_at_or_above(args.fail_on) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
