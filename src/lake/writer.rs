//! Buffers event batches per partition and writes them as sorted Parquet files into a run's
//! staging directory. Memory stays bounded: when the buffers pass the budget, the partition
//! written to least recently is flushed to a file (input arrives in key order, so that is a
//! partition the run has finished with); otherwise each partition gets one file per run, so
//! the lake does not fill with small files, which every query would pay for.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::Result;
use arrow::array::RecordBatch;
use arrow::compute::interleave_record_batch;

use arrow::datatypes::SchemaRef;

use super::parquet_file;
use super::partition::PartitionKey;

pub struct PartitionedWriter {
    dir: PathBuf,
    schema: SchemaRef,
    sort_index: usize,
    run_id: String,
    budget_bytes: usize,
    buffered_bytes: usize,
    /// Per partition: its batches, their size, and when it was last written to.
    buffers: HashMap<PartitionKey, (Vec<RecordBatch>, usize, u64)>,
    pushes: u64,
    files_written: usize,
    pub bytes_written: u64,
    pub rows_written: u64,
}

impl PartitionedWriter {
    /// A writer for `table` (a directory name of the lake), sorting each file on `sort_index`.
    pub fn new(
        staging: PathBuf,
        table: &str,
        schema: SchemaRef,
        sort_index: usize,
        run_id: &str,
        budget_bytes: usize,
    ) -> Self {
        PartitionedWriter {
            dir: staging.join(table),
            schema,
            sort_index,
            run_id: run_id.to_string(),
            budget_bytes,
            buffered_bytes: 0,
            buffers: HashMap::new(),
            pushes: 0,
            files_written: 0,
            bytes_written: 0,
            rows_written: 0,
        }
    }

    pub fn push(&mut self, key: PartitionKey, batch: RecordBatch) -> Result<()> {
        let size = batch.get_array_memory_size();
        self.pushes += 1;
        let entry = self.buffers.entry(key).or_default();
        entry.0.push(batch);
        entry.1 += size;
        entry.2 = self.pushes;
        self.buffered_bytes += size;
        while self.buffered_bytes > self.budget_bytes {
            let stalest = self.buffers.iter().min_by_key(|(_, (_, _, touched))| *touched).map(|(k, _)| k.clone());
            match stalest {
                Some(key) => self.flush(&key)?,
                None => break,
            }
        }
        Ok(())
    }

    fn flush(&mut self, key: &PartitionKey) -> Result<()> {
        let Some((batches, size, _)) = self.buffers.remove(key) else { return Ok(()) };
        self.buffered_bytes -= size;
        if batches.is_empty() {
            return Ok(());
        }
        let sorted = sort_by(&self.schema, &batches, self.sort_index)?;
        self.files_written += 1;
        let path = self.dir.join(key.path()).join(format!("{}-{:05}.parquet", self.run_id, self.files_written));
        let props = parquet_file::event_properties(Some(self.sort_index), sorted.num_rows() as u64);
        self.bytes_written += parquet_file::write(&path, self.schema.clone(), &[sorted], props)?;
        self.rows_written += batches.iter().map(|b| b.num_rows() as u64).sum::<u64>();
        super::fault_point("after-first-file");
        Ok(())
    }

    pub fn finish(mut self) -> Result<Self> {
        let mut keys: Vec<PartitionKey> = self.buffers.keys().cloned().collect();
        keys.sort();
        for key in keys {
            self.flush(&key)?;
        }
        Ok(self)
    }
}

/// One batch of all rows, ordered on column `index` (a timestamp), copying each row once.
fn sort_by(schema: &SchemaRef, batches: &[RecordBatch], index: usize) -> Result<RecordBatch> {
    use arrow::array::{Array, AsArray};
    use arrow::datatypes::TimestampMicrosecondType;
    let mut order: Vec<(i64, usize, usize)> = Vec::with_capacity(batches.iter().map(RecordBatch::num_rows).sum());
    for (b, batch) in batches.iter().enumerate() {
        let times = batch.column(index).as_primitive::<TimestampMicrosecondType>();
        order.extend((0..times.len()).map(|r| (if times.is_null(r) { i64::MAX } else { times.value(r) }, b, r)));
    }
    order.sort_unstable();
    let indices: Vec<(usize, usize)> = order.into_iter().map(|(_, b, r)| (b, r)).collect();
    let refs: Vec<&RecordBatch> = batches.iter().collect();
    if refs.is_empty() {
        return Ok(RecordBatch::new_empty(schema.clone()));
    }
    Ok(interleave_record_batch(&refs, &indices)?)
}
