//! Gzip detection and capped decompression.
//!
//! Gzip is recognized by its magic bytes, never by the file name. Concatenated gzip members
//! (as `cat a.gz b.gz` or some writers produce) are all read. The output is capped so a
//! decompression bomb is reported instead of exhausting memory.

use std::io::Read;

use flate2::read::MultiGzDecoder;

pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

pub struct Decompressed {
    pub bytes: Vec<u8>,
    pub gzip: bool,
    /// Set when the stream was cut or corrupt: `bytes` holds what decoded before the damage.
    pub damage: Option<String>,
}

pub fn decompress(raw: &[u8], cap: u64) -> Result<Decompressed, String> {
    if !raw.starts_with(&GZIP_MAGIC) {
        if raw.len() as u64 > cap {
            return Err(format!("object is {} bytes, over --max-object-bytes {cap}", raw.len()));
        }
        return Ok(Decompressed { bytes: raw.to_vec(), gzip: false, damage: None });
    }
    let mut bytes = Vec::with_capacity(raw.len().saturating_mul(8).min(cap as usize));
    let result = MultiGzDecoder::new(raw).take(cap + 1).read_to_end(&mut bytes);
    if bytes.len() as u64 > cap {
        return Err(format!(
            "decompresses to more than --max-object-bytes ({cap} bytes) from {} compressed: a decompression bomb or an unusually large object",
            raw.len()
        ));
    }
    let damage = result.err().map(|e| format!("gzip stream is damaged after {} decompressed bytes: {e}", bytes.len()));
    Ok(Decompressed { bytes, gzip: true, damage })
}

/// The bytes behind base64 text, when the text is base64 of gzip data.
pub fn base64_gzip(text: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let trimmed = text.trim_ascii();
    if trimmed.len() < 16 || !trimmed.starts_with(b"H4sI") {
        return None; // "H4sI" is how base64 of the gzip magic always begins
    }
    let compact: Vec<u8> = trimmed.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
    let decoded = base64::engine::general_purpose::STANDARD.decode(compact).ok()?;
    decoded.starts_with(&GZIP_MAGIC).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compression, write::GzEncoder};
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn reads_every_member_of_a_multi_member_stream() {
        let mut both = gz(b"hello ");
        both.extend(gz(b"world"));
        assert_eq!(decompress(&both, 100).unwrap().bytes, b"hello world");
    }

    #[test]
    fn caps_output_and_salvages_truncated_streams() {
        let big = gz(&vec![b'a'; 10_000]);
        assert!(decompress(&big, 1_000).is_err());
        let cut = &big[..big.len() / 2];
        let d = decompress(cut, 100_000).unwrap();
        assert!(d.damage.is_some());
    }
}
