//! What a timeline or summary is about: an access key, a principal ARN, a source IP, or any
//! other resource named in the events.

use std::net::IpAddr;

use anyhow::{Result, bail};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SubjectKind {
    /// An access key id (AKIA…, ASIA…).
    Key,
    /// A principal ARN: the caller, or the role behind an assumed-role session.
    Arn,
    /// A source IP address.
    Ip,
    /// Any other value named in the request, the response or the resources (bucket, instance id…).
    Resource,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub kind: SubjectKind,
    pub value: String,
}

impl Subject {
    /// Recognizes the kind from the value's form; `kind` overrides the guess.
    pub fn new(value: &str, kind: Option<SubjectKind>) -> Result<Subject> {
        let value = value.trim();
        if value.is_empty() {
            bail!("nothing to look for: give an access key, an ARN, an IP address or a resource name");
        }
        let kind = kind.unwrap_or_else(|| guess(value));
        Ok(Subject { kind, value: value.to_string() })
    }

    /// The `WHERE` condition on `cloudtrail`, with the value bound as `$subject`.
    pub fn condition(&self) -> &'static str {
        match self.kind {
            SubjectKind::Key => "useridentity.accesskeyid = $subject",
            SubjectKind::Arn => {
                "(useridentity.arn = $subject OR useridentity.sessioncontext.sessionissuer.arn = $subject)"
            }
            SubjectKind::Ip => "sourceipaddress = $subject",
            SubjectKind::Resource => {
                // A whole JSON string value, quotes included: `prod` must not match `prod-data`.
                // `resources` is a list of structs, which SQL cannot search field by field; the
                // verbatim record holds the same ARNs.
                "(strpos(requestparameters, concat('\"', $subject, '\"')) > 0 \
                 OR strpos(responseelements, concat('\"', $subject, '\"')) > 0 \
                 OR (resources IS NOT NULL AND strpos(raw_json, concat('\"', $subject, '\"')) > 0))"
            }
        }
    }

    pub fn describe(&self) -> String {
        let kind = match self.kind {
            SubjectKind::Key => "access key",
            SubjectKind::Arn => "principal",
            SubjectKind::Ip => "source IP",
            SubjectKind::Resource => "resource",
        };
        format!("{kind} {}", self.value)
    }
}

fn guess(value: &str) -> SubjectKind {
    let is_key = value.len() >= 16
        && ["AKIA", "ASIA", "ABIA", "ACCA"].iter().any(|p| value.starts_with(p))
        && value.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if is_key {
        SubjectKind::Key
    } else if value.parse::<IpAddr>().is_ok() {
        SubjectKind::Ip
    } else if value.starts_with("arn:") && (value.contains(":iam::") || value.contains(":sts::")) {
        SubjectKind::Arn
    } else {
        SubjectKind::Resource
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_recognized_by_form() {
        let kind = |v: &str| Subject::new(v, None).unwrap().kind;
        assert_eq!(kind("AKIAIOSFODNN7EXAMPLE"), SubjectKind::Key);
        assert_eq!(kind("ASIA8DB2F885413AF7AA"), SubjectKind::Key);
        assert_eq!(kind("203.0.113.66"), SubjectKind::Ip);
        assert_eq!(kind("2001:db8::1"), SubjectKind::Ip);
        assert_eq!(kind("arn:aws:iam::111122223333:user/ci-deploy"), SubjectKind::Arn);
        assert_eq!(kind("arn:aws:s3:::prod-data"), SubjectKind::Resource);
        assert_eq!(kind("prod-data"), SubjectKind::Resource);
        assert_eq!(Subject::new("prod-data", Some(SubjectKind::Key)).unwrap().kind, SubjectKind::Key);
        assert!(Subject::new("  ", None).is_err());
    }
}
