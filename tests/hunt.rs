//! `trailhound hunt` and `detections` through the real binary: exit codes, formats, selection,
//! parameters, custom rules, and the embedded attacks in sample-logs.

mod common;

use std::collections::HashSet;
use std::process::Command;

use common::*;

fn hunt_json(extra: &[&str]) -> (Run, serde_json::Value) {
    let lake = sample_lake();
    let mut args = vec!["hunt", "--lake", lake.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let r = run(&args);
    let v = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", r.stdout, r.stderr));
    (r, v)
}

fn finding_ids(report: &serde_json::Value, min: &[&str]) -> Vec<(String, HashSet<String>)> {
    report["detections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| min.contains(&d["severity"].as_str().unwrap()))
        .flat_map(|d| {
            let id = d["id"].as_str().unwrap().to_string();
            d["findings"].as_array().unwrap().iter().map(move |f| {
                let ids = f["eventids"].as_str().unwrap_or("").split(',').map(|s| s.trim().to_string()).collect();
                (id.clone(), ids)
            })
        })
        .collect()
}

#[test]
fn embedded_attacks_are_found_and_benign_traffic_raises_nothing_high() {
    let (r, report) = hunt_json(&[]);
    assert_eq!(r.code, 1, "findings exit 1: {}", r.stderr);
    assert_eq!(report["errors"], 0, "{}", r.stdout);
    let truth = truth();
    let attack_ids: HashSet<String> = truth["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["events"].as_array().unwrap().iter().map(|e| e["event_id"].as_str().unwrap().to_string()))
        .collect();
    let serious = finding_ids(&report, &["high", "critical"]);
    for (detection, ids) in &serious {
        assert!(
            ids.iter().any(|i| attack_ids.contains(i)),
            "{detection} raised a high/critical finding on benign traffic: {ids:?}"
        );
    }
    let all = finding_ids(&report, &["info", "low", "medium", "high", "critical"]);
    for scenario in truth["scenarios"].as_array().unwrap() {
        let ids: HashSet<String> = scenario["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["event_id"].as_str().unwrap().to_string())
            .collect();
        assert!(
            serious.iter().any(|(_, f)| f.iter().any(|i| ids.contains(i))),
            "scenario {} has no high/critical finding",
            scenario["id"]
        );
        // Every step of the leaked-key story shows up in some finding.
        if scenario["id"] == "leaked-key-exfiltration" {
            for step in [
                "StopLogging",
                "CreateUser",
                "AttachUserPolicy",
                "CreateAccessKey",
                "CreateLoginProfile",
                "GetObject",
                "GetCallerIdentity",
            ] {
                let step_ids: HashSet<String> = scenario["events"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|e| e["event_name"] == step)
                    .map(|e| e["event_id"].as_str().unwrap().to_string())
                    .collect();
                assert!(all.iter().any(|(_, f)| f.iter().any(|i| step_ids.contains(i))), "no finding covers {step}");
            }
        }
    }
}

#[test]
fn fail_on_sets_the_exit_code() {
    let l = sample_lake().to_str().unwrap().to_string();
    let r = run(&["hunt", "--lake", &l, "--only", "cloudtrail-logging-stopped", "-q"]);
    assert_eq!(r.code, 1);
    let below = run(&["hunt", "--lake", &l, "--only", "cloudtrail-logging-stopped", "--since", "2024-05-03", "-q"]);
    assert_eq!(below.code, 0, "{}{}", below.stdout, below.stderr);
    let high_only =
        run(&["hunt", "--lake", &l, "--min-severity", "high", "--fail-on", "critical", "--until", "2024-05-01", "-q"]);
    assert_eq!(high_only.code, 0, "no critical finding on the first day: {}", high_only.stdout);
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hunt.sarif");
    let l = sample_lake().to_str().unwrap().to_string();
    let r = run(&["hunt", "--lake", &l, "--format", "sarif", "--output", out.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let schema = sarif_schema();
    let (python, path) = python_with_jsonschema();
    let mut cmd = Command::new(python);
    cmd.args([
        "-c",
        "import json,sys,jsonschema\nschema=json.load(open(sys.argv[1]))\ndoc=json.load(open(sys.argv[2]))\njsonschema.Draft4Validator(schema).validate(doc)\nprint(len(doc['runs'][0]['results']))",
        schema.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    if let Some(p) = path {
        cmd.env("PYTHONPATH", p);
    }
    let v: Run = cmd.output().unwrap().into();
    assert_eq!(v.code, 0, "SARIF does not validate: {}", v.stderr);
    assert!(v.stdout.trim().parse::<u32>().unwrap() > 0);
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let result = &doc["runs"][0]["results"][0];
    assert!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().starts_with("file:///")
    );
}

#[test]
fn junit_is_well_formed_with_a_failure_per_detection_with_findings() {
    let l = sample_lake().to_str().unwrap().to_string();
    let r = run(&["hunt", "--lake", &l, "--format", "junit"]);
    assert_eq!(r.code, 1);
    let parsed = Command::new("python3")
        .args(["-c", "import sys,xml.etree.ElementTree as E\nr=E.fromstring(sys.stdin.read())\nprint(r.get('tests'), r.get('failures'), len(r.findall('.//testcase')), len(r.findall('.//failure')))"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(r.stdout.as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    let text = String::from_utf8_lossy(&parsed.stdout);
    let parts: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(parts.len(), 4, "not well-formed XML: {text} {}", String::from_utf8_lossy(&parsed.stderr));
    assert_eq!(parts[0], parts[2], "tests attribute = test cases");
    assert_eq!(parts[1], parts[3], "failures attribute = failure elements");
    assert!(parts[1].parse::<u32>().unwrap() >= 5);
}

#[test]
fn custom_rules_add_replace_and_fail_loudly() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir_all(rules.join("discovery")).unwrap();
    std::fs::write(
        rules.join("discovery/custom-list-buckets.sql"),
        "-- id: custom-list-buckets\n-- title: ListBuckets from an address\n-- severity: medium\n-- tactic: discovery\n\
         -- param: ip = 203.0.113.66 ; the address\n\
         SELECT eventtime, account, region, useridentity.arn AS principal, useridentity.accesskeyid AS accesskeyid, \
         sourceipaddress, useragent, eventname, eventid AS eventids, source_uri || '#' || CAST(source_index AS VARCHAR) AS evidence, \
         'custom' AS details FROM cloudtrail WHERE eventname = 'ListBuckets' AND sourceipaddress = $ip\n",
    )
    .unwrap();
    let l = sample_lake().to_str().unwrap().to_string();
    let r = rules.to_str().unwrap().to_string();
    let (run1, report) = {
        let r1 = run(&[
            "hunt",
            "--lake",
            &l,
            "--rules",
            &r,
            "--only",
            "custom-list-buckets",
            "--format",
            "json",
            "--fail-on",
            "medium",
        ]);
        let v: serde_json::Value = serde_json::from_str(&r1.stdout).unwrap();
        (r1, v)
    };
    assert_eq!(run1.code, 1, "{}", run1.stderr);
    assert_eq!(report["detections"][0]["findings"].as_array().unwrap().len(), 1);
    // Parameter override changes the answer.
    let other = run(&[
        "hunt",
        "--lake",
        &l,
        "--rules",
        &r,
        "--only",
        "custom-list-buckets",
        "--param",
        "ip=192.0.2.99",
        "--fail-on",
        "medium",
        "-q",
    ]);
    assert_eq!(other.code, 0, "{}", other.stdout);
    let scoped = run(&[
        "hunt",
        "--lake",
        &l,
        "--rules",
        &r,
        "--only",
        "custom-list-buckets",
        "--param",
        "custom-list-buckets.ip=192.0.2.99",
        "--fail-on",
        "medium",
        "-q",
    ]);
    assert_eq!(scoped.code, 0);
    // A typo in a parameter name is an error, not a silent no-op.
    let typo = run(&["hunt", "--lake", &l, "--rules", &r, "--only", "custom-list-buckets", "--param", "addr=1", "-q"]);
    assert_eq!(typo.code, 2);
    assert!(typo.stderr.contains("addr"), "{}", typo.stderr);
    // --rules-only leaves the built-in catalog out.
    let listed = run_ok(&["detections", "list", "--rules", &r]).stdout;
    assert!(listed.contains("custom-list-buckets") && listed.contains("cloudtrail-logging-stopped"));
    let only = run(&["hunt", "--lake", &l, "--rules", &r, "--rules-only", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&only.stdout).unwrap();
    assert_eq!(v["detections_run"], 1);
    // A detection that cannot run is an error (exit 2), never skipped.
    std::fs::write(rules.join("discovery/broken.sql"), "-- id: broken\n-- title: Broken\n-- severity: low\n-- tactic: discovery\nSELECT nosuchcolumn FROM cloudtrail\n").unwrap();
    let broken = run(&["hunt", "--lake", &l, "--rules", &r, "--only", "broken", "-q"]);
    assert_eq!(broken.code, 2);
    assert!(broken.stderr.contains("detection broken failed"), "{}", broken.stderr);
}

#[test]
fn hunt_on_raw_paths_ingests_into_a_lake_first() {
    let dir = tempfile::tempdir().unwrap();
    let lake = dir.path().join("cache.lake");
    let r = run(&[
        "hunt",
        sample_logs().to_str().unwrap(),
        "--lake",
        lake.to_str().unwrap(),
        "--only",
        "cloudtrail-logging-stopped",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("StopLogging"), "{}", r.stdout);
    assert!(r.stderr.contains("records: "), "{}", r.stderr);
    // XDG cache when no lake is named.
    let cache = dir.path().join("xdg");
    let r = Command::new(bin())
        .args(["hunt", sample_logs().to_str().unwrap(), "--only", "cloudtrail-logging-stopped", "-q"])
        .env("XDG_CACHE_HOME", &cache)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(1));
    assert!(cache.join("trailhound/lakes").is_dir());
}

#[test]
fn detections_show_prints_metadata_and_sql() {
    let r = run_ok(&["detections", "show", "cloudtrail-logging-stopped"]);
    assert!(r.stdout.contains("severity: critical") && r.stdout.contains("SELECT"), "{}", r.stdout);
    let missing = run(&["detections", "show", "no-such-detection"]);
    assert_eq!(missing.code, 2);
}
