//! Rendering query results: a table for people, CSV / JSON / NDJSON for programs.

use std::io::Write;

use anyhow::Result;
use arrow::array::{Array, RecordBatch};
use arrow::util::display::{ArrayFormatter, FormatOptions};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum Format {
    /// Aligned text table (long cells truncated; see --max-width).
    #[default]
    Table,
    Csv,
    /// One JSON array of objects.
    Json,
    /// One JSON object per line.
    Ndjson,
}

pub struct Rendering {
    pub format: Format,
    /// Longest cell shown in tables before it is cut with `…` (0 = never cut).
    pub max_width: usize,
}

fn options() -> FormatOptions<'static> {
    FormatOptions::default().with_null("").with_timestamp_tz_format(Some("%Y-%m-%dT%H:%M:%S%.fZ"))
}

pub fn write(out: &mut dyn Write, batches: &[RecordBatch], rendering: &Rendering) -> Result<()> {
    match rendering.format {
        Format::Table => write_table(out, batches, rendering.max_width),
        Format::Csv => write_csv(out, batches),
        Format::Json => {
            let mut writer = arrow::json::ArrayWriter::new(out);
            for b in batches {
                writer.write(b)?;
            }
            writer.finish()?;
            writer.into_inner().write_all(b"\n")?;
            Ok(())
        }
        Format::Ndjson => {
            let mut writer = arrow::json::LineDelimitedWriter::new(out);
            for b in batches {
                writer.write(b)?;
            }
            writer.finish()?;
            Ok(())
        }
    }
}

/// Every cell as display text, in the same form for tables and CSV.
fn cells(batch: &RecordBatch) -> Result<Vec<Vec<String>>> {
    let opts = options();
    let formatters =
        batch.columns().iter().map(|c| ArrayFormatter::try_new(c.as_ref(), &opts)).collect::<Result<Vec<_>, _>>()?;
    let mut rows = Vec::with_capacity(batch.num_rows());
    for row in 0..batch.num_rows() {
        rows.push(
            formatters
                .iter()
                .zip(batch.columns())
                .map(|(f, c)| if c.is_null(row) { String::new() } else { f.value(row).to_string() })
                .collect(),
        );
    }
    Ok(rows)
}

fn write_csv(out: &mut dyn Write, batches: &[RecordBatch]) -> Result<()> {
    let Some(first) = batches.first() else { return Ok(()) };
    let header: Vec<String> = first.schema().fields().iter().map(|f| csv_field(f.name())).collect();
    writeln!(out, "{}", header.join(","))?;
    for batch in batches {
        for row in cells(batch)? {
            let row: Vec<String> = row.iter().map(|c| csv_field(c)).collect();
            writeln!(out, "{}", row.join(","))?;
        }
    }
    Ok(())
}

pub fn csv_field(s: &str) -> String {
    // Quote anything a spreadsheet might misread; a leading =,+,-,@ is also defused so that an
    // attacker-controlled user agent cannot become a formula (CSV injection). Control characters
    // other than line breaks and tabs (terminal escapes) become U+FFFD: CSV is read by people,
    // in terminals and spreadsheets; JSON output keeps every character.
    let s: String =
        s.chars().map(|c| if c.is_control() && !matches!(c, '\n' | '\r' | '\t') { '\u{fffd}' } else { c }).collect();
    let risky = s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err();
    let s = if risky { format!("'{s}") } else { s };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// One line of at most `max` characters (0: no limit), control characters blanked.
pub fn truncate(s: &str, max: usize) -> String {
    let flat: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if max == 0 || flat.chars().count() <= max {
        return flat;
    }
    let mut cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

fn write_table(out: &mut dyn Write, batches: &[RecordBatch], max_width: usize) -> Result<()> {
    let Some(first) = batches.first() else {
        writeln!(out, "(no rows)")?;
        return Ok(());
    };
    let names: Vec<String> = first.schema().fields().iter().map(|f| f.name().clone()).collect();
    let mut rows = Vec::new();
    for batch in batches {
        for row in cells(batch)? {
            rows.push(row.into_iter().map(|c| truncate(&c, max_width)).collect::<Vec<_>>());
        }
    }
    let mut widths: Vec<usize> = names.iter().map(|n| n.chars().count()).collect();
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |out: &mut dyn Write, cells: &[String]| -> std::io::Result<()> {
        let padded: Vec<String> =
            cells.iter().zip(&widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count()))).collect();
        writeln!(out, "| {} |", padded.join(" | "))
    };
    let rule: String = widths.iter().map(|w| "-".repeat(w + 2)).collect::<Vec<_>>().join("+");
    writeln!(out, "+{rule}+")?;
    line(out, &names)?;
    writeln!(out, "+{rule}+")?;
    for row in &rows {
        line(out, row)?;
    }
    writeln!(out, "+{rule}+")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_cannot_carry_formulas_or_terminal_escapes() {
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("-1.5"), "-1.5");
        assert_eq!(csv_field("ua\u{1b}[31m"), "ua\u{fffd}[31m");
        assert_eq!(csv_field("a,\"b\"\nc"), "\"a,\"\"b\"\"\nc\"");
    }
}
