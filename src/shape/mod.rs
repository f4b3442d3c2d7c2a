//! What an input object is, decided by its content: never by its file name alone.
//!
//! Each shape is one splitter behind one interface: it takes the decompressed document and
//! yields the text of each record with its index and byte offset, plus the problems it met.
//! Parsing a record's fields is the decoder's job (`crate::ingest::event`), the same for every
//! shape, so a record loads identically whichever export it came in.

pub mod cloudtrail_records;
pub mod json_scan;

use std::borrow::Cow;

use json_scan::Scanner;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Shape {
    /// A CloudTrail log file: `{"Records":[…]}`, as delivered to S3.
    CloudtrailRecords,
    /// A CloudTrail digest file: integrity data, recorded but not loaded as events.
    CloudtrailDigest,
}

impl Shape {
    pub fn name(self) -> &'static str {
        match self {
            Shape::CloudtrailRecords => "cloudtrail-records",
            Shape::CloudtrailDigest => "cloudtrail-digest",
        }
    }

    pub fn holds_events(self) -> bool {
        !matches!(self, Shape::CloudtrailDigest)
    }
}

/// One record's text inside an object.
pub struct RecordText<'a> {
    pub index: usize,
    pub offset: usize,
    pub bytes: Cow<'a, [u8]>,
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
    pub records: Vec<RecordText<'a>>,
    pub problems: Vec<Problem>,
}

/// Recognizes the shape of a decompressed document from its first top-level keys.
pub fn detect(doc: &[u8]) -> Result<Shape, String> {
    let mut scanner = Scanner::new(doc);
    match scanner.peek() {
        None => return Err("empty document".into()),
        Some(b'{') => {}
        Some(b'[') => return Err("a bare JSON array: not a CloudTrail log file (other export shapes are not supported yet)".into()),
        Some(_) => return Err("not JSON: the document does not start with '{' or '['".into()),
    }
    scanner.pos += 1;
    let mut keys = Vec::new();
    while scanner.peek() == Some(b'"') {
        let key = scanner.string().map_err(|e| format!("malformed JSON envelope: {e}"))?;
        match key {
            b"Records" => return Ok(Shape::CloudtrailRecords),
            b"digestStartTime" | b"digestEndTime" | b"logFiles" => return Ok(Shape::CloudtrailDigest),
            _ => keys.push(String::from_utf8_lossy(key).into_owned()),
        }
        if keys.len() >= 64 || scanner.expect(b':', "':'").is_err() || scanner.value().is_err() {
            break;
        }
        if scanner.peek() == Some(b',') {
            scanner.pos += 1;
        }
    }
    Err(format!(
        "unrecognized JSON shape: a top-level object without \"Records\" (keys seen: {})",
        if keys.is_empty() { "none".to_string() } else { keys.join(", ") }
    ))
}

/// Splits a document of a known shape into record texts.
pub fn split(shape: Shape, doc: &[u8]) -> Split<'_> {
    match shape {
        Shape::CloudtrailRecords => cloudtrail_records::split(doc),
        Shape::CloudtrailDigest => Split::default(),
    }
}
