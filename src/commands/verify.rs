//! `trailhound verify`.

use std::io::Write;
use std::process::ExitCode;

use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::acquire::{self, AcquireOptions};
use crate::cli::VerifyArgs;
use crate::verify::chain::{self, Options};
use crate::verify::keys::PublicKeys;
use crate::verify::report::{Report, VerifyFormat};
use crate::verify::{lake_table, local};

pub fn run(args: VerifyArgs) -> Result<ExitCode> {
    let mut keys = PublicKeys::default();
    for file in &args.public_keys {
        keys.load(file)?;
    }
    let mut notes = Vec::new();
    if args.public_keys.is_empty() {
        notes.push(
            "no --public-keys: signatures were not checked (aws cloudtrail list-public-keys --start-time … > keys.json)"
                .to_string(),
        );
    }
    let window = super::inputs::window(args.since.as_deref(), args.until.as_deref())?;
    let options =
        Options { since_us: window.since_us, until_us: window.until_us, max_object_bytes: args.max_object_bytes };
    let (dir, complete) = if crate::source::s3::is_s3_uri(&args.source) {
        acquire_first(&args, window)?
    } else {
        (PathBuf::from(&args.source), true)
    };
    if !complete {
        notes.push(
            "the copy from S3 is incomplete (see the errors above): objects that could not be read are not verified"
                .into(),
        );
    }
    let inventory = local::inventory(&dir, args.manifest.as_deref())?;
    if inventory.objects.is_empty() {
        bail!(
            "no CloudTrail log or digest files under {} (expected AWSLogs/<account>/CloudTrail/… and CloudTrail-Digest/…)",
            dir.display()
        );
    }
    if inventory.manifest_entries == 0 {
        notes.push(format!(
            "no acquisition manifest ({}): the newest digest of each trail cannot be verified offline",
            local::MANIFEST_NAME
        ));
    }
    if inventory.ignored > 0 {
        notes.push(format!("{} file(s) that are neither CloudTrail logs nor digests were skipped", inventory.ignored));
    }
    let outcome = chain::verify(&inventory.objects, &keys, &options);
    if outcome.trails.is_empty() {
        notes.push("no CloudTrail-Digest files: nothing here can be proven intact".to_string());
    }
    let root = if crate::source::s3::is_s3_uri(&args.source) {
        args.source.clone()
    } else {
        std::path::absolute(&dir).unwrap_or(dir.clone()).display().to_string()
    };
    let report = Report::new(new_run_id(), root, outcome.checks, outcome.trails, notes, args.allow_unsigned_newest);
    {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        match args.format {
            VerifyFormat::Table => report.write_table(&mut out)?,
            VerifyFormat::Json => report.write_json(&mut out)?,
        }
        out.flush()?;
    }
    if let Some(lake) = &args.lake {
        lake_table::write(lake, &report)?;
        eprintln!("recorded {} result(s) in {} (table log_validation)", report.checks.len(), lake.display());
    }
    Ok(if !complete {
        ExitCode::from(2)
    } else if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Copies the S3 objects into the evidence folder (resumable, with each digest's signature
/// metadata), so that verification itself runs offline on exactly what was acquired.
fn acquire_first(args: &VerifyArgs, window: crate::engine::TimeWindow) -> Result<(PathBuf, bool)> {
    let dir = match &args.acquire_to {
        Some(dir) => dir.clone(),
        None => {
            let key = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(args.source.as_bytes()));
            crate::user_dirs::cache().join("acquired").join(key)
        }
    };
    let options = AcquireOptions {
        source: args.source.clone(),
        dir: dir.clone(),
        s3: args.s3.options(window.since_us, window.until_us),
    };
    let summary = acquire::run(&options)?;
    if !args.quiet || summary.incomplete() {
        eprintln!("acquired into {}", dir.display());
        eprint!("{}", summary.render());
    }
    Ok((dir, !summary.incomplete()))
}

fn new_run_id() -> String {
    use std::hash::{BuildHasher, RandomState};
    let now = chrono::Utc::now();
    let salt = RandomState::new().hash_one((std::process::id(), now.timestamp_nanos_opt()));
    format!("verify-{}{:08x}", now.format("%Y%m%dT%H%M%S%3fZ"), salt as u32)
}
