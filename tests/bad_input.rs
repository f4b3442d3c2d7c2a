//! Attacker-influenced input: every bad object or record is reported with its file and position,
//! everything valid is still loaded, nothing is modified, and the counts reconcile.

mod common;

use common::*;
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

fn good(n: usize, prefix: &str) -> Vec<String> {
    (0..n).map(|i| record(&format!("{prefix}-{i}"), "2024-05-01T00:00:00Z", "ListUsers")).collect()
}

/// Ingests one object into a fresh lake; returns the run and the lake.
fn ingest_one(name: &str, bytes: &[u8], extra: &[&str]) -> (Run, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), name, bytes);
    let before = std::fs::read(&file).unwrap();
    let lake = dir.path().join("lake");
    let mut args = vec!["ingest", file.as_str(), "--lake", lake.to_str().unwrap()];
    args.extend_from_slice(extra);
    let r = run(&args);
    assert_eq!(std::fs::read(&file).unwrap(), before, "the input was modified");
    (r, dir)
}

fn stored(dir: &tempfile::TempDir) -> u64 {
    scalar(&dir.path().join("lake"), "SELECT count(*) FROM cloudtrail").as_u64().unwrap()
}

fn reconciles(r: &Run, seen: u64, stored: u64, dups: u64, rejected: u64) {
    let line = format!("records: {seen} seen = {stored} stored + {dups} duplicates + {rejected} rejected");
    assert!(r.stderr.contains(&line), "expected {line:?} in:\n{}", r.stderr);
}

#[test]
fn truncated_gzip_keeps_the_records_before_the_cut() {
    let full = gzip(envelope(&good(200, "t")).as_bytes());
    let (r, dir) = ingest_one("cut.json.gz", &full[..full.len() * 2 / 3], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("cut.json.gz") && r.stderr.contains("gzip stream is damaged"), "{}", r.stderr);
    assert!(r.stderr.contains("is cut off"), "{}", r.stderr);
    let kept = stored(&dir);
    assert!(kept > 50 && kept < 200, "kept {kept}");
    reconciles(&r, kept + 1, kept, 0, 1);
}

#[test]
fn garbage_with_a_gz_name_is_rejected_by_content() {
    let (r, dir) = ingest_one("fake.json.gz", b"\x00\x01binary junk that is not gzip", &[]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("fake.json.gz") && r.stderr.contains("not gzip and not JSON"), "{}", r.stderr);
    let rejects = scalar(&dir.path().join("lake"), "SELECT count(*) FROM rejects WHERE record_index IS NULL");
    assert_eq!(rejects.as_u64(), Some(1));
}

#[test]
fn invalid_json_in_one_record_costs_only_that_record() {
    let mut records = good(3, "j");
    records.insert(1, r#"{"eventTime":"2024-05-01T00:00:00Z","eventID":"bad" "eventName":"x"}"#.to_string());
    let (r, dir) = ingest_one("bad.json", envelope(&records).as_bytes(), &[]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("bad.json (record 1): record 1: invalid JSON"), "{}", r.stderr);
    assert_eq!(stored(&dir), 3);
    reconciles(&r, 4, 3, 0, 1);
    // The rejected bytes are kept as evidence.
    let excerpt = scalar(&dir.path().join("lake"), "SELECT excerpt FROM rejects");
    assert!(excerpt.as_str().unwrap().contains("\"eventID\":\"bad\""));
}

#[test]
fn invalid_utf8_in_one_record_costs_only_that_record() {
    let records = good(2, "u");
    let mut doc = envelope(&records).into_bytes();
    let bad = br#",{"eventTime":"2024-05-01T00:00:00Z","eventID":"u-bad","userAgent":"a"#.to_vec();
    let mut bad = bad;
    bad.extend_from_slice(b"\xff\xfe\"}");
    let at = doc.len() - 2;
    doc.splice(at..at, bad);
    let (r, dir) = ingest_one("utf8.json.gz", &gzip(&doc), &[]);
    assert!(r.stderr.contains("utf8.json.gz (record 2): record 2: invalid UTF-8"), "{}", r.stderr);
    assert_eq!(stored(&dir), 2);
    reconciles(&r, 3, 2, 0, 1);
}

#[test]
fn wrong_envelopes_are_rejected_with_the_keys_seen() {
    let (r, _dir) = ingest_one("wrong.json", br#"{"Items":[{"eventID":"x"}],"Count":1}"#, &[]);
    assert!(
        r.stderr.contains("wrong.json: unrecognized JSON shape") && r.stderr.contains("Items, Count"),
        "{}",
        r.stderr
    );
    let (r, _dir) = ingest_one("notarray.json", br#"{"Records":{"eventID":"x"}}"#, &[]);
    assert!(r.stderr.contains("\"Records\" is not an array"), "{}", r.stderr);
    let (r, _dir) = ingest_one("scalar.json", br#"{"Records":[1,"two",null]}"#, &[]);
    reconciles(&r, 3, 0, 0, 3);
    assert!(r.stderr.contains("not a JSON object"), "{}", r.stderr);
}

#[test]
fn records_without_time_or_id_are_rejected() {
    let records = vec![
        record("ok-1", "2024-05-01T00:00:00Z", "ListUsers"),
        r#"{"eventID":"no-time","eventName":"ListUsers"}"#.to_string(),
        r#"{"eventTime":"2024-05-01T00:00:00Z","eventName":"ListUsers"}"#.to_string(),
        r#"{"eventTime":"last tuesday","eventID":"bad-time"}"#.to_string(),
    ];
    let (r, dir) = ingest_one("fields.json", envelope(&records).as_bytes(), &[]);
    for reason in [
        "record 1: no eventTime",
        "record 2: no eventID",
        "record 3: eventTime \"last tuesday\" is not an RFC 3339 time",
    ] {
        assert!(r.stderr.contains(reason), "{reason} not in {}", r.stderr);
    }
    assert_eq!(stored(&dir), 1);
    reconciles(&r, 4, 1, 0, 3);
}

#[test]
fn empty_files_are_reported() {
    let (r, _dir) = ingest_one("empty.json.gz", b"", &[]);
    assert!(r.stderr.contains("empty.json.gz: empty file"), "{}", r.stderr);
    let (r, _dir) = ingest_one("empty-records.json", br#"{"Records":[]}"#, &[]);
    assert!(!r.stderr.contains("rejected:"), "{}", r.stderr);
    reconciles(&r, 0, 0, 0, 0);
}

#[test]
fn decompression_bombs_hit_the_cap() {
    let bomb = gzip(&vec![b' '; 8 << 20]);
    assert!(bomb.len() < 64 << 10);
    let (r, _dir) = ingest_one("bomb.json.gz", &bomb, &["--max-object-bytes", "1000000"]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("bomb.json.gz: decompresses to more than --max-object-bytes"), "{}", r.stderr);
}

#[test]
fn strict_turns_rejections_into_exit_2() {
    let (r, dir) = ingest_one(
        "fields.json",
        envelope(&[record("s-1", "2024-05-01T00:00:00Z", "X"), "{}".into()]).as_bytes(),
        &["--strict"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(stored(&dir), 1, "valid records are still loaded with --strict");
    let (r, _dir) = ingest_one("fine.json", envelope(&good(2, "f")).as_bytes(), &["--strict"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn hostile_partition_values_stay_inside_the_lake() {
    let rec = record("p-1", "2024-05-01T00:00:00Z", "X")
        .replace("\"awsRegion\":\"us-east-1\"", "\"awsRegion\":\"../../../tmp/evil\"");
    let (r, dir) = ingest_one("evil.json", envelope(&[rec]).as_bytes(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dir.path().join("lake/cloudtrail/account=111122223333/region=invalid/dt=2024-05-01").is_dir());
    // The value itself is preserved in the typed column and the raw record.
    assert_eq!(scalar(&dir.path().join("lake"), "SELECT awsregion FROM cloudtrail"), "../../../tmp/evil");
}

#[test]
fn a_giant_record_is_loaded_whole() {
    let big = "x".repeat(4 << 20);
    let rec = record("g-1", "2024-05-01T00:00:00Z", "X")
        .replace("\"requestParameters\":null", &format!("\"requestParameters\":{{\"blob\":\"{big}\"}}"));
    let (r, dir) = ingest_one("giant.json.gz", &gzip(envelope(&[rec]).as_bytes()), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(scalar(&dir.path().join("lake"), "SELECT length(raw_json) > 4000000 FROM cloudtrail"), true);
}
