//! Pruning by the CloudTrail key layout, from the key alone:
//! `[prefix/]AWSLogs/[o-xxxx/]<account>/<service>/<region>/YYYY/MM/DD/<file>`.
//!
//! The same rules judge a listing prefix (`…/2024/05/`: can anything wanted lie below?) and a
//! whole key, so walking level by level and listing flat select the same objects.

use chrono::{Datelike, NaiveDate};

/// Services whose logs we read. Anything else under an account (Config, vpcflowlogs, …) is
/// not ours and is never listed.
const SERVICES: [&str; 4] = ["CloudTrail", "CloudTrail-Digest", "CloudTrail-Insight", "GuardDuty"];

#[derive(Debug, Clone, Default)]
pub struct KeyFilter {
    accounts: Vec<String>,
    regions: Vec<String>,
    /// Delivery days kept, inclusive, already padded for delivery delay.
    days: Option<(NaiveDate, NaiveDate)>,
}

/// The layout segments present in a key or prefix; `None` where the path stops before them.
#[derive(Debug, Default, PartialEq)]
struct Segments<'a> {
    found: bool,
    account: Option<&'a str>,
    service: Option<&'a str>,
    region: Option<&'a str>,
    year: Option<&'a str>,
    month: Option<&'a str>,
    day: Option<&'a str>,
}

impl KeyFilter {
    /// `since_us`/`until_us` are event times (µs). The path date is the *delivery* day, so the
    /// window is padded by a day on each side: a file for 23:58 events is delivered the next day.
    pub fn new(accounts: Vec<String>, regions: Vec<String>, since_us: Option<i64>, until_us: Option<i64>) -> Self {
        let day = |us: i64| chrono::DateTime::from_timestamp_micros(us).map(|t| t.date_naive());
        let days = (since_us.is_some() || until_us.is_some()).then(|| {
            let lo = since_us.and_then(day).and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MIN);
            // `until` is exclusive (the end of a date is the next midnight).
            let hi = until_us.map(|u| u - 1).and_then(day).and_then(|d| d.succ_opt()).unwrap_or(NaiveDate::MAX);
            (lo, hi)
        });
        KeyFilter { accounts, regions, days }
    }

    /// Whether a listing prefix (ending in `/`) can hold an object this filter keeps.
    pub fn admits_prefix(&self, prefix: &str) -> bool {
        self.admits(&segments(prefix.strip_suffix('/').unwrap_or(prefix)))
    }

    /// Whether an object is kept. Keys outside the layout are never pruned.
    pub fn admits_key(&self, key: &str) -> bool {
        if key.ends_with('/') {
            return false; // a "folder" placeholder, not an object
        }
        let dir = key.rsplit_once('/').map_or("", |(dir, _)| dir);
        self.admits(&segments(dir))
    }

    /// Whether listing below `prefix` one level at a time can still prune something; when not,
    /// the prefix is listed flat (one request per 1000 keys).
    pub fn walk_below(&self, prefix: &str) -> bool {
        let s = segments(prefix.strip_suffix('/').unwrap_or(prefix));
        // Down to the service level always: it skips vpcflowlogs & co. for a request or two.
        if !s.found || s.service.is_none() {
            return true;
        }
        let wants_region = !self.regions.is_empty() && s.region.is_none();
        if s.service == Some("GuardDuty") {
            // Export paths carry the export day, not the finding's: never pruned by date.
            return wants_region;
        }
        wants_region || (self.days.is_some() && s.day.is_none())
    }

    fn admits(&self, s: &Segments) -> bool {
        if !s.found {
            return true;
        }
        if let Some(account) = s.account
            && !self.accounts.is_empty()
            && !self.accounts.iter().any(|a| a == account)
        {
            return false;
        }
        let Some(service) = s.service else { return true };
        if !SERVICES.contains(&service) {
            return false;
        }
        if let Some(region) = s.region
            && !self.regions.is_empty()
            && !self.regions.iter().any(|r| r == region)
        {
            return false;
        }
        match self.days {
            Some((lo, hi)) if service != "GuardDuty" => date_in(s, lo, hi),
            _ => true,
        }
    }
}

/// Whether the (partial) date in the path can fall in `lo..=hi`. Unparsable dates are kept.
fn date_in(s: &Segments, lo: NaiveDate, hi: NaiveDate) -> bool {
    let num = |t: Option<&str>| t.and_then(|t| t.parse::<u32>().ok());
    let Some(year) = num(s.year) else { return true };
    let year = year as i32;
    let Some(month) = num(s.month) else { return (lo.year()..=hi.year()).contains(&year) };
    let Some(day) = num(s.day) else {
        return ((lo.year(), lo.month())..=(hi.year(), hi.month())).contains(&(year, month));
    };
    NaiveDate::from_ymd_opt(year, month, day).is_none_or(|d| (lo..=hi).contains(&d))
}

fn segments(dir: &str) -> Segments<'_> {
    let parts: Vec<&str> = dir.split('/').collect();
    let Some(at) = parts.iter().position(|p| *p == "AWSLogs") else { return Segments::default() };
    let mut rest = &parts[at + 1..];
    // Organization trails add `o-xxxx/` before the account.
    if rest.first().is_some_and(|p| p.starts_with("o-")) {
        rest = &rest[1..];
    }
    let get = |i: usize| rest.get(i).copied().filter(|p| !p.is_empty());
    Segments { found: true, account: get(0), service: get(1), region: get(2), year: get(3), month: get(4), day: get(5) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us(date: &str) -> i64 {
        NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap().and_hms_opt(12, 0, 0).unwrap().and_utc().timestamp_micros()
    }

    #[test]
    fn prunes_accounts_regions_and_padded_days() {
        let f = KeyFilter::new(
            vec!["111".into()],
            vec!["us-east-1".into()],
            Some(us("2024-05-02")),
            Some(us("2024-05-03")),
        );
        assert!(f.admits_prefix("AWSLogs/"));
        assert!(f.admits_prefix("logs/AWSLogs/o-abc/111/"));
        assert!(!f.admits_prefix("AWSLogs/o-abc/222/"));
        assert!(!f.admits_prefix("AWSLogs/111/vpcflowlogs/"));
        assert!(!f.admits_prefix("AWSLogs/111/CloudTrail/eu-west-1/"));
        assert!(f.admits_prefix("AWSLogs/111/CloudTrail/us-east-1/2024/05/"));
        assert!(!f.admits_prefix("AWSLogs/111/CloudTrail/us-east-1/2023/"));
        assert!(f.admits_prefix("AWSLogs/111/CloudTrail/us-east-1/2024/05/01/"), "padded by a day");
        assert!(f.admits_prefix("AWSLogs/111/CloudTrail/us-east-1/2024/05/04/"), "padded by a day");
        assert!(!f.admits_prefix("AWSLogs/111/CloudTrail/us-east-1/2024/05/05/"));
        assert!(!f.admits_prefix("AWSLogs/111/CloudTrail/us-east-1/2024/04/30/"));
        assert!(f.admits_prefix("AWSLogs/111/GuardDuty/us-east-1/2023/01/01/"), "exports are not pruned by date");
        assert!(f.admits_key("AWSLogs/111/CloudTrail-Digest/us-east-1/2024/05/03/x.json.gz"));
        assert!(!f.admits_key("AWSLogs/111/CloudTrail/us-east-1/2024/06/03/x.json.gz"));
        assert!(f.admits_key("elsewhere/x.json.gz"));
        assert!(!f.admits_key("AWSLogs/111/CloudTrail/us-east-1/2024/05/03/"));
    }

    #[test]
    fn walks_only_as_deep_as_pruning_needs() {
        let none = KeyFilter::default();
        assert!(none.walk_below("AWSLogs/111/"));
        assert!(!none.walk_below("AWSLogs/111/CloudTrail/"));
        let region = KeyFilter::new(vec![], vec!["us-east-1".into()], None, None);
        assert!(region.walk_below("AWSLogs/111/CloudTrail/"));
        assert!(!region.walk_below("AWSLogs/111/CloudTrail/us-east-1/"));
        let days = KeyFilter::new(vec![], vec![], Some(us("2024-05-02")), None);
        assert!(days.walk_below("AWSLogs/111/CloudTrail/us-east-1/2024/"));
        assert!(!days.walk_below("AWSLogs/111/CloudTrail/us-east-1/2024/05/02/"));
        assert!(!days.walk_below("AWSLogs/111/GuardDuty/us-east-1/"));
    }
}
