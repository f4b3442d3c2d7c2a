//! The evidence lake end to end: ingest through the real binary, query the real Parquet.

mod common;

use std::collections::HashMap;
use std::process::{Command, Stdio};

use common::*;

#[test]
fn every_record_round_trips_byte_for_byte() {
    let lake = sample_lake();
    let rows = query_json(lake, "SELECT eventid, raw_json FROM cloudtrail", &[]);
    let stored: HashMap<String, String> = rows
        .iter()
        .map(|r| (r["eventid"].as_str().unwrap().to_string(), r["raw_json"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(stored.len(), rows.len(), "an eventID is stored twice");
    let mut source_records = 0;
    for file in log_files(&sample_logs()) {
        let doc: serde_json::Value = serde_json::from_slice(&gunzip(&std::fs::read(&file).unwrap())).unwrap();
        for record in doc["Records"].as_array().unwrap() {
            source_records += 1;
            // The generator writes compact JSON in field order, so this is the source text.
            let text = serde_json::to_string(record).unwrap();
            let id = record["eventID"].as_str().unwrap();
            assert_eq!(stored.get(id), Some(&text), "record {id} of {} differs in the lake", file.display());
        }
    }
    let truth = truth();
    assert_eq!(rows.len() as u64, truth["unique_events"].as_u64().unwrap());
    assert_eq!(
        source_records as u64,
        truth["unique_events"].as_u64().unwrap() + truth["duplicate_records"].as_u64().unwrap()
    );
}

#[test]
fn manifest_reconciles_and_cites_every_object() {
    let lake = sample_lake();
    let truth = truth();
    let row = &query_json(
        lake,
        "SELECT count(*) AS objects, sum(records) AS seen, sum(stored) AS stored, sum(duplicates) AS dups, sum(rejected) AS rejected FROM sources",
        &[],
    )[0];
    assert_eq!(
        row["objects"].as_u64().unwrap() as usize,
        log_files(&sample_logs()).len() + 1,
        "log files and the GuardDuty export"
    );
    let findings = truth["guardduty_finding_versions"].as_u64().unwrap();
    assert_eq!(row["stored"].as_u64().unwrap(), truth["unique_events"].as_u64().unwrap() + findings);
    assert_eq!(row["dups"], truth["duplicate_records"]);
    assert_eq!(row["rejected"].as_u64(), Some(0));
    assert_eq!(row["seen"].as_u64().unwrap(), row["stored"].as_u64().unwrap() + row["dups"].as_u64().unwrap());
    // Every row's provenance points at a manifest entry with the same hash.
    let orphans = scalar(
        lake,
        "SELECT count(*) FROM cloudtrail c LEFT JOIN sources s ON c.source_sha256 = s.sha256 AND c.source_uri = s.uri WHERE s.uri IS NULL",
    );
    assert_eq!(orphans.as_u64(), Some(0));
    let hash = scalar(lake, "SELECT sha256 FROM sources ORDER BY uri LIMIT 1");
    assert_eq!(hash.as_str().unwrap().len(), 64);
}

#[test]
fn athena_style_queries_answer_correctly() {
    let lake = sample_lake();
    let truth = truth();
    let leak = &truth["scenarios"][0];
    let key = leak["access_key"].as_str().unwrap();
    // Struct fields in camelCase, as Athena queries write them; BETWEEN on ISO strings.
    let n = scalar(
        lake,
        &format!(
            "SELECT count(*) FROM cloudtrail_logs WHERE userIdentity.accessKeyId = '{key}' AND sourceIPAddress = '203.0.113.66' \
             AND eventTime BETWEEN '2024-05-02T00:00:00Z' AND '2024-05-03T00:00:00Z'"
        ),
    );
    assert_eq!(n.as_u64(), Some(leak["events"].as_array().unwrap().len() as u64));
    // json_extract_scalar on requestparameters.
    let buckets = query_json(
        lake,
        "SELECT json_extract_scalar(requestparameters, '$.bucketName') AS bucket, count(*) AS n FROM cloudtrail \
         WHERE eventname = 'GetObject' AND sourceipaddress = '203.0.113.66' GROUP BY 1",
        &[],
    );
    assert_eq!(buckets.len(), 1);
    assert_eq!(buckets[0]["bucket"], "prod-customer-data-111122223333");
    assert_eq!(buckets[0]["n"].as_u64(), Some(60));
    // readonly compared as a string, as Athena does.
    let writes = query_json(
        lake,
        "SELECT eventname FROM cloudtrail WHERE readonly = 'false' AND sourceipaddress = '203.0.113.66' ORDER BY eventtime",
        &[],
    );
    let names: Vec<&str> = writes.iter().map(|r| r["eventname"].as_str().unwrap()).collect();
    assert_eq!(names, ["CreateUser", "AttachUserPolicy", "CreateAccessKey", "CreateLoginProfile", "StopLogging"]);
    // date_trunc, to_iso8601, date_add and date_diff.
    let day =
        scalar(lake, "SELECT to_iso8601(date_trunc('day', eventtime)) FROM cloudtrail WHERE eventname = 'StopLogging'");
    assert_eq!(day, "2024-05-02T00:00:00.000Z");
    let window = scalar(
        lake,
        "SELECT date_diff('minute', min(eventtime), max(eventtime)) FROM cloudtrail WHERE sourceipaddress = '203.0.113.66'",
    );
    assert_eq!(window.as_i64(), Some(35));
    let later = scalar(
        lake,
        "SELECT count(*) FROM cloudtrail WHERE sourceipaddress = '203.0.113.66' AND eventtime > date_add('minute', 30, from_iso8601_timestamp('2024-05-02T13:00:00Z'))",
    );
    // AttachUserPolicy, CreateAccessKey, CreateLoginProfile and StopLogging come after 13:30:00.
    assert_eq!(later.as_u64(), Some(4));
    // CIDR matching in Trino's argument order, and the plain substring form of contains().
    let office = scalar(lake, "SELECT count(*) > 0 FROM cloudtrail WHERE contains('198.51.100.0/24', sourceipaddress)");
    assert_eq!(office, true);
    let outside = scalar(
        lake,
        "SELECT count(DISTINCT sourceipaddress) FROM cloudtrail WHERE cidr_contains('203.0.113.0/24', sourceipaddress)",
    );
    assert_eq!(outside.as_u64(), Some(3), "the attacker, the root login and the KMS deletion IPs");
    let substring = scalar(lake, "SELECT count(*) > 0 FROM cloudtrail WHERE contains(useragent, 'kali')");
    assert_eq!(substring, true);
    // datafusion-functions-json is there too.
    let mfa = scalar(
        lake,
        "SELECT json_get_str(additionaleventdata, 'MFAUsed') FROM cloudtrail WHERE eventname = 'ConsoleLogin' AND useridentity.type = 'Root'",
    );
    assert_eq!(mfa, "No");
}

#[test]
fn parameters_are_bound_not_spliced() {
    let lake = sample_lake();
    let rows =
        query_json(lake, "SELECT count(*) AS n FROM cloudtrail WHERE sourceipaddress = $ip", &["ip=203.0.113.66"]);
    assert!(rows[0]["n"].as_u64().unwrap() > 60);
    let rows =
        query_json(lake, "SELECT count(*) AS n FROM cloudtrail WHERE sourceipaddress = $ip", &["ip=' OR 1=1 --"]);
    assert_eq!(rows[0]["n"].as_u64(), Some(0));
}

#[test]
fn queries_are_read_only() {
    let lake = sample_lake();
    for sql in [
        "CREATE TABLE x AS SELECT 1",
        "COPY (SELECT 1) TO '/tmp/trailhound-should-not-exist.csv'",
        "INSERT INTO cloudtrail SELECT * FROM cloudtrail",
        "DROP TABLE cloudtrail",
        "CREATE EXTERNAL TABLE e STORED AS CSV LOCATION '/etc/passwd'",
    ] {
        let r = run(&["query", "--lake", lake.to_str().unwrap(), sql]);
        assert_eq!(r.code, 2, "{sql} should be refused: {}", r.stdout);
        assert!(r.stderr.contains("error:"), "{}", r.stderr);
    }
}

#[test]
fn partitions_prune_by_account_region_and_day() {
    let lake = sample_lake();
    let plan = run_ok(&[
        "query",
        "--lake",
        lake.to_str().unwrap(),
        "--format",
        "csv",
        "EXPLAIN SELECT eventid FROM cloudtrail WHERE account = '444455556666' AND region = 'eu-west-1' AND dt = '2024-05-02'",
    ])
    .stdout;
    let physical = plan.lines().skip_while(|l| !l.starts_with("physical_plan")).collect::<Vec<_>>().join("\n");
    assert!(physical.contains("account=444455556666/region=eu-west-1/dt=2024-05-02"), "{physical}");
    for other in ["account=111122223333", "region=us-east-1", "dt=2024-05-01"] {
        assert!(!physical.contains(other), "{other} should be pruned:\n{physical}");
    }
    let files = std::fs::read_dir(lake.join("cloudtrail")).unwrap().count();
    assert_eq!(files, 3, "one directory per account");
}

#[test]
fn formats_csv_json_ndjson_and_table() {
    let lake = sample_lake();
    let sql = "SELECT eventname, useridentity FROM cloudtrail WHERE eventname = 'StopLogging'";
    let l = lake.to_str().unwrap();
    let csv = run_ok(&["query", "--lake", l, "--format", "csv", sql]).stdout;
    assert!(csv.starts_with("eventname,useridentity\nStopLogging,"), "{csv}");
    let nd = run_ok(&["query", "--lake", l, "--format", "ndjson", sql]).stdout;
    let v: serde_json::Value = serde_json::from_str(nd.lines().next().unwrap()).unwrap();
    assert_eq!(v["useridentity"]["username"], "ci-deploy");
    let table = run_ok(&["query", "--lake", l, sql]).stdout;
    assert!(table.contains("| StopLogging"), "{table}");
}

#[test]
fn reingest_adds_nothing_and_duplicate_event_ids_are_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json.gz"));
    std::fs::write(
        &a,
        envelope(&[
            record("id-1", "2024-05-01T00:00:01Z", "ListUsers"),
            record("id-2", "2024-05-01T00:00:02Z", "ListRoles"),
        ]),
    )
    .unwrap();
    // b repeats id-2 (a re-delivery) and adds id-3.
    std::fs::write(
        &b,
        gzip(
            envelope(&[
                record("id-2", "2024-05-01T00:00:02Z", "ListRoles"),
                record("id-3", "2024-05-02T00:00:03Z", "GetUser"),
            ])
            .as_bytes(),
        ),
    )
    .unwrap();
    let lake = dir.path().join("lake");
    let l = lake.to_str().unwrap();
    let first = run_ok(&["ingest", dir.path().to_str().unwrap(), "--lake", l]);
    assert!(first.stderr.contains("records: 4 seen = 3 stored + 1 duplicates + 0 rejected"), "{}", first.stderr);
    let again = run_ok(&["ingest", a.to_str().unwrap(), b.to_str().unwrap(), "--lake", l]);
    assert!(again.stderr.contains("0 read, 2 already in the lake"), "{}", again.stderr);
    assert!(again.stderr.contains("records: 0 seen"), "{}", again.stderr);
    // New file, old events: all duplicates.
    let c = dir.path().join("c.json");
    std::fs::write(
        &c,
        envelope(&[
            record("id-1", "2024-05-01T00:00:01Z", "ListUsers"),
            record("id-3", "2024-05-02T00:00:03Z", "GetUser"),
        ]) + "\n",
    )
    .unwrap();
    let third = run_ok(&["ingest", c.to_str().unwrap(), "--lake", l]);
    assert!(third.stderr.contains("records: 2 seen = 0 stored + 2 duplicates"), "{}", third.stderr);
    assert_eq!(scalar(&lake, "SELECT count(*) FROM cloudtrail").as_u64(), Some(3));
    assert_eq!(scalar(&lake, "SELECT count(DISTINCT eventid) FROM cloudtrail").as_u64(), Some(3));
    assert_eq!(scalar(&lake, "SELECT count(*) FROM sources").as_u64(), Some(3));
}

#[test]
fn stdin_is_a_source() {
    let dir = tempfile::tempdir().unwrap();
    let lake = dir.path().join("lake");
    let mut child = Command::new(bin())
        .args(["ingest", "-", "--lake", lake.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&gzip(envelope(&[record("s-1", "2024-05-01T00:00:01Z", "ListUsers")]).as_bytes()))
        .unwrap();
    let out: Run = child.wait_with_output().unwrap().into();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(scalar(&lake, "SELECT source_uri FROM cloudtrail"), "stdin");
}

#[test]
fn a_missing_lake_is_a_clear_error() {
    let r = run(&["query", "--lake", "/nonexistent/lake", "SELECT 1"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("trailhound ingest"), "{}", r.stderr);
}
