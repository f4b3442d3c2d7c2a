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
                  then answers questions over it in SQL that Athena users already know, hunts with a \
                  catalog of detections, and guides a responder through incident-response playbooks \
                  in a REPL that journals every step and writes the report.",
    after_help = "Examples:\n  \
        trailhound ingest sample-logs --lake case.lake\n  \
        trailhound query --lake case.lake \"SELECT eventname, count(*) FROM cloudtrail GROUP BY 1 ORDER BY 2 DESC LIMIT 10\"\n  \
        trailhound hunt --lake case.lake --format sarif --output hunt.sarif\n  \
        trailhound repl --lake case.lake\n  \
        trailhound playbook run compromised-iam-credentials --lake case.lake --param key=AKIA... --report incident.md\n  \
        trailhound verify ~/case-42 --public-keys keys.json --lake case.lake\n  \
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
    /// guardduty_history, guardduty_activity, sources, rejects, log_validation.
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
    /// The ordered activity of an access key, principal ARN, source IP or resource.
    #[command(after_help = "The kind is recognized from the value (AKIA…/ASIA… key, IP address, IAM/STS ARN; \
        anything else is searched for in requests, responses and resources); --kind overrides it.\n\n\
        Examples:\n  \
        trailhound timeline AKIA8DB2F885413AF7AA --lake case.lake\n  \
        trailhound timeline 203.0.113.66 sample-logs --format csv > ip.csv")]
    Timeline(TimelineArgs),
    /// What a responder asks first about a key, principal, IP or resource: first/last seen, APIs,
    /// regions, IPs and user agents, errors, resources touched, identities created, roles assumed.
    #[command(after_help = "Examples:\n  \
        trailhound summary AKIA8DB2F885413AF7AA --lake case.lake\n  \
        trailhound summary arn:aws:iam::111122223333:user/ci-deploy sample-logs --format json")]
    Summary(SummaryArgs),
    /// The responder's shell: SQL, case variables, timelines, hunts and guided playbooks, with a
    /// journal of everything done and a Markdown report at the end.
    #[command(after_help = "Inside, \\help lists the commands. SQL runs until `;`. Case variables \
        (\\set key AKIA…) are bound as $key in SQL, never pasted into it. Ctrl-C cancels a running \
        query; Ctrl-D leaves.\n\n\
        The case directory (--case, default under $XDG_DATA_HOME/trailhound/cases/) holds the \
        append-only journal; reopening it resumes the case. History is kept private (mode 0600) in \
        $XDG_STATE_HOME/trailhound/history, never in the working directory: it holds indicators.\n\n\
        Examples:\n  \
        trailhound repl sample-logs\n  \
        trailhound repl --lake case.lake --case ./case-42")]
    Repl(ReplArgs),
    /// Write a case's Markdown incident report from its journal and the lake (what `\report` does
    /// in the REPL), e.g. after the responders have closed their sessions.
    #[command(after_help = "The lake defaults to the one the case was opened on (its journal says which).\n\n\
        Example:\n  trailhound report --case ~/.local/share/trailhound/cases/20241204T031500Z --output incident.md")]
    Report(ReportArgs),
    /// Incident-response playbooks: list them, read one, or run one non-interactively.
    Playbook {
        #[command(subcommand)]
        action: PlaybookAction,
    },
    /// Write a deterministic, realistic CloudTrail corpus with embedded attack scenarios.
    Generate(GenerateArgs),
    /// Prove a local copy of CloudTrail logs intact, offline: digest signatures, the digest
    /// hash chain, every log file's hash, and what is missing, added or uncovered.
    #[command(after_help = VERIFY_HELP)]
    Verify(VerifyArgs),
}

/// Where the evidence comes from: a lake, or raw logs loaded into a cache lake first.
#[derive(Args, Debug, Clone)]
pub struct EvidenceArgs {
    /// Raw log files or directories (ingested into a cache lake first, or into --lake).
    #[arg(value_name = "SRC")]
    pub sources: Vec<String>,
    /// The lake (default: trailhound.lake, or a cache lake when SRC is given).
    #[arg(long, short = 'l', env = "TRAILHOUND_LAKE")]
    pub lake: Option<PathBuf>,
    /// Only events at or after this time (RFC 3339, or a date: that day's start, UTC).
    #[arg(long)]
    pub since: Option<String>,
    /// Only events before this time (RFC 3339), or up to the end of this date.
    #[arg(long)]
    pub until: Option<String>,
    /// No progress and no ingest summary.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub s3: S3Args,
}

#[derive(Args, Debug)]
pub struct TimelineArgs {
    /// An access key id, principal ARN, source IP, or any resource name.
    pub subject: String,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
    /// What SUBJECT is, when the guess from its form is wrong.
    #[arg(long, value_enum)]
    pub kind: Option<crate::investigate::subject::SubjectKind>,
    /// Most events shown.
    #[arg(long, default_value_t = crate::investigate::timeline::DEFAULT_LIMIT)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Longest table cell shown before it is cut (0: never cut).
    #[arg(long, default_value_t = 40)]
    pub max_width: usize,
}

#[derive(Args, Debug)]
pub struct SummaryArgs {
    /// An access key id, principal ARN, source IP, or any resource name.
    pub subject: String,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
    #[arg(long, value_enum)]
    pub kind: Option<crate::investigate::subject::SubjectKind>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[arg(long, default_value_t = 60)]
    pub max_width: usize,
}

#[derive(Args, Debug)]
pub struct ReplArgs {
    #[command(flatten)]
    pub evidence: EvidenceArgs,
    /// The case directory (journal, exports, report); an existing one is resumed.
    #[arg(long, value_name = "DIR")]
    pub case: Option<PathBuf>,
    /// Also load the playbooks in this directory (same id replaces a built-in one).
    #[arg(long, value_name = "DIR")]
    pub playbooks: Option<PathBuf>,
    /// Longest table cell shown before it is cut (\row N shows a row whole).
    #[arg(long, default_value_t = 60)]
    pub max_width: usize,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The case directory (it holds journal.ndjson).
    #[arg(long, value_name = "DIR")]
    pub case: PathBuf,
    /// The lake (default: the one named in the case journal).
    #[arg(long, short = 'l')]
    pub lake: Option<PathBuf>,
    /// Where to write the report (default: report.md in the case directory). An existing file is
    /// replaced only if it is an earlier report of this case.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also load the playbooks in this directory (for cases that followed custom playbooks).
    #[arg(long, value_name = "DIR")]
    pub playbooks: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum PlaybookAction {
    /// One line per playbook: id, severity, steps, title.
    List {
        #[arg(long, value_name = "DIR")]
        playbooks: Option<PathBuf>,
    },
    /// A playbook's inputs and steps, phase by phase, with their queries and commands.
    Show {
        id: String,
        #[arg(long, value_name = "DIR")]
        playbooks: Option<PathBuf>,
    },
    /// Run every step of a playbook non-interactively, journal it, and write the report.
    #[command(after_help = "Each step's queries run with the --param values bound; values the \
        steps collect (new keys, IPs, users) feed the later steps. AWS CLI commands are rendered \
        with the values found and printed, never run.\n\n\
        Example:\n  \
        trailhound playbook run compromised-iam-credentials sample-logs --param key=AKIA8DB2F885413AF7AA --report report.md\n\n\
        Exit status: 0 all queries ran, 2 a query failed or an input is missing.")]
    Run(PlaybookRunArgs),
}

#[derive(Args, Debug)]
pub struct PlaybookRunArgs {
    /// The playbook id (`trailhound playbook list`).
    pub id: String,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
    /// A case variable: name=value (repeatable; repeat a name for several values).
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,
    /// The case directory for the journal (default: a new one under $XDG_DATA_HOME/trailhound/cases/).
    #[arg(long, value_name = "DIR")]
    pub case: Option<PathBuf>,
    /// Write the Markdown report here (default: report.md in the case directory).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    #[arg(long, value_name = "DIR")]
    pub playbooks: Option<PathBuf>,
    /// Also run the detection catalog, so the report lists its findings.
    #[arg(long)]
    pub hunt: bool,
    #[arg(long, default_value_t = 40)]
    pub max_width: usize,
}
const VERIFY_HELP: &str = "\
What it checks (what `aws cloudtrail validate-logs` does online), per trail, newest digest to oldest:
  - each digest's SHA256withRSA signature, with the CloudTrail public key its fingerprint names;
  - the hash chain: previousDigestHashValue is the SHA-256 of the previous digest's content;
  - each listed log file: present, and the SHA-256 of its uncompressed content is the listed one;
  - digests missing from the chain, time no digest covers (gaps), and log files no digest lists.
Digests with an empty logFiles list are normal (nothing was delivered that hour).

Inputs:
  SOURCE s3://bucket[/prefix]: copied first (as `trailhound acquire` does, resumable) into
         --acquire-to DIR (default: a folder under the user's cache), then verified offline;
         or DIR, a copy of the trail bucket: AWSLogs/<account>/CloudTrail/… and …/CloudTrail-Digest/…
         (organization trails: AWSLogs/o-xxxx/<account>/…), e.g. from
           aws s3 sync s3://TRAIL-BUCKET/AWSLogs/111122223333/ ./case/AWSLogs/111122223333/
         or `trailhound acquire`, which also keeps each digest's S3 signature metadata in
         DIR/acquire-manifest.jsonl (read automatically).
  --public-keys FILE   CloudTrail's public keys for the period, per region:
           aws cloudtrail list-public-keys --region us-east-1 \\
             --start-time 2024-05-01T00:00:00Z --end-time 2024-06-01T00:00:00Z > keys.json
         (repeat --public-keys for several regions).
  AWS permissions to collect them: cloudtrail:ListPublicKeys; s3:ListBucket and s3:GetObject on
  the trail bucket. Verification itself runs offline.

The newest digest's own signature exists only in S3 object metadata (x-amz-meta-signature), which
`aws s3 sync` drops; every older digest is verified through the signature its successor carries.
Without the acquisition manifest the newest digest of each trail is reported as unverifiable,
and so are the log files it lists. That fails the run unless --allow-unsigned-newest accepts it
(the newest hour can then have been altered together with its digest).

Statuses: valid, modified, missing, not_in_digest, bad_signature, unverifiable, gap.

Examples:
  trailhound verify ./case --public-keys keys.json
  trailhound verify s3://trail-bucket/AWSLogs/111122223333/ --public-keys keys.json --acquire-to ./case
  trailhound verify ./case --public-keys keys.json --since 2024-05-01 --format json
  trailhound verify ./case --public-keys keys.json --lake case.lake
  trailhound query --lake case.lake \"SELECT status, count(*) FROM log_validation GROUP BY 1\"

Exit status: 0 every digest and log file checked was proven intact; 1 any problem, or anything
unverifiable (except the newest digests with --allow-unsigned-newest); 2 error (unreadable
input, no CloudTrail files found).";

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

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The folder holding the copy of the trail bucket (its AWSLogs/ tree, at any depth), or an
    /// s3://bucket[/prefix] to acquire and then verify.
    #[arg(value_name = "SOURCE")]
    pub source: String,
    /// With an s3:// SOURCE: the evidence folder the objects are copied into (kept, resumable).
    #[arg(long, value_name = "DIR")]
    pub acquire_to: Option<PathBuf>,
    #[command(flatten)]
    pub s3: S3Args,
    /// No progress and no acquisition summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Output of `aws cloudtrail list-public-keys` (repeatable: one per region).
    #[arg(long, value_name = "FILE")]
    pub public_keys: Vec<PathBuf>,
    /// The acquisition manifest (default: DIR/acquire-manifest.jsonl when present).
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Only digests covering time at or after this, and logs delivered then (RFC 3339 or a date).
    #[arg(long)]
    pub since: Option<String>,
    /// Only digests covering time before this, and logs delivered before it (or up to the end
    /// of this date).
    #[arg(long)]
    pub until: Option<String>,
    #[arg(long, value_enum, default_value_t = crate::verify::report::VerifyFormat::Table)]
    pub format: crate::verify::report::VerifyFormat,
    /// Also record the results in this lake, as the `log_validation` table.
    #[arg(long, value_name = "DIR")]
    pub lake: Option<PathBuf>,
    /// Do not fail the run because the newest digest of a trail (and the logs it lists) has no
    /// signature metadata; they are still reported as unverifiable.
    #[arg(long)]
    pub allow_unsigned_newest: bool,
    /// Largest uncompressed log file hashed; larger ones are reported unverifiable.
    #[arg(long, default_value_t = 1 << 30, value_name = "BYTES")]
    pub max_object_bytes: u64,
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
