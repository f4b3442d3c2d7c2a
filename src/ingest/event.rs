//! One CloudTrail record, parsed from its verbatim text into the fields the lake types.
//!
//! Every scalar is read as a raw JSON value and turned into text afterwards, so a field of an
//! unexpected JSON type (a number where a string belongs) is kept as its text instead of
//! rejecting the record. Unknown fields are not parsed at all: they live on in `raw_json`.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

type Raw<'a> = Option<&'a RawValue>;

#[derive(Deserialize, Default)]
pub struct RawEvent<'a> {
    #[serde(rename = "eventVersion", borrow, default)]
    pub eventversion: Raw<'a>,
    #[serde(rename = "userIdentity", borrow, default)]
    pub useridentity: Raw<'a>,
    #[serde(rename = "eventTime", borrow, default)]
    pub eventtime: Raw<'a>,
    #[serde(rename = "eventSource", borrow, default)]
    pub eventsource: Raw<'a>,
    #[serde(rename = "eventName", borrow, default)]
    pub eventname: Raw<'a>,
    #[serde(rename = "awsRegion", borrow, default)]
    pub awsregion: Raw<'a>,
    #[serde(rename = "sourceIPAddress", borrow, default)]
    pub sourceipaddress: Raw<'a>,
    #[serde(rename = "userAgent", borrow, default)]
    pub useragent: Raw<'a>,
    #[serde(rename = "errorCode", borrow, default)]
    pub errorcode: Raw<'a>,
    #[serde(rename = "errorMessage", borrow, default)]
    pub errormessage: Raw<'a>,
    #[serde(rename = "requestParameters", borrow, default)]
    pub requestparameters: Raw<'a>,
    #[serde(rename = "responseElements", borrow, default)]
    pub responseelements: Raw<'a>,
    #[serde(rename = "additionalEventData", borrow, default)]
    pub additionaleventdata: Raw<'a>,
    #[serde(rename = "requestID", borrow, default)]
    pub requestid: Raw<'a>,
    #[serde(rename = "eventID", borrow, default)]
    pub eventid: Raw<'a>,
    #[serde(rename = "readOnly", borrow, default)]
    pub readonly: Raw<'a>,
    #[serde(rename = "resources", borrow, default)]
    pub resources: Raw<'a>,
    #[serde(rename = "eventType", borrow, default)]
    pub eventtype: Raw<'a>,
    #[serde(rename = "apiVersion", borrow, default)]
    pub apiversion: Raw<'a>,
    #[serde(rename = "recipientAccountId", borrow, default)]
    pub recipientaccountid: Raw<'a>,
    #[serde(rename = "serviceEventDetails", borrow, default)]
    pub serviceeventdetails: Raw<'a>,
    #[serde(rename = "sharedEventID", borrow, default)]
    pub sharedeventid: Raw<'a>,
    #[serde(rename = "vpcEndpointId", borrow, default)]
    pub vpcendpointid: Raw<'a>,
    #[serde(rename = "vpcEndpointAccountId", borrow, default)]
    pub vpcendpointaccountid: Raw<'a>,
    #[serde(rename = "eventCategory", borrow, default)]
    pub eventcategory: Raw<'a>,
    #[serde(rename = "managementEvent", borrow, default)]
    pub managementevent: Raw<'a>,
    #[serde(rename = "addendum", borrow, default)]
    pub addendum: Raw<'a>,
    #[serde(rename = "sessionCredentialFromConsole", borrow, default)]
    pub sessioncredentialfromconsole: Raw<'a>,
    #[serde(rename = "edgeDeviceDetails", borrow, default)]
    pub edgedevicedetails: Raw<'a>,
    #[serde(rename = "tlsDetails", borrow, default)]
    pub tlsdetails: Raw<'a>,
    #[serde(rename = "insightDetails", borrow, default)]
    pub insightdetails: Raw<'a>,
    #[serde(rename = "eventContext", borrow, default)]
    pub eventcontext: Raw<'a>,
}

#[derive(Deserialize, Default)]
pub struct UserIdentity<'a> {
    #[serde(rename = "type", borrow, default)]
    pub kind: Raw<'a>,
    #[serde(rename = "principalId", borrow, default)]
    pub principalid: Raw<'a>,
    #[serde(borrow, default)]
    pub arn: Raw<'a>,
    #[serde(rename = "accountId", borrow, default)]
    pub accountid: Raw<'a>,
    #[serde(rename = "invokedBy", borrow, default)]
    pub invokedby: Raw<'a>,
    #[serde(rename = "accessKeyId", borrow, default)]
    pub accesskeyid: Raw<'a>,
    #[serde(rename = "userName", borrow, default)]
    pub username: Raw<'a>,
    #[serde(rename = "sessionContext", borrow, default)]
    pub sessioncontext: Raw<'a>,
    #[serde(rename = "identityProvider", borrow, default)]
    pub identityprovider: Raw<'a>,
    #[serde(rename = "credentialId", borrow, default)]
    pub credentialid: Raw<'a>,
    #[serde(rename = "invokedByDelegate", borrow, default)]
    pub invokedbydelegate: Raw<'a>,
    #[serde(rename = "onBehalfOf", borrow, default)]
    pub onbehalfof: Raw<'a>,
    #[serde(rename = "inScopeOf", borrow, default)]
    pub inscopeof: Raw<'a>,
}

#[derive(Deserialize, Default)]
pub struct SessionContext<'a> {
    #[serde(borrow, default)]
    pub attributes: Raw<'a>,
    #[serde(rename = "sessionIssuer", borrow, default)]
    pub sessionissuer: Raw<'a>,
    #[serde(rename = "ec2RoleDelivery", borrow, default)]
    pub ec2roledelivery: Raw<'a>,
    #[serde(rename = "sourceIdentity", borrow, default)]
    pub sourceidentity: Raw<'a>,
    #[serde(rename = "assumedRoot", borrow, default)]
    pub assumedroot: Raw<'a>,
    #[serde(rename = "webIdFederationData", borrow, default)]
    pub webidfederationdata: Raw<'a>,
}

#[derive(Deserialize, Default)]
pub struct Attributes<'a> {
    #[serde(rename = "mfaAuthenticated", borrow, default)]
    pub mfaauthenticated: Raw<'a>,
    #[serde(rename = "creationDate", borrow, default)]
    pub creationdate: Raw<'a>,
}

#[derive(Deserialize, Default)]
pub struct SessionIssuer<'a> {
    #[serde(rename = "type", borrow, default)]
    pub kind: Raw<'a>,
    #[serde(rename = "principalId", borrow, default)]
    pub principalid: Raw<'a>,
    #[serde(borrow, default)]
    pub arn: Raw<'a>,
    #[serde(rename = "accountId", borrow, default)]
    pub accountid: Raw<'a>,
    #[serde(rename = "userName", borrow, default)]
    pub username: Raw<'a>,
}

#[derive(Deserialize, Default)]
pub struct OnBehalfOf<'a> {
    #[serde(rename = "userId", borrow, default)]
    pub userid: Raw<'a>,
    #[serde(rename = "identityStoreArn", borrow, default)]
    pub identitystorearn: Raw<'a>,
}

#[derive(Deserialize, Default)]
pub struct Resource<'a> {
    // CloudTrail writes `ARN` in upper case; accept the lower-case spelling too.
    #[serde(rename = "ARN", alias = "arn", borrow, default)]
    pub arn: Raw<'a>,
    #[serde(rename = "accountId", borrow, default)]
    pub accountid: Raw<'a>,
    #[serde(rename = "type", borrow, default)]
    pub kind: Raw<'a>,
}

#[derive(Deserialize, Default)]
pub struct Addendum<'a> {
    #[serde(borrow, default)]
    pub reason: Raw<'a>,
    #[serde(rename = "updatedFields", borrow, default)]
    pub updatedfields: Raw<'a>,
    #[serde(rename = "originalRequestID", borrow, default)]
    pub originalrequestid: Raw<'a>,
    #[serde(rename = "originalEventID", borrow, default)]
    pub originaleventid: Raw<'a>,
}

#[derive(Deserialize, Default)]
pub struct TlsDetails<'a> {
    #[serde(rename = "tlsVersion", borrow, default)]
    pub tlsversion: Raw<'a>,
    #[serde(rename = "cipherSuite", borrow, default)]
    pub ciphersuite: Raw<'a>,
    #[serde(rename = "clientProvidedHostHeader", borrow, default)]
    pub clientprovidedhostheader: Raw<'a>,
}

/// A record that passed validation: its parsed fields plus what the lake needs to place it.
pub struct Event<'a> {
    pub fields: RawEvent<'a>,
    pub raw: &'a str,
    pub index: usize,
    pub time_us: i64,
    pub id: Cow<'a, str>,
}

/// Text of a scalar: strings unescaped, other JSON kept as their text, null as absent.
pub fn text(value: Raw<'_>) -> Option<Cow<'_, str>> {
    let s = value?.get();
    if let Some(inner) = s.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        if !inner.contains('\\') {
            return Some(Cow::Borrowed(inner));
        }
        return serde_json::from_str::<String>(s).ok().map(Cow::Owned);
    }
    if s == "null" { None } else { Some(Cow::Borrowed(s)) }
}

/// JSON text of a variable-shaped field, verbatim; null as absent.
pub fn json(value: Raw<'_>) -> Option<&str> {
    let s = value?.get();
    if s == "null" { None } else { Some(s) }
}

/// Parses a nested object; a value of another shape (or null) gives `None`, and the record keeps
/// the original in `raw_json`.
pub fn nested<'a, T: Deserialize<'a>>(value: Raw<'a>) -> Option<T> {
    let s = value?.get();
    if !s.starts_with('{') {
        return None;
    }
    serde_json::from_str(s).ok()
}

pub fn resources<'a>(value: Raw<'a>) -> Option<Vec<Resource<'a>>> {
    let s = value?.get();
    if !s.starts_with('[') {
        return None;
    }
    let items: Vec<&'a RawValue> = serde_json::from_str(s).ok()?;
    Some(items.into_iter().map(|item| nested(Some(item)).unwrap_or_default()).collect())
}

/// Why a record was not loaded.
#[derive(Debug)]
pub enum RecordError {
    NotUtf8 { offset: usize },
    Json(String),
    NotObject,
    MissingTime,
    BadTime(String),
    MissingId,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordError::NotUtf8 { offset } => write!(f, "invalid UTF-8 at byte {offset} of the record"),
            RecordError::Json(e) => write!(f, "invalid JSON: {e}"),
            RecordError::NotObject => write!(f, "the record is not a JSON object"),
            RecordError::MissingTime => write!(f, "no eventTime"),
            RecordError::BadTime(t) => write!(f, "eventTime {t:?} is not an RFC 3339 time"),
            RecordError::MissingId => write!(f, "no eventID"),
        }
    }
}

pub fn parse(bytes: &[u8], index: usize) -> Result<Event<'_>, RecordError> {
    let raw = std::str::from_utf8(bytes).map_err(|e| RecordError::NotUtf8 { offset: e.valid_up_to() })?;
    if !raw.starts_with('{') {
        return Err(RecordError::NotObject);
    }
    let fields: RawEvent = serde_json::from_str(raw).map_err(|e| RecordError::Json(e.to_string()))?;
    let time_text = text(fields.eventtime).ok_or(RecordError::MissingTime)?;
    let time_us = parse_time(&time_text).ok_or_else(|| RecordError::BadTime(time_text.chars().take(64).collect()))?;
    let id = text(fields.eventid).filter(|id| !id.is_empty()).ok_or(RecordError::MissingId)?;
    Ok(Event { fields, raw, index, time_us, id })
}

/// Microseconds since the epoch of an RFC 3339 time; the common `YYYY-MM-DDTHH:MM:SSZ` form
/// without going through a general parser.
pub fn parse_time(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() == 20 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':' && b[16] == b':' && b[19] == b'Z'
    {
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
        };
        let date = chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
        let time = date.and_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)?;
        return Some(time.and_utc().timestamp_micros());
    }
    chrono::DateTime::parse_from_rfc3339(s).ok().map(|t| t.timestamp_micros())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_in_both_paths() {
        assert_eq!(parse_time("1970-01-01T00:00:01Z"), Some(1_000_000));
        assert_eq!(parse_time("1970-01-01T00:00:01.5+00:00"), Some(1_500_000));
        assert_eq!(parse_time("2024-02-30T00:00:00Z"), None);
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn scalars_of_other_types_keep_their_text() {
        let e = parse(br#"{"eventTime":"2024-01-01T00:00:00Z","eventID":"x","eventName":42,"userAgent":"a\"b"}"#, 0)
            .unwrap();
        assert_eq!(text(e.fields.eventname).as_deref(), Some("42"));
        assert_eq!(text(e.fields.useragent).as_deref(), Some("a\"b"));
    }
}
