//! SARIF 2.1.0 output, shaped for GitHub code scanning: one rule per detection, one result per
//! finding, located at the evidence object that holds its first event.

use serde_json::{Value, json};

use super::catalog::Severity;
use super::run::HuntReport;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub ranks security alerts by this score (0.1–10).
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// The evidence object of a finding as a URI: `uri#index` → the uri, absolute paths as file URIs.
fn artifact(evidence: Option<&str>) -> String {
    let first = evidence.and_then(|e| e.split(',').next()).unwrap_or("unknown");
    let object = first.rsplit_once('#').map_or(first, |(uri, _)| uri);
    if object.starts_with('/') { format!("file://{}", object.replace(' ', "%20")) } else { object.to_string() }
}

pub fn log(report: &HuntReport) -> Value {
    let rules: Vec<Value> = report
        .results
        .iter()
        .map(|r| {
            let d = &r.detection;
            let mut tags = vec!["security".to_string(), d.tactic.clone()];
            tags.extend(d.attack.iter().cloned());
            tags.extend(d.tags.iter().cloned());
            json!({
                "id": d.id,
                "name": d.id.split('-').map(|w| {
                    let mut c = w.chars();
                    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
                }).collect::<String>(),
                "shortDescription": {"text": d.title},
                "fullDescription": {"text": if d.description.is_empty() { d.title.clone() } else { d.description.clone() }},
                "help": {"text": format!("{}\n\nResponse: {}\n\nFalse positives: {}", d.description, d.response, d.false_positives)},
                "helpUri": d.references.first().cloned().unwrap_or_else(|| "https://attack.mitre.org/".to_string()),
                "defaultConfiguration": {"level": level(d.severity)},
                "properties": {"tags": tags, "security-severity": security_severity(d.severity), "precision": "medium"},
            })
        })
        .collect();
    let mut results = Vec::new();
    for (index, r) in report.results.iter().enumerate() {
        for f in &r.findings {
            let d = &r.detection;
            let message = format!(
                "{}: {} by {} ({}) from {} at {}. {}",
                d.title,
                f.get("eventname").unwrap_or("-"),
                f.get("principal").unwrap_or("unknown principal"),
                f.get("accesskeyid").unwrap_or("no key"),
                f.get("sourceipaddress").unwrap_or("-"),
                f.get("eventtime").unwrap_or("-"),
                f.get("details").unwrap_or("")
            );
            let fingerprint = format!(
                "{:032x}",
                xxhash_rust::xxh3::xxh3_128(format!("{}|{}", d.id, f.get("eventids").unwrap_or("")).as_bytes())
            );
            results.push(json!({
                "ruleId": d.id,
                "ruleIndex": index,
                "level": level(d.severity),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact(f.get("evidence"))},
                        "region": {"startLine": 1}
                    },
                    "logicalLocations": [{"name": f.get("principal").unwrap_or("unknown"), "kind": "member"}]
                }],
                "partialFingerprints": {"trailhoundFinding/v1": fingerprint},
                "properties": f.fields.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect::<serde_json::Map<_, _>>(),
            }));
        }
    }
    let notifications: Vec<Value> = report
        .results
        .iter()
        .filter_map(|r| r.error.as_ref().map(|e| json!({"level": "error", "message": {"text": format!("{} failed: {e}", r.detection.id)}, "descriptor": {"id": r.detection.id}})))
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "trailhound",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/trailhound/trailhound",
                "rules": rules
            }},
            "invocations": [{"executionSuccessful": notifications.is_empty(), "toolExecutionNotifications": notifications}],
            "results": results
        }]
    })
}
