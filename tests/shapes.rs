//! Every export shape a responder may hold loads into the same rows as the S3 log file, and
//! GuardDuty findings load from each of their shapes and pivot to CloudTrail.

mod common;

use std::io::Write;
use std::path::Path;

use base64::Engine as _;
use common::*;
use serde_json::{Value, json};

/// Records from the sample logs, as their exact source text: some of everything, and the attack.
fn source_records() -> Vec<String> {
    let mut out = Vec::new();
    for file in log_files(&sample_logs())
        .iter()
        .filter(|f| f.to_string_lossy().contains("111122223333/CloudTrail/us-east-1"))
        .take(3)
    {
        let doc: Value = serde_json::from_slice(&gunzip(&std::fs::read(file).unwrap())).unwrap();
        out.extend(doc["Records"].as_array().unwrap().iter().take(40).map(|r| serde_json::to_string(r).unwrap()));
    }
    out
}

fn field(record: &str, name: &str) -> Value {
    serde_json::from_str::<Value>(record).unwrap()[name].clone()
}

fn write_shapes(dir: &Path, records: &[String]) -> Vec<(&'static str, String)> {
    let mut files = Vec::new();
    let mut put = |name: &'static str, shape: &'static str, bytes: Vec<u8>| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        files.push((shape, path.to_str().unwrap().to_string()));
    };
    let (first, second) = records.split_at(records.len() / 2);
    put("s3.json.gz", "cloudtrail-records", gzip(envelope(records).as_bytes()));
    // lookup-events: two pages, pretty-printed, CLI v2 time format in one and v1 in the other.
    let page = |rs: &[String], v1: bool| {
        let events: Vec<Value> = rs
            .iter()
            .map(|r| {
                json!({
                    "EventId": field(r, "eventID"), "EventName": field(r, "eventName"), "ReadOnly": "true",
                    "EventTime": if v1 { json!(1714521600.0) } else { json!("2024-05-01T05:00:00-07:00") },
                    "EventSource": field(r, "eventSource"), "Resources": [], "CloudTrailEvent": r
                })
            })
            .collect();
        serde_json::to_string_pretty(&json!({"Events": events, "NextToken": "eyJ0b2tlbiI6Ik5leHQifQ=="})).unwrap()
    };
    put("lookup.json", "lookup-events", format!("{}\n{}\n", page(first, false), page(second, true)).into_bytes());
    let log_events: Vec<Value> = records
        .iter()
        .enumerate()
        .map(|(i, r)| json!({"logStreamName": "111122223333_CloudTrail_us-east-1", "timestamp": 1714521600000u64 + i as u64, "message": r, "ingestionTime": 1714521700000u64, "eventId": format!("3{i:055}")}))
        .collect();
    put(
        "filter-log-events.json",
        "cloudwatch-events",
        serde_json::to_vec(&json!({"events": log_events, "searchedLogStreams": []})).unwrap(),
    );
    let export: String = records.iter().map(|r| format!("2024-05-01T00:00:00.000Z {r}\n")).collect();
    put("000000.gz", "cloudwatch-export", gzip(export.as_bytes()));
    let subscription = json!({
        "messageType": "DATA_MESSAGE", "owner": "111122223333", "logGroup": "aws-cloudtrail-logs-111122223333",
        "logStream": "111122223333_CloudTrail_us-east-1", "subscriptionFilters": ["to-firehose"],
        "logEvents": records.iter().enumerate().map(|(i, r)| json!({"id": format!("{i}"), "timestamp": 1714521600000u64, "message": r})).collect::<Vec<_>>()
    });
    let payload = base64::engine::general_purpose::STANDARD.encode(gzip(&serde_json::to_vec(&subscription).unwrap()));
    put("subscription.b64", "cloudwatch-subscription", payload.into_bytes());
    let envelopes: String = records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            format!(
                r#"{{"version":"0","id":"{i:08}-0000-4000-8000-000000000000","detail-type":"AWS API Call via CloudTrail","source":"aws.{}","account":"111122223333","time":"2024-05-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{r}}}"#,
                field(r, "eventSource").as_str().unwrap().split('.').next().unwrap()
            )
        })
        .collect(); // concatenated with no separator, as Firehose writes them
    put("firehose-eventbridge", "eventbridge", gzip(envelopes.as_bytes()));
    put("array.json", "records", format!("[{}]", records.join(",\n")).into_bytes());
    put("events.ndjson", "records", records.join("\n").into_bytes());
    let rows: Vec<Value> = records.iter().map(|r| json!([{"eventJson": r}])).collect();
    put(
        "lake-results.json",
        "lake-query-results",
        serde_json::to_vec(&json!({"QueryStatus": "FINISHED", "QueryResultRows": rows})).unwrap(),
    );
    files
}

fn rows(lake: &Path) -> Vec<serde_json::Map<String, Value>> {
    query_json(lake, "SELECT * EXCLUDE (source_uri, source_sha256, source_index) FROM cloudtrail ORDER BY eventid", &[])
}

#[test]
fn every_shape_loads_the_same_rows_as_the_s3_log_file() {
    let records = source_records();
    assert!(records.len() >= 60);
    let dir = tempfile::tempdir().unwrap();
    let files = write_shapes(dir.path(), &records);
    let mut reference = None;
    for (shape, file) in &files {
        let lake = dir.path().join(format!("lake-{}", Path::new(file).file_name().unwrap().to_string_lossy()));
        let r = run_ok(&["ingest", file, "--lake", lake.to_str().unwrap(), "--strict"]);
        assert!(
            r.stderr.contains(&format!("records: {} seen = {} stored", records.len(), records.len())),
            "{file}: {}",
            r.stderr
        );
        assert_eq!(scalar(&lake, "SELECT shape FROM sources"), *shape, "{file}");
        let got = rows(&lake);
        match &reference {
            None => reference = Some(got),
            Some(expected) => assert!(&got == expected, "{file} ({shape}) loads different rows than the S3 log file"),
        }
    }
    // One single record in a file of its own.
    let single = dir.path().join("one.json");
    std::fs::write(&single, &records[0]).unwrap();
    let lake = dir.path().join("lake-single");
    run_ok(&["ingest", single.to_str().unwrap(), "--lake", lake.to_str().unwrap(), "--strict"]);
    assert_eq!(scalar(&lake, "SELECT raw_json FROM cloudtrail"), records[0].as_str());
    // --shape overrides detection.
    let forced = run(&[
        "ingest",
        single.to_str().unwrap(),
        "--lake",
        dir.path().join("lake-forced").to_str().unwrap(),
        "--shape",
        "lookup-events",
    ]);
    assert!(forced.stderr.contains("without \"Events\""), "{}", forced.stderr);
}

#[test]
fn control_messages_and_digests_load_no_events() {
    let dir = tempfile::tempdir().unwrap();
    let control = json!({"messageType": "CONTROL_MESSAGE", "owner": "CloudwatchLogs", "logGroup": "", "logStream": "", "subscriptionFilters": [], "logEvents": [{"id": "", "timestamp": 1, "message": "CWL CONTROL MESSAGE: Checking health of destination Firehose."}]});
    std::fs::write(dir.path().join("control.gz"), gzip(&serde_json::to_vec(&control).unwrap())).unwrap();
    let digest = json!({"awsAccountId": "111122223333", "digestStartTime": "2024-05-01T00:00:00Z", "digestEndTime": "2024-05-01T01:00:00Z", "digestS3Bucket": "b", "digestS3Object": "k", "digestPublicKeyFingerprint": "f", "digestSignatureAlgorithm": "SHA256withRSA", "newestEventTime": null, "oldestEventTime": null, "previousDigestS3Bucket": null, "previousDigestS3Object": null, "previousDigestHashValue": null, "previousDigestHashAlgorithm": null, "previousDigestSignature": null, "logFiles": []});
    std::fs::write(dir.path().join("digest.json.gz"), gzip(&serde_json::to_vec(&digest).unwrap())).unwrap();
    let lake = dir.path().join("lake");
    let r = run_ok(&["ingest", dir.path().to_str().unwrap(), "--lake", lake.to_str().unwrap(), "--strict"]);
    assert!(r.stderr.contains("1 digest files"), "{}", r.stderr);
    let shapes = query_json(&lake, "SELECT shape, records FROM sources ORDER BY shape", &[]);
    assert_eq!(shapes[0]["shape"], "cloudtrail-digest");
    assert_eq!(shapes[1]["shape"], "cloudwatch-subscription");
    assert_eq!(shapes[1]["records"].as_u64(), Some(0));
}

#[test]
fn bad_input_in_export_shapes_is_reported_per_record() {
    let records = source_records();
    let dir = tempfile::tempdir().unwrap();
    // lookup-events with one entry lacking CloudTrailEvent and one whose value is not a string.
    let mut events: Vec<Value> = records[..3].iter().map(|r| json!({"EventId": "x", "CloudTrailEvent": r})).collect();
    events.push(json!({"EventId": "missing"}));
    events.push(json!({"EventId": "number", "CloudTrailEvent": 42}));
    std::fs::write(dir.path().join("lookup.json"), serde_json::to_vec(&json!({"Events": events})).unwrap()).unwrap();
    // NDJSON cut in the middle of its last line.
    let ndjson = records[..4].join("\n");
    std::fs::write(dir.path().join("cut.ndjson"), &ndjson.as_bytes()[..ndjson.len() - 20]).unwrap();
    // EventBridge envelope of an unrelated detail-type.
    std::fs::write(dir.path().join("eb.json"), r#"{"version":"0","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","detail":{"state":"running"}}"#).unwrap();
    let lake = dir.path().join("lake");
    let r = run_ok(&["ingest", dir.path().to_str().unwrap(), "--lake", lake.to_str().unwrap()]);
    assert!(r.stderr.contains("lookup.json (record 3): record 3: no \"CloudTrailEvent\""), "{}", r.stderr);
    assert!(
        r.stderr.contains("lookup.json (record 4): record 4: \"CloudTrailEvent\" is not a JSON string"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("cut.ndjson") && r.stderr.contains("cannot read the value"), "{}", r.stderr);
    assert!(r.stderr.contains("EC2 Instance State-change Notification"), "{}", r.stderr);
    // The NDJSON lines that survive repeat the lookup-events records: duplicates, stored once.
    assert_eq!(scalar(&lake, "SELECT count(*) FROM cloudtrail").as_u64(), Some(3));
    let reconciled = query_json(
        &lake,
        "SELECT sum(records) AS seen, sum(stored) AS stored, sum(duplicates) AS d, sum(rejected) AS r FROM sources",
        &[],
    );
    let row = &reconciled[0];
    assert_eq!(
        row["seen"].as_u64().unwrap(),
        row["stored"].as_u64().unwrap() + row["d"].as_u64().unwrap() + row["r"].as_u64().unwrap()
    );
}

fn pascal_case(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let mut c = k.chars();
                    (
                        c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default(),
                        pascal_case(v),
                    )
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(pascal_case).collect()),
        other => other,
    }
}

#[test]
fn guardduty_findings_load_from_every_shape_dedupe_and_pivot() {
    let export = sample_logs()
        .join("AWSLogs/111122223333/GuardDuty/us-east-1/2024/05/02/7e2d5c1a-3b4f-4e8a-9c6d-1f2e3d4c5b6a.jsonl.gz");
    let findings: Vec<Value> = String::from_utf8(gunzip(&std::fs::read(&export).unwrap()))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(findings.len(), 3);
    let dir = tempfile::tempdir().unwrap();
    // get-findings output: PascalCase, with the SDK's habit of numbers as strings.
    let mut pascal: Vec<Value> = findings.iter().cloned().map(pascal_case).collect();
    pascal[0]["Severity"] = json!("8.0");
    std::fs::write(
        dir.path().join("get-findings.json"),
        serde_json::to_vec_pretty(&json!({"Findings": pascal})).unwrap(),
    )
    .unwrap();
    let envelopes: String = findings
        .iter()
        .map(|f| json!({"version": "0", "id": "e", "detail-type": "GuardDuty Finding", "source": "aws.guardduty", "account": "111122223333", "time": f["updatedAt"], "region": "us-east-1", "resources": [], "detail": f}).to_string())
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.path().join("eventbridge.json"), envelopes).unwrap();
    std::fs::write(dir.path().join("list.json"), serde_json::to_vec(&findings).unwrap()).unwrap();
    let lake = dir.path().join("lake");
    let l = lake.to_str().unwrap();
    run_ok(&["ingest", export.to_str().unwrap(), "--lake", l, "--strict"]);
    let r = run_ok(&["ingest", dir.path().to_str().unwrap(), "--lake", l, "--strict"]);
    assert!(r.stderr.contains("records: 9 seen = 0 stored + 9 duplicates"), "{}", r.stderr);
    assert_eq!(scalar(&lake, "SELECT count(*) FROM guardduty_history").as_u64(), Some(3));
    // One row per finding (latest version), samples left out.
    let latest =
        query_json(&lake, "SELECT id, count, severity, severity_label, accesskeyid, remoteip FROM guardduty", &[]);
    assert_eq!(latest.len(), 1);
    assert_eq!(latest[0]["count"].as_u64(), Some(61));
    assert_eq!(latest[0]["severity_label"], "High");
    assert_eq!(scalar(&lake, "SELECT count(*) FROM guardduty_history WHERE sample").as_u64(), Some(1));
    // The pivot needs the CloudTrail side too.
    run_ok(&["ingest", sample_logs().to_str().unwrap(), "--lake", l, "--quiet"]);
    let pivot = run_ok(&["pivot", "--lake", l, "a2c4e6f8b1d3f5a7c9e1b3d5f7a9c1e3", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&pivot.stdout).unwrap();
    assert!(rows.iter().any(|r| r["eventname"] == "StopLogging"), "{}", pivot.stdout);
    assert!(
        rows.iter().filter(|r| r["eventname"] == "GetObject" && r["sourceipaddress"] == "203.0.113.66").count() >= 60
    );
    let missing = run(&["pivot", "--lake", l, "nosuchfinding"]);
    assert_eq!(missing.code, 2);
    let _ = std::io::stdout().flush();
}
