//! Every detection in the catalog runs against its fixtures: cases that must match and cases that
//! must not. A detection without fixtures fails this test.

use std::path::{Path, PathBuf};

use trailhound::engine::Engine;
use trailhound::hunt::catalog;
use trailhound::hunt::run::{CONTRACT, to_findings};
use trailhound::hunt::selection::{params_for, text_params};
use trailhound::ingest::{self, IngestOptions};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/detections")
}

/// Columns that must hold a value in every finding (the others may be NULL, e.g. no access key).
const REQUIRED: [&str; 5] = ["eventtime", "eventname", "eventids", "evidence", "details"];

fn check_case(
    detection: &catalog::Detection,
    case: &serde_json::Value,
    rt: &tokio::runtime::Runtime,
) -> Result<(), String> {
    let name = case["name"].as_str().unwrap_or("?");
    let expect = case["expect"].as_str().ok_or(format!("case {name:?} has no expect"))?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let logs = dir.path().join("case.json");
    let doc = serde_json::json!({"Records": case["records"]});
    std::fs::write(&logs, serde_json::to_vec(&doc).unwrap()).map_err(|e| e.to_string())?;
    let mut inputs = vec![logs.display().to_string()];
    // GuardDuty findings, for detections that correlate them with CloudTrail: JSON Lines, as
    // the S3 export writes them.
    if let Some(findings) = case["findings"].as_array() {
        let path = dir.path().join("findings.jsonl");
        let lines: Vec<String> = findings.iter().map(|f| f.to_string()).collect();
        std::fs::write(&path, lines.join("\n")).map_err(|e| e.to_string())?;
        inputs.push(path.display().to_string());
    }
    let lake = dir.path().join("lake");
    let summary = ingest::run(&IngestOptions::new(lake.clone(), inputs)).map_err(|e| format!("{e:#}"))?;
    if summary.has_rejections() {
        return Err(format!("case {name:?}: fixture records rejected: {}", summary.render()));
    }
    let overrides: Vec<(String, String)> = case["params"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_string))).collect())
        .unwrap_or_default();
    let params = params_for(detection, &overrides);
    let findings = rt
        .block_on(async {
            let engine = Engine::open(&lake).await?;
            to_findings(&engine.query_typed(&detection.sql, &params, &text_params(detection)).await?)
        })
        .map_err(|e| format!("case {name:?}: query failed: {e:#}"))?;
    match expect {
        "match" if findings.is_empty() => Err(format!("case {name:?}: expected a finding, got none")),
        "match" => {
            for f in &findings {
                let columns: Vec<&str> = f.fields.iter().map(|(k, _)| k.as_str()).collect();
                if let Some(missing) = REQUIRED.iter().find(|c| !columns.contains(c)) {
                    return Err(format!("case {name:?}: finding lacks {missing}: {f:?}"));
                }
                let order: Vec<&str> = columns.iter().copied().filter(|c| CONTRACT.contains(c)).collect();
                let expected: Vec<&str> = CONTRACT.iter().copied().filter(|c| columns.contains(c)).collect();
                if order != expected {
                    return Err(format!("case {name:?}: columns out of contract order: {columns:?}"));
                }
            }
            Ok(())
        }
        "no_match" if !findings.is_empty() => {
            Err(format!("case {name:?}: expected no finding, got {}: {:?}", findings.len(), findings[0]))
        }
        "no_match" => Ok(()),
        other => Err(format!("case {name:?}: expect must be match or no_match, not {other:?}")),
    }
}

#[test]
fn every_detection_passes_its_fixtures() {
    let detections = catalog::builtin().expect("the built-in catalog parses");
    assert!(!detections.is_empty());
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let mut failures = Vec::new();
    for d in &detections {
        let path = fixture_dir().join(format!("{}.json", d.id));
        let Ok(text) = std::fs::read_to_string(&path) else {
            failures.push(format!("{}: no fixture file {}", d.id, path.display()));
            continue;
        };
        let fixture: serde_json::Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{}: fixture is not JSON: {e}", d.id));
                continue;
            }
        };
        let cases = fixture["cases"].as_array().cloned().unwrap_or_default();
        for kind in ["match", "no_match"] {
            if !cases.iter().any(|c| c["expect"] == kind) {
                failures.push(format!("{}: no {kind} case", d.id));
            }
        }
        for case in &cases {
            if let Err(e) = check_case(d, case, &rt) {
                failures.push(format!("{}: {e}", d.id));
            }
        }
    }
    assert!(failures.is_empty(), "{} problem(s):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_fixture_belongs_to_a_detection() {
    let ids: Vec<String> = catalog::builtin().unwrap().into_iter().map(|d| d.id).collect();
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(ids.contains(&stem), "fixture {} has no detection", path.display());
    }
}
