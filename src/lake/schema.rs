//! The Arrow schemas of the lake: the one source of truth for every table.
//!
//! `cloudtrail` follows the column names and nesting of the Athena CloudTrail table that AWS
//! documents (lowercase), so AWS's own playbook SQL runs unchanged. Fields whose shape varies by
//! API (`requestparameters`, `responseelements`, …) are JSON text, as in Athena. Booleans that
//! Athena keeps as strings (`readonly = 'false'`) stay strings here too.

use std::sync::{Arc, LazyLock};

pub use arrow::datatypes::DataType;
use arrow::datatypes::{Field, Fields, Schema, SchemaRef, TimeUnit};

/// Hive partition columns of the event tables, in path order. Never stored inside files.
pub const PARTITION_COLUMNS: [&str; 3] = ["account", "region", "dt"];

/// Provenance columns appended to every event row.
pub const SOURCE_URI: &str = "source_uri";
pub const SOURCE_SHA256: &str = "source_sha256";
pub const SOURCE_INDEX: &str = "source_index";
pub const RAW_JSON: &str = "raw_json";

pub fn utf8(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

fn structure(name: &str, fields: Vec<Field>) -> Field {
    Field::new(name, DataType::Struct(Fields::from(fields)), true)
}

pub fn timestamp_type() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
}

pub fn session_issuer_fields() -> Vec<Field> {
    ["type", "principalid", "arn", "accountid", "username"].map(utf8).to_vec()
}

pub fn attributes_fields() -> Vec<Field> {
    vec![utf8("mfaauthenticated"), utf8("creationdate")]
}

pub fn session_context_fields() -> Vec<Field> {
    vec![
        structure("attributes", attributes_fields()),
        structure("sessionissuer", session_issuer_fields()),
        utf8("ec2roledelivery"),
        utf8("sourceidentity"),
        utf8("assumedroot"),
        // Shape varies by identity provider: JSON text.
        utf8("webidfederationdata"),
    ]
}

pub fn on_behalf_of_fields() -> Vec<Field> {
    vec![utf8("userid"), utf8("identitystorearn")]
}

pub fn user_identity_fields() -> Vec<Field> {
    vec![
        utf8("type"),
        utf8("principalid"),
        utf8("arn"),
        utf8("accountid"),
        utf8("invokedby"),
        utf8("accesskeyid"),
        utf8("username"),
        structure("sessioncontext", session_context_fields()),
        utf8("identityprovider"),
        utf8("credentialid"),
        utf8("invokedbydelegate"),
        structure("onbehalfof", on_behalf_of_fields()),
        utf8("inscopeof"),
    ]
}

pub fn resource_fields() -> Vec<Field> {
    vec![utf8("arn"), utf8("accountid"), utf8("type")]
}

pub fn addendum_fields() -> Vec<Field> {
    ["reason", "updatedfields", "originalrequestid", "originaleventid"].map(utf8).to_vec()
}

pub fn tls_fields() -> Vec<Field> {
    ["tlsversion", "ciphersuite", "clientprovidedhostheader"].map(utf8).to_vec()
}

pub fn resources_type() -> DataType {
    DataType::List(Arc::new(Field::new("element", DataType::Struct(Fields::from(resource_fields())), true)))
}

/// Schema of the Parquet files under `cloudtrail/` (partition columns excluded).
pub static CLOUDTRAIL_FILE: LazyLock<SchemaRef> = LazyLock::new(|| {
    Arc::new(Schema::new(vec![
        utf8("eventversion"),
        structure("useridentity", user_identity_fields()),
        Field::new("eventtime", timestamp_type(), false),
        utf8("eventsource"),
        utf8("eventname"),
        utf8("awsregion"),
        utf8("sourceipaddress"),
        utf8("useragent"),
        utf8("errorcode"),
        utf8("errormessage"),
        utf8("requestparameters"),
        utf8("responseelements"),
        utf8("additionaleventdata"),
        utf8("requestid"),
        Field::new("eventid", DataType::Utf8, false),
        utf8("readonly"),
        Field::new("resources", resources_type(), true),
        utf8("eventtype"),
        utf8("apiversion"),
        utf8("recipientaccountid"),
        utf8("serviceeventdetails"),
        utf8("sharedeventid"),
        utf8("vpcendpointid"),
        utf8("vpcendpointaccountid"),
        utf8("eventcategory"),
        utf8("managementevent"),
        structure("addendum", addendum_fields()),
        utf8("sessioncredentialfromconsole"),
        utf8("edgedevicedetails"),
        structure("tlsdetails", tls_fields()),
        utf8("insightdetails"),
        utf8("eventcontext"),
        Field::new(SOURCE_URI, DataType::Utf8, false),
        Field::new(SOURCE_SHA256, DataType::Utf8, false),
        Field::new(SOURCE_INDEX, DataType::Int64, false),
        Field::new(RAW_JSON, DataType::Utf8, false),
    ]))
});

/// Index of `eventtime` in [`CLOUDTRAIL_FILE`]: files are sorted on it.
pub fn eventtime_index() -> usize {
    CLOUDTRAIL_FILE.index_of("eventtime").expect("eventtime is in the schema")
}

/// Columns that get Parquet bloom filters, with a cap on distinct values per row group: the
/// pivot columns (access key, ARN, IP, event id) for `=` / `IN` lookups, and the event name and
/// source, which let most detections skip row groups that cannot hold their rare API calls.
pub const BLOOM_COLUMNS: [(&str, u64); 6] = [
    ("useridentity.accesskeyid", 1 << 17),
    ("useridentity.arn", 1 << 17),
    ("sourceipaddress", 1 << 17),
    ("eventid", 1 << 17),
    ("eventname", 2048),
    ("eventsource", 512),
];

/// Columns whose values are nearly all distinct: dictionary encoding only wastes time.
pub const NO_DICTIONARY_COLUMNS: [&str; 6] =
    ["eventid", "requestid", "requestparameters", "responseelements", RAW_JSON, "sharedeventid"];

/// One row per input object ingested: the chain-of-custody manifest.
pub static SOURCES: LazyLock<SchemaRef> = LazyLock::new(|| {
    Arc::new(Schema::new(vec![
        Field::new("uri", DataType::Utf8, false),
        utf8("key"),
        Field::new("size", DataType::Int64, false),
        utf8("etag"),
        Field::new("sha256", DataType::Utf8, false),
        Field::new("shape", DataType::Utf8, false),
        Field::new("records", DataType::Int64, false),
        Field::new("stored", DataType::Int64, false),
        Field::new("duplicates", DataType::Int64, false),
        Field::new("rejected", DataType::Int64, false),
        Field::new("first_eventtime", timestamp_type(), true),
        Field::new("last_eventtime", timestamp_type(), true),
        utf8("error"),
        Field::new("ingested_at", timestamp_type(), false),
        Field::new("run_id", DataType::Utf8, false),
        Field::new("tool_version", DataType::Utf8, false),
        // The local file the bytes were read from, when there was one; `uri` may instead be
        // the `s3://bucket/key` it was acquired from. Last, so older manifests read as null.
        utf8("path"),
    ]))
});

/// One row per rejected record or object, with the bytes that were rejected.
pub static REJECTS: LazyLock<SchemaRef> = LazyLock::new(|| {
    Arc::new(Schema::new(vec![
        Field::new("uri", DataType::Utf8, false),
        Field::new("sha256", DataType::Utf8, false),
        Field::new("record_index", DataType::Int64, true),
        Field::new("byte_offset", DataType::Int64, true),
        Field::new("reason", DataType::Utf8, false),
        // The rejected bytes (lossily decoded when not UTF-8), capped: evidence, not data.
        utf8("excerpt"),
        Field::new("run_id", DataType::Utf8, false),
    ]))
});

/// One row per verdict of `trailhound verify`: a log file or digest (valid, modified, missing,
/// not_in_digest, bad_signature, unverifiable) or a stretch of time no digest covers (gap).
/// `sha256` is of the file as stored, so it joins `cloudtrail.source_sha256`; `content_sha256`
/// is of the uncompressed content, what digests record.
pub static LOG_VALIDATION: LazyLock<SchemaRef> = LazyLock::new(|| {
    Arc::new(Schema::new(vec![
        Field::new("run_id", DataType::Utf8, false),
        Field::new("checked_at", timestamp_type(), false),
        utf8("account"),
        utf8("region"),
        utf8("trail"),
        Field::new("kind", DataType::Utf8, false),
        Field::new("status", DataType::Utf8, false),
        utf8("bucket"),
        Field::new("key", DataType::Utf8, false),
        utf8("uri"),
        ts("start_time"),
        ts("end_time"),
        utf8("sha256"),
        utf8("content_sha256"),
        utf8("digest_key"),
        Field::new("detail", DataType::Utf8, false),
        Field::new("tool_version", DataType::Utf8, false),
    ]))
});

fn ts(name: &str) -> Field {
    Field::new(name, timestamp_type(), true)
}

/// Schema of the Parquet files under `guardduty/`: every version of every finding, typed for
/// pivoting, plus the verbatim JSON. The `guardduty` view keeps each finding's latest version.
pub static GUARDDUTY_FILE: LazyLock<SchemaRef> = LazyLock::new(|| {
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        utf8("arn"),
        utf8("type"),
        Field::new("severity", DataType::Float64, true),
        utf8("severity_label"),
        utf8("title"),
        utf8("description"),
        ts("createdat"),
        Field::new("updatedat", timestamp_type(), false),
        utf8("accountid"),
        utf8("awsregion"),
        utf8("resourcetype"),
        utf8("accesskeyid"),
        utf8("principalid"),
        utf8("username"),
        utf8("usertype"),
        utf8("instanceid"),
        utf8("actiontype"),
        utf8("api"),
        utf8("servicename"),
        utf8("errorcode"),
        utf8("remoteip"),
        utf8("remotecountry"),
        utf8("remoteorg"),
        utf8("remoteasn"),
        ts("firstseen"),
        ts("lastseen"),
        Field::new("count", DataType::Int64, true),
        Field::new("archived", DataType::Boolean, true),
        Field::new("sample", DataType::Boolean, false),
        Field::new(SOURCE_URI, DataType::Utf8, false),
        Field::new(SOURCE_SHA256, DataType::Utf8, false),
        Field::new(SOURCE_INDEX, DataType::Int64, false),
        Field::new(RAW_JSON, DataType::Utf8, false),
    ]))
});

/// Index of `updatedat` in [`GUARDDUTY_FILE`]: files are sorted on it.
pub fn updatedat_index() -> usize {
    GUARDDUTY_FILE.index_of("updatedat").expect("updatedat is in the schema")
}
