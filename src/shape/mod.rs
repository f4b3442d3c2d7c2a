//! What an input object is, decided by its content: never by its file name alone.
//!
//! Each shape is one splitter behind one interface: it takes the decompressed document and
//! yields the text of each record with its index and byte offset, plus the problems it met.
//! Parsing a record's fields is the decoder's job (`crate::ingest::event`), the same for every
//! shape, so a record loads identically whichever export it came in.

pub mod cloudtrail_records;
pub mod exports;
pub mod json_scan;

use std::borrow::Cow;

use json_scan::Scanner;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Shape {
    /// A CloudTrail log file: `{"Records":[…]}`, as delivered to S3 (also Insights files).
    CloudtrailRecords,
    /// A CloudTrail digest file: integrity data, recorded but not loaded as events.
    CloudtrailDigest,
    /// `aws cloudtrail lookup-events` output (one page or several concatenated).
    LookupEvents,
    /// `aws logs filter-log-events` output from the trail's log group.
    CloudwatchEvents,
    /// A CloudWatch Logs export to S3: `<timestamp> <record>` lines.
    CloudwatchExport,
    /// A CloudWatch Logs subscription payload (gzip, possibly base64).
    CloudwatchSubscription,
    /// EventBridge events (`AWS API Call via CloudTrail`, `GuardDuty Finding`, …).
    Eventbridge,
    /// Bare records: a JSON array, NDJSON, concatenated, or a single record.
    Records,
    /// `aws cloudtrail get-query-results` output of a CloudTrail Lake query.
    LakeQueryResults,
    /// GuardDuty findings: S3 export (JSON Lines), `get-findings` output, or arrays.
    Guardduty,
}

impl Shape {
    pub fn name(self) -> &'static str {
        match self {
            Shape::CloudtrailRecords => "cloudtrail-records",
            Shape::CloudtrailDigest => "cloudtrail-digest",
            Shape::LookupEvents => "lookup-events",
            Shape::CloudwatchEvents => "cloudwatch-events",
            Shape::CloudwatchExport => "cloudwatch-export",
            Shape::CloudwatchSubscription => "cloudwatch-subscription",
            Shape::Eventbridge => "eventbridge",
            Shape::Records => "records",
            Shape::LakeQueryResults => "lake-query-results",
            Shape::Guardduty => "guardduty",
        }
    }

    pub fn holds_events(self) -> bool {
        !matches!(self, Shape::CloudtrailDigest)
    }
}

/// One record's (or finding's) text inside an object.
pub struct RecordText<'a> {
    pub index: usize,
    pub offset: usize,
    pub bytes: Cow<'a, [u8]>,
}

impl RecordText<'_> {
    /// The problem report for this record (`kind` is "record" or "finding"), with its bytes.
    pub fn rejected(&self, kind: &str, reason: impl std::fmt::Display) -> Problem {
        Problem {
            record_index: Some(self.index),
            offset: Some(self.offset),
            reason: format!("{kind} {}: {reason}", self.index),
            excerpt: self.bytes[..self.bytes.len().min(cloudtrail_records::EXCERPT_CAP)].to_vec(),
        }
    }
}

/// Something wrong with an object or one of its records.
#[derive(Debug, Clone)]
pub struct Problem {
    pub record_index: Option<usize>,
    pub offset: Option<usize>,
    pub reason: String,
    pub excerpt: Vec<u8>,
}

impl Problem {
    pub fn object(offset: Option<usize>, reason: impl Into<String>) -> Self {
        Problem { record_index: None, offset, reason: reason.into(), excerpt: Vec::new() }
    }
}

#[derive(Default)]
pub struct Split<'a> {
    /// CloudTrail records.
    pub records: Vec<RecordText<'a>>,
    /// GuardDuty findings.
    pub findings: Vec<RecordText<'a>>,
    pub problems: Vec<Problem>,
}

/// Recognizes the shape of a decompressed document from its content.
pub fn detect(doc: &[u8]) -> Result<Shape, String> {
    let mut scanner = Scanner::new(doc);
    let first = match scanner.peek() {
        None => return Err("empty document".into()),
        Some(b) => b,
    };
    if first.is_ascii_digit() {
        return Ok(Shape::CloudwatchExport);
    }
    if first != b'{' && first != b'[' {
        return Err("not JSON: the document does not start with '{' or '['".into());
    }
    // Look at the first object: the document's own, or the first element of a bare array.
    let mut probe = scanner.pos;
    if first == b'[' {
        scanner.pos += 1;
        if scanner.peek() != Some(b'{') {
            return Err("a JSON array whose first element is not an object".into());
        }
        probe = scanner.pos;
    }
    // Read keys one at a time and stop at the first that settles the question: a log file's
    // `Records` comes first, so a multi-megabyte file is not scanned twice.
    let mut keys: Vec<String> = Vec::new();
    let mut s = Scanner::new(&doc[probe..]);
    let _ = s.expect(b'{', "'{'");
    while s.peek() == Some(b'"') && keys.len() < 256 {
        let Ok(key) = s.string() else { break };
        keys.push(String::from_utf8_lossy(key).into_owned());
        if let Some(shape) = classify(&keys, first == b'[', false) {
            return shape;
        }
        if s.expect(b':', "':'").is_err() || s.value().is_err() {
            break;
        }
        if s.peek() == Some(b',') {
            s.pos += 1;
        }
    }
    classify(&keys, first == b'[', true).expect("a complete classification always answers")
}

/// The shape that a first object's keys imply. With `complete == false` only keys that settle
/// it alone answer; with `true` every combination is weighed and unknown shapes are errors.
fn classify(keys: &[String], in_array: bool, complete: bool) -> Option<Result<Shape, String>> {
    let has = |k: &str| keys.iter().any(|key| key == k);
    let decisive = if has("Records") {
        Some(Shape::CloudtrailRecords)
    } else if has("digestStartTime") || has("digestEndTime") {
        Some(Shape::CloudtrailDigest)
    } else if has("Events") || has("CloudTrailEvent") {
        if in_array {
            return Some(Err("an array of lookup-events entries: save the whole CLI output instead".into()));
        }
        Some(Shape::LookupEvents)
    } else if has("QueryResultRows") {
        Some(Shape::LakeQueryResults)
    } else if has("messageType") {
        Some(Shape::CloudwatchSubscription)
    } else if has("events") {
        Some(Shape::CloudwatchEvents)
    } else if has("detail-type") {
        Some(Shape::Eventbridge)
    } else if has("Findings") || has("schemaVersion") || has("SchemaVersion") {
        Some(Shape::Guardduty)
    } else if has("eventVersion") || has("eventID") || has("eventTime") {
        Some(Shape::Records)
    } else {
        None
    };
    if let Some(shape) = decisive {
        return Some(Ok(shape));
    }
    if !complete {
        return None;
    }
    Some(if has("logEvents") && has("logGroup") {
        Ok(Shape::CloudwatchSubscription)
    } else if has("logEvents") {
        Ok(Shape::CloudwatchEvents)
    } else if has("detail") && has("source") {
        Ok(Shape::Eventbridge)
    } else {
        let shown: Vec<&str> = keys.iter().take(12).map(String::as_str).collect();
        Err(format!(
            "unrecognized JSON shape: no CloudTrail or GuardDuty structure found (top-level keys: {})",
            if shown.is_empty() { "none".to_string() } else { shown.join(", ") }
        ))
    })
}

/// Splits a document of a known shape into record and finding texts.
pub fn split(shape: Shape, doc: &[u8]) -> Split<'_> {
    match shape {
        Shape::CloudtrailRecords => cloudtrail_records::split(doc),
        Shape::CloudtrailDigest => Split::default(),
        Shape::LookupEvents => exports::lookup_events(doc),
        Shape::CloudwatchEvents => exports::cloudwatch_events(doc),
        Shape::CloudwatchExport => exports::cloudwatch_export(doc),
        Shape::CloudwatchSubscription => exports::cloudwatch_subscription(doc),
        Shape::Eventbridge => exports::eventbridge(doc),
        Shape::Records => exports::record_stream(doc),
        Shape::LakeQueryResults => exports::lake_query_results(doc),
        Shape::Guardduty => exports::guardduty(doc),
    }
}
