//! Runs a playbook step against the lake: its queries with the case variables bound, the values
//! it collects into the case, and its commands rendered with what is now known. Everything is
//! journaled as it happens.

use std::time::{Duration, Instant};

use anyhow::Result;
use arrow::array::RecordBatch;
use sha2::{Digest, Sha256};

use super::case::Case;
use super::journal::Entry;
use super::model::Playbook;
use super::render::{self, Rendered};
use super::variables;
use crate::engine::{Engine, QueryParams};
use crate::output::{self, Format, Rendering};

pub struct QueryOutcome {
    pub name: String,
    pub description: String,
    pub batches: Vec<RecordBatch>,
    pub rows: usize,
    pub elapsed: Duration,
    /// Set when the query failed, or could not run for want of variables.
    pub error: Option<String>,
    /// Variables the query is waiting for (not set, not collected yet).
    pub waiting_for: Vec<String>,
    /// (variable, values new to the case).
    pub collected: Vec<(String, Vec<String>)>,
}

pub struct StepOutcome {
    pub queries: Vec<QueryOutcome>,
    /// (description, commands) per action.
    pub commands: Vec<(String, Vec<Rendered>)>,
}

/// The result's fingerprint for the journal: SHA-256 of its rows as NDJSON.
pub fn result_sha256(batches: &[RecordBatch]) -> Result<String> {
    let mut bytes = Vec::new();
    output::write(&mut bytes, batches, &Rendering { format: Format::Ndjson, max_width: 0 })?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}

/// Runs one statement and journals it (also when it fails).
pub async fn recorded_query(
    engine: &Engine,
    case: &mut Case,
    context: &str,
    sql: &str,
    params: &QueryParams,
) -> Result<(Vec<RecordBatch>, Duration)> {
    let started = Instant::now();
    let outcome = engine.query_text(sql, params).await;
    let elapsed = started.elapsed();
    // Only the parameters the statement uses are journaled.
    let used = variables::placeholders(sql);
    let params: Vec<(String, String)> = params.iter().filter(|(n, _)| used.contains(n)).cloned().collect();
    let (rows, result_sha256, error) = match &outcome {
        Ok(batches) => (batches.iter().map(|b| b.num_rows()).sum(), result_sha256(batches)?, None),
        Err(e) => (0, String::new(), Some(format!("{e:#}"))),
    };
    case.record(Entry::Query {
        context: context.to_string(),
        sql: sql.trim().to_string(),
        params,
        rows,
        result_sha256,
        elapsed_ms: elapsed.as_millis() as u64,
        error,
    })?;
    Ok((outcome?, elapsed))
}

pub async fn run_step(engine: &Engine, case: &mut Case, playbook: &Playbook, index: usize) -> Result<StepOutcome> {
    let step = &playbook.steps[index];
    case.record(Entry::StepRun { playbook: playbook.id.clone(), step: step.id.clone(), phase: step.phase })?;
    let mut queries = Vec::new();
    for query in &step.queries {
        let waiting_for: Vec<String> =
            variables::placeholders(&query.sql).into_iter().filter(|p| !case.vars.binds(p)).collect();
        let mut outcome = QueryOutcome {
            name: query.name.clone(),
            description: query.description.clone(),
            batches: Vec::new(),
            rows: 0,
            elapsed: Duration::ZERO,
            error: None,
            waiting_for,
            collected: Vec::new(),
        };
        if !outcome.waiting_for.is_empty() {
            queries.push(outcome);
            continue;
        }
        let origin = format!("{}/{}/{}", playbook.id, step.id, query.name);
        let params = case.vars.params();
        match recorded_query(engine, case, &origin, &query.sql, &params).await {
            Ok((batches, elapsed)) => {
                outcome.rows = batches.iter().map(|b| b.num_rows()).sum();
                outcome.elapsed = elapsed;
                outcome.collected = collect(case, &query.collect, &batches, &origin)?;
                outcome.batches = batches;
            }
            Err(e) => outcome.error = Some(format!("{e:#}")),
        }
        queries.push(outcome);
    }
    let mut commands = Vec::new();
    let mut journaled = Vec::new();
    for action in &step.actions {
        let rendered = render::render(&action.command, &case.vars);
        journaled.extend(rendered.iter().map(|r| r.command.clone()));
        commands.push((action.description.clone(), rendered));
    }
    if !journaled.is_empty() {
        case.record(Entry::Commands {
            playbook: playbook.id.clone(),
            step: step.id.clone(),
            phase: step.phase,
            commands: journaled,
        })?;
    }
    Ok(StepOutcome { queries, commands })
}

/// Journals a hunt: one line per detection that fired, with its severity and finding count.
pub fn journal_hunt(case: &mut Case, report: &crate::hunt::run::HuntReport) -> Result<()> {
    let findings = report
        .results
        .iter()
        .filter(|r| !r.findings.is_empty())
        .map(|r| super::journal::HuntHit {
            detection: r.detection.id.clone(),
            severity: r.detection.severity.name().to_string(),
            title: r.detection.title.clone(),
            findings: r.findings.len(),
        })
        .collect();
    case.record(Entry::Hunt { detections: report.results.len(), findings })
}

/// Adds each collected column's values to its case variable; returns what was new.
fn collect(
    case: &mut Case,
    columns: &std::collections::BTreeMap<String, String>,
    batches: &[RecordBatch],
    origin: &str,
) -> Result<Vec<(String, Vec<String>)>> {
    if columns.is_empty() {
        return Ok(Vec::new());
    }
    let rows = crate::hunt::run::to_findings(batches)?;
    let mut out = Vec::new();
    for (column, variable) in columns {
        let mut values: Vec<String> = Vec::new();
        for row in &rows {
            if let Some(v) = row.get(column)
                && !values.iter().any(|x| x == v)
            {
                values.push(v.to_string());
            }
        }
        let known = case.vars.get(variable);
        let room = super::variables::MAX_VALUES.saturating_sub(known.len());
        let new: Vec<String> = values.into_iter().filter(|v| !known.iter().any(|k| &k.text == v)).take(room).collect();
        if new.is_empty() {
            continue;
        }
        case.record(Entry::Collected { name: variable.clone(), values: new.clone(), origin: origin.to_string() })?;
        out.push((variable.clone(), new));
    }
    Ok(out)
}
