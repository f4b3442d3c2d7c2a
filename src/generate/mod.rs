//! `trailhound generate`: a deterministic CloudTrail corpus in the real S3 key layout.
//!
//! Benign activity from several accounts, regions and identity types (users, assumed roles,
//! AWS services), data events and errors; re-delivered files that repeat events (duplicates);
//! and the attacks in [`scenarios`], listed with their event ids in `scenarios.truth.json`.
//! The same arguments always give byte-identical files.

pub mod benign;
pub mod guardduty;
pub mod record;
pub mod rng;
pub mod scenarios;
pub mod world;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use flate2::Compression;
use flate2::write::GzEncoder;
use rayon::prelude::*;
use serde_json::Value;

use crate::cli::GenerateArgs;
use rng::Rng;

const DAY_US: i64 = 86_400_000_000;
/// Chance that a log file is delivered twice, as a second file repeating part of it.
const REDELIVERY_CHANCE: f64 = 0.03;

type StreamKey = (String, String);

pub fn write_corpus(args: &GenerateArgs) -> Result<String> {
    let start = chrono::NaiveDate::parse_from_str(&args.start, "%Y-%m-%d")
        .with_context(|| format!("--start {:?} is not a YYYY-MM-DD date", args.start))?
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
        .timestamp_micros();
    let days = i64::from(args.days.max(2));
    let streams: Vec<(StreamKey, u32)> = world::ACCOUNTS
        .iter()
        .flat_map(|a| {
            world::REGIONS.iter().zip(world::REGION_WEIGHTS).map(|(r, w)| ((a.to_string(), r.to_string()), w))
        })
        .collect();
    let weight_sum: u64 = streams.iter().map(|(_, w)| u64::from(*w)).sum();
    let files_wanted = (args.events / args.per_file.max(1) as u64).max(1);
    let windows = (files_wanted / streams.len() as u64).max(1) as i64;
    let window_us = days * DAY_US / windows;

    let mut scenario_rng = Rng::derive(args.seed, &[u64::MAX]);
    let (placed, truths) = scenarios::build(&mut scenario_rng, start + DAY_US);
    let mut scenario_events: BTreeMap<(StreamKey, i64), Vec<Value>> = BTreeMap::new();
    for p in placed {
        let window = ((p.time_us - start) / window_us).clamp(0, windows - 1);
        scenario_events.entry(((p.account, p.region), window)).or_default().push(p.record);
    }

    let results: Vec<Result<(u64, u64, u64)>> = (0..windows)
        .into_par_iter()
        .map(|w| {
            let mut totals = (0, 0, 0);
            let mut keys: Vec<StreamKey> = streams.iter().map(|(k, _)| k.clone()).collect();
            keys.extend(scenario_events.keys().filter(|(_, sw)| *sw == w).map(|(k, _)| k.clone()));
            keys.sort();
            keys.dedup();
            for key in keys {
                let weight = streams.iter().find(|(k, _)| *k == key).map_or(0, |(_, w)| u64::from(*w));
                let share = args.events * weight / (weight_sum * windows as u64);
                let mut rng =
                    Rng::derive(args.seed, &[w as u64, xxhash_rust::xxh3::xxh3_64(format!("{key:?}").as_bytes())]);
                let count = if share == 0 {
                    u64::from(rng.chance((args.events * weight) as f64 / (weight_sum * windows as u64) as f64))
                } else {
                    share
                };
                let mut records = benign_records(&mut rng, &key, start + w * window_us, window_us, count);
                totals.0 += records.len() as u64;
                if let Some(extra) = scenario_events.get(&(key.clone(), w)) {
                    records.extend(extra.iter().cloned());
                }
                if records.is_empty() {
                    continue;
                }
                shuffle(&mut rng, &mut records);
                let delivered = start + (w + 1) * window_us + 5 * 60 * 1_000_000;
                write_log_file(&args.out, &key, delivered, &mut rng, &records)?;
                totals.2 += 1;
                if rng.chance(REDELIVERY_CHANCE) {
                    let repeat: Vec<Value> = records.iter().filter(|_| rng.chance(0.5)).cloned().collect();
                    if !repeat.is_empty() {
                        write_log_file(&args.out, &key, delivered + 60_000_000, &mut rng, &repeat)?;
                        totals.1 += repeat.len() as u64;
                        totals.2 += 1;
                    }
                }
            }
            Ok(totals)
        })
        .collect();
    let (mut benign, mut duplicates, mut files) = (0, 0, 0);
    for r in results {
        let (b, d, f) = r?;
        benign += b;
        duplicates += d;
        files += f;
    }
    let attack_events: usize = truths.iter().map(|t| t.events.len()).sum();
    let leak = &truths[0];
    let findings = guardduty::export_lines(&leak.account, leak.access_key.as_deref().unwrap_or_default());
    write_guardduty_export(&args.out, &leak.account, &findings)?;
    let truth = serde_json::json!({
        "seed": args.seed,
        "start": args.start,
        "days": days,
        "benign_events": benign,
        "attack_events": attack_events,
        "unique_events": benign + attack_events as u64,
        "duplicate_records": duplicates,
        "files": files,
        "guardduty_finding_versions": findings.len(),
        "guardduty_findings": {"non_sample": 1, "sample": 1},
        "scenarios": truths,
    });
    std::fs::create_dir_all(&args.out)?;
    std::fs::write(args.out.join("scenarios.truth.json"), serde_json::to_string_pretty(&truth)? + "\n")?;
    Ok(format!(
        "wrote {files} files to {}: {} unique events ({benign} benign, {attack_events} in {} attack scenarios) and {duplicates} re-delivered duplicates",
        args.out.display(),
        benign + attack_events as u64,
        truths.len()
    ))
}

fn benign_records(rng: &mut Rng, (account, region): &StreamKey, from_us: i64, span_us: i64, count: u64) -> Vec<Value> {
    let actors = world::actors(account);
    let weights: Vec<u32> = actors.iter().map(|(_, w)| *w).collect();
    (0..count)
        .map(|_| {
            let actor = &actors[rng.weighted(&weights)].0;
            let us = from_us + rng.below(span_us.max(1) as u64) as i64;
            let time = format_time(us);
            let call = benign::call(rng, actor, time, region);
            call.record(actor, rng).1
        })
        .collect()
}

fn format_time(us: i64) -> String {
    chrono::DateTime::from_timestamp_micros(us).expect("in range").format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn shuffle(rng: &mut Rng, items: &mut [Value]) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i as u64 + 1) as usize);
    }
}

fn write_guardduty_export(out: &Path, account: &str, findings: &[Value]) -> Result<()> {
    let dir = out.join(format!("AWSLogs/{account}/GuardDuty/us-east-1/2024/05/02"));
    std::fs::create_dir_all(&dir)?;
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    for f in findings {
        serde_json::to_writer(&mut gz, f)?;
        gz.write_all(b"\n")?;
    }
    std::fs::write(dir.join("7e2d5c1a-3b4f-4e8a-9c6d-1f2e3d4c5b6a.jsonl.gz"), gz.finish()?)?;
    Ok(())
}

fn write_log_file(
    out: &Path,
    (account, region): &StreamKey,
    delivered_us: i64,
    rng: &mut Rng,
    records: &[Value],
) -> Result<()> {
    let t = chrono::DateTime::from_timestamp_micros(delivered_us).expect("in range");
    let dir = out.join(format!("AWSLogs/{account}/CloudTrail/{region}/{}", t.format("%Y/%m/%d")));
    std::fs::create_dir_all(&dir)?;
    let name = format!("{account}_CloudTrail_{region}_{}_{}.json.gz", t.format("%Y%m%dT%H%MZ"), rng.token(16));
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(b"{\"Records\":[")?;
    for (i, r) in records.iter().enumerate() {
        if i > 0 {
            gz.write_all(b",")?;
        }
        serde_json::to_writer(&mut gz, r)?;
    }
    gz.write_all(b"]}")?;
    std::fs::write(dir.join(name), gz.finish()?)?;
    Ok(())
}
