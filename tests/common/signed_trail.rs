//! A trail bucket copy signed exactly as CloudTrail signs it (RSA PKCS#1 v1.5 + SHA-256 over the
//! signing string of formats.md A2): logs, a chain of digests, the public keys, and optionally the
//! acquisition manifest with each digest's S3 signature metadata.

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

use super::*;

pub const ACCOUNT: &str = "111122223333";
pub const REGION: &str = "us-east-1";
pub const TRAIL: &str = "main_trail";
pub const BUCKET: &str = "trail-bucket";
/// Digests 0 and 1 name the key by this fingerprint (its PKCS#1 encoding), 2 and 3 by the other
/// (the same key as SPKI).
pub const FP_PKCS1: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
pub const FP_SPKI: &str = "ffeeddccbbaa99887766554433221100";

/// The signing key and a key that signed nothing. 1024 bits: 2048 is slow in debug builds.
pub fn keys() -> &'static (RsaPrivateKey, RsaPrivateKey) {
    static KEYS: OnceLock<(RsaPrivateKey, RsaPrivateKey)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20240501);
        (RsaPrivateKey::new(&mut rng, 1024).unwrap(), RsaPrivateKey::new(&mut rng, 1024).unwrap())
    })
}

pub fn sha256(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

#[derive(Clone)]
pub struct Spec {
    /// AWS Organizations trail: `AWSLogs/o-…/<account>/…`.
    pub org: bool,
    /// The trail's S3 key prefix, kept as a folder in the copy.
    pub prefix: &'static str,
    /// One more hour with no digest before this digest (logging stopped).
    pub gap_before: Option<usize>,
    /// This digest starts a new chain (previousDigest* null): validation was off before it.
    pub restart_at: Option<usize>,
    /// Write acquire-manifest.jsonl with every object's S3 metadata.
    pub manifest: bool,
}

impl Default for Spec {
    fn default() -> Self {
        Spec { org: false, prefix: "", gap_before: None, restart_at: None, manifest: true }
    }
}

pub struct Fixture {
    pub _tmp: tempfile::TempDir,
    pub root: PathBuf,
    pub keys_file: PathBuf,
    /// Digest keys, oldest first, and their signatures.
    pub digests: Vec<String>,
    pub signatures: Vec<String>,
    /// Log keys per digest.
    pub logs: Vec<Vec<String>>,
}

/// Log files delivered in each hour: hour 1 delivered nothing (an empty logFiles is normal).
pub const LOGS_PER_HOUR: [usize; 4] = [2, 0, 2, 1];

impl Fixture {
    pub fn new(spec: Spec) -> Fixture {
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

    pub fn path(&self, key: &str) -> PathBuf {
        self.root.join(key)
    }

    pub fn verify(&self, extra: &[&str]) -> (Run, Value) {
        let mut args = vec!["verify", self.root.to_str().unwrap(), "--public-keys", self.keys_file.to_str().unwrap()];
        args.extend(["--format", "json"]);
        args.extend(extra);
        let r = run(&args);
        let report: Value = serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("verify printed no JSON ({e}): {}\n{}", r.stdout, r.stderr));
        (r, report)
    }

    /// Gunzips, edits and re-gzips a file in place (without re-signing anything).
    pub fn edit(&self, key: &str, change: impl FnOnce(String) -> String) {
        let path = self.path(key);
        let text = String::from_utf8(gunzip(&std::fs::read(&path).unwrap())).unwrap();
        let changed = change(text.clone());
        assert_ne!(changed, text, "the edit of {key} changed nothing");
        std::fs::write(&path, gzip(changed.as_bytes())).unwrap();
    }
}

/// `list-public-keys` output naming one key twice: as PKCS#1 and as SPKI DER.
pub fn write_keys(path: &Path, key: &RsaPublicKey) {
    let b64 = |der: &[u8]| base64::engine::general_purpose::STANDARD.encode(der);
    let list = json!({"PublicKeyList": [
        {"Value": b64(key.to_pkcs1_der().unwrap().as_bytes()), "ValidityStartTime": "2024-01-01T00:00:00Z",
         "ValidityEndTime": "2025-01-01T00:00:00Z", "Fingerprint": FP_PKCS1},
        {"Value": b64(key.to_public_key_der().unwrap().as_bytes()), "ValidityStartTime": "2024-01-01T00:00:00Z",
         "ValidityEndTime": "2025-01-01T00:00:00Z", "Fingerprint": FP_SPKI},
    ]});
    std::fs::write(path, serde_json::to_vec_pretty(&list).unwrap()).unwrap();
}
