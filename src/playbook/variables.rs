//! Case variables: named values (an access key, an IP, a bucket…) that the responder sets or that
//! playbook steps collect from results. They reach SQL only as bound parameters.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::QueryParams;

/// Values one variable may collect from results: an indicator list, not a dump of a table.
pub const MAX_VALUES: usize = 200;

/// Joins the values of `$name_list`: the ASCII unit separator, `chr(31)` in SQL. IAM names may
/// contain commas; no AWS name, id or ARN contains a control character.
pub const LIST_SEPARATOR: &str = "\u{1f}";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Value {
    pub text: String,
    /// `responder`, or `<playbook>/<step>/<query>` for values a step collected.
    pub origin: String,
}

#[derive(Debug, Default, Clone)]
pub struct Variables {
    map: BTreeMap<String, Vec<Value>>,
}

impl Variables {
    /// Replaces the variable's values.
    pub fn set(&mut self, name: &str, values: &[String], origin: &str) {
        self.map.remove(name);
        self.add(name, values, origin);
    }

    /// Adds values not already present; returns those that were new.
    pub fn add(&mut self, name: &str, values: &[String], origin: &str) -> Vec<String> {
        let entry = self.map.entry(name.to_string()).or_default();
        let mut added = Vec::new();
        for text in values {
            if entry.len() >= MAX_VALUES {
                break;
            }
            if !text.is_empty() && !entry.iter().any(|v| &v.text == text) {
                entry.push(Value { text: text.clone(), origin: origin.to_string() });
                added.push(text.clone());
            }
        }
        if entry.is_empty() {
            self.map.remove(name);
        }
        added
    }

    pub fn unset(&mut self, name: &str) -> bool {
        self.map.remove(name).is_some()
    }

    pub fn get(&self, name: &str) -> &[Value] {
        self.map.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn first(&self, name: &str) -> Option<&str> {
        self.get(name).first().map(|v| v.text.as_str())
    }

    pub fn is_set(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Vec<Value>)> {
        self.map.iter()
    }

    /// Query parameters: `$name` is the first value, `$name_list` all values joined by
    /// [`LIST_SEPARATOR`] (for `array_has(string_to_array($name_list, chr(31)), column)`).
    pub fn params(&self) -> QueryParams {
        let mut params = Vec::new();
        for (name, values) in &self.map {
            params.push((name.clone(), values[0].text.clone()));
            let all: Vec<&str> = values.iter().map(|v| v.text.as_str()).collect();
            params.push((format!("{name}_list"), all.join(LIST_SEPARATOR)));
        }
        params
    }

    /// Whether `$placeholder` can be bound: the variable itself, or the list form of one.
    pub fn binds(&self, placeholder: &str) -> bool {
        self.is_set(placeholder) || placeholder.strip_suffix("_list").is_some_and(|base| self.is_set(base))
    }
}

/// The `$name` placeholders in SQL text, in order of first use (JSON paths such as `'$.a'` are
/// not placeholders).
pub fn placeholders(sql: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut chars = sql.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '$' {
            continue;
        }
        let mut name = String::new();
        while let Some(&(_, n)) = chars.peek() {
            if n.is_ascii_alphanumeric() || n == '_' {
                name.push(n);
                chars.next();
            } else {
                break;
            }
        }
        if name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_deduplicated_and_listed() {
        let mut vars = Variables::default();
        vars.set("key", &["AKIA1".into()], "responder");
        assert_eq!(vars.add("key", &["AKIA1".into(), "AKIA2".into(), String::new()], "pb/s/q"), vec!["AKIA2"]);
        let params = vars.params();
        assert!(params.contains(&("key".into(), "AKIA1".into())));
        assert!(params.contains(&("key_list".into(), "AKIA1\u{1f}AKIA2".into())));
        assert!(vars.binds("key_list") && !vars.binds("ip"));
        vars.set("key", &["AKIA3".into()], "responder");
        assert_eq!(vars.get("key").len(), 1);
    }

    #[test]
    fn placeholders_skip_json_paths() {
        let sql = "SELECT json_extract_scalar(x, '$.a') FROM t WHERE k = $key AND array_has(string_to_array($ip_list, chr(31)), y) OR k = $key";
        assert_eq!(placeholders(sql), vec!["key", "ip_list"]);
    }
}
