//! Killing an ingest at any moment leaves a lake that queries fine; the next run completes the
//! job and every record is stored exactly once.

mod common;

use std::process::{Command, Stdio};
use std::time::Instant;

use common::*;

#[test]
fn kill_9_mid_ingest_then_rerun_stores_each_record_once() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    run_ok(&["generate", "--out", logs.to_str().unwrap(), "--events", "20000", "--per-file", "60", "--seed", "7"]);
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(logs.join("scenarios.truth.json")).unwrap()).unwrap();
    let unique = truth["unique_events"].as_u64().unwrap();
    let lake = dir.path().join("lake");
    let l = lake.to_str().unwrap();

    // Measure a full run's duration once, then kill runs at several points inside it.
    let started = Instant::now();
    let reference = dir.path().join("reference");
    run_ok(&["ingest", logs.to_str().unwrap(), "--lake", reference.to_str().unwrap(), "--quiet", "--memory-mib", "1"]);
    let full = started.elapsed();

    for fraction in [0.15, 0.5, 0.85] {
        let mut child = Command::new(bin())
            .args(["ingest", logs.to_str().unwrap(), "--lake", l, "--quiet", "--memory-mib", "1"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(fraction));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Whatever state the kill left, the lake must query, and never hold a record twice.
        if lake.join("sources").is_dir() {
            let counts = query_json(&lake, "SELECT count(*) AS n, count(DISTINCT eventid) AS d FROM cloudtrail", &[]);
            assert_eq!(counts[0]["n"], counts[0]["d"], "a record is visible twice after a kill at {fraction}");
        }
    }
    let r = run_ok(&["ingest", logs.to_str().unwrap(), "--lake", l]);
    assert_eq!(scalar(&lake, "SELECT count(*) FROM cloudtrail").as_u64(), Some(unique), "{}", r.stderr);
    assert_eq!(scalar(&lake, "SELECT count(DISTINCT eventid) FROM cloudtrail").as_u64(), Some(unique));
    let objects = log_files(&logs).len() as u64 + 1; // the log files and the GuardDuty export
    assert_eq!(scalar(&lake, "SELECT count(DISTINCT sha256) FROM sources").as_u64(), Some(objects));
    assert!(!std::fs::read_dir(lake.join(".staging")).unwrap().any(|_| true), "staging is left behind");
    // A further run finds nothing to do.
    let again = run_ok(&["ingest", logs.to_str().unwrap(), "--lake", l]);
    assert!(again.stderr.contains(&format!("0 read, {objects} already in the lake")), "{}", again.stderr);
}

#[test]
fn crashes_at_each_commit_stage_are_rolled_back_or_forward() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    run_ok(&["generate", "--out", logs.to_str().unwrap(), "--events", "3000", "--per-file", "50", "--seed", "9"]);
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(logs.join("scenarios.truth.json")).unwrap()).unwrap();
    let unique = truth["unique_events"].as_u64().unwrap();
    for (fault, note) in [
        ("after-first-file", "discarded the uncommitted run"),
        ("after-commit-marker", "completed the interrupted run"),
        ("mid-publish", "completed the interrupted run"),
    ] {
        let lake = dir.path().join(format!("lake-{fault}"));
        let l = lake.to_str().unwrap();
        let crashed = Command::new(bin())
            .args(["ingest", logs.to_str().unwrap(), "--lake", l, "--quiet", "--memory-mib", "1"])
            .env("TRAILHOUND_FAULT", fault)
            .output()
            .unwrap();
        assert!(!crashed.status.success(), "{fault}: the fault did not fire");
        // The interrupted lake still answers queries and never shows a record twice.
        let counts = query_json(&lake, "SELECT count(*) AS n, count(DISTINCT eventid) AS d FROM cloudtrail", &[]);
        assert_eq!(counts[0]["n"], counts[0]["d"], "{fault}");
        let rerun = run_ok(&["ingest", logs.to_str().unwrap(), "--lake", l]);
        assert!(rerun.stderr.contains(note), "{fault}: expected {note:?} in {}", rerun.stderr);
        assert_eq!(
            scalar(&lake, "SELECT count(*) FROM cloudtrail").as_u64(),
            Some(unique),
            "{fault}: {}",
            rerun.stderr
        );
        assert_eq!(scalar(&lake, "SELECT count(DISTINCT eventid) FROM cloudtrail").as_u64(), Some(unique), "{fault}");
    }
}
