//! Shared test helpers: the real binary, temp dirs, and one sample lake built once per test binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

pub mod signed_trail;

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_trailhound")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample_logs() -> PathBuf {
    repo().join("sample-logs")
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

pub fn run(args: &[&str]) -> Run {
    Command::new(bin()).args(args).stdin(Stdio::null()).output().expect("run trailhound").into()
}

pub fn run_ok(args: &[&str]) -> Run {
    let r = run(args);
    assert_eq!(r.code, 0, "trailhound {args:?} failed:\n{}\n{}", r.stdout, r.stderr);
    r
}

/// A lake of `sample-logs/`, ingested once and shared (read-only) by the tests of one binary.
pub fn sample_lake() -> &'static Path {
    static LAKE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = LAKE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let lake = dir.path().join("lake");
        run_ok(&["ingest", sample_logs().to_str().unwrap(), "--lake", lake.to_str().unwrap(), "--quiet"]);
        (dir, lake)
    });
    path
}

/// Runs SQL on a lake and returns the rows as JSON objects.
pub fn query_json(lake: &Path, sql: &str, params: &[&str]) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let mut args = vec!["query", "--lake", lake.to_str().unwrap(), "--format", "json", sql];
    for p in params {
        args.push("--param");
        args.push(p);
    }
    let r = run_ok(&args);
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("bad JSON {e}: {}", r.stdout));
    rows.into_iter().map(|v| v.as_object().cloned().unwrap()).collect()
}

pub fn scalar(lake: &Path, sql: &str) -> serde_json::Value {
    let rows = query_json(lake, sql, &[]);
    assert_eq!(rows.len(), 1, "{sql} gave {rows:?}");
    rows[0].values().next().cloned().unwrap()
}

pub fn truth() -> serde_json::Value {
    let text = std::fs::read_to_string(sample_logs().join("scenarios.truth.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

pub fn gunzip(data: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(data).read_to_end(&mut out).unwrap();
    out
}

/// Every `.json.gz` log file under a directory.
pub fn log_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(".json.gz") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A minimal valid CloudTrail record.
pub fn record(id: &str, time: &str, name: &str) -> String {
    format!(
        r#"{{"eventVersion":"1.08","userIdentity":{{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/t","accountId":"111122223333","accessKeyId":"AKIATEST"}},"eventTime":"{time}","eventSource":"iam.amazonaws.com","eventName":"{name}","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.1","userAgent":"test","requestParameters":null,"responseElements":null,"eventID":"{id}","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}}"#
    )
}

pub fn envelope(records: &[String]) -> String {
    format!("{{\"Records\":[{}]}}", records.join(","))
}

/// A directory for test-only tools fetched from the package registries, kept between runs.
fn test_deps() -> PathBuf {
    let dir = repo().join("target").join("test-deps");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Python with `jsonschema` importable: the system's, or one installed under target/test-deps.
pub fn python_with_jsonschema() -> (String, Option<PathBuf>) {
    let ok = |path: Option<&Path>| {
        let mut c = Command::new("python3");
        c.args(["-c", "import jsonschema"]);
        if let Some(p) = path {
            c.env("PYTHONPATH", p);
        }
        c.output().is_ok_and(|o| o.status.success())
    };
    if ok(None) {
        return ("python3".into(), None);
    }
    let target = test_deps().join("py");
    if !ok(Some(&target)) {
        let status = Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "--target", target.to_str().unwrap(), "jsonschema==4.26.0"])
            .status()
            .expect("pip");
        assert!(status.success(), "could not install jsonschema from PyPI for the SARIF schema test");
    }
    ("python3".into(), Some(target))
}

/// The official SARIF 2.1.0 JSON schema, from the npm package that ships it.
pub fn sarif_schema() -> PathBuf {
    let dir = test_deps().join("sarif");
    let schema = dir.join("package/lib/schemas/sarif-2.1.0-rtm.5.json");
    if !schema.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let packed = Command::new("npm")
            .args(["pack", "@microsoft/jest-sarif@1.0.0-beta.0", "--silent"])
            .current_dir(&dir)
            .output()
            .expect("npm");
        assert!(packed.status.success(), "npm pack failed: {}", String::from_utf8_lossy(&packed.stderr));
        let tgz = String::from_utf8_lossy(&packed.stdout).trim().lines().last().unwrap().to_string();
        let status = Command::new("tar").args(["xzf", &tgz]).current_dir(&dir).status().unwrap();
        assert!(status.success());
    }
    schema
}
