//! SHA256withRSA over the digest's signing string, as CloudTrail signs it (aws-cli's
//! `Sha256RSADigestValidator`).

use rsa::RsaPublicKey;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::signature::Verifier;
use sha2::Sha256;

use super::digest::Digest;

/// `digestEndTime \n bucket/key \n sha256hex(content) \n previousDigestSignature`, where a
/// missing previous signature is the text `null` (it must match the Java implementation).
pub fn signing_string(digest: &Digest, content_sha256: &str) -> String {
    format!(
        "{}\n{}/{}\n{}\n{}",
        digest.digest_end_time,
        digest.digest_s3_bucket,
        digest.digest_s3_object,
        content_sha256,
        digest.previous_digest_signature.as_deref().unwrap_or("null")
    )
}

/// An RSA signature is at most 16384 bits; anything longer is not one.
const MAX_SIGNATURE_HEX: usize = 4096;

/// Checks a hex signature; `Err` says why it does not verify.
pub fn verify(key: &RsaPublicKey, message: &[u8], signature_hex: &str) -> Result<(), String> {
    let text = signature_hex.trim();
    if text.len() > MAX_SIGNATURE_HEX {
        return Err(format!("the signature is {} hex digits long, not an RSA signature", text.len()));
    }
    let bytes = hex::decode(text).map_err(|e| format!("the signature is not hex: {e}"))?;
    let signature = Signature::try_from(bytes.as_slice()).map_err(|e| format!("malformed signature: {e}"))?;
    VerifyingKey::<Sha256>::new(key.clone())
        .verify(message, &signature)
        .map_err(|_| "the signature does not match (SHA256withRSA)".to_string())
}
