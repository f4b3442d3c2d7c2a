//! The verdicts as the lake's `log_validation` table, so reports can tell which evidence was
//! proven intact: join `log_validation.sha256` with `cloudtrail.source_sha256` (or
//! `sources.sha256`), or `log_validation.uri` with `cloudtrail.source_uri`.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use arrow::array::{ArrayRef, RecordBatch, StringArray, TimestampMicrosecondArray};

use super::report::Report;
use crate::lake::{self, Lake, parquet_file, schema};

pub fn batch(report: &Report) -> RecordBatch {
    let rows = &report.checks;
    let n = rows.len();
    let text = |f: &dyn Fn(&super::Check) -> Option<&str>| -> ArrayRef {
        Arc::new(rows.iter().map(f).collect::<StringArray>())
    };
    let time = |f: &dyn Fn(&super::Check) -> Option<i64>| -> ArrayRef {
        Arc::new(rows.iter().map(f).collect::<TimestampMicrosecondArray>().with_timezone("UTC"))
    };
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from_iter_values(std::iter::repeat_n(report.run_id.as_str(), n))),
        time(&|_| Some(report.checked_at.timestamp_micros())),
        text(&|c| c.place.account.as_deref()),
        text(&|c| c.place.region.as_deref()),
        text(&|c| c.place.trail.as_deref()),
        text(&|c| Some(c.kind.as_str())),
        text(&|c| Some(c.status.as_str())),
        text(&|c| c.bucket.as_deref()),
        text(&|c| Some(c.key.as_str())),
        text(&|c| c.uri.as_deref()),
        time(&|c| c.start_time),
        time(&|c| c.end_time),
        text(&|c| c.sha256.as_deref()),
        text(&|c| c.content_sha256.as_deref()),
        text(&|c| c.digest_key.as_deref()),
        text(&|c| Some(c.detail.as_str())),
        Arc::new(StringArray::from_iter_values(std::iter::repeat_n(env!("CARGO_PKG_VERSION"), n))),
    ];
    RecordBatch::try_new(schema::LOG_VALIDATION.clone(), columns).expect("columns in schema order")
}

/// Adds the run to the lake (creating it if needed), staged and committed like an ingest run.
pub fn write(lake_dir: &Path, report: &Report) -> Result<()> {
    let lake = Lake::new(lake_dir);
    let lock = lake.lock_for_writing()?;
    lake.recover(&lock)?;
    let staging = lake.staging_dir(&report.run_id);
    let file = staging.join(format!("{}.parquet", lake::LOG_VALIDATION));
    parquet_file::write(&file, schema::LOG_VALIDATION.clone(), &[batch(report)], parquet_file::table_properties())?;
    lake.commit(&lock, &report.run_id).with_context(|| format!("recording the results in {}", lake_dir.display()))
}
