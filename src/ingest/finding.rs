//! One GuardDuty finding, normalized and typed.
//!
//! `get-findings` output is PascalCase while the S3 export and EventBridge are camelCase: keys
//! are normalized to camelCase before reading. Times come as ISO strings or epoch numbers
//! (seconds or milliseconds) depending on the producer; numbers sometimes arrive as strings.

use serde_json::{Map, Value};

use super::event::parse_time;

pub struct Finding<'a> {
    pub raw: &'a str,
    pub index: usize,
    pub id: String,
    pub updated_us: i64,
    pub created_us: Option<i64>,
    pub value: Value,
}

/// Keys in camelCase, recursively: `AccessKeyDetails` → `accessKeyDetails`.
pub fn camel_case(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let mut chars = k.chars();
                    let key = match chars.next() {
                        Some(first) if first.is_ascii_uppercase() => {
                            first.to_ascii_lowercase().to_string() + chars.as_str()
                        }
                        _ => k,
                    };
                    (key, camel_case(v))
                })
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(camel_case).collect()),
        other => other,
    }
}

/// A time in any of the forms GuardDuty producers use.
pub fn flexible_time(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::String(s) => parse_time(s).or_else(|| s.parse::<f64>().ok().map(epoch_us)),
        Value::Number(n) => n.as_f64().map(epoch_us),
        _ => None,
    }
}

fn epoch_us(n: f64) -> i64 {
    // Milliseconds since the epoch are > 1e11 for any date after 1973.
    if n.abs() > 1e11 { (n * 1_000.0) as i64 } else { (n * 1_000_000.0) as i64 }
}

pub fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub fn boolean(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Text of a value at a path of keys; arrays step into their first element.
pub fn text_at(value: &Value, path: &[&str]) -> Option<String> {
    let mut v = value;
    for key in path {
        v = match v {
            Value::Object(m) => m.get(*key)?,
            Value::Array(items) => items.first()?.get(*key)?,
            _ => return None,
        };
    }
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

pub fn at<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    let mut v = value;
    for key in path {
        v = v.get(*key)?;
    }
    Some(v)
}

pub fn severity_label(severity: f64) -> &'static str {
    match severity {
        s if s >= 9.0 => "Critical",
        s if s >= 7.0 => "High",
        s if s >= 4.0 => "Medium",
        _ => "Low",
    }
}

pub fn parse(bytes: &[u8], index: usize) -> Result<Finding<'_>, String> {
    let raw =
        std::str::from_utf8(bytes).map_err(|e| format!("invalid UTF-8 at byte {} of the finding", e.valid_up_to()))?;
    let value: Value = serde_json::from_str(raw).map_err(|e| format!("invalid JSON: {e}"))?;
    if !value.is_object() {
        return Err("the finding is not a JSON object".into());
    }
    let value = camel_case(value);
    let id = text_at(&value, &["id"]).filter(|s| !s.is_empty()).ok_or("a finding without an id")?;
    let updated_us = flexible_time(value.get("updatedAt")).ok_or("a finding without a readable updatedAt")?;
    let created_us = flexible_time(value.get("createdAt"));
    Ok(Finding { raw, index, id, updated_us, created_us, value })
}

/// The remote IP of whichever action the finding describes.
pub fn remote_ip_details(value: &Value) -> Option<&Value> {
    let action = at(value, &["service", "action"])?;
    for kind in ["awsApiCallAction", "networkConnectionAction", "kubernetesApiCallAction", "rdsLoginAttemptAction"] {
        if let Some(details) = action.get(kind).and_then(|a| a.get("remoteIpDetails")) {
            return Some(details);
        }
    }
    action
        .get("portProbeAction")
        .and_then(|p| p.get("portProbeDetails"))
        .and_then(|d| d.get(0))
        .and_then(|d| d.get("remoteIpDetails"))
}
