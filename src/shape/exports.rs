//! Splitters for the exports that wrap CloudTrail records in something else: `lookup-events`
//! output, CloudWatch Logs (filter-log-events, S3 export, subscription payloads), EventBridge
//! envelopes, CloudTrail Lake query results, and bare arrays / NDJSON / single records.
//!
//! Each wrapper is peeled off and the record text inside handed on, so a record loads exactly
//! as it would from the S3 log file.

use std::borrow::Cow;

use super::json_scan::{Scanner, array_elements, member, object_members, unescape};
use super::{Problem, RecordText, Split};

/// Every top-level value of a document: one JSON value, NDJSON, or values concatenated with no
/// separator at all (as Firehose writes them). Stops at the first value that cannot be scanned.
pub fn top_level_values(doc: &[u8], split: &mut Split<'_>) -> Vec<(usize, usize)> {
    let mut s = Scanner::new(doc);
    let mut out = Vec::new();
    while !s.at_end() {
        let start = s.pos;
        match s.value() {
            Ok(range) => out.push(range),
            Err(e) => {
                split.problems.push(Problem {
                    record_index: None,
                    offset: Some(start),
                    reason: format!("cannot read the value at byte {start}: {e}; the rest of the object is skipped"),
                    excerpt: doc[start..doc.len().min(start + 4096)].to_vec(),
                });
                break;
            }
        }
    }
    out
}

fn bad(index: usize, offset: usize, reason: String, bytes: &[u8]) -> Problem {
    Problem {
        record_index: Some(index),
        offset: Some(offset),
        reason: format!("record {index}: {reason}"),
        excerpt: bytes[..bytes.len().min(4096)].to_vec(),
    }
}

/// Pushes the array member `key` of every top-level object, each element through `take`.
fn each_array_element<'a>(
    doc: &'a [u8],
    key: &[u8],
    split: &mut Split<'a>,
    mut take: impl FnMut(&'a [u8], usize, usize, &mut Split<'a>),
) {
    let mut index = 0;
    for (a, b) in top_level_values(doc, split) {
        let obj = &doc[a..b];
        let Some(array) = member(obj, key) else {
            split.problems.push(Problem::object(
                Some(a),
                format!("a page without \"{}\" at byte {a}", String::from_utf8_lossy(key)),
            ));
            continue;
        };
        let base = a + (array.as_ptr() as usize - obj.as_ptr() as usize);
        let mut s = Scanner::new(array);
        let mut ranges = Vec::new();
        if let Err(e) = array_elements(&mut s, |x, y| ranges.push((x, y))) {
            split.problems.push(Problem::object(
                Some(base),
                format!("\"{}\" is not a complete array: {e}", String::from_utf8_lossy(key)),
            ));
        }
        for (x, y) in ranges {
            take(&array[x..y], index, base + x, split);
            index += 1;
        }
    }
}

/// Pushes the JSON string held in `field` of `element` as a record.
fn string_field_record<'a>(element: &'a [u8], field: &[u8], index: usize, offset: usize, split: &mut Split<'a>) {
    match member(element, field).map(unescape) {
        Some(Ok(text)) => split.records.push(RecordText { index, offset, bytes: Cow::Owned(text.into_bytes()) }),
        Some(Err(e)) => split.problems.push(bad(
            index,
            offset,
            format!("\"{}\" is not a JSON string: {e}", String::from_utf8_lossy(field)),
            element,
        )),
        None => split.problems.push(bad(index, offset, format!("no \"{}\"", String::from_utf8_lossy(field)), element)),
    }
}

/// `aws cloudtrail lookup-events` output, one page or several concatenated.
pub fn lookup_events(doc: &[u8]) -> Split<'_> {
    let mut split = Split::default();
    each_array_element(doc, b"Events", &mut split, |element, index, offset, split| {
        string_field_record(element, b"CloudTrailEvent", index, offset, split)
    });
    split
}

/// `aws logs filter-log-events` / `get-log-events` output: each message is one record.
pub fn cloudwatch_events(doc: &[u8]) -> Split<'_> {
    let mut split = Split::default();
    let key: &[u8] = if member_key_present(doc, b"events") { b"events" } else { b"logEvents" };
    each_array_element(doc, key, &mut split, |element, index, offset, split| {
        string_field_record(element, b"message", index, offset, split)
    });
    split
}

fn member_key_present(doc: &[u8], key: &[u8]) -> bool {
    let mut s = Scanner::new(doc);
    s.value().ok().is_some_and(|(a, b)| member(&doc[a..b], key).is_some())
}

/// A CloudWatch Logs subscription payload (`DATA_MESSAGE`); `CONTROL_MESSAGE`s carry no records.
pub fn cloudwatch_subscription(doc: &[u8]) -> Split<'_> {
    let mut split = Split::default();
    let mut index = 0;
    for (a, b) in top_level_values(doc, &mut split) {
        let obj = &doc[a..b];
        let kind = member(obj, b"messageType").and_then(|m| unescape(m).ok()).unwrap_or_default();
        if kind == "CONTROL_MESSAGE" {
            continue;
        }
        let Some(array) = member(obj, b"logEvents") else {
            split.problems.push(Problem::object(Some(a), "a subscription message without \"logEvents\""));
            continue;
        };
        let base = a + (array.as_ptr() as usize - obj.as_ptr() as usize);
        let mut ranges = Vec::new();
        if let Err(e) = array_elements(&mut Scanner::new(array), |x, y| ranges.push((x, y))) {
            split.problems.push(Problem::object(Some(base), format!("\"logEvents\" is not a complete array: {e}")));
        }
        for (x, y) in ranges {
            string_field_record(&array[x..y], b"message", index, base + x, &mut split);
            index += 1;
        }
    }
    split
}

/// A CloudWatch Logs export to S3: lines of `<RFC 3339 timestamp> <record JSON>`.
pub fn cloudwatch_export(doc: &[u8]) -> Split<'_> {
    let mut split = Split::default();
    let mut offset = 0;
    for (index, line) in doc.split(|&b| b == b'\n').enumerate() {
        let here = offset;
        offset += line.len() + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match line.iter().position(|&b| b == b' ') {
            Some(space) if line.get(space + 1) == Some(&b'{') => split.records.push(RecordText {
                index,
                offset: here + space + 1,
                bytes: Cow::Borrowed(&line[space + 1..]),
            }),
            _ => split.problems.push(bad(index, here, "not a `<timestamp> <JSON>` line".into(), line)),
        }
    }
    split
}

/// EventBridge envelopes (one, an array, NDJSON or concatenated): CloudTrail events in
/// `detail` become records, GuardDuty findings become findings, anything else is reported.
pub fn eventbridge(doc: &[u8]) -> Split<'_> {
    let mut split = Split::default();
    let values = top_level_values(doc, &mut split);
    let mut envelopes = Vec::new();
    for (a, b) in values {
        if doc[a] == b'[' {
            let mut ranges = Vec::new();
            if let Err(e) = array_elements(&mut Scanner::new(&doc[a..b]), |x, y| ranges.push((a + x, a + y))) {
                split.problems.push(Problem::object(Some(a), format!("incomplete array of envelopes: {e}")));
            }
            envelopes.extend(ranges);
        } else {
            envelopes.push((a, b));
        }
    }
    for (index, (a, b)) in envelopes.into_iter().enumerate() {
        let envelope = &doc[a..b];
        let detail_type = member(envelope, b"detail-type").and_then(|d| unescape(d).ok()).unwrap_or_default();
        let Some(detail) = member(envelope, b"detail") else {
            split.problems.push(bad(index, a, "an EventBridge envelope without \"detail\"".into(), envelope));
            continue;
        };
        let offset = a + (detail.as_ptr() as usize - envelope.as_ptr() as usize);
        let text = RecordText { index, offset, bytes: Cow::Borrowed(detail) };
        if detail_type.ends_with("via CloudTrail") {
            split.records.push(text);
        } else if detail_type == "GuardDuty Finding" {
            split.findings.push(text);
        } else {
            split.problems.push(bad(
                index,
                a,
                format!(
                    "EventBridge detail-type {detail_type:?} is neither a CloudTrail event nor a GuardDuty finding"
                ),
                envelope,
            ));
        }
    }
    split
}

/// Records as bare JSON: an array of records, NDJSON, concatenated records, or a single one.
pub fn record_stream(doc: &[u8]) -> Split<'_> {
    let mut split = Split::default();
    let mut index = 0;
    for (a, b) in top_level_values(doc, &mut split) {
        if doc[a] == b'[' {
            let mut ranges = Vec::new();
            if let Err(e) = array_elements(&mut Scanner::new(&doc[a..b]), |x, y| ranges.push((a + x, a + y))) {
                split.problems.push(Problem::object(Some(a), format!("the array of records is incomplete: {e}")));
            }
            for (x, y) in ranges {
                split.records.push(RecordText { index, offset: x, bytes: Cow::Borrowed(&doc[x..y]) });
                index += 1;
            }
        } else {
            split.records.push(RecordText { index, offset: a, bytes: Cow::Borrowed(&doc[a..b]) });
            index += 1;
        }
    }
    split
}

/// `aws cloudtrail get-query-results` output. Rows are lists of one-key objects with string
/// values; a row loads when one of its values is a whole event (a JSON object with eventID and
/// eventTime). Rows of selected columns only cannot be rebuilt into events and are reported.
pub fn lake_query_results(doc: &[u8]) -> Split<'_> {
    let mut split = Split::default();
    each_array_element(doc, b"QueryResultRows", &mut split, |row, index, offset, split| {
        let mut cells = Vec::new();
        let _ = array_elements(&mut Scanner::new(row), |x, y| cells.push(&row[x..y]));
        let event = cells.iter().find_map(|cell| {
            let members = object_members(cell).ok()?;
            members.iter().find_map(|(_, (a, b))| {
                let text = unescape(&cell[*a..*b]).ok()?;
                let t = text.trim_start();
                (t.starts_with('{') && t.contains("\"eventID\"") && t.contains("\"eventTime\"")).then_some(text)
            })
        });
        match event {
            Some(text) => split.records.push(RecordText { index, offset, bytes: Cow::Owned(text.into_bytes()) }),
            None => split.problems.push(bad(
                index,
                offset,
                "a Lake result row without a whole event: select the full event JSON to load it".into(),
                row,
            )),
        }
    });
    split
}

/// GuardDuty findings: JSON Lines (the S3 export), `get-findings` output, or arrays.
pub fn guardduty(doc: &[u8]) -> Split<'_> {
    let mut split = Split::default();
    let mut index = 0;
    for (a, b) in top_level_values(doc, &mut split) {
        let value = &doc[a..b];
        let mut ranges = Vec::new();
        if value[0] == b'[' {
            if let Err(e) = array_elements(&mut Scanner::new(value), |x, y| ranges.push((a + x, a + y))) {
                split.problems.push(Problem::object(Some(a), format!("incomplete array of findings: {e}")));
            }
        } else if let Some(array) = member(value, b"Findings") {
            let base = a + (array.as_ptr() as usize - value.as_ptr() as usize);
            if let Err(e) = array_elements(&mut Scanner::new(array), |x, y| ranges.push((base + x, base + y))) {
                split.problems.push(Problem::object(Some(base), format!("\"Findings\" is not a complete array: {e}")));
            }
        } else {
            ranges.push((a, b));
        }
        for (x, y) in ranges {
            split.findings.push(RecordText { index, offset: x, bytes: Cow::Borrowed(&doc[x..y]) });
            index += 1;
        }
    }
    split
}
