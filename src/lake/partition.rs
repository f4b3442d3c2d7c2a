//! Hive partition values of an event: account, region and UTC day.
//!
//! Values come from attacker-influenced records, so anything that is not a plain identifier
//! is replaced: a record must never choose where in the file system its row is written.

use std::fmt::Write;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartitionKey {
    pub account: String,
    pub region: String,
    pub dt: String,
}

impl PartitionKey {
    pub fn new(account: Option<&str>, region: Option<&str>, time_us: i64) -> Self {
        PartitionKey { account: clean(account), region: clean(region), dt: day(time_us) }
    }

    /// `account=…/region=…/dt=…`
    pub fn path(&self) -> String {
        let mut s = String::new();
        let _ = write!(s, "account={}/region={}/dt={}", self.account, self.region, self.dt);
        s
    }
}

fn clean(value: Option<&str>) -> String {
    match value {
        Some(v)
            if !v.is_empty()
                && v.len() <= 64
                && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
        {
            v.to_string()
        }
        Some(_) => "invalid".to_string(),
        None => "unknown".to_string(),
    }
}

pub fn day(time_us: i64) -> String {
    chrono::DateTime::from_timestamp_micros(time_us)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "invalid".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_values_cannot_escape_the_partition() {
        let key = PartitionKey::new(Some("../../etc"), Some("us-east-1"), 0);
        assert_eq!(key.path(), "account=invalid/region=us-east-1/dt=1970-01-01");
        assert_eq!(PartitionKey::new(None, Some("a/b"), 0).path(), "account=unknown/region=invalid/dt=1970-01-01");
    }
}
