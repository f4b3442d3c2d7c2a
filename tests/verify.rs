//! `trailhound verify` end to end: a trail bucket copy signed here exactly as CloudTrail signs it
//! (RSA PKCS#1 v1.5 + SHA-256 over the signing string of formats.md A2), then tampered with.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use base64::Engine as _;
use rand_chacha::rand_core::SeedableRng;
use rsa::pkcs1::EncodeRsaPublicKey;
use rsa::pkcs8::EncodePublicKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use common::*;

const ACCOUNT: &str = "111122223333";
const REGION: &str = "us-east-1";
const TRAIL: &str = "main_trail";
const BUCKET: &str = "trail-bucket";
/// Digests 0 and 1 name the key by this fingerprint (its PKCS#1 encoding), 2 and 3 by the other
/// (the same key as SPKI).
const FP_PKCS1: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const FP_SPKI: &str = "ffeeddccbbaa99887766554433221100";

/// The signing key and a key that signed nothing. 1024 bits: 2048 is slow in debug builds.
fn keys() -> &'static (RsaPrivateKey, RsaPrivateKey) {
    static KEYS: OnceLock<(RsaPrivateKey, RsaPrivateKey)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20240501);
        (RsaPrivateKey::new(&mut rng, 1024).unwrap(), RsaPrivateKey::new(&mut rng, 1024).unwrap())
    })
}

fn sha256(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

#[derive(Clone)]
struct Spec {
    /// AWS Organizations trail: `AWSLogs/o-…/<account>/…`.
    org: bool,
    /// The trail's S3 key prefix, kept as a folder in the copy.
    prefix: &'static str,
    /// One more hour with no digest before this digest (logging stopped).
    gap_before: Option<usize>,
    /// This digest starts a new chain (previousDigest* null): validation was off before it.
    restart_at: Option<usize>,
    /// Write acquire-manifest.jsonl with every object's S3 metadata.
    manifest: bool,
}

impl Default for Spec {
    fn default() -> Self {
        Spec { org: false, prefix: "", gap_before: None, restart_at: None, manifest: true }
    }
}

struct Fixture {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    keys_file: PathBuf,
    /// Digest keys, oldest first, and their signatures.
    digests: Vec<String>,
    signatures: Vec<String>,
    /// Log keys per digest.
    logs: Vec<Vec<String>>,
}

/// Log files delivered in each hour: hour 1 delivered nothing (an empty logFiles is normal).
const LOGS_PER_HOUR: [usize; 4] = [2, 0, 2, 1];

impl Fixture {
    fn new(spec: Spec) -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("case");
        let org = if spec.org { "o-abc123def4/" } else { "" };
        let base = format!("{}AWSLogs/{org}{ACCOUNT}", spec.prefix);
        let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new(keys().0.clone());
        let mut manifest = String::new();
        let mut acquired = |key: &str, bytes: &[u8], metadata: Value| {
            manifest.push_str(
                &json!({
                    "bucket": BUCKET, "key": key, "etag": "\"e\"", "size": bytes.len(), "sha256": sha256(bytes),
                    "last_modified": "2024-05-01T05:00:00Z", "metadata": metadata, "path": key,
                })
                .to_string(),
            );
            manifest.push('\n');
        };
        let write = |key: &str, bytes: &[u8]| {
            let path = root.join(key);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        };
        let (mut digests, mut signatures, mut logs) = (Vec::new(), Vec::new(), Vec::new());
        let mut previous: Option<(String, String, String)> = None; // key, content hash, signature
        let mut hour = 0u32;
        for (n, count) in LOGS_PER_HOUR.iter().enumerate() {
            if spec.gap_before == Some(n) {
                hour += 1;
            }
            let start = format!("2024-05-01T{hour:02}:01:31Z");
            let end = format!("2024-05-01T{:02}:01:31Z", hour + 1);
            let mut files = Vec::new();
            let mut keys = Vec::new();
            for f in 0..*count {
                let stamp = format!("20240501T{hour:02}{:02}Z", 5 + f * 10);
                let key = format!(
                    "{base}/CloudTrail/{REGION}/2024/05/01/{ACCOUNT}_CloudTrail_{REGION}_{stamp}_{:0>16}.json.gz",
                    format!("LOG{n}X{f}")
                );
                let records: Vec<String> = (0..2)
                    .map(|r| {
                        record(&format!("ev-{n}-{f}-{r}"), &format!("2024-05-01T{hour:02}:0{f}:1{r}Z"), "ListUsers")
                    })
                    .collect();
                let content = envelope(&records);
                let packed = gzip(content.as_bytes());
                write(&key, &packed);
                acquired(&key, &packed, json!({}));
                files.push(json!({
                    "s3Bucket": BUCKET, "s3Object": key, "hashValue": sha256(content.as_bytes()),
                    "hashAlgorithm": "SHA-256", "newestEventTime": start, "oldestEventTime": start,
                }));
                keys.push(key);
            }
            let stamp = format!("20240501T{:02}0131Z", hour + 1);
            let key = format!(
                "{base}/CloudTrail-Digest/{REGION}/2024/05/01/{ACCOUNT}_CloudTrail-Digest_{REGION}_{TRAIL}_{REGION}_{stamp}.json.gz"
            );
            let restart = spec.restart_at == Some(n);
            let link = previous.as_ref().filter(|_| !restart);
            let digest = json!({
                "awsAccountId": ACCOUNT,
                "digestStartTime": start,
                "digestEndTime": end,
                "digestS3Bucket": BUCKET,
                "digestS3Object": key,
                "digestPublicKeyFingerprint": if n < 2 { FP_PKCS1 } else { FP_SPKI },
                "digestSignatureAlgorithm": "SHA256withRSA",
                "newestEventTime": end,
                "oldestEventTime": start,
                "previousDigestS3Bucket": link.map(|_| BUCKET),
                "previousDigestS3Object": link.map(|l| l.0.clone()),
                "previousDigestHashValue": link.map(|l| l.1.clone()),
                "previousDigestHashAlgorithm": link.map(|_| "SHA-256"),
                "previousDigestSignature": link.map(|l| l.2.clone()),
                "logFiles": files,
            });
            let content = serde_json::to_vec(&digest).unwrap();
            let to_sign = format!(
                "{end}\n{BUCKET}/{key}\n{}\n{}",
                sha256(&content),
                link.map_or("null".to_string(), |l| l.2.clone())
            );
            let signature = hex::encode(signer.sign(to_sign.as_bytes()).to_bytes());
            let packed = gzip(&content);
            write(&key, &packed);
            acquired(&key, &packed, json!({"signature": signature, "signature-algorithm": "SHA256withRSA"}));
            previous = Some((key.clone(), sha256(&content), signature.clone()));
            digests.push(key);
            signatures.push(signature);
            logs.push(keys);
            hour += 1;
        }
        if spec.manifest {
            std::fs::write(root.join("acquire-manifest.jsonl"), manifest).unwrap();
        }
        let keys_file = tmp.path().join("keys.json");
        write_keys(&keys_file, &keys().0.to_public_key());
        Fixture { _tmp: tmp, root, keys_file, digests, signatures, logs }
    }

    fn path(&self, key: &str) -> PathBuf {
        self.root.join(key)
    }

    fn verify(&self, extra: &[&str]) -> (Run, Value) {
        let mut args = vec!["verify", self.root.to_str().unwrap(), "--public-keys", self.keys_file.to_str().unwrap()];
        args.extend(["--format", "json"]);
        args.extend(extra);
        let r = run(&args);
        let report: Value = serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("verify printed no JSON ({e}): {}\n{}", r.stdout, r.stderr));
        (r, report)
    }

    /// Gunzips, edits and re-gzips a file in place (without re-signing anything).
    fn edit(&self, key: &str, change: impl FnOnce(String) -> String) {
        let path = self.path(key);
        let text = String::from_utf8(gunzip(&std::fs::read(&path).unwrap())).unwrap();
        let changed = change(text.clone());
        assert_ne!(changed, text, "the edit of {key} changed nothing");
        std::fs::write(&path, gzip(changed.as_bytes())).unwrap();
    }
}

/// `list-public-keys` output naming one key twice: as PKCS#1 and as SPKI DER.
fn write_keys(path: &Path, key: &RsaPublicKey) {
    let b64 = |der: &[u8]| base64::engine::general_purpose::STANDARD.encode(der);
    let list = json!({"PublicKeyList": [
        {"Value": b64(key.to_pkcs1_der().unwrap().as_bytes()), "ValidityStartTime": "2024-01-01T00:00:00Z",
         "ValidityEndTime": "2025-01-01T00:00:00Z", "Fingerprint": FP_PKCS1},
        {"Value": b64(key.to_public_key_der().unwrap().as_bytes()), "ValidityStartTime": "2024-01-01T00:00:00Z",
         "ValidityEndTime": "2025-01-01T00:00:00Z", "Fingerprint": FP_SPKI},
    ]});
    std::fs::write(path, serde_json::to_vec_pretty(&list).unwrap()).unwrap();
}

fn checks(report: &Value) -> &Vec<Value> {
    report["checks"].as_array().expect("checks")
}

/// Statuses of the checks whose key is `key`, sorted.
fn statuses(report: &Value, key: &str) -> Vec<String> {
    let mut s: Vec<String> =
        checks(report).iter().filter(|c| c["key"] == key).map(|c| c["status"].as_str().unwrap().to_string()).collect();
    s.sort();
    s
}

fn status(report: &Value, key: &str) -> String {
    let s = statuses(report, key);
    assert_eq!(s.len(), 1, "{key}: expected one check, got {s:?}\n{report:#}");
    s[0].clone()
}

/// The verdict on a digest itself (a gap reported at the same key aside).
fn digest_status(report: &Value, key: &str) -> String {
    let s: Vec<String> = statuses(report, key).into_iter().filter(|s| s != "gap").collect();
    assert_eq!(s.len(), 1, "{key}: expected one check, got {s:?}");
    s[0].clone()
}

fn detail(report: &Value, key: &str) -> String {
    checks(report).iter().filter(|c| c["key"] == key).map(|c| c["detail"].as_str().unwrap().to_string()).collect()
}

/// Every check that is not valid, as (status, key).
fn problems(report: &Value) -> Vec<(String, String)> {
    let mut p: Vec<(String, String)> = checks(report)
        .iter()
        .filter(|c| c["status"] != "valid")
        .map(|c| (c["status"].as_str().unwrap().to_string(), c["key"].as_str().unwrap().to_string()))
        .collect();
    p.sort();
    p
}

fn count(report: &Value, kind: &str, status: &str) -> u64 {
    report["summary"][kind][status].as_u64().unwrap_or(0)
}

#[test]
fn an_intact_copy_verifies_with_both_key_encodings() {
    let f = Fixture::new(Spec::default());
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(problems(&report), vec![]);
    assert_eq!(count(&report, "digest", "valid"), 4);
    assert_eq!(count(&report, "log", "valid"), 5);
    assert_eq!(report["ok"], true);
    assert_eq!(report["trails"].as_array().unwrap().len(), 1);
    assert_eq!(report["trails"][0]["trail"], TRAIL);
    // Each log check cites the file as stored (joinable with the lake) and its digest.
    let log = &f.logs[2][1];
    let row = checks(&report).iter().find(|c| c["key"] == *log).unwrap();
    assert_eq!(row["sha256"], sha256(&std::fs::read(f.path(log)).unwrap()));
    assert_eq!(row["content_sha256"], sha256(&gunzip(&std::fs::read(f.path(log)).unwrap())));
    assert_eq!(row["digest_key"], f.digests[2]);
    assert_eq!(row["account"], ACCOUNT);
    assert_eq!(row["region"], REGION);
    // The human table says the same.
    let table = run(&["verify", f.root.to_str().unwrap(), "--public-keys", f.keys_file.to_str().unwrap()]);
    assert_eq!(table.code, 0, "{}", table.stdout);
    assert!(table.stdout.contains("OK: every digest and log file checked is intact"), "{}", table.stdout);
    assert!(!table.stdout.contains("Problems"), "{}", table.stdout);
}

#[test]
fn a_key_that_did_not_sign_fails_every_signature() {
    let f = Fixture::new(Spec::default());
    write_keys(&f.keys_file, &keys().1.to_public_key());
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    assert_eq!(count(&report, "digest", "bad_signature"), 4, "{report:#}");
    // Logs match their digests, but digests that do not verify prove nothing.
    assert_eq!(count(&report, "log", "unverifiable"), 5);
    assert_eq!(count(&report, "log", "valid"), 0);
    // No keys at all: nothing is proven either.
    std::fs::write(&f.keys_file, r#"{"PublicKeyList":[]}"#).unwrap();
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    assert_eq!(count(&report, "digest", "unverifiable"), 4);
    assert!(detail(&report, &f.digests[0]).contains(&format!("public key {FP_PKCS1} is not in --public-keys")));
}

#[test]
fn one_changed_byte_in_a_log_record_is_caught() {
    let f = Fixture::new(Spec::default());
    let log = f.logs[2][0].clone();
    f.edit(&log, |t| t.replacen("ListUsers", "ListUsert", 1));
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    assert_eq!(problems(&report), vec![("modified".to_string(), log.clone())]);
    assert!(detail(&report, &log).contains("does not match the hashValue"), "{}", detail(&report, &log));
    // The manifest noticed too: the file is no longer the object acquired.
    assert!(detail(&report, &log).contains("differs from the acquired object"), "{}", detail(&report, &log));
    let table = run(&["verify", f.root.to_str().unwrap(), "--public-keys", f.keys_file.to_str().unwrap()]);
    assert_eq!(table.code, 1);
    assert!(table.stdout.contains("modified") && table.stdout.contains(&log), "{}", table.stdout);
    assert!(table.stdout.contains("FAILED: 1 check(s)"), "{}", table.stdout);
}

#[test]
fn a_deleted_log_is_missing_and_an_added_one_is_in_no_digest() {
    let f = Fixture::new(Spec::default());
    let deleted = f.logs[0][1].clone();
    std::fs::remove_file(f.path(&deleted)).unwrap();
    let added = f.logs[3][0].replace("LOG3X0", "ADDED1");
    std::fs::copy(f.path(&f.logs[3][0]), f.path(&added)).unwrap();
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    assert_eq!(
        problems(&report),
        vec![("missing".to_string(), deleted.clone()), ("not_in_digest".to_string(), added.clone())]
    );
    let missing = checks(&report).iter().find(|c| c["key"] == deleted).unwrap();
    assert_eq!(missing["digest_key"], f.digests[0]);
    assert_eq!(missing["start_time"], "2024-05-01T00:01:31Z");
    assert!(detail(&report, &added).contains("listed in no digest"));
}

#[test]
fn a_deleted_digest_breaks_the_chain() {
    let f = Fixture::new(Spec::default());
    std::fs::remove_file(f.path(&f.digests[2])).unwrap();
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    assert_eq!(
        problems(&report),
        vec![
            ("missing".to_string(), f.digests[2].clone()),
            ("not_in_digest".to_string(), f.logs[2][0].clone()),
            ("not_in_digest".to_string(), f.logs[2][1].clone()),
        ]
    );
    let missing = checks(&report).iter().find(|c| c["key"] == f.digests[2]).unwrap();
    assert_eq!(missing["kind"], "digest");
    assert_eq!(missing["digest_key"], f.digests[3], "named by the newer digest");
    // The uncovered stretch: from the end of the digest before to the start of the one after.
    assert_eq!(
        (missing["start_time"].as_str(), missing["end_time"].as_str()),
        (Some("2024-05-01T02:01:31Z"), Some("2024-05-01T03:01:31Z"))
    );
    // Digest 1 lost the successor that carried its signature; the manifest's S3 metadata proves it.
    assert_eq!(status(&report, &f.digests[1]), "valid");

    // Without the manifest it cannot be proven any more.
    std::fs::remove_file(f.root.join("acquire-manifest.jsonl")).unwrap();
    let (_, report) = f.verify(&[]);
    assert_eq!(status(&report, &f.digests[1]), "unverifiable");
    assert!(detail(&report, &f.digests[1]).contains("no newer digest links to it"));
    assert_eq!(status(&report, &f.digests[0]), "valid", "still proven by digest 1's previousDigestSignature");
}

#[test]
fn swapped_digest_contents_fail_the_chain_and_signatures() {
    let f = Fixture::new(Spec::default());
    let (a, b) = (f.path(&f.digests[1]), f.path(&f.digests[2]));
    let (bytes_a, bytes_b) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    std::fs::write(&a, &bytes_b).unwrap();
    std::fs::write(&b, &bytes_a).unwrap();
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    for key in [&f.digests[1], &f.digests[2]] {
        assert_eq!(status(&report, key), "bad_signature", "{key}: {}", detail(&report, key));
        assert!(detail(&report, key).contains("moved"), "{}", detail(&report, key));
    }
    assert!(detail(&report, &f.digests[2]).contains("is not the previousDigestHashValue"));
    assert_eq!(digest_status(&report, &f.digests[3]), "valid");
    // Its link now lands on the content of an hour earlier: a stretch no digest covers.
    assert_eq!(statuses(&report, &f.digests[3]), vec!["gap", "valid"]);
    assert_eq!(status(&report, &f.digests[0]), "valid");
    // The logs of the swapped hours are listed by digests that do not verify.
    assert_eq!(status(&report, &f.logs[2][0]), "unverifiable");
}

#[test]
fn a_log_edit_hidden_by_editing_its_digest_is_a_bad_signature() {
    let f = Fixture::new(Spec::default());
    // The attacker changes a log, then puts the new hash into the digest that lists it.
    let log = f.logs[2][0].clone();
    let old_hash = sha256(&gunzip(&std::fs::read(f.path(&log)).unwrap()));
    f.edit(&log, |t| t.replacen("192.0.2.1", "192.0.2.9", 1));
    let new_hash = sha256(&gunzip(&std::fs::read(f.path(&log)).unwrap()));
    f.edit(&f.digests[2], |t| t.replace(&old_hash, &new_hash));
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    assert_eq!(status(&report, &f.digests[2]), "bad_signature");
    assert!(detail(&report, &f.digests[2]).contains("is not the previousDigestHashValue"));
    assert_eq!(status(&report, &log), "modified", "the acquisition record still knows the original bytes");

    // The newest digest is protected by its S3 metadata signature alone: dropping a log from its
    // list is caught too.
    let newest = f.digests[3].clone();
    let dropped = f.logs[3][0].clone();
    f.edit(&newest, |t| {
        let mut d: Value = serde_json::from_str(&t).unwrap();
        d["logFiles"] = json!([]);
        serde_json::to_string(&d).unwrap()
    });
    let (_, report) = f.verify(&[]);
    assert_eq!(status(&report, &newest), "bad_signature");
    assert!(detail(&report, &newest).contains("the S3 metadata signature"));
    assert_eq!(status(&report, &dropped), "not_in_digest");
}

#[test]
fn the_newest_digest_without_signature_metadata_is_unverifiable() {
    let f = Fixture::new(Spec { manifest: false, ..Spec::default() });
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1, "not proven is not valid");
    let newest = &f.digests[3];
    assert_eq!(status(&report, newest), "unverifiable");
    assert!(
        detail(&report, newest).contains("unverifiable offline (signature metadata missing: use trailhound acquire)")
    );
    assert_eq!(status(&report, &f.logs[3][0]), "unverifiable", "listed only by the unproven digest");
    assert_eq!(count(&report, "digest", "valid"), 3, "the older digests are proven through the chain");
    assert_eq!(count(&report, "log", "valid"), 4);
    assert_eq!(problems(&report).len(), 2);

    let (r, report) = f.verify(&["--allow-unsigned-newest"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(status(&report, newest), "unverifiable", "still reported as it is");
    // The allowance is for the newest digest only: a broken older link still fails.
    std::fs::remove_file(f.path(&f.digests[1])).unwrap();
    let (r, _) = f.verify(&["--allow-unsigned-newest"]);
    assert_eq!(r.code, 1);

    // The manifest's signature is used when present.
    let g = Fixture::new(Spec::default());
    let (r, report) = g.verify(&[]);
    assert_eq!((r.code, status(&report, &g.digests[3])), (0, "valid".to_string()));
    assert_eq!(g.signatures.len(), 4);
}

#[test]
fn time_gaps_and_chain_restarts_are_reported() {
    let f = Fixture::new(Spec { gap_before: Some(2), ..Spec::default() });
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    let gaps: Vec<&Value> = checks(&report).iter().filter(|c| c["status"] == "gap").collect();
    assert_eq!(gaps.len(), 1, "{report:#}");
    assert_eq!(gaps[0]["key"], f.digests[2], "the gap is reported at the digest after it");
    assert_eq!(gaps[0]["start_time"], "2024-05-01T02:01:31Z");
    assert_eq!(gaps[0]["end_time"], "2024-05-01T03:01:31Z");
    assert_eq!(count(&report, "digest", "valid"), 4, "the digests themselves are fine");

    let f = Fixture::new(Spec { restart_at: Some(2), ..Spec::default() });
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    let gaps: Vec<&Value> = checks(&report).iter().filter(|c| c["status"] == "gap").collect();
    assert_eq!(gaps.len(), 1, "{report:#}");
    assert!(gaps[0]["detail"].as_str().unwrap().contains("chain starts again"));
    assert_eq!(gaps[0]["start_time"], "2024-05-01T02:01:31Z");
    assert_eq!(count(&report, "digest", "valid"), 4);
    assert_eq!(count(&report, "log", "valid"), 5);
}

#[test]
fn organization_trails_and_key_prefixes_verify() {
    let f = Fixture::new(Spec { org: true, prefix: "cases/ir-7/", ..Spec::default() });
    assert!(f.digests[0].starts_with("cases/ir-7/AWSLogs/o-abc123def4/111122223333/CloudTrail-Digest/"));
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 0, "{report:#}");
    assert_eq!(count(&report, "log", "valid"), 5);
    // A copy without the prefix folder and without the manifest still lines up (by the AWSLogs/ part).
    let moved = f.root.join("AWSLogs");
    std::fs::rename(f.root.join("cases/ir-7/AWSLogs"), &moved).unwrap();
    std::fs::remove_file(f.root.join("acquire-manifest.jsonl")).unwrap();
    let (r, report) = f.verify(&["--allow-unsigned-newest"]);
    assert_eq!(r.code, 0, "{report:#}");
    assert_eq!(count(&report, "digest", "valid"), 3);
}

#[test]
fn since_and_until_limit_what_is_checked() {
    let f = Fixture::new(Spec::default());
    f.edit(&f.logs[0][0].clone(), |t| t.replacen("ListUsers", "ListUsert", 1));
    let (r, _) = f.verify(&[]);
    assert_eq!(r.code, 1);
    let (r, report) = f.verify(&["--since", "2024-05-01T02:30:00Z"]);
    assert_eq!(r.code, 0, "{report:#}");
    assert_eq!(count(&report, "digest", "valid"), 2, "digests 2 and 3 end after --since");
    assert_eq!(count(&report, "log", "valid"), 3);
    let (r, report) = f.verify(&["--until", "2024-05-01T01:00:00Z"]);
    assert_eq!(r.code, 1);
    assert_eq!(problems(&report), vec![("modified".to_string(), f.logs[0][0].clone())]);
}

#[test]
fn hostile_files_are_reported_with_their_names() {
    let f = Fixture::new(Spec::default());
    // Digest 2 replaced by garbage, the newest by a gzip of something that is not a digest.
    std::fs::write(f.path(&f.digests[2]), b"\x1f\x8b\x08\x00garbage").unwrap();
    std::fs::write(f.path(&f.digests[3]), gzip(b"{\"Records\":[]}")).unwrap();
    // A log that is a decompression bomb for the cap given.
    std::fs::write(f.path(&f.logs[0][0]), gzip(&vec![b' '; 2_000_000])).unwrap();
    // A file under CloudTrail-Digest/ with a name CloudTrail never writes.
    let odd = f.digests[0].rsplit_once('/').unwrap().0.to_string() + "/renamed.json.gz";
    std::fs::copy(f.path(&f.digests[0]), f.path(&odd)).unwrap();
    let (r, report) = f.verify(&["--max-object-bytes", "100000"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(status(&report, &f.digests[2]), "modified");
    assert!(detail(&report, &f.digests[2]).contains("unreadable digest"), "{}", detail(&report, &f.digests[2]));
    assert_eq!(status(&report, &f.digests[3]), "modified");
    assert!(detail(&report, &f.digests[3]).contains("not a CloudTrail digest"));
    assert_eq!(status(&report, &f.logs[0][0]), "unverifiable");
    assert!(detail(&report, &f.logs[0][0]).contains("decompresses to more than 100000 bytes"));
    assert_eq!(status(&report, &odd), "unverifiable");

    // Unusable inputs are errors (exit 2) that name the file.
    std::fs::write(&f.keys_file, b"not json").unwrap();
    let r = run(&["verify", f.root.to_str().unwrap(), "--public-keys", f.keys_file.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("keys.json") && r.stderr.contains("list-public-keys"), "{}", r.stderr);
    std::fs::write(f.root.join("acquire-manifest.jsonl"), "{\"key\":1}\n").unwrap();
    let r = run(&["verify", f.root.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("acquire-manifest.jsonl line 1"), "{}", r.stderr);
    let empty = tempfile::tempdir().unwrap();
    let r = run(&["verify", empty.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no CloudTrail log or digest files"), "{}", r.stderr);
}

#[test]
fn results_land_in_the_lake_and_join_the_evidence() {
    let f = Fixture::new(Spec::default());
    f.edit(&f.logs[2][0].clone(), |t| t.replacen("ListUsers", "ListUsert", 1));
    let tmp = tempfile::tempdir().unwrap();
    let lake = tmp.path().join("lake");
    // Before any verify run the table exists and is empty.
    run_ok(&["ingest", f.root.join(&f.logs[0][0]).to_str().unwrap(), "--lake", lake.to_str().unwrap(), "--quiet"]);
    assert_eq!(scalar(&lake, "SELECT count(*) FROM log_validation").as_u64(), Some(0));

    let (r, report) = f.verify(&["--lake", lake.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("table log_validation"), "{}", r.stderr);
    let rows =
        query_json(&lake, "SELECT kind, status, count(*) AS n FROM log_validation GROUP BY 1, 2 ORDER BY 1, 2", &[]);
    let got: Vec<(String, String, u64)> = rows
        .iter()
        .map(|r| (r["kind"].as_str().unwrap().into(), r["status"].as_str().unwrap().into(), r["n"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("digest".into(), "valid".into(), 4),
            ("log".into(), "modified".into(), 1),
            ("log".into(), "valid".into(), 4)
        ]
    );
    let run_id = report["run_id"].as_str().unwrap();
    assert_eq!(
        query_json(&lake, "SELECT DISTINCT run_id FROM log_validation", &[])[0]["run_id"].as_str(),
        Some(run_id)
    );

    // Every event can say whether its file was proven intact.
    run_ok(&["ingest", f.root.to_str().unwrap(), "--lake", lake.to_str().unwrap(), "--quiet"]);
    let rows = query_json(
        &lake,
        "SELECT v.status, count(*) AS events FROM cloudtrail c JOIN log_validation v ON c.source_sha256 = v.sha256 \
         GROUP BY 1 ORDER BY 1",
        &[],
    );
    let got: Vec<(String, u64)> =
        rows.iter().map(|r| (r["status"].as_str().unwrap().into(), r["events"].as_u64().unwrap())).collect();
    assert_eq!(got, vec![("modified".into(), 2), ("valid".into(), 8)]);
}
