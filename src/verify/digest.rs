//! The digest file: which log files an hour of a trail delivered, with their hashes, and the
//! link (location, hash, signature) to the previous digest. Parsed from the exact gunzipped
//! bytes, which are also what the signature covers: never re-serialised.

use serde::Deserialize;

/// Digests list a few hundred files an hour; far more is not a digest CloudTrail wrote.
pub const MAX_DIGEST_BYTES: u64 = 64 << 20;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Digest {
    pub digest_start_time: String,
    pub digest_end_time: String,
    pub digest_s3_bucket: String,
    pub digest_s3_object: String,
    pub digest_public_key_fingerprint: String,
    #[serde(default)]
    pub digest_signature_algorithm: Option<String>,
    #[serde(default)]
    pub previous_digest_s3_bucket: Option<String>,
    #[serde(default)]
    pub previous_digest_s3_object: Option<String>,
    #[serde(default)]
    pub previous_digest_hash_value: Option<String>,
    #[serde(default)]
    pub previous_digest_hash_algorithm: Option<String>,
    #[serde(default)]
    pub previous_digest_signature: Option<String>,
    #[serde(default)]
    pub log_files: Vec<LogEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    #[serde(default)]
    pub s3_bucket: Option<String>,
    pub s3_object: String,
    pub hash_value: String,
    #[serde(default)]
    pub hash_algorithm: Option<String>,
}

impl Digest {
    pub fn parse(content: &[u8]) -> Result<Digest, String> {
        serde_json::from_slice(content).map_err(|e| format!("not a CloudTrail digest: {e}"))
    }

    /// The previous digest's key, or `None` at the start of a chain (the first digest, or the
    /// first after logging or validation was off).
    pub fn previous(&self) -> Option<&str> {
        match (&self.previous_digest_s3_bucket, &self.previous_digest_s3_object) {
            (Some(_), Some(key)) if !key.is_empty() => Some(key),
            _ => None,
        }
    }

    pub fn start_us(&self) -> Option<i64> {
        crate::ingest::event::parse_time(&self.digest_start_time)
    }

    pub fn end_us(&self) -> Option<i64> {
        crate::ingest::event::parse_time(&self.digest_end_time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_first_digest_of_a_chain() {
        let d = Digest::parse(
            br#"{"awsAccountId":"1","digestStartTime":"2024-05-01T00:00:00Z","digestEndTime":"2024-05-01T01:00:00Z",
            "digestS3Bucket":"b","digestS3Object":"k","digestPublicKeyFingerprint":"fp","previousDigestSignature":null,
            "logFiles":[]}"#,
        )
        .unwrap();
        assert_eq!(d.previous(), None);
        assert!(d.log_files.is_empty());
        assert!(Digest::parse(b"{\"logFiles\":[]}").unwrap_err().contains("not a CloudTrail digest"));
    }
}
