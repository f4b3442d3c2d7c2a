//! Reading an object's content the way CloudTrail hashes it: gunzipped (gzip is recognised by
//! its magic bytes; an uncompressed copy hashes the same), with a cap on the decompressed size
//! so a decompression bomb is reported instead of filling memory or running for hours.

use std::io::{BufRead, BufReader, Read};

use flate2::bufread::MultiGzDecoder;
use sha2::{Digest, Sha256};

use crate::ingest::decompress::GZIP_MAGIC;

/// The two hashes of one object.
#[derive(Debug, Clone)]
pub struct Hashes {
    /// Of the bytes as stored.
    pub stored: String,
    /// Of the uncompressed content.
    pub content: String,
}

#[derive(Debug)]
pub enum ReadError {
    /// The object could not be opened or read at all.
    Io(std::io::Error),
    /// Not valid gzip: the content is not what CloudTrail wrote.
    Damaged(String),
    TooLarge(u64),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
            ReadError::Damaged(e) => write!(f, "gzip stream is damaged: {e}"),
            ReadError::TooLarge(cap) => write!(f, "decompresses to more than {cap} bytes (raise --max-object-bytes)"),
        }
    }
}

/// Hashes the stored bytes as they are read.
struct Tee<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Streams the content through `sink` and returns both hashes; memory stays constant.
pub fn hash(reader: impl Read, cap: u64) -> Result<Hashes, ReadError> {
    let mut content = Sha256::new();
    let stored = stream(reader, cap, |chunk| content.update(chunk))?;
    Ok(Hashes { stored, content: hex::encode(content.finalize()) })
}

/// The whole content in memory (for digests, which are small), plus both hashes.
pub fn read(reader: impl Read, cap: u64) -> Result<(Vec<u8>, Hashes), ReadError> {
    let mut bytes = Vec::new();
    let stored = stream(reader, cap, |chunk| bytes.extend_from_slice(chunk))?;
    let content = hex::encode(Sha256::digest(&bytes));
    Ok((bytes, Hashes { stored, content }))
}

fn stream(reader: impl Read, cap: u64, mut sink: impl FnMut(&[u8])) -> Result<String, ReadError> {
    let mut tee = BufReader::with_capacity(64 << 10, Tee { inner: reader, hasher: Sha256::new() });
    let gzip = tee.fill_buf().map_err(ReadError::Io)?.starts_with(&GZIP_MAGIC);
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 << 10];
    {
        let mut source: Box<dyn Read + '_> =
            if gzip { Box::new(MultiGzDecoder::new(&mut tee)) } else { Box::new(&mut tee) };
        loop {
            let n = match source.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) if gzip && is_format_error(&e) => return Err(ReadError::Damaged(e.to_string())),
                Err(e) => return Err(ReadError::Io(e)),
            };
            total += n as u64;
            if total > cap {
                return Err(ReadError::TooLarge(cap));
            }
            sink(&buf[..n]);
        }
    }
    // Bytes after the last gzip member are not part of the content but are part of the file.
    std::io::copy(&mut tee, &mut std::io::sink()).map_err(ReadError::Io)?;
    Ok(hex::encode(tee.into_inner().hasher.finalize()))
}

fn is_format_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof
    )
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
    fn hashes_content_and_stored_bytes() {
        let packed = gz(b"hello");
        let h = hash(packed.as_slice(), 100).unwrap();
        assert_eq!(h.content, hex::encode(Sha256::digest(b"hello")));
        assert_eq!(h.stored, hex::encode(Sha256::digest(&packed)));
        // An uncompressed copy has the same content hash.
        assert_eq!(hash(&b"hello"[..], 100).unwrap().content, h.content);
        let (bytes, _) = read(packed.as_slice(), 100).unwrap();
        assert_eq!(bytes, b"hello");
    }

    #[test]
    fn reports_bombs_and_damage() {
        let big = gz(&vec![b'a'; 10_000]);
        assert!(matches!(hash(big.as_slice(), 1_000), Err(ReadError::TooLarge(1_000))));
        assert!(matches!(hash(&big[..big.len() / 2], 100_000), Err(ReadError::Damaged(_))));
    }
}
