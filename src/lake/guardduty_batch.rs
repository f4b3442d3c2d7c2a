//! Builds Arrow record batches of the GuardDuty table from parsed findings.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray, TimestampMicrosecondArray,
};

use super::cloudtrail_batch::Provenance;
use super::schema;
use crate::ingest::finding::{Finding, at, boolean, flexible_time, number, remote_ip_details, severity_label, text_at};

fn texts(findings: &[Finding<'_>], f: impl Fn(&Finding) -> Option<String>) -> ArrayRef {
    Arc::new(findings.iter().map(f).collect::<StringArray>())
}

fn times(values: impl Iterator<Item = Option<i64>>) -> ArrayRef {
    Arc::new(values.collect::<TimestampMicrosecondArray>().with_timezone("UTC"))
}

pub fn build(findings: &[Finding<'_>], source: &Provenance<'_>) -> RecordBatch {
    let v = |f: &Finding, path: &[&str]| text_at(&f.value, path);
    let severity = |f: &Finding| number(f.value.get("severity"));
    let remote = |f: &Finding, path: &[&str]| remote_ip_details(&f.value).and_then(|d| text_at(d, path));
    let api = |f: &Finding, key: &str| text_at(&f.value, &["service", "action", "awsApiCallAction", key]);
    let columns: Vec<ArrayRef> = vec![
        texts(findings, |f| Some(f.id.clone())),
        texts(findings, |f| v(f, &["arn"])),
        texts(findings, |f| v(f, &["type"])),
        Arc::new(findings.iter().map(severity).collect::<Float64Array>()),
        texts(findings, |f| severity(f).map(|s| severity_label(s).to_string())),
        texts(findings, |f| v(f, &["title"])),
        texts(findings, |f| v(f, &["description"])),
        times(findings.iter().map(|f| f.created_us)),
        times(findings.iter().map(|f| Some(f.updated_us))),
        texts(findings, |f| v(f, &["accountId"])),
        texts(findings, |f| v(f, &["region"])),
        texts(findings, |f| v(f, &["resource", "resourceType"])),
        texts(findings, |f| v(f, &["resource", "accessKeyDetails", "accessKeyId"])),
        texts(findings, |f| v(f, &["resource", "accessKeyDetails", "principalId"])),
        texts(findings, |f| v(f, &["resource", "accessKeyDetails", "userName"])),
        texts(findings, |f| v(f, &["resource", "accessKeyDetails", "userType"])),
        texts(findings, |f| v(f, &["resource", "instanceDetails", "instanceId"])),
        texts(findings, |f| v(f, &["service", "action", "actionType"])),
        texts(findings, |f| api(f, "api")),
        texts(findings, |f| api(f, "serviceName")),
        texts(findings, |f| api(f, "errorCode")),
        texts(findings, |f| remote(f, &["ipAddressV4"]).or_else(|| remote(f, &["ipAddressV6"]))),
        texts(findings, |f| remote(f, &["country", "countryName"])),
        texts(findings, |f| remote(f, &["organization", "asnOrg"]).or_else(|| remote(f, &["organization", "org"]))),
        texts(findings, |f| remote(f, &["organization", "asn"])),
        times(findings.iter().map(|f| flexible_time(at(&f.value, &["service", "eventFirstSeen"])))),
        times(findings.iter().map(|f| flexible_time(at(&f.value, &["service", "eventLastSeen"])))),
        Arc::new(
            findings
                .iter()
                .map(|f| number(at(&f.value, &["service", "count"])).map(|n| n as i64))
                .collect::<Int64Array>(),
        ),
        Arc::new(findings.iter().map(|f| boolean(at(&f.value, &["service", "archived"]))).collect::<BooleanArray>()),
        Arc::new(
            findings
                .iter()
                .map(|f| Some(boolean(at(&f.value, &["service", "additionalInfo", "sample"])).unwrap_or(false)))
                .collect::<BooleanArray>(),
        ),
        Arc::new(StringArray::from_iter_values(std::iter::repeat_n(source.uri, findings.len()))),
        Arc::new(StringArray::from_iter_values(std::iter::repeat_n(source.sha256, findings.len()))),
        Arc::new(Int64Array::from_iter_values(findings.iter().map(|f| f.index as i64))),
        Arc::new(StringArray::from_iter_values(findings.iter().map(|f| f.raw))),
    ];
    RecordBatch::try_new(schema::GUARDDUTY_FILE.clone(), columns).expect("columns are built in schema order")
}
