//! The summary a responder asks for first: first and last seen, APIs, regions, IPs and user
//! agents, errors, resources touched, identities created and roles assumed.

use std::io::Write;

use anyhow::{Context, Result};
use arrow::array::RecordBatch;
use serde_json::{Value, json};

use super::Subject;
use crate::engine::Engine;
use crate::output::{self, Format, Rendering};

/// One section: a name for programs, a title for people, and its SQL over the subject's events
/// (the `subject_events` CTE).
struct Section {
    name: &'static str,
    title: &'static str,
    sql: &'static str,
}

const SECTIONS: &[Section] = &[
    Section {
        name: "overview",
        title: "Overview",
        sql: "SELECT count(*) AS events, min(eventtime) AS first_seen, max(eventtime) AS last_seen, \
              count(DISTINCT eventname) AS apis, count(errorcode) AS errors, \
              count(DISTINCT awsregion) AS regions, count(DISTINCT sourceipaddress) AS source_ips, \
              count(DISTINCT useridentity.arn) AS principals FROM subject_events",
    },
    Section {
        name: "principals",
        title: "Principals and keys",
        sql: "SELECT useridentity.arn AS principal, useridentity.type AS type, useridentity.accesskeyid AS access_key, \
              count(*) AS events, min(eventtime) AS first_seen, max(eventtime) AS last_seen \
              FROM subject_events GROUP BY 1, 2, 3 ORDER BY first_seen LIMIT 50",
    },
    Section {
        name: "apis",
        title: "APIs used",
        sql: "SELECT eventsource AS service, eventname AS api, count(*) AS events, count(errorcode) AS errors, \
              min(eventtime) AS first_seen, max(eventtime) AS last_seen \
              FROM subject_events GROUP BY 1, 2 ORDER BY events DESC, api LIMIT 100",
    },
    Section {
        name: "regions",
        title: "Regions",
        sql: "SELECT awsregion AS region, count(*) AS events, min(eventtime) AS first_seen, max(eventtime) AS last_seen \
              FROM subject_events GROUP BY 1 ORDER BY events DESC",
    },
    Section {
        name: "sources",
        title: "Source IPs and user agents",
        sql: "SELECT sourceipaddress AS source_ip, useragent AS user_agent, count(*) AS events, \
              min(eventtime) AS first_seen, max(eventtime) AS last_seen \
              FROM subject_events GROUP BY 1, 2 ORDER BY first_seen LIMIT 100",
    },
    Section {
        name: "errors",
        title: "Errors",
        sql: "SELECT errorcode AS error, eventname AS api, count(*) AS events, min(eventtime) AS first_seen \
              FROM subject_events WHERE errorcode IS NOT NULL GROUP BY 1, 2 ORDER BY events DESC LIMIT 50",
    },
    Section {
        name: "resources",
        title: "Resources touched",
        sql: "SELECT kind, resource, count(*) AS events, min(eventtime) AS first_seen FROM ( \
                SELECT eventtime, 'bucket' AS kind, json_extract_scalar(requestparameters, '$.bucketName') AS resource FROM subject_events \
                UNION ALL SELECT eventtime, 'iam user', json_extract_scalar(requestparameters, '$.userName') FROM subject_events \
                UNION ALL SELECT eventtime, 'iam role', json_extract_scalar(requestparameters, '$.roleName') FROM subject_events \
                UNION ALL SELECT eventtime, 'policy', json_extract_scalar(requestparameters, '$.policyArn') FROM subject_events \
                UNION ALL SELECT eventtime, 'instance', json_extract_scalar(requestparameters, '$.instanceId') FROM subject_events \
                UNION ALL SELECT eventtime, 'security group', json_extract_scalar(requestparameters, '$.groupId') FROM subject_events \
                UNION ALL SELECT eventtime, 'kms key', json_extract_scalar(requestparameters, '$.keyId') FROM subject_events \
                UNION ALL SELECT eventtime, 'trail', json_extract_scalar(requestparameters, '$.name') FROM subject_events WHERE eventsource = 'cloudtrail.amazonaws.com' \
                UNION ALL SELECT eventtime, 'secret', json_extract_scalar(requestparameters, '$.secretId') FROM subject_events \
                UNION ALL SELECT eventtime, 'function', json_extract_scalar(requestparameters, '$.functionName') FROM subject_events \
                UNION ALL SELECT eventtime, 'snapshot', json_extract_scalar(requestparameters, '$.snapshotId') FROM subject_events \
              ) WHERE resource IS NOT NULL GROUP BY 1, 2 ORDER BY first_seen LIMIT 100",
    },
    Section {
        name: "identities_created",
        title: "Identities and credentials created",
        sql: "SELECT eventtime AS time, eventname AS api, \
              coalesce(json_extract_scalar(requestparameters, '$.userName'), json_extract_scalar(requestparameters, '$.roleName'), \
                       json_extract_scalar(requestparameters, '$.virtualMFADeviceName'), json_extract_scalar(requestparameters, '$.name')) AS identity, \
              json_extract_scalar(responseelements, '$.accessKey.accessKeyId') AS new_access_key, errorcode AS error \
              FROM subject_events WHERE eventname IN ('CreateUser', 'CreateRole', 'CreateAccessKey', 'CreateLoginProfile', \
              'UpdateLoginProfile', 'CreateServiceLinkedRole', 'CreateInstanceProfile', 'CreateSAMLProvider', \
              'CreateOpenIDConnectProvider', 'CreateVirtualMFADevice', 'CreateGroup') ORDER BY time LIMIT 100",
    },
    Section {
        name: "roles_assumed",
        title: "Roles assumed",
        sql: "SELECT json_extract_scalar(requestparameters, '$.roleArn') AS role_arn, count(*) AS events, \
              count(errorcode) AS errors, min(eventtime) AS first_seen, max(eventtime) AS last_seen \
              FROM subject_events WHERE eventname LIKE 'AssumeRole%' GROUP BY 1 ORDER BY first_seen LIMIT 50",
    },
];

pub struct Summary {
    pub subject: Subject,
    pub sections: Vec<(&'static str, &'static str, Vec<RecordBatch>)>,
}

pub async fn run(engine: &Engine, subject: &Subject) -> Result<Summary> {
    let params = vec![("subject".to_string(), subject.value.clone())];
    let mut sections = Vec::new();
    for section in SECTIONS {
        let sql =
            format!("WITH subject_events AS (SELECT * FROM cloudtrail WHERE {}) {}", subject.condition(), section.sql);
        let batches = engine.query_text(&sql, &params).await.with_context(|| format!("summary: {}", section.title))?;
        sections.push((section.name, section.title, batches));
    }
    Ok(Summary { subject: subject.clone(), sections })
}

impl Summary {
    pub fn write(&self, out: &mut dyn Write, format: Format, max_width: usize) -> Result<()> {
        match format {
            Format::Json | Format::Ndjson => {
                let mut sections = serde_json::Map::new();
                for (name, _, batches) in &self.sections {
                    sections.insert(name.to_string(), rows_json(batches)?);
                }
                let doc = json!({ "subject": self.subject.value, "kind": format!("{:?}", self.subject.kind).to_lowercase(), "sections": sections });
                if format == Format::Json {
                    serde_json::to_writer_pretty(&mut *out, &doc)?;
                } else {
                    serde_json::to_writer(&mut *out, &doc)?;
                }
                writeln!(out)?;
            }
            Format::Table | Format::Csv => {
                writeln!(out, "Summary of {}", self.subject.describe())?;
                for (_, title, batches) in &self.sections {
                    writeln!(out, "\n## {title}")?;
                    output::write(out, batches, &Rendering { format, max_width })?;
                }
            }
        }
        Ok(())
    }
}

/// Rows as JSON objects, through arrow's own JSON writer so types render as they do elsewhere.
pub fn rows_json(batches: &[RecordBatch]) -> Result<Value> {
    let mut buffer = Vec::new();
    output::write(&mut buffer, batches, &Rendering { format: Format::Json, max_width: 0 })?;
    if batches.is_empty() {
        return Ok(Value::Array(Vec::new()));
    }
    Ok(serde_json::from_slice(&buffer)?)
}
