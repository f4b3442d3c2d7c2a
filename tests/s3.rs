//! Straight from the bucket: `ingest`, `hunt` and `acquire` against a real S3 REST server
//! (s3s-fs over a temp folder) on loopback, with SigV4 auth. The server's access hook counts
//! requests, denies chosen prefixes, throttles and slows down on demand.

mod common;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use s3s::access::{S3Access, S3AccessContext};
use s3s::dto::{GetObjectInput, HeadObjectInput, ListObjectsV2Input};
use s3s::{S3Request, S3Result, s3_error};

const ACCESS_KEY: &str = "AKIATESTTESTTEST";
const SECRET_KEY: &str = "test-secret-key-for-loopback-only";
const BUCKET: &str = "trail-bucket";

/// What the server saw, and what it should refuse.
#[derive(Default)]
struct State {
    /// The `prefix` of every ListObjectsV2 request (one per page).
    lists: Mutex<Vec<String>>,
    gets: AtomicUsize,
    heads: AtomicUsize,
    /// Listing or fetching below these prefixes is AccessDenied.
    deny: Mutex<Vec<String>>,
    /// Fetching exactly these keys is AccessDenied.
    deny_keys: Mutex<Vec<String>>,
    /// Every Nth GET answers 503 SlowDown (0: never).
    slowdown_every: AtomicUsize,
    get_delay_ms: AtomicU64,
}

impl State {
    fn denied(&self, key: &str) -> bool {
        self.deny.lock().unwrap().iter().any(|p| key.starts_with(p.as_str()))
    }
    fn reset_counts(&self) {
        self.lists.lock().unwrap().clear();
        self.gets.store(0, Ordering::SeqCst);
        self.heads.store(0, Ordering::SeqCst);
    }
    fn lists(&self) -> Vec<String> {
        self.lists.lock().unwrap().clone()
    }
}

struct Access(Arc<State>);

#[async_trait::async_trait]
impl S3Access for Access {
    async fn check(&self, cx: &mut S3AccessContext<'_>) -> S3Result<()> {
        match cx.credentials() {
            Some(_) => Ok(()),
            None => Err(s3_error!(AccessDenied, "Signature is required")),
        }
    }

    async fn list_objects_v2(&self, req: &mut S3Request<ListObjectsV2Input>) -> S3Result<()> {
        let prefix = req.input.prefix.clone().unwrap_or_default();
        self.0.lists.lock().unwrap().push(prefix.clone());
        if self.0.denied(&prefix) {
            return Err(s3_error!(AccessDenied, "Access Denied"));
        }
        Ok(())
    }

    async fn get_object(&self, req: &mut S3Request<GetObjectInput>) -> S3Result<()> {
        let n = self.0.gets.fetch_add(1, Ordering::SeqCst) + 1;
        let delay = self.0.get_delay_ms.load(Ordering::SeqCst);
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
        let key = &req.input.key;
        if self.0.denied(key) || self.0.deny_keys.lock().unwrap().contains(key) {
            return Err(s3_error!(AccessDenied, "Access Denied"));
        }
        let every = self.0.slowdown_every.load(Ordering::SeqCst);
        if every > 0 && n % every == 0 {
            return Err(s3_error!(SlowDown, "Please reduce your request rate."));
        }
        Ok(())
    }

    async fn head_object(&self, req: &mut S3Request<HeadObjectInput>) -> S3Result<()> {
        self.0.heads.fetch_add(1, Ordering::SeqCst);
        if self.0.denied(&req.input.key) {
            return Err(s3_error!(AccessDenied, "Access Denied"));
        }
        Ok(())
    }
}

/// An S3 server over `root/<bucket>/…`, for the life of the test.
struct Server {
    _runtime: tokio::runtime::Runtime,
    addr: SocketAddr,
    state: Arc<State>,
    root: PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("s3");
        std::fs::create_dir_all(root.join(BUCKET)).unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let state = Arc::new(State::default());
        let service = {
            let mut builder = s3s::service::S3ServiceBuilder::new(s3s_fs::FileSystem::new(&root).unwrap());
            builder.set_auth(s3s::auth::SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
            builder.set_access(Access(state.clone()));
            builder.build()
        };
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap();
        runtime.spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else { continue };
                let service = service.clone();
                tokio::spawn(async move {
                    let http = hyper_util::server::conn::auto::Builder::new(hyper_util::rt::TokioExecutor::new());
                    let _ = http.serve_connection(hyper_util::rt::TokioIo::new(socket), service).await;
                });
            }
        });
        Server { _runtime: runtime, addr, state, root, _dir: dir }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn bucket_dir(&self) -> PathBuf {
        self.root.join(BUCKET)
    }

    /// `trailhound <args> --endpoint-url …` with test credentials and nothing from the host.
    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.args(args).args(["--endpoint-url", &self.url()]).stdin(Stdio::null());
        for var in ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_DEFAULT_REGION"]
        {
            c.env_remove(var);
        }
        c.env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", "/nonexistent/trailhound-test/config")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/trailhound-test/credentials")
            .env("AWS_EC2_METADATA_DISABLED", "true");
        c
    }

    fn run(&self, args: &[&str]) -> Run {
        self.command(args).output().expect("run trailhound").into()
    }

    fn run_ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, 0, "trailhound {args:?} failed:\n{}\n{}", r.stdout, r.stderr);
        r
    }

    /// An SDK client of our own, to PUT objects with metadata as CloudTrail does.
    fn put(&self, key: &str, body: Vec<u8>, metadata: &[(&str, &str)]) {
        use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
        let config = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .credentials_provider(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "test"))
            .region(Region::new("us-east-1"))
            .endpoint_url(self.url())
            .force_path_style(true)
            .http_client(aws_smithy_http_client::Builder::new().build_http())
            .build();
        let client = aws_sdk_s3::Client::from_conf(config);
        let mut put = client.put_object().bucket(BUCKET).key(key).body(body.into()).content_type("application/x-gzip");
        for (k, v) in metadata {
            put = put.metadata(*k, *v);
        }
        self._runtime.block_on(put.send()).expect("put_object");
    }
}

/// A generated corpus in the bucket (`AWSLogs/…` at `prefix`); returns its unique event count.
fn fill(server: &Server, events: &str, per_file: &str, prefix: &str) -> u64 {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("corpus");
    run_ok(&["generate", "--out", out.to_str().unwrap(), "--events", events, "--per-file", per_file, "--seed", "11"]);
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("scenarios.truth.json")).unwrap()).unwrap();
    let target = server.bucket_dir().join(prefix);
    std::fs::create_dir_all(&target).unwrap();
    std::fs::rename(out.join("AWSLogs"), target.join("AWSLogs")).unwrap();
    truth["unique_events"].as_u64().unwrap()
}

/// Every object key in the bucket folder.
fn bucket_keys(server: &Server) -> Vec<String> {
    let root = server.bucket_dir();
    let mut keys = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                keys.push(p.strip_prefix(&root).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    keys.sort();
    keys
}

fn count(lake: &Path, sql: &str) -> u64 {
    scalar(lake, sql).as_u64().unwrap_or_else(|| panic!("{sql}: not a count"))
}

fn s3_line(stderr: &str) -> String {
    stderr.lines().find(|l| l.starts_with("s3: ")).unwrap_or_else(|| panic!("no s3 line in:\n{stderr}")).to_string()
}

#[test]
fn ingest_from_bucket_paginates_survives_throttling_and_cites_each_key() {
    let server = Server::start();
    let unique = fill(&server, "3000", "8", "");
    let keys = bucket_keys(&server);
    assert!(keys.len() > 300, "want many objects, got {}", keys.len());
    // A large object too: 40,000 records in one file.
    let big: Vec<String> =
        (0..40_000).map(|i| record(&format!("big-{i:06}"), "2024-05-02T10:00:00Z", "GetCallerIdentity")).collect();
    let big_key = "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/02/111122223333_CloudTrail_us-east-1_20240502T1000Z_BIGBIGBIGBIGBIG0.json.gz";
    let big_gz = gzip(envelope(&big).as_bytes());
    std::fs::write(server.bucket_dir().join(big_key), &big_gz).unwrap();
    server.state.slowdown_every.store(25, Ordering::SeqCst);

    let dir = tempfile::tempdir().unwrap();
    let lake = dir.path().join("lake");
    let uri = format!("s3://{BUCKET}");
    let r = server.run_ok(&["ingest", &uri, "--lake", lake.to_str().unwrap(), "--s3-page-size", "40"]);
    let objects = keys.len() as u64 + 1;
    assert!(s3_line(&r.stderr).contains(&format!("{objects} objects listed")), "{}", r.stderr);
    assert!(s3_line(&r.stderr).contains(&format!("{objects} fetched")), "{}", r.stderr);
    assert_eq!(count(&lake, "SELECT count(*) FROM cloudtrail"), unique + 40_000);
    assert_eq!(count(&lake, "SELECT count(DISTINCT eventid) FROM cloudtrail"), unique + 40_000);
    // Pagination: some prefix took several pages of 40.
    let lists = server.state.lists();
    let distinct: BTreeSet<&String> = lists.iter().collect();
    assert!(lists.len() > distinct.len(), "no prefix was paginated: {lists:?}");
    // Throttled GETs were retried: every object is in the manifest, read.
    assert!(server.state.gets.load(Ordering::SeqCst) as u64 > objects, "SlowDown was never answered");
    assert_eq!(count(&lake, "SELECT count(*) FROM sources WHERE error IS NULL AND etag IS NOT NULL"), objects);
    // Identity: s3://bucket/key, the AWSLogs key, the ETag; no local path.
    let rows = query_json(&lake, "SELECT uri, key, etag, path FROM sources WHERE key = $k", &[&format!("k={big_key}")]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["uri"], format!("s3://{BUCKET}/{big_key}"));
    assert_eq!(rows[0]["etag"].as_str().unwrap().len(), 32, "an MD5 ETag, unquoted: {:?}", rows[0]["etag"]);
    assert!(rows[0].get("path").is_none_or(|p| p.is_null()), "{rows:?}");
    let accounts = query_json(&lake, "SELECT DISTINCT account FROM cloudtrail ORDER BY 1", &[]);
    assert_eq!(accounts.len(), 3, "{accounts:?}");

    // hunt takes the same URIs (into its own lake here), through the same path.
    server.state.slowdown_every.store(0, Ordering::SeqCst);
    let hunt_lake = dir.path().join("hunt-lake");
    let h = server.run(&[
        "hunt",
        &uri,
        "--lake",
        hunt_lake.to_str().unwrap(),
        "--only",
        "cloudtrail-logging-stopped",
        "--format",
        "json",
    ]);
    assert!(h.code == 0 || h.code == 1, "hunt failed: {}\n{}", h.stdout, h.stderr);
    assert!(h.stdout.contains("cloudtrail-logging-stopped"), "{}", h.stdout);
    assert_eq!(count(&hunt_lake, "SELECT count(*) FROM cloudtrail"), unique + 40_000);
}

#[test]
fn pruning_by_account_region_and_days_never_lists_outside_the_window() {
    let server = Server::start();
    // An organization trail under a prefix: trail/AWSLogs/o-…/<account>/CloudTrail/…
    fill(&server, "2000", "20", "trail/org");
    let org = server.bucket_dir().join("trail/org/AWSLogs");
    let o = server.bucket_dir().join("trail/AWSLogs/o-exampleorg1");
    std::fs::create_dir_all(o.parent().unwrap()).unwrap();
    std::fs::rename(&org, &o).unwrap();
    std::fs::remove_dir_all(server.bucket_dir().join("trail/org")).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let lake = dir.path().join("lake");
    let uri = format!("s3://{BUCKET}/trail/");
    let args = [
        "ingest",
        &uri,
        "--lake",
        lake.to_str().unwrap(),
        "--account",
        "111122223333",
        "--region",
        "us-east-1",
        "--since",
        "2024-05-02",
        "--until",
        "2024-05-02",
    ];
    server.run_ok(&args);
    let wanted = "trail/AWSLogs/o-exampleorg1/111122223333/CloudTrail/us-east-1/";
    // GuardDuty export paths carry the export day, not the findings': listed, never date-pruned.
    let exports = "trail/AWSLogs/o-exampleorg1/111122223333/GuardDuty/";
    for prefix in server.state.lists() {
        let parent_of_wanted =
            wanted.starts_with(&prefix) || prefix == exports || prefix == format!("{exports}us-east-1/");
        let in_window = ["2024/05/01/", "2024/05/02/", "2024/05/03/"].iter().any(|d| prefix == format!("{wanted}{d}"));
        let year_or_month = prefix == format!("{wanted}2024/") || prefix == format!("{wanted}2024/05/");
        assert!(parent_of_wanted || in_window || year_or_month, "listed {prefix:?}, outside the window");
    }
    assert!(!server.state.lists().iter().any(|p| p.contains("/2024/05/04/")), "a padded day too many");
    // Only those objects were fetched, and the lake has only them.
    let keys: Vec<String> =
        query_json(&lake, "SELECT key FROM sources WHERE key NOT LIKE '%/GuardDuty/%' ORDER BY key", &[])
            .into_iter()
            .map(|r| r["key"].as_str().unwrap().to_string())
            .collect();
    assert!(!keys.is_empty());
    for key in &keys {
        assert!(key.starts_with("AWSLogs/o-exampleorg1/111122223333/CloudTrail/us-east-1/2024/05/0"), "{key}");
        assert!(["01", "02", "03"].iter().any(|d| key.contains(&format!("/2024/05/{d}/"))), "{key}");
    }
    let expected = bucket_keys(&server)
        .into_iter()
        .filter(|k| k.starts_with(wanted) && ["01/", "02/", "03/"].iter().any(|d| k.contains(&format!("2024/05/{d}"))))
        .count();
    assert_eq!(keys.len(), expected);
    let exported = bucket_keys(&server).iter().filter(|k| k.starts_with(&format!("{exports}us-east-1/"))).count();
    assert_eq!(server.state.gets.load(Ordering::SeqCst), expected + exported, "fetched an object outside the window");
    // Partitioning follows the records: only that account and region.
    let parts = query_json(&lake, "SELECT DISTINCT account, region FROM cloudtrail", &[]);
    assert_eq!(parts.len(), 1, "{parts:?}");
}

#[test]
fn access_denied_prefix_and_object_are_reported_and_the_rest_loads() {
    let server = Server::start();
    let unique = fill(&server, "2000", "20", "");
    let denied_key =
        bucket_keys(&server).into_iter().find(|k| k.starts_with("AWSLogs/111122223333/CloudTrail/us-east-1/")).unwrap();
    server.state.deny.lock().unwrap().push("AWSLogs/444455556666/".into());
    server.state.deny_keys.lock().unwrap().push(denied_key.clone());

    // What should load: everything but the denied account and object, ingested locally.
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("reference-logs");
    copy_tree(&server.bucket_dir(), &reference);
    std::fs::remove_dir_all(reference.join("AWSLogs/444455556666")).unwrap();
    std::fs::remove_file(reference.join(&denied_key)).unwrap();
    let reference_lake = dir.path().join("reference-lake");
    run_ok(&["ingest", reference.to_str().unwrap(), "--lake", reference_lake.to_str().unwrap(), "--quiet"]);
    let expected = count(&reference_lake, "SELECT count(*) FROM cloudtrail");

    let lake = dir.path().join("lake");
    let l = lake.to_str().unwrap();
    let uri = format!("s3://{BUCKET}");
    let r = server.run(&["ingest", &uri, "--lake", l]);
    assert_eq!(r.code, 2, "a denied prefix must fail the run:\n{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("error: cannot list s3://{BUCKET}/AWSLogs/444455556666/: AccessDenied")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("rejected: s3://{BUCKET}/{denied_key}: cannot fetch: AccessDenied")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("1 prefix(es) could not be listed and 1 object(s) could not be fetched"), "{}", r.stderr);
    assert_eq!(count(&lake, "SELECT count(*) FROM cloudtrail"), expected, "the rest must load");

    // Access granted: the next run fetches what was missing, and only that.
    server.state.deny.lock().unwrap().clear();
    server.state.deny_keys.lock().unwrap().clear();
    server.state.reset_counts();
    let r = server.run_ok(&["ingest", &uri, "--lake", l]);
    let missing = bucket_keys(&server).iter().filter(|k| k.starts_with("AWSLogs/444455556666/")).count() + 1;
    assert!(s3_line(&r.stderr).contains(&format!("{missing} fetched")), "{}", r.stderr);
    assert_eq!(count(&lake, "SELECT count(*) FROM cloudtrail"), unique);
}

#[test]
fn interrupted_ingest_resumes_and_a_rerun_fetches_only_what_is_new() {
    let server = Server::start();
    let unique = fill(&server, "2000", "10", "");
    let objects = bucket_keys(&server).len();
    let dir = tempfile::tempdir().unwrap();
    let lake = dir.path().join("lake");
    let l = lake.to_str().unwrap();
    let uri = format!("s3://{BUCKET}");

    // Killed while fetching: nothing was committed.
    server.state.get_delay_ms.store(20, Ordering::SeqCst);
    let mut child = server
        .command(&["ingest", &uri, "--lake", l, "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while server.state.gets.load(Ordering::SeqCst) < 30 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    server.state.get_delay_ms.store(0, Ordering::SeqCst);

    // Crashed after the commit point, mid-publish: the next run rolls it forward.
    let crashed = server
        .command(&["ingest", &uri, "--lake", l, "--quiet"])
        .env("TRAILHOUND_FAULT", "mid-publish")
        .output()
        .unwrap();
    assert!(!crashed.status.success(), "the fault point did not fire");

    server.state.reset_counts();
    let r = server.run_ok(&["ingest", &uri, "--lake", l]);
    assert!(r.stderr.contains("completed the interrupted run"), "{}", r.stderr);
    assert!(
        s3_line(&r.stderr)
            .contains(&format!("{objects} unchanged since the last run (same ETag, not fetched), 0 fetched")),
        "{}",
        r.stderr
    );
    assert_eq!(server.state.gets.load(Ordering::SeqCst), 0, "a re-run downloaded something old");
    assert_eq!(count(&lake, "SELECT count(*) FROM cloudtrail"), unique);
    assert_eq!(count(&lake, "SELECT count(DISTINCT eventid) FROM cloudtrail"), unique);
    assert_eq!(count(&lake, "SELECT count(*) FROM sources"), objects as u64);

    // A new delivery: the scheduled re-run fetches exactly it.
    let new_key = "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/04/111122223333_CloudTrail_us-east-1_20240504T0100Z_NEWNEWNEWNEWNEW0.json.gz";
    let records: Vec<String> =
        (0..5).map(|i| record(&format!("new-{i}"), "2024-05-04T00:55:00Z", "ListUsers")).collect();
    std::fs::write(server.bucket_dir().join(new_key), gzip(envelope(&records).as_bytes())).unwrap();
    server.state.reset_counts();
    let r = server.run_ok(&["ingest", &uri, "--lake", l]);
    assert!(
        s3_line(&r.stderr)
            .contains(&format!("{objects} unchanged since the last run (same ETag, not fetched), 1 fetched")),
        "{}",
        r.stderr
    );
    assert_eq!(server.state.gets.load(Ordering::SeqCst), 1);
    assert_eq!(count(&lake, "SELECT count(*) FROM cloudtrail"), unique + 5);
}

#[test]
fn acquire_copies_objects_byte_for_byte_with_signatures_and_resumes() {
    let server = Server::start();
    let unique = fill(&server, "1000", "20", "");
    let digest_key = "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/02/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20240502T010000Z.json.gz";
    let digest = gzip(br#"{"awsAccountId":"111122223333","digestStartTime":"2024-05-02T00:00:00Z","digestEndTime":"2024-05-02T01:00:00Z","digestS3Bucket":"trail-bucket","logFiles":[]}"#);
    let signature = "8f2b1c0d9e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c";
    server.put(digest_key, digest.clone(), &[("signature", signature), ("signature-algorithm", "SHA256withRSA")]);
    // A large object, to stream rather than hold.
    let big: Vec<String> =
        (0..30_000).map(|i| record(&format!("acq-{i:06}"), "2024-05-03T10:00:00Z", "DescribeInstances")).collect();
    let big_key = "AWSLogs/777788889999/CloudTrail/us-east-1/2024/05/03/777788889999_CloudTrail_us-east-1_20240503T1000Z_BIGBIGBIGBIGBIG0.json.gz";
    server.put(big_key, gzip(envelope(&big).as_bytes()), &[]);
    let keys = bucket_keys(&server);

    let dir = tempfile::tempdir().unwrap();
    let evidence = dir.path().join("evidence");
    let e = evidence.to_str().unwrap();
    let uri = format!("s3://{BUCKET}");
    let r = server.run_ok(&["acquire", &uri, e]);
    assert!(r.stderr.contains(&format!("{} copied", keys.len())), "{}", r.stderr);

    let manifest = std::fs::read_to_string(evidence.join("acquire-manifest.jsonl")).unwrap();
    let entries: Vec<serde_json::Value> = manifest.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(entries.len(), keys.len());
    for key in &keys {
        let stored = std::fs::read(server.bucket_dir().join(key)).unwrap();
        let copied = std::fs::read(evidence.join(key)).unwrap_or_else(|_| panic!("{key} was not copied"));
        assert!(stored == copied, "{key} differs from the bucket");
        let entry = entries.iter().find(|e| e["key"] == key.as_str()).unwrap();
        assert_eq!(entry["bucket"], BUCKET);
        assert_eq!(entry["path"], key.as_str());
        assert_eq!(entry["size"], stored.len() as u64);
        assert_eq!(entry["sha256"], sha256_hex(&stored), "{key}");
        assert!(entry["etag"].as_str().is_some_and(|t| !t.is_empty() && !t.contains('"')), "{entry}");
        for field in ["last_modified", "acquired_at", "metadata", "content_type"] {
            assert!(entry.get(field).is_some(), "{field} missing in {entry}");
        }
    }
    let d = entries.iter().find(|e| e["key"] == digest_key).unwrap();
    assert_eq!(d["metadata"]["signature"], signature, "{d}");
    assert_eq!(d["metadata"]["signature-algorithm"], "SHA256withRSA");
    assert_eq!(d["content_type"], "application/x-gzip");

    // Resume: nothing is fetched again; a deleted and a damaged file are, and only they.
    server.state.reset_counts();
    let r = server.run_ok(&["acquire", &uri, e]);
    assert!(r.stderr.contains(&format!("{} already present, 0 copied", keys.len())), "{}", r.stderr);
    assert_eq!(server.state.gets.load(Ordering::SeqCst), 0);
    std::fs::remove_file(evidence.join(&keys[3])).unwrap();
    std::fs::write(evidence.join(&keys[5]), b"tampered").unwrap();
    let r = server.run_ok(&["acquire", &uri, e]);
    assert!(r.stderr.contains(&format!("{} already present, 2 copied", keys.len() - 2)), "{}", r.stderr);
    assert_eq!(
        std::fs::read(evidence.join(&keys[5])).unwrap(),
        std::fs::read(server.bucket_dir().join(&keys[5])).unwrap()
    );

    // Ingesting the folder cites the bucket, keeps the local path, and knows the ETags: a later
    // ingest straight from the bucket into the same lake fetches nothing.
    let lake = dir.path().join("lake");
    let l = lake.to_str().unwrap();
    run_ok(&["ingest", e, "--lake", l, "--quiet"]);
    assert_eq!(count(&lake, "SELECT count(*) FROM cloudtrail"), unique + 30_000);
    let rows = query_json(&lake, "SELECT uri, key, etag, path FROM sources WHERE key = $k", &[&format!("k={big_key}")]);
    assert_eq!(rows[0]["uri"], format!("s3://{BUCKET}/{big_key}"));
    assert!(rows[0]["path"].as_str().unwrap().ends_with(big_key), "{rows:?}");
    assert!(rows[0]["etag"].is_string());
    assert_eq!(count(&lake, "SELECT count(*) FROM sources WHERE uri NOT LIKE 's3://trail-bucket/AWSLogs/%'"), 0);
    let cited = scalar(&lake, "SELECT min(source_uri) FROM cloudtrail");
    assert!(cited.as_str().is_some_and(|u| u.starts_with("s3://trail-bucket/AWSLogs/")), "{cited}");
    server.state.reset_counts();
    let r = server.run_ok(&["ingest", &uri, "--lake", l]);
    assert!(s3_line(&r.stderr).contains(", 0 fetched"), "{}", r.stderr);
    assert_eq!(server.state.gets.load(Ordering::SeqCst), 0);
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_tree(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

#[test]
fn verify_straight_from_the_bucket_proves_the_newest_digest_too() {
    use common::signed_trail::{Fixture, Spec};
    let server = Server::start();
    // The bucket as CloudTrail leaves it: each digest's signature is in its S3 metadata only.
    let trail = Fixture::new(Spec { manifest: false, ..Spec::default() });
    for key in trail.logs.iter().flatten() {
        server.put(key, std::fs::read(trail.path(key)).unwrap(), &[]);
    }
    for (key, signature) in trail.digests.iter().zip(&trail.signatures) {
        let body = std::fs::read(trail.path(key)).unwrap();
        server.put(key, body, &[("signature", signature), ("signature-algorithm", "SHA256withRSA")]);
    }
    let dir = tempfile::tempdir().unwrap();
    let evidence = dir.path().join("evidence");
    let verify = |server: &Server| {
        let uri = format!("s3://{BUCKET}/AWSLogs/");
        let r = server.run(&[
            "verify",
            &uri,
            "--public-keys",
            trail.keys_file.to_str().unwrap(),
            "--acquire-to",
            evidence.to_str().unwrap(),
            "--format",
            "json",
        ]);
        let report: serde_json::Value = serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("no JSON report ({e}): {}\n{}", r.stdout, r.stderr));
        (r, report)
    };
    let (r, report) = verify(&server);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let checks = report["checks"].as_array().unwrap();
    let valid_digests = checks.iter().filter(|c| c["kind"] == "digest" && c["status"] == "valid").count();
    assert_eq!(valid_digests, trail.digests.len(), "the newest digest is verified through the acquired metadata");
    assert!(checks.iter().all(|c| c["status"] == "valid"), "{report}");

    // A log file changed in the bucket is fetched again and caught.
    let victim = &trail.logs[0][0];
    let text = String::from_utf8(gunzip(&std::fs::read(trail.path(victim)).unwrap())).unwrap();
    server.put(victim, gzip(text.replacen("ListUsers", "ListRoles", 1).as_bytes()), &[]);
    let (r, report) = verify(&server);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let modified: Vec<&serde_json::Value> =
        report["checks"].as_array().unwrap().iter().filter(|c| c["status"] == "modified").collect();
    assert_eq!(modified.len(), 1, "{report}");
    assert_eq!(modified[0]["key"], victim.as_str());
}

#[test]
fn a_playbook_runs_straight_from_the_bucket() {
    let server = Server::start();
    fill(&server, "1000", "20", "");
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("s3://{BUCKET}");
    let with_cache = |args: &[&str]| -> Run {
        server.command(args).env("XDG_CACHE_HOME", dir.path().join("cache")).output().unwrap().into()
    };
    // The attacker's IP leads to the key; the key's playbook to the whole attack, all from S3.
    let summary = with_cache(&["summary", "203.0.113.66", &uri, "--format", "json", "--quiet"]);
    assert_eq!(summary.code, 0, "{}", summary.stderr);
    let summary: serde_json::Value = serde_json::from_str(&summary.stdout).unwrap();
    let key = summary["sections"]["principals"][0]["access_key"].as_str().unwrap().to_string();
    let report = dir.path().join("report.md");
    let case = dir.path().join("case");
    let run = with_cache(&[
        "playbook",
        "run",
        "compromised-iam-credentials",
        &uri,
        "--quiet",
        "--param",
        &format!("key={key}"),
        "--case",
        case.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let md = std::fs::read_to_string(&report).unwrap();
    assert!(md.contains("| StopLogging | 1 | 203.0.113.66 |"), "{md}");
    assert!(md.contains(&format!("s3://{BUCKET}/AWSLogs/")), "evidence cites the bucket keys:\n{md}");
}

#[test]
fn a_bucket_first_loaded_from_a_synced_copy_is_fetched_only_once() {
    let server = Server::start();
    fill(&server, "300", "20", "");
    let objects = bucket_keys(&server).len();
    let dir = tempfile::tempdir().unwrap();
    // `aws s3 sync` style: a plain copy, no acquisition manifest, so no ETags.
    let synced = dir.path().join("synced");
    copy_tree(&server.bucket_dir(), &synced);
    let lake = dir.path().join("lake");
    let l = lake.to_str().unwrap();
    run_ok(&["ingest", synced.to_str().unwrap(), "--lake", l, "--quiet"]);
    let events = count(&lake, "SELECT count(*) FROM cloudtrail");
    let uri = format!("s3://{BUCKET}");
    // The first run from the bucket reads every object, loads nothing twice, and records each
    // (uri, ETag); the next run fetches nothing.
    let first = server.run_ok(&["ingest", &uri, "--lake", l]);
    assert!(s3_line(&first.stderr).contains(&format!(", {objects} fetched")), "{}", first.stderr);
    assert!(first.stderr.contains(&format!("{objects} already in the lake")), "{}", first.stderr);
    assert_eq!(count(&lake, "SELECT count(*) FROM cloudtrail"), events);
    assert_eq!(
        count(&lake, "SELECT count(*) FROM sources WHERE shape = 'already-ingested' AND etag IS NOT NULL"),
        objects as u64
    );
    server.state.reset_counts();
    let second = server.run_ok(&["ingest", &uri, "--lake", l]);
    assert!(s3_line(&second.stderr).contains(", 0 fetched"), "{}", second.stderr);
    assert_eq!(server.state.gets.load(Ordering::SeqCst), 0);
}
