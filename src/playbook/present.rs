//! A step and what running it produced, as text for the terminal (the REPL and `playbook run`).

use std::io::Write;

use anyhow::Result;

use super::model::{Playbook, Step};
use super::runner::StepOutcome;
use crate::output::{self, Format, Rendering};

/// Rows of a step's result shown on screen; the journal fingerprints all of them.
pub const ROWS_SHOWN: usize = 20;

pub fn header(out: &mut dyn Write, playbook: &Playbook, index: usize) -> Result<()> {
    let step = &playbook.steps[index];
    writeln!(
        out,
        "\n── {} · step {}/{} · {} · {}",
        playbook.id,
        index + 1,
        playbook.steps.len(),
        step.phase.name(),
        step.title
    )?;
    writeln!(out, "{}", wrap(step.why.trim(), 100))?;
    Ok(())
}

pub fn outcome(out: &mut dyn Write, step: &Step, outcome: &StepOutcome, max_width: usize) -> Result<()> {
    for query in &outcome.queries {
        let title = if query.description.is_empty() {
            query.name.clone()
        } else {
            format!("{}: {}", query.name, query.description)
        };
        writeln!(out, "\n▶ {title}")?;
        if !query.waiting_for.is_empty() {
            let names: Vec<String> = query.waiting_for.iter().map(|n| format!("${n}")).collect();
            writeln!(
                out,
                "  waiting for {}: set it (\\set NAME VALUE) or run the step that finds it",
                names.join(", ")
            )?;
            continue;
        }
        if let Some(error) = &query.error {
            writeln!(out, "  error: {error}")?;
            continue;
        }
        let shown = head(&query.batches, ROWS_SHOWN);
        output::write(out, &shown, &Rendering { format: Format::Table, max_width })?;
        let more = query.rows.saturating_sub(ROWS_SHOWN);
        let more = if more > 0 { format!(" ({more} not shown)") } else { String::new() };
        writeln!(out, "  {} row(s){more} in {:.3} s", query.rows, query.elapsed.as_secs_f64())?;
        for (variable, values) in &query.collected {
            // Values come from the logs: control characters (terminal escapes) are blanked.
            let values: Vec<String> = values.iter().map(|v| output::truncate(v, 0)).collect();
            writeln!(out, "  + {variable}: {}", values.join(", "))?;
        }
    }
    if !step.look_for.trim().is_empty() {
        writeln!(out, "\nLook for: {}", wrap(step.look_for.trim(), 100))?;
    }
    if !outcome.commands.is_empty() {
        writeln!(out, "\nCommands for you to review and run (trailhound never runs them):")?;
        for (description, rendered) in &outcome.commands {
            writeln!(out, "  # {description}")?;
            for r in rendered {
                writeln!(out, "  {}", r.command)?;
            }
            if let Some(first) = rendered.first()
                && !first.missing.is_empty()
            {
                writeln!(
                    out,
                    "  # fill in: {}",
                    first.missing.iter().map(|m| format!("<{m}>")).collect::<Vec<_>>().join(", ")
                )?;
            }
        }
    }
    Ok(())
}

/// The first `rows` rows of a result.
pub fn head(batches: &[arrow::array::RecordBatch], rows: usize) -> Vec<arrow::array::RecordBatch> {
    let mut left = rows;
    let mut out = Vec::new();
    for batch in batches {
        if left == 0 {
            break;
        }
        let take = batch.num_rows().min(left);
        out.push(batch.slice(0, take));
        left -= take;
    }
    out
}

/// Paragraphs re-flowed to `width` columns.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for paragraph in text.split("\n\n") {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        let mut line = 0;
        for word in paragraph.split_whitespace() {
            if line > 0 && line + 1 + word.chars().count() > width {
                out.push('\n');
                line = 0;
            } else if line > 0 {
                out.push(' ');
                line += 1;
            }
            out.push_str(word);
            line += word.chars().count();
        }
    }
    out
}
