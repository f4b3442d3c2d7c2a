//! Builds one CloudTrail record, fields in the order CloudTrail writes them.

use serde_json::{Map, Value, json};

use super::rng::Rng;

/// Who made a call.
#[derive(Clone, Debug)]
pub struct Actor {
    pub kind: &'static str,
    pub account: String,
    pub name: String,
    pub access_key: Option<String>,
    pub ips: Vec<String>,
    pub user_agent: String,
    /// For assumed roles: the role's name (the session issuer).
    pub role: Option<String>,
    /// For services: the invoking service principal.
    pub service: Option<String>,
    pub mfa: bool,
}

impl Actor {
    pub fn arn(&self) -> String {
        match self.kind {
            "Root" => format!("arn:aws:iam::{}:root", self.account),
            "AssumedRole" => format!(
                "arn:aws:sts::{}:assumed-role/{}/{}",
                self.account,
                self.role.as_deref().unwrap_or("role"),
                self.name
            ),
            _ => format!("arn:aws:iam::{}:user/{}", self.account, self.name),
        }
    }

    fn principal_id(&self) -> String {
        let digest = xxhash_rust::xxh3::xxh3_64(format!("{}{}", self.account, self.name).as_bytes());
        let id = format!("{digest:016X}")[..16].to_string();
        match self.kind {
            "Root" => self.account.clone(),
            "AssumedRole" => format!("AROA{id}:{}", self.name),
            _ => format!("AIDA{id}"),
        }
    }

    pub fn identity(&self, time: &str) -> Value {
        let mut id = Map::new();
        if self.kind == "AWSService" {
            id.insert("type".into(), json!("AWSService"));
            id.insert("invokedBy".into(), json!(self.service.clone().unwrap_or_default()));
            return Value::Object(id);
        }
        id.insert("type".into(), json!(self.kind));
        id.insert("principalId".into(), json!(self.principal_id()));
        id.insert("arn".into(), json!(self.arn()));
        id.insert("accountId".into(), json!(self.account));
        if let Some(key) = &self.access_key {
            id.insert("accessKeyId".into(), json!(key));
        }
        if self.kind == "IAMUser" {
            id.insert("userName".into(), json!(self.name));
        }
        if let Some(role) = &self.role {
            let issuer_id = self.principal_id();
            id.insert(
                "sessionContext".into(),
                json!({
                    "sessionIssuer": {
                        "type": "Role",
                        "principalId": issuer_id.split(':').next().unwrap_or_default(),
                        "arn": format!("arn:aws:iam::{}:role/{}", self.account, role),
                        "accountId": self.account,
                        "userName": role
                    },
                    "webIdFederationData": {},
                    "attributes": {"creationDate": time, "mfaAuthenticated": "false"}
                }),
            );
        } else if self.kind == "IAMUser" || self.kind == "Root" {
            id.insert(
                "sessionContext".into(),
                json!({"attributes": {"creationDate": time, "mfaAuthenticated": if self.mfa { "true" } else { "false" }}}),
            );
        }
        Value::Object(id)
    }
}

/// One API call, before it is written as a record.
pub struct Call {
    pub time: String,
    pub source: &'static str,
    pub name: &'static str,
    pub region: String,
    pub params: Value,
    pub response: Value,
    pub additional: Option<Value>,
    pub error: Option<(&'static str, String)>,
    pub read_only: bool,
    pub data_event: bool,
    pub event_type: &'static str,
    pub resources: Option<Value>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl Call {
    pub fn new(time: String, source: &'static str, name: &'static str, region: &str) -> Self {
        Call {
            time,
            source,
            name,
            region: region.to_string(),
            params: Value::Null,
            response: Value::Null,
            additional: None,
            error: None,
            read_only: false,
            data_event: false,
            event_type: "AwsApiCall",
            resources: None,
            ip: None,
            user_agent: None,
        }
    }

    pub fn params(mut self, v: Value) -> Self {
        self.params = v;
        self
    }
    pub fn response(mut self, v: Value) -> Self {
        self.response = v;
        self
    }
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }
    pub fn data(mut self) -> Self {
        self.data_event = true;
        self
    }
    pub fn additional(mut self, v: Value) -> Self {
        self.additional = Some(v);
        self
    }
    pub fn error(mut self, code: &'static str, message: String) -> Self {
        self.error = Some((code, message));
        self
    }
    pub fn resources(mut self, v: Value) -> Self {
        self.resources = Some(v);
        self
    }
    pub fn console(mut self) -> Self {
        self.event_type = "AwsConsoleSignIn";
        self
    }

    /// The record, with a fresh eventID drawn from `rng`; returns it with that id.
    pub fn record(self, actor: &Actor, rng: &mut Rng) -> (String, Value) {
        let event_id = rng.uuid();
        let mut r = Map::new();
        r.insert("eventVersion".into(), json!(if self.event_type == "AwsConsoleSignIn" { "1.09" } else { "1.10" }));
        r.insert("userIdentity".into(), actor.identity(&self.time));
        r.insert("eventTime".into(), json!(self.time));
        r.insert("eventSource".into(), json!(self.source));
        r.insert("eventName".into(), json!(self.name));
        r.insert("awsRegion".into(), json!(self.region));
        let ip = self.ip.clone().unwrap_or_else(|| {
            if actor.kind == "AWSService" {
                actor.service.clone().unwrap_or_default()
            } else {
                rng.pick(&actor.ips).clone()
            }
        });
        r.insert("sourceIPAddress".into(), json!(ip));
        let ua = self.user_agent.clone().unwrap_or_else(|| {
            if actor.kind == "AWSService" {
                actor.service.clone().unwrap_or_default()
            } else {
                actor.user_agent.clone()
            }
        });
        r.insert("userAgent".into(), json!(ua));
        if let Some((code, message)) = &self.error {
            r.insert("errorCode".into(), json!(code));
            r.insert("errorMessage".into(), json!(message));
        }
        r.insert("requestParameters".into(), self.params);
        r.insert("responseElements".into(), if self.error.is_some() { Value::Null } else { self.response });
        if let Some(extra) = self.additional {
            r.insert("additionalEventData".into(), extra);
        }
        if self.event_type != "AwsConsoleSignIn" {
            r.insert("requestID".into(), json!(rng.token(16)));
        }
        r.insert("eventID".into(), json!(event_id));
        r.insert("readOnly".into(), json!(self.read_only));
        if let Some(resources) = self.resources {
            r.insert("resources".into(), resources);
        }
        r.insert("eventType".into(), json!(self.event_type));
        r.insert("managementEvent".into(), json!(!self.data_event));
        r.insert("recipientAccountId".into(), json!(actor.account));
        r.insert("eventCategory".into(), json!(if self.data_event { "Data" } else { "Management" }));
        if self.event_type == "AwsApiCall" && actor.kind != "AWSService" {
            r.insert(
                "tlsDetails".into(),
                json!({"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256", "clientProvidedHostHeader": format!("{}.{}.amazonaws.com", self.source.split('.').next().unwrap_or(""), self.region)}),
            );
        }
        (event_id, Value::Object(r))
    }
}
