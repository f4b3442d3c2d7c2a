//! `trailhound ingest`: input objects → records → the lake, once each.
//!
//! Objects are decoded in parallel (rayon, one object per task); a single writer thread
//! buffers and writes partitions. Every record is either stored, counted as a duplicate of
//! an eventID already in the lake, or rejected with its reason, so the counts reconcile:
//! `seen = stored + duplicates + rejected`.

pub mod decompress;
pub mod event;
pub mod feed;
pub mod finding;
pub mod manifest_rows;
pub mod summary;

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::Ordering;
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use anyhow::{Context, Result};
use arrow::array::{AsArray, RecordBatch};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::lake::cloudtrail_batch::{self, Provenance};
use crate::lake::partition::PartitionKey;
use crate::lake::writer::PartitionedWriter;
use crate::lake::{self, Lake, guardduty_batch, parquet_file, schema};
use crate::shape::{self, Problem, Shape};
use crate::source::s3::{self, S3Options, S3Session, S3Uri};
use crate::source::{InputObject, Location, local, s3_key_of};
use manifest_rows::{RejectRow, SourceRow};
pub use summary::Summary;

pub struct IngestOptions {
    pub lake: PathBuf,
    pub inputs: Vec<String>,
    pub max_object_bytes: u64,
    /// Skip shape detection and read every object as this shape.
    pub shape: Option<Shape>,
    pub progress: bool,
    /// Bytes of Arrow data buffered before the largest partition is flushed to a file.
    pub memory_budget: usize,
    /// How `s3://` inputs are reached and pruned.
    pub s3: S3Options,
}

impl IngestOptions {
    pub fn new(lake: PathBuf, inputs: Vec<String>) -> Self {
        IngestOptions {
            lake,
            inputs,
            max_object_bytes: 256 << 20,
            shape: None,
            progress: false,
            memory_budget: 64 << 20,
            s3: S3Options::default(),
        }
    }
}

/// What decoding one object produced.
struct Outcome {
    source: SourceRow,
    batches: Vec<(PartitionKey, RecordBatch)>,
    finding_batches: Vec<(PartitionKey, RecordBatch)>,
    problems: Vec<Problem>,
}

/// Dedupe state shared by the decoding threads.
struct Seen {
    objects: Mutex<HashSet<String>>,
    events: Mutex<HashSet<u128>>,
    /// GuardDuty finding versions: (id, updatedAt).
    findings: Mutex<HashSet<u128>>,
}

pub fn run(options: &IngestOptions) -> Result<Summary> {
    let started = Instant::now();
    let lake = Lake::new(&options.lake);
    let lock = lake.lock_for_writing()?;
    let mut summary = Summary::default();
    summary.notes = lake.recover(&lock)?;

    let session =
        options.inputs.iter().any(|i| s3::is_s3_uri(i)).then(|| S3Session::connect(&options.s3)).transpose()?;
    let mut objects = enumerate(options, session.as_ref(), &mut summary)?;
    // Incremental: an object whose (uri, ETag) is in the manifest was read before, unchanged.
    let known = lake.ingested_etags()?;
    objects.retain(|o| {
        let unchanged = o.etag.as_ref().is_some_and(|etag| known.contains(&(o.uri.clone(), etag.clone())));
        summary.unchanged += unchanged as u64;
        !unchanged
    });
    let seen = Seen {
        objects: Mutex::new(lake.ingested_hashes()?),
        events: Mutex::new(load_event_ids(&lake)?),
        findings: Mutex::new(load_finding_versions(&lake)?),
    };
    let run_id = new_run_id();
    let staging = lake.staging_dir(&run_id);
    let progress = summary::progress_bar(objects.iter().map(|o| o.size).sum(), options.progress);

    let (sender, receiver) = sync_channel::<Outcome>(8);
    let feed = feed::Feed::new(&objects, session.as_ref(), options.max_object_bytes);
    let writer_result = std::thread::scope(|scope| {
        let writer = scope.spawn(|| -> Result<_> {
            let mut writer = PartitionedWriter::new(
                staging.clone(),
                lake::CLOUDTRAIL,
                schema::CLOUDTRAIL_FILE.clone(),
                schema::eventtime_index(),
                &run_id,
                options.memory_budget,
            );
            let mut finding_writer = PartitionedWriter::new(
                staging.clone(),
                lake::GUARDDUTY,
                schema::GUARDDUTY_FILE.clone(),
                schema::updatedat_index(),
                &run_id,
                16 << 20,
            );
            let mut sources = Vec::new();
            let mut rejects = Vec::new();
            for outcome in receiver {
                for (key, batch) in outcome.batches {
                    writer.push(key, batch)?;
                }
                for (key, batch) in outcome.finding_batches {
                    finding_writer.push(key, batch)?;
                }
                for problem in outcome.problems {
                    rejects.push(RejectRow::new(&outcome.source, problem));
                }
                sources.push(outcome.source);
            }
            let written = writer.finish()?.bytes_written + finding_writer.finish()?.bytes_written;
            Ok((written, sources, rejects))
        });
        // Workers take objects in path order, so the partitions being filled at any moment
        // are few (the bucket layout groups account, region and day): each is flushed whole
        // once the run has moved past it, instead of in many small files.
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        for _ in 0..workers {
            let sender = sender.clone();
            let (feed, seen, progress) = (&feed, &seen, &progress);
            scope.spawn(move || {
                while let Some(taken) = feed.next() {
                    let size = taken.object.size;
                    if let Some(outcome) = process(taken, options, seen) {
                        // The writer only stops receiving when it failed; its error is reported below.
                        let _ = sender.send(outcome);
                    }
                    progress.inc(size);
                }
            });
        }
        drop(sender);
        writer.join().expect("writer thread panicked")
    });
    progress.finish_and_clear();
    let (bytes_written, sources, rejects) = writer_result?;
    summary.fetched = feed.fetched.load(Ordering::Relaxed);
    summary.fetched_bytes = feed.fetched_bytes.load(Ordering::Relaxed);
    summary.fetch_failures = feed.fetch_failures.load(Ordering::Relaxed);
    drop(feed);

    summary.objects = objects.len() as u64;
    summary.bytes_in = objects.iter().map(|o| o.size).sum();
    summary.absorb(&sources, &rejects);
    if !sources.is_empty() {
        let now = chrono::Utc::now();
        let source_batch = manifest_rows::sources_batch(&sources, &run_id, now);
        let reject_batch = manifest_rows::rejects_batch(&rejects, &run_id);
        let props = parquet_file::table_properties();
        parquet_file::write(&staging.join("rejects.parquet"), schema::REJECTS.clone(), &[reject_batch], props.clone())?;
        parquet_file::write(&staging.join("sources.parquet"), schema::SOURCES.clone(), &[source_batch], props)?;
        lake.commit(&lock, &run_id).context("committing the run")?;
        summary.run_id = Some(run_id);
    } else if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    summary.bytes_out = bytes_written;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The inputs' objects in order: local paths walked, `s3://` prefixes listed (pruned by the key
/// layout). Prefixes that could not be listed go to the summary.
fn enumerate(options: &IngestOptions, session: Option<&S3Session>, summary: &mut Summary) -> Result<Vec<InputObject>> {
    let mut objects = Vec::new();
    for input in &options.inputs {
        let Some(session) = session.filter(|_| s3::is_s3_uri(input)) else {
            objects.extend(local::enumerate(std::slice::from_ref(input), options.max_object_bytes)?);
            continue;
        };
        let listing = session.list(&S3Uri::parse(input)?, &options.s3.filter);
        summary.listed += listing.objects.len() as u64;
        summary.list_requests += listing.requests;
        summary.unlisted.extend(listing.unlisted);
        objects.extend(listing.objects.into_iter().map(|o| InputObject {
            uri: o.uri(),
            key: s3_key_of(&o.key),
            size: o.size,
            etag: o.etag,
            location: Location::S3 { bucket: o.bucket, key: o.key },
        }));
    }
    Ok(objects)
}

/// Decodes one object. `None` when its exact content is already in the lake.
fn process(taken: feed::Taken, options: &IngestOptions, seen: &Seen) -> Option<Outcome> {
    let object = taken.object;
    let mut source = SourceRow::new(object);
    if taken.etag.is_some() {
        source.etag = taken.etag;
    }
    let raw = match taken.raw {
        Ok(raw) => raw,
        Err(reason) => return Some(source.failed(reason)),
    };
    source.sha256 = hex::encode(Sha256::digest(raw.as_slice()));
    if !seen.objects.lock().expect("lock").insert(source.sha256.clone()) {
        // Same bytes as an object already loaded. An S3 object still gets a row naming its
        // (uri, ETag), so that the next run does not fetch it again (a bucket first loaded
        // from an `aws s3 sync` copy, say); its records are not read twice.
        if source.etag.is_none() {
            return None;
        }
        source.shape = manifest_rows::ALREADY_INGESTED.to_string();
        return Some(Outcome { source, batches: Vec::new(), finding_batches: Vec::new(), problems: Vec::new() });
    }
    if raw.is_empty() {
        return Some(source.failed("empty file".to_string()));
    }
    let mut doc = match decompress::decompress(&raw, options.max_object_bytes) {
        Ok(doc) => doc,
        Err(reason) => return Some(source.failed(reason)),
    };
    // CloudWatch Logs subscription payloads often travel base64-encoded (Kinesis, Firehose).
    if !doc.gzip
        && let Some(decoded) = decompress::base64_gzip(&doc.bytes)
    {
        doc = match decompress::decompress(&decoded, options.max_object_bytes) {
            Ok(doc) => doc,
            Err(reason) => return Some(source.failed(reason)),
        };
    }
    drop(raw);
    let mut problems = Vec::new();
    if let Some(damage) = &doc.damage {
        problems.push(Problem::object(None, damage.clone()));
    }
    let shape = match options.shape.map_or_else(|| shape::detect(&doc.bytes), Ok) {
        Ok(shape) => shape,
        Err(_) if !doc.gzip && looks_binary(&doc.bytes) => {
            return Some(source.failed("not gzip and not JSON: binary content".to_string()));
        }
        Err(reason) => return Some(source.failed(reason)),
    };
    source.shape = shape.name().to_string();
    if !shape.holds_events() {
        return Some(Outcome { source, batches: Vec::new(), finding_batches: Vec::new(), problems });
    }
    let split = shape::split(shape, &doc.bytes);
    problems.extend(split.problems);
    source.records = (split.records.len() + split.findings.len()) as u64
        + problems.iter().filter(|p| p.record_index.is_some()).count() as u64;

    let mut events = Vec::with_capacity(split.records.len());
    for record in &split.records {
        match event::parse(&record.bytes, record.index) {
            Ok(event) => events.push(event),
            Err(e) => problems.push(record.rejected("record", e)),
        }
    }
    let mut findings = Vec::with_capacity(split.findings.len());
    for text in &split.findings {
        match finding::parse(&text.bytes, text.index) {
            Ok(f) => findings.push(f),
            Err(e) => problems.push(text.rejected("finding", e)),
        }
    }
    {
        let mut ids = seen.events.lock().expect("lock");
        events.retain(|e| ids.insert(event_key(&e.id)));
    }
    {
        let mut versions = seen.findings.lock().expect("lock");
        findings.retain(|f| versions.insert(finding_key(&f.id, f.updated_us)));
    }
    source.rejected = problems.iter().filter(|p| p.record_index.is_some()).count() as u64;
    source.stored = (events.len() + findings.len()) as u64;
    source.duplicates = source.records - source.stored - source.rejected;
    source.first_eventtime = events.iter().map(|e| e.time_us).chain(findings.iter().map(|f| f.updated_us)).min();
    source.last_eventtime = events.iter().map(|e| e.time_us).chain(findings.iter().map(|f| f.updated_us)).max();
    if problems.iter().any(|p| p.record_index.is_none()) && source.error.is_none() {
        source.error = problems.iter().find(|p| p.record_index.is_none()).map(|p| p.reason.clone());
    }

    let (key_account, key_region) = object.key_account_region();
    let mut groups: BTreeMap<PartitionKey, Vec<event::Event>> = BTreeMap::new();
    for e in events {
        let account = event::text(e.fields.recipientaccountid);
        let region = event::text(e.fields.awsregion);
        let key = PartitionKey::new(account.as_deref().or(key_account), region.as_deref().or(key_region), e.time_us);
        groups.entry(key).or_default().push(e);
    }
    let mut finding_groups: BTreeMap<PartitionKey, Vec<finding::Finding>> = BTreeMap::new();
    for f in findings {
        let account = finding::text_at(&f.value, &["accountId"]);
        let region = finding::text_at(&f.value, &["region"]);
        let key = PartitionKey::new(
            account.as_deref().or(key_account),
            region.as_deref().or(key_region),
            f.created_us.unwrap_or(f.updated_us),
        );
        finding_groups.entry(key).or_default().push(f);
    }
    let provenance = Provenance { uri: &source.uri, sha256: &source.sha256 };
    let batches =
        groups.into_iter().map(|(key, events)| (key, cloudtrail_batch::build(&events, &provenance))).collect();
    let finding_batches = finding_groups
        .into_iter()
        .map(|(key, findings)| (key, guardduty_batch::build(&findings, &provenance)))
        .collect();
    Some(Outcome { source, batches, finding_batches, problems })
}

/// Control bytes other than whitespace near the start: not text, whatever the file is called.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(512).any(|&b| b < 0x09 || (b > 0x0d && b < 0x20) || b == 0x7f)
}

/// Dedupe key of an eventID: 128 bits, so collisions are out of reach at any corpus size.
fn event_key(id: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(id.as_bytes())
}

/// Dedupe key of one version of a GuardDuty finding.
fn finding_key(id: &str, updated_us: i64) -> u128 {
    xxhash_rust::xxh3::xxh3_128(format!("{id}|{updated_us}").as_bytes())
}

fn load_finding_versions(lake: &Lake) -> Result<HashSet<u128>> {
    let mut keys = HashSet::new();
    for file in lake.finding_files()? {
        for batch in parquet_file::read_columns(&file, &["id", "updatedat"])? {
            let ids = batch.column(0).as_string::<i32>();
            let times = batch.column(1).as_primitive::<arrow::datatypes::TimestampMicrosecondType>();
            for (id, t) in ids.iter().zip(times.iter()) {
                if let (Some(id), Some(t)) = (id, t) {
                    keys.insert(finding_key(id, t));
                }
            }
        }
    }
    Ok(keys)
}

fn load_event_ids(lake: &Lake) -> Result<HashSet<u128>> {
    let files = lake.event_files()?;
    let parts: Vec<Vec<u128>> = files
        .par_iter()
        .map(|file| -> Result<Vec<u128>> {
            let mut keys = Vec::new();
            for batch in parquet_file::read_columns(file, &["eventid"])? {
                keys.extend(batch.column(0).as_string::<i32>().iter().flatten().map(event_key));
            }
            Ok(keys)
        })
        .collect::<Result<_>>()?;
    let mut ids = HashSet::with_capacity(parts.iter().map(Vec::len).sum());
    ids.extend(parts.into_iter().flatten());
    Ok(ids)
}

fn new_run_id() -> String {
    use std::hash::{BuildHasher, RandomState};
    let now = chrono::Utc::now();
    let salt = RandomState::new().hash_one((std::process::id(), now.timestamp_nanos_opt()));
    format!("{}{:08x}", now.format("%Y%m%dT%H%M%S%3fZ"), salt as u32)
}

impl Outcome {
    fn from_failure(source: SourceRow) -> Self {
        let problem = Problem::object(None, source.error.clone().unwrap_or_default());
        Outcome { source, batches: Vec::new(), finding_batches: Vec::new(), problems: vec![problem] }
    }
}

impl SourceRow {
    fn failed(mut self, reason: String) -> Outcome {
        self.error = Some(reason);
        Outcome::from_failure(self)
    }
}
