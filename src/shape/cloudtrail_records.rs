//! The CloudTrail log-file shape: `{"Records":[record, …]}`.

use std::borrow::Cow;

use super::json_scan::{ScanError, Scanner};
use super::{Problem, RecordText, Split};

/// Bytes of a broken record kept as evidence in the rejects table.
pub const EXCERPT_CAP: usize = 64 * 1024;

pub fn split(doc: &[u8]) -> Split<'_> {
    let mut out = Split::default();
    if let Err(problem) = split_into(doc, &mut out) {
        out.problems.push(problem);
    }
    out
}

fn split_into<'a>(doc: &'a [u8], out: &mut Split<'a>) -> Result<(), Problem> {
    let mut s = Scanner::new(doc);
    s.expect(b'{', "'{' opening the envelope").map_err(envelope)?;
    let mut found = false;
    loop {
        if s.peek() == Some(b'}') {
            s.pos += 1;
            break;
        }
        let key = s.string().map_err(envelope)?;
        s.expect(b':', "':'").map_err(envelope)?;
        if key == b"Records" && !found {
            found = true;
            records(&mut s, out)?;
        } else {
            s.value().map_err(envelope)?;
        }
        match s.peek() {
            Some(b',') => s.pos += 1,
            Some(b'}') => {
                s.pos += 1;
                break;
            }
            Some(_) => return Err(envelope(ScanError::Unexpected { offset: s.pos, expected: "',' or '}'" })),
            None => return Err(envelope(ScanError::Truncated { offset: s.pos })),
        }
    }
    if !found {
        return Err(Problem::object(Some(0), "no \"Records\" array in the envelope"));
    }
    if !s.at_end() {
        return Err(Problem::object(Some(s.pos), format!("unexpected data after the envelope at byte {}", s.pos)));
    }
    Ok(())
}

fn records<'a>(s: &mut Scanner<'a>, out: &mut Split<'a>) -> Result<(), Problem> {
    if s.peek() != Some(b'[') {
        return Err(Problem::object(Some(s.pos), "\"Records\" is not an array"));
    }
    s.pos += 1;
    let buf = s.buf();
    let mut index = 0;
    loop {
        if s.peek() == Some(b']') {
            s.pos += 1;
            return Ok(());
        }
        let start = s.pos;
        match s.value() {
            Ok((a, b)) => out.records.push(RecordText { index, offset: a, bytes: Cow::Borrowed(&buf[a..b]) }),
            Err(e) => {
                let excerpt = buf[start..buf.len().min(start + EXCERPT_CAP)].to_vec();
                return Err(Problem {
                    record_index: Some(index),
                    offset: Some(start),
                    reason: format!("record {index} is cut off: {e}; the object is truncated"),
                    excerpt,
                });
            }
        }
        index += 1;
        match s.peek() {
            Some(b',') => s.pos += 1,
            Some(b']') => {
                s.pos += 1;
                return Ok(());
            }
            Some(_) => {
                return Err(envelope(ScanError::Unexpected { offset: s.pos, expected: "',' or ']' between records" }));
            }
            None => {
                return Err(Problem::object(
                    Some(s.pos),
                    format!("the object is truncated after record {}", index - 1),
                ));
            }
        }
    }
}

fn envelope(e: ScanError) -> Problem {
    let offset = match e {
        ScanError::Truncated { offset } | ScanError::Unexpected { offset, .. } => offset,
    };
    Problem::object(Some(offset), format!("malformed envelope: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_records_and_keeps_their_exact_text() {
        let doc = br#"{"Records":[{"a":1}, {"b":"]"} ]}"#;
        let split = split(doc);
        assert!(split.problems.is_empty());
        let texts: Vec<_> = split.records.iter().map(|r| r.bytes.as_ref()).collect();
        assert_eq!(texts, vec![&br#"{"a":1}"#[..], &br#"{"b":"]"}"#[..]]);
    }

    #[test]
    fn keeps_whole_records_before_a_truncation() {
        let doc = br#"{"Records":[{"a":1},{"b":2},{"c":"#;
        let split = split(doc);
        assert_eq!(split.records.len(), 2);
        assert_eq!(split.problems.len(), 1);
        assert_eq!(split.problems[0].record_index, Some(2));
    }
}
