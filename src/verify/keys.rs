//! CloudTrail's public keys, as `aws cloudtrail list-public-keys` prints them:
//! `{"PublicKeyList":[{"Value": base64 DER, "ValidityStartTime", "ValidityEndTime", "Fingerprint"}]}`.
//! The DER is usually PKCS#1 RSAPublicKey, sometimes SubjectPublicKeyInfo: both are accepted.
//! A digest names its key by `digestPublicKeyFingerprint`, matched as given (it is not a hash
//! of the DER that we could recompute).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};
use base64::Engine as _;
use rsa::RsaPublicKey;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use serde::Deserialize;

const MAX_KEYS_FILE: u64 = 16 << 20;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct KeyList {
    public_key_list: Vec<KeyEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct KeyEntry {
    value: String,
    fingerprint: String,
}

/// A usable key, or why the entry for that fingerprint is not one.
pub type KeyResult = Result<RsaPublicKey, String>;

#[derive(Default)]
pub struct PublicKeys {
    by_fingerprint: HashMap<String, KeyResult>,
    /// Key lists read, even empty ones: "no keys given" and "not among the keys" differ.
    lists: usize,
}

impl PublicKeys {
    /// No key list was given at all.
    pub fn none_given(&self) -> bool {
        self.lists == 0
    }

    pub fn is_empty(&self) -> bool {
        self.by_fingerprint.is_empty()
    }

    pub fn len(&self) -> usize {
        self.by_fingerprint.len()
    }

    pub fn get(&self, fingerprint: &str) -> Option<&KeyResult> {
        self.by_fingerprint.get(&fingerprint.trim().to_ascii_lowercase())
    }

    /// Adds the keys of one `list-public-keys` output file.
    pub fn load(&mut self, path: &Path) -> Result<usize> {
        let file = std::fs::File::open(path).with_context(|| format!("opening the public keys {}", path.display()))?;
        let mut text = Vec::new();
        file.take(MAX_KEYS_FILE + 1).read_to_end(&mut text).with_context(|| format!("reading {}", path.display()))?;
        if text.len() as u64 > MAX_KEYS_FILE {
            bail!("{} is over {MAX_KEYS_FILE} bytes: not a list-public-keys output", path.display());
        }
        self.add_json(&text).with_context(|| {
            format!(
                "{} is not the JSON output of `aws cloudtrail list-public-keys` ({{\"PublicKeyList\":[…]}})",
                path.display()
            )
        })
    }

    pub fn add_json(&mut self, text: &[u8]) -> Result<usize> {
        let list: KeyList = serde_json::from_slice(text)?;
        let n = list.public_key_list.len();
        self.lists += 1;
        for entry in list.public_key_list {
            let parsed = parse_der_base64(&entry.value)
                .map_err(|e| format!("public key {} is unusable: {e}", entry.fingerprint));
            self.by_fingerprint.insert(entry.fingerprint.trim().to_ascii_lowercase(), parsed);
        }
        Ok(n)
    }
}

/// Base64 DER, PKCS#1 or SPKI.
pub fn parse_der_base64(value: &str) -> Result<RsaPublicKey, String> {
    let compact: String = value.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let der = base64::engine::general_purpose::STANDARD.decode(compact).map_err(|e| format!("not base64: {e}"))?;
    RsaPublicKey::from_pkcs1_der(&der)
        .or_else(|_| RsaPublicKey::from_public_key_der(&der))
        .map_err(|e| format!("neither a PKCS#1 nor an SPKI RSA public key: {e}"))
}
