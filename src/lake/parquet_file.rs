//! Writing and reading the lake's Parquet files.

use std::fs::File;
use std::path::Path;

use anyhow::{Context, Result};
use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::SortingColumn;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;

use super::schema;

fn column_path(dotted: &str) -> ColumnPath {
    ColumnPath::new(dotted.split('.').map(str::to_string).collect())
}

/// Writer settings for event files: ZSTD, sorted on eventtime, blooms on the pivot columns.
/// `rows` sizes the bloom filters: sized for a million values they would dwarf a small file.
pub fn event_properties(sorted_on: Option<usize>, rows: u64) -> WriterProperties {
    let mut builder = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(3).expect("valid zstd level")))
        .set_max_row_group_row_count(Some(64 * 1024))
        .set_sorting_columns(
            sorted_on.map(|idx| vec![SortingColumn { column_idx: idx as i32, descending: false, nulls_first: false }]),
        )
        .set_created_by(format!("trailhound {}", env!("CARGO_PKG_VERSION")));
    for (column, cap) in schema::BLOOM_COLUMNS {
        builder = builder
            .set_column_bloom_filter_enabled(column_path(column), true)
            .set_column_bloom_filter_fpp(column_path(column), 0.01)
            .set_column_bloom_filter_max_ndv(column_path(column), rows.clamp(1, cap));
    }
    for column in schema::NO_DICTIONARY_COLUMNS {
        builder = builder.set_column_dictionary_enabled(column_path(column), false);
    }
    builder.build()
}

/// Settings for the small manifest tables.
pub fn table_properties() -> WriterProperties {
    WriterProperties::builder().set_compression(Compression::ZSTD(ZstdLevel::default())).build()
}

/// Writes batches to `path` (which must not be visible to readers yet) and syncs it to disk.
/// Returns the file size.
pub fn write(path: &Path, schema: SchemaRef, batches: &[RecordBatch], props: WriterProperties) -> Result<u64> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut writer = ArrowWriter::try_new(file, schema, Some(props))?;
    for batch in batches {
        writer.write(batch)?;
    }
    let file = writer.into_inner()?;
    file.sync_all()?;
    Ok(file.metadata()?.len())
}

/// Reads the named top-level columns of a Parquet file.
pub fn read_columns(path: &Path, columns: &[&str]) -> Result<Vec<RecordBatch>> {
    use parquet::arrow::ProjectionMask;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let builder =
        ParquetRecordBatchReaderBuilder::try_new(file).with_context(|| format!("reading {}", path.display()))?;
    let mask = ProjectionMask::columns(builder.parquet_schema(), columns.iter().copied());
    let reader = builder.with_projection(mask).with_batch_size(64 * 1024).build()?;
    reader.collect::<Result<Vec<_>, _>>().with_context(|| format!("reading {}", path.display()))
}
