//! `trailhound verify`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};

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
    let options = Options {
        since_us: args.since.as_deref().map(|s| super::inputs::parse_bound(s, false)).transpose()?,
        until_us: args.until.as_deref().map(|s| super::inputs::parse_bound(s, true)).transpose()?,
        max_object_bytes: args.max_object_bytes,
    };
    let inventory = local::inventory(&args.dir, args.manifest.as_deref())?;
    if inventory.objects.is_empty() {
        bail!(
            "no CloudTrail log or digest files under {} (expected AWSLogs/<account>/CloudTrail/… and CloudTrail-Digest/…)",
            args.dir.display()
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
    let root = std::path::absolute(&args.dir).unwrap_or(args.dir.clone()).display().to_string();
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
    Ok(if report.ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn new_run_id() -> String {
    use std::hash::{BuildHasher, RandomState};
    let now = chrono::Utc::now();
    let salt = RandomState::new().hash_one((std::process::id(), now.timestamp_nanos_opt()));
    format!("verify-{}{:08x}", now.format("%Y%m%dT%H%M%S%3fZ"), salt as u32)
}
