//! The DataFusion session every consumer queries through: the lake's tables registered,
//! Athena-compatible functions, and read-only SQL (no DDL, DML or COPY).

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use arrow::array::RecordBatch;
use arrow::datatypes::DataType;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl};
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::logical_expr::{col, lit};
use datafusion::prelude::{DataFrame, SQLOptions, SessionConfig, SessionContext};
use datafusion::scalar::ScalarValue;

use crate::lake::{self, Lake, partition, schema};

/// Named query parameters (`$name` in SQL) as text. They are bound by value, typed by how the
/// SQL uses them, and never spliced into SQL text.
pub type QueryParams = Vec<(String, String)>;

pub struct Engine {
    pub ctx: SessionContext,
}

/// Limits `cloudtrail` to events in `[since, until)`, microseconds since the epoch (UTC).
#[derive(Debug, Default, Clone, Copy)]
pub struct TimeWindow {
    pub since_us: Option<i64>,
    pub until_us: Option<i64>,
}

impl Engine {
    pub async fn open(lake_dir: &Path) -> Result<Engine> {
        Self::open_window(lake_dir, TimeWindow::default()).await
    }

    pub async fn open_window(lake_dir: &Path, window: TimeWindow) -> Result<Engine> {
        let lake = Lake::new(lake_dir);
        if !lake.exists() {
            bail!(
                "no lake at {}: load logs first with `trailhound ingest <logs> --lake {}`",
                lake_dir.display(),
                lake_dir.display()
            );
        }
        let root = std::path::absolute(lake_dir)?;
        // DATAFUSION_* environment variables tune the engine (e.g.
        // DATAFUSION_EXECUTION_TARGET_PARTITIONS); the settings below apply on top.
        let config = SessionConfig::from_env()?
            .with_information_schema(true)
            .set_bool("datafusion.execution.parquet.pushdown_filters", true)
            .set_bool("datafusion.execution.parquet.reorder_filters", true)
            // Table-level statistics are gathered from every footer for every query; with
            // hundreds of catalog queries that costs more than it saves. Row groups are still
            // pruned by their min/max statistics and bloom filters when each file is opened.
            .set_bool("datafusion.execution.collect_statistics", false);
        // A runaway query (a join that explodes) must fail with an error, not take the machine:
        // operators that can spill do so, the others stop at the limit.
        // Footers and statistics of every file stay cached for the session: a hunt runs a
        // couple of hundred queries over the same files, and the 50 MB default thrashes.
        let runtime = RuntimeEnvBuilder::new()
            .with_memory_limit(memory_limit(), 1.0)
            .with_metadata_cache_limit(1 << 30)
            .with_file_statistics_cache_limit(256 << 20)
            .build_arc()?;
        let ctx = SessionContext::new_with_config_rt(config, runtime);
        udf::register(&ctx);
        datafusion_functions_json::register_all(&mut ctx.clone()).context("registering JSON functions")?;

        let events =
            event_table(&root.join(lake::CLOUDTRAIL), schema::CLOUDTRAIL_FILE.clone(), true, "eventtime").await?;
        if window.since_us.is_none() && window.until_us.is_none() {
            ctx.register_table("cloudtrail", events.clone())?;
            ctx.register_table("cloudtrail_logs", events)?;
        } else {
            // The full table stays reachable; the usual names see only the window. The `dt`
            // bounds let partition pruning skip whole days.
            ctx.register_table("cloudtrail_all", events)?;
            let mut df = ctx.table("cloudtrail_all").await?;
            let at = |us: i64| lit(ScalarValue::TimestampMicrosecond(Some(us), Some("UTC".into())));
            if let Some(since) = window.since_us {
                df = df.filter(col("eventtime").gt_eq(at(since)).and(col("dt").gt_eq(lit(partition::day(since)))))?;
            }
            if let Some(until) = window.until_us {
                df = df.filter(col("eventtime").lt(at(until)).and(col("dt").lt_eq(lit(partition::day(until)))))?;
            }
            ctx.register_table("cloudtrail", df.clone().into_view())?;
            ctx.register_table("cloudtrail_logs", df.into_view())?;
        }
        ctx.register_table(
            "guardduty_history",
            event_table(&root.join(lake::GUARDDUTY), schema::GUARDDUTY_FILE.clone(), true, "updatedat").await?,
        )?;
        for view in [views::GUARDDUTY, views::GUARDDUTY_ACTIVITY] {
            ctx.sql(view).await.context("creating the built-in views")?;
        }
        ctx.register_table(
            "sources",
            event_table(&root.join(lake::SOURCES), schema::SOURCES.clone(), false, "").await?,
        )?;
        ctx.register_table(
            "rejects",
            event_table(&root.join(lake::REJECTS), schema::REJECTS.clone(), false, "").await?,
        )?;
        // Empty until `trailhound verify --lake` records a run.
        ctx.register_table(
            "log_validation",
            event_table(&root.join(lake::LOG_VALIDATION), schema::LOG_VALIDATION.clone(), false, "").await?,
        )?;
        Ok(Engine { ctx })
    }

    /// Plans a read-only statement and binds its parameters.
    pub async fn plan(&self, sql: &str, params: &QueryParams) -> Result<DataFrame> {
        self.plan_typed(sql, params, &[]).await
    }

    /// Like [`Engine::plan`]; parameters named in `text` are bound as strings whenever the SQL
    /// leaves their type open (`'444455556666'` stays an account id, not a number).
    pub async fn plan_typed(&self, sql: &str, params: &QueryParams, text: &[String]) -> Result<DataFrame> {
        let options = SQLOptions::new().with_allow_ddl(false).with_allow_dml(false).with_allow_statements(false);
        let df = self.ctx.sql_with_options(sql, options).await?;
        let wanted = df.logical_plan().get_parameter_types()?;
        if wanted.is_empty() {
            return Ok(df);
        }
        let mut values = Vec::new();
        for (placeholder, data_type) in &wanted {
            let name = placeholder.trim_start_matches('$');
            let Some((_, text_value)) = params.iter().rev().find(|(n, _)| n == name) else {
                bail!(
                    "the query uses {placeholder} but no value was given: pass --param {name}=VALUE \
                     (in the REPL: \\set {name} VALUE)"
                );
            };
            let value = match data_type {
                Some(t) => ScalarValue::try_from_string(text_value.clone(), t)
                    .with_context(|| format!("parameter {name}={text_value:?} is not a valid {t}"))?,
                None if text.iter().any(|t| t == name) => ScalarValue::Utf8(Some(text_value.clone())),
                None => guess_type(text_value),
            };
            values.push((name.to_string(), value));
        }
        Ok(df.with_param_values(values)?)
    }

    pub async fn query(&self, sql: &str, params: &QueryParams) -> Result<Vec<RecordBatch>> {
        Ok(self.plan(sql, params).await?.collect().await?)
    }

    /// Like [`Engine::query`], with every parameter bound as a string wherever the SQL leaves its
    /// type open: case variables and indicators are text, even when they look like numbers.
    pub async fn query_text(&self, sql: &str, params: &QueryParams) -> Result<Vec<RecordBatch>> {
        let text: Vec<String> = params.iter().map(|(n, _)| n.clone()).collect();
        self.query_typed(sql, params, &text).await
    }

    pub async fn query_typed(&self, sql: &str, params: &QueryParams, text: &[String]) -> Result<Vec<RecordBatch>> {
        Ok(self.plan_typed(sql, params, text).await?.collect().await?)
    }
}

use super::{udf, views};

/// Bytes a session may use for query state: `TRAILHOUND_MEMORY_LIMIT_MB`, or half the machine's
/// memory (at most 8 GiB).
pub fn memory_limit() -> usize {
    if let Some(mb) = std::env::var("TRAILHOUND_MEMORY_LIMIT_MB").ok().and_then(|v| v.parse::<usize>().ok()) {
        return mb << 20;
    }
    let total_kb = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<usize>().ok())
        })
        .unwrap_or(8 << 20);
    (total_kb * 1024 / 2).min(8 << 30)
}

/// A value whose type the SQL does not pin down: an integer, a decimal number, or text.
fn guess_type(text: &str) -> ScalarValue {
    if let Ok(i) = text.parse::<i64>() {
        ScalarValue::Int64(Some(i))
    } else if let Ok(f) = text.parse::<f64>() {
        ScalarValue::Float64(Some(f))
    } else {
        ScalarValue::Utf8(Some(text.to_string()))
    }
}

async fn event_table(
    dir: &Path,
    file_schema: arrow::datatypes::SchemaRef,
    partitioned: bool,
    sorted_on: &str,
) -> Result<Arc<ListingTable>> {
    std::fs::create_dir_all(dir).with_context(|| format!("opening {}", dir.display()))?;
    let url = ListingTableUrl::parse(format!("{}/", dir.display()))?;
    let mut options = ListingOptions::new(Arc::new(ParquetFormat::default())).with_file_extension(".parquet");
    if partitioned {
        options = options
            .with_table_partition_cols(
                schema::PARTITION_COLUMNS.iter().map(|c| (c.to_string(), DataType::Utf8)).collect(),
            )
            .with_file_sort_order(vec![vec![col(sorted_on).sort(true, false)]]);
    }
    let config = ListingTableConfig::new(url).with_listing_options(options).with_schema(file_schema);
    Ok(Arc::new(ListingTable::try_new(config)?))
}
