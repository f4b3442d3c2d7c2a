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
    /// Load CloudTrail logs into the lake: files, directories (walked recursively), `-` for stdin,
    /// or straight from a bucket: s3://bucket[/prefix].
    #[command(after_help = "Re-running on the same inputs adds nothing. Records already in the lake \
        (same eventID) are counted as duplicates; unreadable records are reported with their file \
        and position and kept in the `rejects` table. Inputs are only ever read.\n\n\
        From S3, objects already in the lake with the same ETag are not even fetched, so a \
        scheduled re-run downloads only what is new. --account, --region, --since and --until \
        prune by the key layout (AWSLogs/[o-id/]<account>/CloudTrail/<region>/YYYY/MM/DD/) before \
        anything is listed below them.\n\n\
        Examples:\n  \
        trailhound ingest s3://org-trail-logs --account 111122223333 --since 2024-05-01 --until 2024-05-07\n  \
        trailhound ingest s3://logs/cloudtrail --profile ir --aws-region eu-west-1\n\n\
        Exit status: 0 loaded (rejections reported), 2 error, any rejection with --strict, or any \
        S3 prefix or object that could not be read (access denied; the rest is loaded).")]
    Ingest(IngestArgs),
    /// Copy raw objects out of a bucket into an evidence folder, byte for byte, with a manifest
    /// (SHA-256, ETag, S3 metadata such as digest signatures).
    #[command(after_help = "The file for key K is written at DIR/K (the bucket's layout, as `aws s3 sync` \
        does), through a temporary name and a rename, never re-encoded. DIR/acquire-manifest.jsonl \
        gets one JSON line per object: bucket, key, etag, size, sha256, last_modified, metadata \
        (x-amz-meta-*, notably the signature of CloudTrail-Digest files, which `aws s3 sync` drops), \
        content_type, path, acquired_at.\n\n\
        Re-running resumes: objects already in DIR with the same size, ETag and SHA-256 are skipped. \
        `trailhound ingest DIR` cites every record by its original s3://bucket/key.\n\n\
        Exit status: 0 copied, 2 error or any prefix or object that could not be read.")]
    Acquire(AcquireArgs),
    /// Run SQL over the lake (read-only). Tables: cloudtrail (alias cloudtrail_logs), guardduty,
    /// guardduty_history, guardduty_activity, sources, rejects.
    #[command(after_help = "Athena/Trino CloudTrail SQL runs unchanged: struct fields \
        (useridentity.arn), eventtime compared with ISO-8601 strings, readonly = 'false', \
        json_extract_scalar(requestparameters, '$.bucketName'), from_iso8601_timestamp, to_iso8601, \
        date_add, date_diff, date_trunc, contains('10.0.0.0/8', sourceipaddress) or cidr_contains, \
        and json_get_str & co. from datafusion-functions-json.\n\n\
        Values given with --param name=value are bound to $name, never pasted into the SQL:\n  \
        trailhound query --param key=AKIAEXAMPLE \"SELECT * FROM cloudtrail WHERE useridentity.accesskeyid = \\$key\"")]
    Query(QueryArgs),
    /// Run the detection catalog over a lake, or over raw log paths (ingested into a cache lake).
    #[command(after_help = "Examples:\n  \
        trailhound hunt sample-logs\n  \
        trailhound hunt --lake case.lake --min-severity high --format sarif --output hunt.sarif\n  \
        trailhound hunt --lake case.lake --only s3-bulk-download --param min_objects=20\n  \
        trailhound hunt --lake case.lake --rules ./my-rules --tag iam --since 2024-05-01 --until 2024-05-07\n\n\
        Exit status: 0 no finding at or above --fail-on, 1 findings, 2 error (including a detection \
        that failed to run).")]
    Hunt(HuntArgs),
    /// The CloudTrail activity behind a GuardDuty finding: same access key or source IP, within
    /// an hour of the finding's first and last sighting (the `guardduty_activity` view).
    Pivot(PivotArgs),
    /// List the detection catalog, or show one detection with its SQL.
    Detections {
        #[command(subcommand)]
        action: DetectionsAction,
    },
    /// Write a deterministic, realistic CloudTrail corpus with embedded attack scenarios.
    Generate(GenerateArgs),
}

#[derive(Subcommand, Debug)]
pub enum DetectionsAction {
    /// One line per detection: id, severity, tactic, ATT&CK, title.
    List {
        /// Also include the detections in this directory.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Everything about one detection, including its SQL and parameters.
    Show {
        id: String,
        #[arg(long)]
        rules: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct HuntArgs {
    /// Raw log files, directories or s3://bucket[/prefix] to hunt in (ingested into a cache lake
    /// first, or into --lake; --since/--until also prune what is listed in S3).
    pub sources: Vec<String>,
    #[command(flatten)]
    pub s3: S3Args,
    /// The lake to hunt in (default: trailhound.lake, or a cache lake when SOURCES are given).
    #[arg(long, short = 'l', env = "TRAILHOUND_LAKE")]
    pub lake: Option<PathBuf>,
    /// A directory of custom .sql detections, added to the built-in catalog (same id replaces).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Use only the --rules directory, not the built-in catalog.
    #[arg(long, requires = "rules")]
    pub rules_only: bool,
    /// Run only this detection (repeatable).
    #[arg(long, value_name = "ID")]
    pub only: Vec<String>,
    /// Run only detections with this tag or tactic (repeatable).
    #[arg(long)]
    pub tag: Vec<String>,
    /// Skip detections below this severity.
    #[arg(long, value_enum)]
    pub min_severity: Option<crate::hunt::Severity>,
    /// Only events at or after this time (RFC 3339, or a date: that day's start, UTC).
    #[arg(long)]
    pub since: Option<String>,
    /// Only events before this time (RFC 3339), or up to the end of this date.
    #[arg(long)]
    pub until: Option<String>,
    /// Override a detection parameter: name=value (every detection) or id.name=value.
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE", value_parser = parse_override)]
    pub params: Vec<(String, String)>,
    #[arg(long, value_enum, default_value_t = crate::hunt::report::HuntFormat::Table)]
    pub format: crate::hunt::report::HuntFormat,
    /// Write the report here instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding has at least this severity.
    #[arg(long, value_enum, default_value_t = crate::hunt::Severity::High)]
    pub fail_on: crate::hunt::Severity,
    /// Findings shown per detection in the table.
    #[arg(long, default_value_t = 5)]
    pub max_findings: usize,
    /// Detections run at the same time.
    #[arg(long, default_value_t = 2)]
    pub concurrency: usize,
    /// No progress and no ingest summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Files or directories of CloudTrail logs, s3://bucket[/prefix], or `-` for stdin.
    #[arg(required = true)]
    pub sources: Vec<String>,
    #[command(flatten)]
    pub lake: LakeArg,
    #[command(flatten)]
    pub s3: S3Args,
    /// With s3:// sources: only log files delivered from this time on (RFC 3339 or a date),
    /// judged by the key's date, padded by a day for delivery delay.
    #[arg(long)]
    pub since: Option<String>,
    /// With s3:// sources: only log files delivered up to this time (or the end of this date),
    /// padded by a day.
    #[arg(long)]
    pub until: Option<String>,
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
    #[arg(long, default_value_t = 64, value_name = "MIB")]
    pub memory_mib: usize,
}

/// How `s3://` sources are reached and pruned.
#[derive(Args, Debug, Clone)]
pub struct S3Args {
    /// With s3:// sources: only this account's logs (repeatable), by the key layout.
    #[arg(long, value_name = "ID")]
    pub account: Vec<String>,
    /// With s3:// sources: only logs of this AWS region (repeatable), by the key layout.
    #[arg(long)]
    pub region: Vec<String>,
    /// AWS profile for s3:// sources (default: the standard chain: environment, profile, SSO,
    /// instance or container role).
    #[arg(long)]
    pub profile: Option<String>,
    /// The bucket's region, for the S3 client (default: AWS_REGION or the profile's).
    #[arg(long, value_name = "REGION")]
    pub aws_region: Option<String>,
    /// An S3-compatible endpoint (MinIO, Ceph, …), addressed path-style.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// S3 requests in flight at once (listing and fetching).
    #[arg(long, default_value_t = 16, value_name = "N")]
    pub s3_concurrency: usize,
    /// Keys per S3 list request (at most 1000); smaller only for testing pagination.
    #[arg(long, default_value_t = 1000, hide = true)]
    pub s3_page_size: i32,
}

impl S3Args {
    /// The S3 options, pruning by these flags and the event window `since_us..until_us`.
    pub fn options(&self, since_us: Option<i64>, until_us: Option<i64>) -> crate::source::s3::S3Options {
        crate::source::s3::S3Options {
            profile: self.profile.clone(),
            region: self.aws_region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            filter: crate::source::key_filter::KeyFilter::new(
                self.account.clone(),
                self.region.clone(),
                since_us,
                until_us,
            ),
            page_size: self.s3_page_size,
            concurrency: self.s3_concurrency,
        }
    }
}

#[derive(Args, Debug)]
pub struct AcquireArgs {
    /// s3://bucket[/prefix] to copy from.
    pub source: String,
    /// The evidence folder (created; resumable).
    pub dir: PathBuf,
    #[command(flatten)]
    pub s3: S3Args,
    /// Only log files delivered from this time on (RFC 3339 or a date), padded by a day.
    #[arg(long)]
    pub since: Option<String>,
    /// Only log files delivered up to this time (or the end of this date), padded by a day.
    #[arg(long)]
    pub until: Option<String>,
    /// No progress and no summary.
    #[arg(long, short)]
    pub quiet: bool,
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
pub struct PivotArgs {
    /// The GuardDuty finding id (`SELECT id, type, title FROM guardduty` lists them).
    pub finding: String,
    #[command(flatten)]
    pub lake: LakeArg,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
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

/// `name=value` or `detection-id.name=value`.
pub fn parse_override(s: &str) -> Result<(String, String), String> {
    let (key, value) = s.split_once('=').ok_or_else(|| format!("expected NAME=VALUE, got {s:?}"))?;
    let (id, name) = key.rsplit_once('.').map_or(("", key), |(i, n)| (i, n));
    parse_param(&format!("{name}={value}"))?;
    Ok((
        if id.is_empty() { name.trim().to_string() } else { format!("{}.{}", id.trim(), name.trim()) },
        value.to_string(),
    ))
}

pub fn parse_param(s: &str) -> Result<(String, String), String> {
    let (name, value) = s.split_once('=').ok_or_else(|| format!("expected NAME=VALUE, got {s:?}"))?;
    let name = name.trim().trim_start_matches('$');
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("parameter names are letters, digits and _: {name:?}"));
    }
    Ok((name.to_string(), value.to_string()))
}
