//! Running detections: each one's SQL with its parameters bound, a few at a time.

use std::time::{Duration, Instant};

use arrow::array::{Array, RecordBatch};
use arrow::util::display::{ArrayFormatter, FormatOptions};
use futures::StreamExt;

use super::catalog::{Detection, Severity};
use super::selection::{params_for, text_params};
use crate::engine::Engine;

/// The columns every detection returns first (see `queries/README.md`).
pub const CONTRACT: [&str; 11] = [
    "eventtime",
    "account",
    "region",
    "principal",
    "accesskeyid",
    "sourceipaddress",
    "useragent",
    "eventname",
    "eventids",
    "evidence",
    "details",
];

/// One row of a detection's output, as text.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Finding {
    /// Column name → value, in the query's column order; NULLs are absent.
    pub fields: Vec<(String, String)>,
}

impl Finding {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

#[derive(Debug)]
pub struct DetectionResult {
    pub detection: Detection,
    pub params: Vec<(String, String)>,
    pub findings: Vec<Finding>,
    pub elapsed: Duration,
    /// A detection that fails to run is an error, never silently skipped.
    pub error: Option<String>,
}

#[derive(Debug)]
pub struct HuntReport {
    pub results: Vec<DetectionResult>,
    pub elapsed: Duration,
}

impl HuntReport {
    pub fn findings_at_or_above(&self, severity: Severity) -> usize {
        self.results.iter().filter(|r| r.detection.severity >= severity).map(|r| r.findings.len()).sum()
    }

    pub fn errors(&self) -> usize {
        self.results.iter().filter(|r| r.error.is_some()).count()
    }
}

pub async fn run(
    engine: &Engine,
    detections: Vec<Detection>,
    overrides: &[(String, String)],
    concurrency: usize,
) -> HuntReport {
    let started = Instant::now();
    let results = futures::stream::iter(detections)
        .map(|detection| async move {
            let params = params_for(&detection, overrides);
            let t = Instant::now();
            let outcome = engine
                .query_typed(&detection.sql, &params, &text_params(&detection))
                .await
                .and_then(|b| to_findings(&b));
            let (findings, error) = match outcome {
                Ok(f) => (f, None),
                Err(e) => (Vec::new(), Some(format!("{e:#}"))),
            };
            DetectionResult { detection, params, findings, elapsed: t.elapsed(), error }
        })
        .buffered(concurrency.max(1))
        .collect::<Vec<_>>()
        .await;
    HuntReport { results, elapsed: started.elapsed() }
}

pub fn to_findings(batches: &[RecordBatch]) -> anyhow::Result<Vec<Finding>> {
    let options = FormatOptions::default().with_timestamp_tz_format(Some("%Y-%m-%dT%H:%M:%SZ"));
    let mut out = Vec::new();
    for batch in batches {
        let schema = batch.schema();
        let formatters = batch
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
            .collect::<Result<Vec<_>, _>>()?;
        for row in 0..batch.num_rows() {
            let fields = schema
                .fields()
                .iter()
                .zip(batch.columns())
                .zip(&formatters)
                .filter(|((_, column), _)| !column.is_null(row))
                .map(|((field, _), f)| (field.name().clone(), f.value(row).to_string()))
                .collect();
            out.push(Finding { fields });
        }
    }
    Ok(out)
}
