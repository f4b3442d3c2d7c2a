//! Rows of the `sources` manifest and the `rejects` table.

use std::sync::Arc;

use arrow::array::{ArrayRef, Int64Array, RecordBatch, StringArray, TimestampMicrosecondArray};
use chrono::{DateTime, Utc};

use crate::lake::schema;
use crate::shape::Problem;
use crate::source::{InputObject, Location};

/// What the manifest records about one input object.
#[derive(Debug, Clone)]
pub struct SourceRow {
    pub uri: String,
    pub key: Option<String>,
    pub size: u64,
    pub etag: Option<String>,
    pub sha256: String,
    pub shape: String,
    pub records: u64,
    pub stored: u64,
    pub duplicates: u64,
    pub rejected: u64,
    pub first_eventtime: Option<i64>,
    pub last_eventtime: Option<i64>,
    /// Why (part of) the object could not be read.
    pub error: Option<String>,
    /// The local file read, if any.
    pub path: Option<String>,
}

impl SourceRow {
    pub fn new(object: &InputObject) -> Self {
        SourceRow {
            uri: object.uri.clone(),
            key: object.key.clone(),
            size: object.size,
            etag: object.etag.clone(),
            sha256: String::new(),
            shape: "unknown".into(),
            records: 0,
            stored: 0,
            duplicates: 0,
            rejected: 0,
            first_eventtime: None,
            last_eventtime: None,
            error: None,
            path: match &object.location {
                Location::File(path) => Some(path.to_string_lossy().into_owned()),
                _ => None,
            },
        }
    }
}

#[derive(Debug, Clone)]
pub struct RejectRow {
    pub uri: String,
    pub sha256: String,
    pub problem: Problem,
}

impl RejectRow {
    pub fn new(source: &SourceRow, problem: Problem) -> Self {
        RejectRow { uri: source.uri.clone(), sha256: source.sha256.clone(), problem }
    }
}

/// `sources.shape` of an S3 object whose bytes are already in the lake under another uri: recorded
/// (with its ETag) but not read again.
pub const ALREADY_INGESTED: &str = "already-ingested";

fn int(values: impl Iterator<Item = u64>) -> ArrayRef {
    Arc::new(values.map(|v| v as i64).collect::<Int64Array>())
}

fn time(values: impl Iterator<Item = Option<i64>>) -> ArrayRef {
    Arc::new(values.collect::<TimestampMicrosecondArray>().with_timezone("UTC"))
}

pub fn sources_batch(rows: &[SourceRow], run_id: &str, now: DateTime<Utc>) -> RecordBatch {
    let n = rows.len();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(rows.iter().map(|r| Some(r.uri.as_str())).collect::<StringArray>()),
        Arc::new(rows.iter().map(|r| r.key.as_deref()).collect::<StringArray>()),
        int(rows.iter().map(|r| r.size)),
        Arc::new(rows.iter().map(|r| r.etag.as_deref()).collect::<StringArray>()),
        Arc::new(rows.iter().map(|r| Some(r.sha256.as_str())).collect::<StringArray>()),
        Arc::new(rows.iter().map(|r| Some(r.shape.as_str())).collect::<StringArray>()),
        int(rows.iter().map(|r| r.records)),
        int(rows.iter().map(|r| r.stored)),
        int(rows.iter().map(|r| r.duplicates)),
        int(rows.iter().map(|r| r.rejected)),
        time(rows.iter().map(|r| r.first_eventtime)),
        time(rows.iter().map(|r| r.last_eventtime)),
        Arc::new(rows.iter().map(|r| r.error.as_deref()).collect::<StringArray>()),
        time(std::iter::repeat_n(Some(now.timestamp_micros()), n)),
        Arc::new(StringArray::from_iter_values(std::iter::repeat_n(run_id, n))),
        Arc::new(StringArray::from_iter_values(std::iter::repeat_n(env!("CARGO_PKG_VERSION"), n))),
        Arc::new(rows.iter().map(|r| r.path.as_deref()).collect::<StringArray>()),
    ];
    RecordBatch::try_new(schema::SOURCES.clone(), columns).expect("columns in schema order")
}

pub fn rejects_batch(rows: &[RejectRow], run_id: &str) -> RecordBatch {
    let columns: Vec<ArrayRef> = vec![
        Arc::new(rows.iter().map(|r| Some(r.uri.as_str())).collect::<StringArray>()),
        Arc::new(rows.iter().map(|r| Some(r.sha256.as_str())).collect::<StringArray>()),
        Arc::new(rows.iter().map(|r| r.problem.record_index.map(|i| i as i64)).collect::<Int64Array>()),
        Arc::new(rows.iter().map(|r| r.problem.offset.map(|i| i as i64)).collect::<Int64Array>()),
        Arc::new(rows.iter().map(|r| Some(r.problem.reason.as_str())).collect::<StringArray>()),
        Arc::new(
            rows.iter()
                .map(|r| {
                    (!r.problem.excerpt.is_empty()).then(|| String::from_utf8_lossy(&r.problem.excerpt).into_owned())
                })
                .collect::<StringArray>(),
        ),
        Arc::new(StringArray::from_iter_values(std::iter::repeat_n(run_id, rows.len()))),
    ];
    RecordBatch::try_new(schema::REJECTS.clone(), columns).expect("columns in schema order")
}
