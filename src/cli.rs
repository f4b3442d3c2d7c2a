//! The command line: what each command takes, and help that teaches.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::output::Format;
use crate::shape::Shape;

#[derive(Parser, Debug)]
#[command(
    name = "trailhound",
    version,
    about = "CloudTrail forensics: load logs into a Parquet evidence lake and query it with SQL",
    long_about = "trailhound turns piles of (gzipped) CloudTrail JSON into a columnar evidence lake, \
                  losslessly and once only, with a manifest of every input object and its SHA-256; \
                  then answers questions over it in SQL that Athena users already know.",
    after_help = "Examples:\n  \
        trailhound ingest sample-logs --lake case.lake\n  \
        trailhound query --lake case.lake \"SELECT eventname, count(*) FROM cloudtrail GROUP BY 1 ORDER BY 2 DESC LIMIT 10\"\n  \
        trailhound generate --out /tmp/corpus --events 2000000"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct LakeArg {
    /// The evidence lake directory (created by `ingest`).
    #[arg(long, short = 'l', env = "TRAILHOUND_LAKE", default_value = "trailhound.lake")]
    pub lake: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load CloudTrail logs into the lake: files, directories (walked recursively) or `-` for stdin.
    #[command(after_help = "Re-running on the same inputs adds nothing. Records already in the lake \
        (same eventID) are counted as duplicates; unreadable records are reported with their file \
        and position and kept in the `rejects` table. Inputs are only ever read.\n\n\
        Exit status: 0 loaded (rejections reported), 2 error, or any rejection with --strict.")]
    Ingest(IngestArgs),
    /// Run SQL over the lake (read-only). Tables: cloudtrail (alias cloudtrail_logs), sources, rejects.
    #[command(after_help = "Athena/Trino CloudTrail SQL runs unchanged: struct fields \
        (useridentity.arn), eventtime compared with ISO-8601 strings, readonly = 'false', \
        json_extract_scalar(requestparameters, '$.bucketName'), from_iso8601_timestamp, to_iso8601, \
        date_add, date_diff, date_trunc, contains('10.0.0.0/8', sourceipaddress) or cidr_contains, \
        and json_get_str & co. from datafusion-functions-json.\n\n\
        Values given with --param name=value are bound to $name, never pasted into the SQL:\n  \
        trailhound query --param key=AKIAEXAMPLE \"SELECT * FROM cloudtrail WHERE useridentity.accesskeyid = \\$key\"")]
    Query(QueryArgs),
    /// Write a deterministic, realistic CloudTrail corpus with embedded attack scenarios.
    Generate(GenerateArgs),
}

#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Files or directories of CloudTrail logs, or `-` for stdin.
    #[arg(required = true)]
    pub sources: Vec<String>,
    #[command(flatten)]
    pub lake: LakeArg,
    /// Largest decompressed size accepted for one object; larger ones are rejected (bomb guard).
    #[arg(long, default_value_t = 256 << 20, value_name = "BYTES")]
    pub max_object_bytes: u64,
    /// Read every object as this shape instead of detecting it from the content.
    #[arg(long, value_enum)]
    pub shape: Option<Shape>,
    /// Exit with status 2 if any record or object was rejected.
    #[arg(long)]
    pub strict: bool,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Memory for buffered rows before partitions are flushed to files.
    #[arg(long, default_value_t = 96, value_name = "MIB")]
    pub memory_mib: usize,
}

#[derive(Args, Debug)]
pub struct QueryArgs {
    /// The SQL statement (or use --file).
    #[arg(required_unless_present = "file")]
    pub sql: Option<String>,
    /// Read the SQL from a file.
    #[arg(long, short = 'f', conflicts_with = "sql")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub lake: LakeArg,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Bind a query parameter: `--param key=value` is `$key` in the SQL.
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,
    /// Longest table cell shown before it is cut (0: never cut).
    #[arg(long, default_value_t = 60)]
    pub max_width: usize,
}

#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// Output directory (the CloudTrail S3 key layout is created under it).
    #[arg(long, short)]
    pub out: PathBuf,
    /// Number of benign events (attack scenarios and duplicates come on top).
    #[arg(long, default_value_t = 20_000)]
    pub events: u64,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// First day of activity (UTC).
    #[arg(long, default_value = "2024-05-01")]
    pub start: String,
    /// Days of activity.
    #[arg(long, default_value_t = 3)]
    pub days: u32,
    /// Events per log file (CloudTrail delivers roughly every 5 minutes per region).
    #[arg(long, default_value_t = 250)]
    pub per_file: usize,
}

pub fn parse_param(s: &str) -> Result<(String, String), String> {
    let (name, value) = s.split_once('=').ok_or_else(|| format!("expected NAME=VALUE, got {s:?}"))?;
    let name = name.trim().trim_start_matches('$');
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("parameter names are letters, digits and _: {name:?}"));
    }
    Ok((name.to_string(), value.to_string()))
}
