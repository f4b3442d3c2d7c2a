//! Rendering a hunt: a table for people, JSON / NDJSON / CSV for programs, SARIF and JUnit for CI.

use std::fmt::Write as _;
use std::io::Write;

use anyhow::Result;
use serde_json::{Map, Value, json};

use super::catalog::Severity;
use super::run::{CONTRACT, DetectionResult, Finding, HuntReport};
use crate::output::{csv_field, truncate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum HuntFormat {
    /// Findings grouped by severity, for reading.
    #[default]
    Table,
    Json,
    Ndjson,
    Csv,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
    Sarif,
    /// JUnit XML: one test case per detection, a failure per detection with findings.
    Junit,
}

pub fn write(out: &mut dyn Write, report: &HuntReport, format: HuntFormat, shown_per_detection: usize) -> Result<()> {
    match format {
        HuntFormat::Table => out.write_all(table(report, shown_per_detection).as_bytes())?,
        HuntFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &json_report(report))?;
            out.write_all(b"\n")?;
        }
        HuntFormat::Ndjson => {
            for r in &report.results {
                for f in &r.findings {
                    serde_json::to_writer(&mut *out, &finding_json(r, f))?;
                    out.write_all(b"\n")?;
                }
            }
        }
        HuntFormat::Csv => out.write_all(csv(report).as_bytes())?,
        HuntFormat::Sarif => {
            serde_json::to_writer_pretty(&mut *out, &super::sarif::log(report))?;
            out.write_all(b"\n")?;
        }
        HuntFormat::Junit => out.write_all(junit(report).as_bytes())?,
    }
    Ok(())
}

fn fields_json(f: &Finding) -> Map<String, Value> {
    f.fields.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect()
}

fn finding_json(r: &DetectionResult, f: &Finding) -> Value {
    let mut m = Map::new();
    m.insert("detection".into(), json!(r.detection.id));
    m.insert("severity".into(), json!(r.detection.severity));
    m.insert("title".into(), json!(r.detection.title));
    m.insert("tactic".into(), json!(r.detection.tactic));
    m.insert("attack".into(), json!(r.detection.attack));
    m.extend(fields_json(f));
    Value::Object(m)
}

pub fn json_report(report: &HuntReport) -> Value {
    let detections: Vec<Value> = report
        .results
        .iter()
        .map(|r| {
            json!({
                "id": r.detection.id,
                "title": r.detection.title,
                "severity": r.detection.severity,
                "tactic": r.detection.tactic,
                "attack": r.detection.attack,
                "params": r.params.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect::<Map<_, _>>(),
                "elapsed_ms": r.elapsed.as_millis() as u64,
                "error": r.error,
                "response": r.detection.response,
                "findings": r.findings.iter().map(|f| Value::Object(fields_json(f))).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "tool": {"name": "trailhound", "version": env!("CARGO_PKG_VERSION")},
        "elapsed_ms": report.elapsed.as_millis() as u64,
        "detections_run": report.results.len(),
        "findings": report.results.iter().map(|r| r.findings.len()).sum::<usize>(),
        "errors": report.errors(),
        "detections": detections,
    })
}

fn csv(report: &HuntReport) -> String {
    let mut out = String::from("detection,severity,title");
    for c in CONTRACT {
        out.push(',');
        out.push_str(c);
    }
    out.push('\n');
    for r in &report.results {
        for f in &r.findings {
            let mut cells = vec![
                csv_field(&r.detection.id),
                r.detection.severity.name().to_string(),
                csv_field(&r.detection.title),
            ];
            cells.extend(CONTRACT.iter().map(|c| csv_field(f.get(c).unwrap_or(""))));
            out.push_str(&cells.join(","));
            out.push('\n');
        }
    }
    out
}

fn table(report: &HuntReport, shown: usize) -> String {
    let mut out = String::new();
    let mut results: Vec<&DetectionResult> =
        report.results.iter().filter(|r| !r.findings.is_empty() || r.error.is_some()).collect();
    results.sort_by(|a, b| b.detection.severity.cmp(&a.detection.severity).then(a.detection.id.cmp(&b.detection.id)));
    for r in &results {
        let d = &r.detection;
        if let Some(e) = &r.error {
            let _ = writeln!(out, "ERROR     {} — {}\n  {}\n", d.id, d.title, truncate(e, 400));
            continue;
        }
        let _ = writeln!(
            out,
            "{:<9} {} — {} ({} finding{})",
            d.severity.name().to_uppercase(),
            d.id,
            d.title,
            r.findings.len(),
            if r.findings.len() == 1 { "" } else { "s" }
        );
        for f in r.findings.iter().take(shown) {
            let g = |k: &str| f.get(k).unwrap_or("-");
            let _ = writeln!(
                out,
                "  {}  {}/{}  {}  key={}  ip={}",
                g("eventtime"),
                g("account"),
                g("region"),
                truncate(g("principal"), 80),
                g("accesskeyid"),
                g("sourceipaddress")
            );
            let _ = writeln!(out, "      {}: {}", truncate(g("eventname"), 60), truncate(g("details"), 160));
            let _ = writeln!(out, "      evidence: {}", truncate(g("evidence"), 160));
        }
        if r.findings.len() > shown {
            let _ = writeln!(out, "  … {} more (use --format json for all)", r.findings.len() - shown);
        }
        let _ = writeln!(out, "  next: {}\n", truncate(&d.response, 240));
    }
    let mut by_severity = String::new();
    for s in [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info] {
        let n: usize = report.results.iter().filter(|r| r.detection.severity == s).map(|r| r.findings.len()).sum();
        if n > 0 {
            let _ = write!(by_severity, "{}{n} {}", if by_severity.is_empty() { "" } else { ", " }, s.name());
        }
    }
    let with = report.results.iter().filter(|r| !r.findings.is_empty()).count();
    let _ = writeln!(
        out,
        "{} detections ran in {:.2} s: {} with findings ({}), {} errors",
        report.results.len(),
        report.elapsed.as_secs_f64(),
        with,
        if by_severity.is_empty() { "none".to_string() } else { by_severity },
        report.errors()
    );
    out
}

/// Text safe inside XML: escaped, and without the control characters XML 1.0 forbids.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn junit(report: &HuntReport) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let failures = report.results.iter().filter(|r| !r.findings.is_empty()).count();
    let _ = writeln!(
        out,
        "<testsuites name=\"trailhound hunt\" tests=\"{}\" failures=\"{failures}\" errors=\"{}\" time=\"{:.3}\">",
        report.results.len(),
        report.errors(),
        report.elapsed.as_secs_f64()
    );
    let mut tactics: Vec<&str> = report.results.iter().map(|r| r.detection.tactic.as_str()).collect();
    tactics.sort();
    tactics.dedup();
    for tactic in tactics {
        let cases: Vec<&DetectionResult> = report.results.iter().filter(|r| r.detection.tactic == tactic).collect();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3}\">",
            xml_escape(tactic),
            cases.len(),
            cases.iter().filter(|r| !r.findings.is_empty()).count(),
            cases.iter().filter(|r| r.error.is_some()).count(),
            cases.iter().map(|r| r.elapsed.as_secs_f64()).sum::<f64>()
        );
        for r in cases {
            let d = &r.detection;
            let _ = write!(
                out,
                "    <testcase classname=\"trailhound.{}\" name=\"{}: {}\" time=\"{:.3}\"",
                xml_escape(tactic),
                xml_escape(&d.id),
                xml_escape(&d.title),
                r.elapsed.as_secs_f64()
            );
            if let Some(e) = &r.error {
                let _ = writeln!(
                    out,
                    ">\n      <error message=\"detection failed to run\" type=\"error\">{}</error>\n    </testcase>",
                    xml_escape(e)
                );
            } else if r.findings.is_empty() {
                out.push_str("/>\n");
            } else {
                let mut body = String::new();
                for f in &r.findings {
                    let _ = writeln!(
                        body,
                        "{} {} {} {} key={} ip={} {} evidence={}",
                        f.get("eventtime").unwrap_or("-"),
                        f.get("account").unwrap_or("-"),
                        f.get("principal").unwrap_or("-"),
                        f.get("eventname").unwrap_or("-"),
                        f.get("accesskeyid").unwrap_or("-"),
                        f.get("sourceipaddress").unwrap_or("-"),
                        f.get("details").unwrap_or(""),
                        f.get("evidence").unwrap_or("-"),
                    );
                }
                let _ = writeln!(
                    out,
                    ">\n      <failure message=\"{} {} finding(s)\" type=\"{}\">{}</failure>\n    </testcase>",
                    r.findings.len(),
                    d.severity.name(),
                    d.severity.name(),
                    xml_escape(&body)
                );
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
