//! A structural JSON scanner: finds where values begin and end without decoding them.
//!
//! The loader splits an object into records with this scanner and parses each record on its own,
//! so one bad record (invalid UTF-8, a syntax error, a truncated tail) costs that record only.
//! It checks just enough structure to find boundaries; the per-record parse checks the rest.

use memchr::{memchr2, memchr3};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanError {
    /// The input ended inside a value.
    Truncated { offset: usize },
    /// A byte that cannot start or continue the expected token.
    Unexpected { offset: usize, expected: &'static str },
}

impl std::fmt::Display for ScanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScanError::Truncated { offset } => write!(f, "input ends inside a JSON value (byte {offset})"),
            ScanError::Unexpected { offset, expected } => write!(f, "expected {expected} at byte {offset}"),
        }
    }
}

pub struct Scanner<'a> {
    buf: &'a [u8],
    pub pos: usize,
}

impl<'a> Scanner<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        let mut scanner = Scanner { buf, pos: 0 };
        // A UTF-8 byte-order mark is legal noise at the start of a document.
        if buf.starts_with(b"\xEF\xBB\xBF") {
            scanner.pos = 3;
        }
        scanner
    }

    pub fn buf(&self) -> &'a [u8] {
        self.buf
    }

    pub fn skip_ws(&mut self) {
        while let Some(b) = self.buf.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                break;
            }
            self.pos += 1;
        }
    }

    pub fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.pos >= self.buf.len()
    }

    pub fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.buf.get(self.pos).copied()
    }

    pub fn expect(&mut self, byte: u8, what: &'static str) -> Result<(), ScanError> {
        match self.peek() {
            Some(b) if b == byte => {
                self.pos += 1;
                Ok(())
            }
            Some(_) => Err(ScanError::Unexpected { offset: self.pos, expected: what }),
            None => Err(ScanError::Truncated { offset: self.pos }),
        }
    }

    /// Scans a string starting at the current position; returns its raw content (escapes kept).
    pub fn string(&mut self) -> Result<&'a [u8], ScanError> {
        self.expect(b'"', "a string")?;
        let start = self.pos;
        let end = string_end(self.buf, start)?;
        self.pos = end + 1;
        Ok(&self.buf[start..end])
    }

    /// Scans one value; returns its byte range.
    pub fn value(&mut self) -> Result<(usize, usize), ScanError> {
        self.skip_ws();
        let start = self.pos;
        let end = match self.buf.get(start) {
            None => return Err(ScanError::Truncated { offset: start }),
            Some(b'"') => string_end(self.buf, start + 1)? + 1,
            Some(b'{') => container_end(self.buf, start, b'{', b'}')?,
            Some(b'[') => container_end(self.buf, start, b'[', b']')?,
            Some(_) => {
                let mut end = start;
                while let Some(b) = self.buf.get(end) {
                    if matches!(b, b',' | b']' | b'}' | b' ' | b'\n' | b'\r' | b'\t' | b'{' | b'[' | b'"') {
                        break;
                    }
                    end += 1;
                }
                if end == start {
                    return Err(ScanError::Unexpected { offset: start, expected: "a JSON value" });
                }
                end
            }
        };
        self.pos = end;
        Ok((start, end))
    }
}

/// Index of the closing quote of a string whose content starts at `from`.
fn string_end(buf: &[u8], mut from: usize) -> Result<usize, ScanError> {
    loop {
        match memchr2(b'"', b'\\', &buf[from..]) {
            None => return Err(ScanError::Truncated { offset: buf.len() }),
            Some(i) if buf[from + i] == b'"' => return Ok(from + i),
            Some(i) => from += i + 2, // skip the escaped byte
        }
        if from > buf.len() {
            return Err(ScanError::Truncated { offset: buf.len() });
        }
    }
}

/// End (exclusive) of an object or array starting at `start`. Only the container's own bracket
/// kind is counted: in well-formed JSON the other kind nests inside it.
fn container_end(buf: &[u8], start: usize, open: u8, close: u8) -> Result<usize, ScanError> {
    let mut depth = 0usize;
    let mut at = start;
    loop {
        match memchr3(b'"', open, close, &buf[at..]) {
            None => return Err(ScanError::Truncated { offset: buf.len() }),
            Some(i) => {
                let b = buf[at + i];
                at += i + 1;
                if b == b'"' {
                    at = string_end(buf, at)? + 1;
                } else if b == open {
                    depth += 1;
                } else {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(at);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_nested_values_and_strings_with_brackets() {
        let doc = br#" {"a":"x}\"y","b":[{"c":1}],"d":{"e":"{"}} tail"#;
        let mut s = Scanner::new(doc);
        let (a, b) = s.value().unwrap();
        assert_eq!(&doc[a..b], &br#"{"a":"x}\"y","b":[{"c":1}],"d":{"e":"{"}}"#[..]);
    }

    #[test]
    fn reports_truncation() {
        let mut s = Scanner::new(br#"{"a":[1,2"#);
        assert!(matches!(s.value(), Err(ScanError::Truncated { .. })));
        let mut s = Scanner::new(br#""abc\"#);
        assert!(matches!(s.value(), Err(ScanError::Truncated { .. })));
    }
}

/// The members of the object in `obj` (which must start with `{`): each key (raw, escapes kept)
/// with the byte range of its value inside `obj`.
pub fn object_members(obj: &[u8]) -> Result<Vec<(&[u8], (usize, usize))>, ScanError> {
    let mut s = Scanner::new(obj);
    s.expect(b'{', "'{'")?;
    let mut out = Vec::new();
    loop {
        match s.peek() {
            Some(b'}') => return Ok(out),
            Some(b'"') => {}
            Some(_) => return Err(ScanError::Unexpected { offset: s.pos, expected: "a key" }),
            None => return Err(ScanError::Truncated { offset: s.pos }),
        }
        let key = s.string()?;
        s.expect(b':', "':'")?;
        let range = s.value()?;
        out.push((key, range));
        match s.peek() {
            Some(b',') => s.pos += 1,
            Some(b'}') => return Ok(out),
            Some(_) => return Err(ScanError::Unexpected { offset: s.pos, expected: "',' or '}'" }),
            None => return Err(ScanError::Truncated { offset: s.pos }),
        }
    }
}

/// The value of `key` in the object `obj`, as raw JSON.
pub fn member<'a>(obj: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    object_members(obj).ok()?.into_iter().find(|(k, _)| *k == key).map(|(_, (a, b))| &obj[a..b])
}

/// Calls `each` with the byte range of every element of the array starting at `s.pos`.
pub fn array_elements(s: &mut Scanner<'_>, mut each: impl FnMut(usize, usize)) -> Result<(), ScanError> {
    s.expect(b'[', "'['")?;
    loop {
        match s.peek() {
            Some(b']') => {
                s.pos += 1;
                return Ok(());
            }
            None => return Err(ScanError::Truncated { offset: s.pos }),
            _ => {}
        }
        let (a, b) = s.value()?;
        each(a, b);
        match s.peek() {
            Some(b',') => s.pos += 1,
            Some(b']') => {
                s.pos += 1;
                return Ok(());
            }
            Some(_) => return Err(ScanError::Unexpected { offset: s.pos, expected: "',' or ']'" }),
            None => return Err(ScanError::Truncated { offset: s.pos }),
        }
    }
}

/// The text of a JSON string value (with its quotes), unescaped.
pub fn unescape(raw: &[u8]) -> Result<String, String> {
    serde_json::from_slice::<String>(raw).map_err(|e| e.to_string())
}
