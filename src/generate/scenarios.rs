//! Attacks embedded in the generated corpus, each with its ground truth.

use serde::Serialize;
use serde_json::{Value, json};

use super::record::{Actor, Call};
use super::rng::Rng;
use super::world;

pub const ATTACKER_IP: &str = "203.0.113.66";
pub const ATTACKER_UA: &str = "aws-cli/1.18.69 Python/2.7.18 Linux/5.4.0-kali2-amd64 botocore/1.16.19";
pub const BACKDOOR_USER: &str = "support-backup";
pub const EXFIL_OBJECTS: u64 = 60;

#[derive(Serialize)]
pub struct Truth {
    pub id: &'static str,
    pub description: &'static str,
    pub account: String,
    pub principal_arn: String,
    pub access_key: Option<String>,
    pub source_ip: String,
    pub events: Vec<TruthEvent>,
}

#[derive(Serialize)]
pub struct TruthEvent {
    pub event_time: String,
    pub event_name: &'static str,
    pub event_id: String,
}

/// A scenario record ready to be placed in its account/region stream.
pub struct Placed {
    pub account: String,
    pub region: String,
    pub time_us: i64,
    pub record: Value,
}

struct Builder<'a> {
    rng: &'a mut Rng,
    base_us: i64,
    placed: Vec<Placed>,
    truth: Truth,
}

impl Builder<'_> {
    fn at(&self, seconds: i64) -> (i64, String) {
        let us = self.base_us + seconds * 1_000_000;
        let text =
            chrono::DateTime::from_timestamp_micros(us).expect("in range").format("%Y-%m-%dT%H:%M:%SZ").to_string();
        (us, text)
    }

    fn add(&mut self, actor: &Actor, seconds: i64, make: impl FnOnce(String) -> Call) {
        let (us, time) = self.at(seconds);
        let call = make(time.clone());
        let (name, region) = (call.name, call.region.clone());
        let (event_id, record) = call.record(actor, self.rng);
        self.truth.events.push(TruthEvent { event_time: time, event_name: name, event_id });
        self.placed.push(Placed { account: actor.account.clone(), region, time_us: us, record });
    }
}

fn attacker(actor: &Actor) -> Actor {
    let mut a = actor.clone();
    a.ips = vec![ATTACKER_IP.to_string()];
    a.user_agent = ATTACKER_UA.to_string();
    a
}

fn find(account: &str, name: &str) -> Actor {
    world::actors(account).into_iter().map(|(a, _)| a).find(|a| a.name == name).expect("actor exists")
}

fn truth(id: &'static str, description: &'static str, actor: &Actor, ip: &str) -> Truth {
    Truth {
        id,
        description,
        account: actor.account.clone(),
        principal_arn: actor.arn(),
        access_key: actor.access_key.clone(),
        source_ip: ip.to_string(),
        events: Vec::new(),
    }
}

/// All scenarios, on the second day of the corpus (`day2_us` is its midnight, UTC).
pub fn build(rng: &mut Rng, day2_us: i64) -> (Vec<Placed>, Vec<Truth>) {
    let mut placed = Vec::new();
    let mut truths = Vec::new();
    for scenario in
        [leaked_key as fn(&mut Builder), open_security_group, root_login_without_mfa, kms_key_deletion, public_bucket]
    {
        let mut b = Builder {
            rng: &mut *rng,
            base_us: day2_us,
            placed: Vec::new(),
            truth: truth("", "", &find(world::ACCOUNTS[0], "alice"), ""),
        };
        scenario(&mut b);
        placed.append(&mut b.placed);
        truths.push(b.truth);
    }
    (placed, truths)
}

/// A CI key leaks: recon, S3 exfiltration, a backdoor admin user, then CloudTrail is stopped.
fn leaked_key(b: &mut Builder) {
    let victim = find(world::ACCOUNTS[0], "ci-deploy");
    let a = attacker(&victim);
    let acct = a.account.clone();
    b.truth = truth(
        "leaked-key-exfiltration",
        "ci-deploy's access key used from an unknown IP with a Kali user agent: recon, S3 exfiltration, backdoor admin user, StopLogging",
        &a,
        ATTACKER_IP,
    );
    let t0 = 13 * 3600;
    b.add(&a, t0, |t| Call::new(t, "sts.amazonaws.com", "GetCallerIdentity", "us-east-1").read_only());
    b.add(&a, t0 + 20, |t| {
        Call::new(t, "s3.amazonaws.com", "ListBuckets", "us-east-1")
            .read_only()
            .params(json!({"Host": "s3.amazonaws.com"}))
    });
    b.add(&a, t0 + 31, |t| Call::new(t, "iam.amazonaws.com", "ListUsers", "us-east-1").read_only());
    b.add(&a, t0 + 35, |t| Call::new(t, "iam.amazonaws.com", "ListRoles", "us-east-1").read_only());
    b.add(&a, t0 + 41, |t| {
        Call::new(t, "iam.amazonaws.com", "ListAttachedUserPolicies", "us-east-1")
            .read_only()
            .params(json!({"userName": "ci-deploy"}))
    });
    b.add(&a, t0 + 44, |t| {
        Call::new(t, "iam.amazonaws.com", "GetAccountAuthorizationDetails", "us-east-1")
            .read_only()
            .error("AccessDenied", format!("User: arn:aws:iam::{acct}:user/ci-deploy is not authorized to perform: iam:GetAccountAuthorizationDetails"))
    });
    for (i, region) in ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"].into_iter().enumerate() {
        b.add(&a, t0 + 60 + i as i64 * 3, |t| {
            Call::new(t, "ec2.amazonaws.com", "DescribeInstances", region)
                .read_only()
                .params(json!({"instancesSet": {}, "filterSet": {}}))
        });
    }
    let bucket = format!("prod-customer-data-{acct}");
    b.add(&a, t0 + 300, |t| {
        Call::new(t, "s3.amazonaws.com", "ListObjects", "us-east-1")
            .read_only()
            .data()
            .params(json!({"bucketName": bucket, "prefix": ""}))
    });
    for i in 0..EXFIL_OBJECTS as i64 {
        let key = format!("customers/export-{i:04}.csv");
        b.add(&a, t0 + 600 + i * 9, |t| {
            Call::new(t, "s3.amazonaws.com", "GetObject", "us-east-1")
                .data()
                .read_only()
                .params(json!({"bucketName": bucket, "Host": format!("{bucket}.s3.us-east-1.amazonaws.com"), "key": key}))
                .additional(json!({"SignatureVersion": "SigV4", "bytesTransferredIn": 0, "bytesTransferredOut": 52_428_800}))
                .resources(json!([{"type": "AWS::S3::Object", "ARN": format!("arn:aws:s3:::{bucket}/{key}")}, {"accountId": acct, "type": "AWS::S3::Bucket", "ARN": format!("arn:aws:s3:::{bucket}")}]))
        });
    }
    let t1 = t0 + 1800;
    b.add(&a, t1, |t| {
        Call::new(t, "iam.amazonaws.com", "CreateUser", "us-east-1")
            .params(json!({"userName": BACKDOOR_USER}))
            .response(json!({"user": {"path": "/", "userName": BACKDOOR_USER, "userId": "AIDABACKDOOR0000001", "arn": format!("arn:aws:iam::{acct}:user/{BACKDOOR_USER}"), "createDate": "Jun 1, 2024 1:30:00 PM"}}))
    });
    b.add(&a, t1 + 15, |t| {
        Call::new(t, "iam.amazonaws.com", "AttachUserPolicy", "us-east-1")
            .params(json!({"userName": BACKDOOR_USER, "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}))
    });
    b.add(&a, t1 + 30, |t| {
        Call::new(t, "iam.amazonaws.com", "CreateAccessKey", "us-east-1")
            .params(json!({"userName": BACKDOOR_USER}))
            .response(json!({"accessKey": {"userName": BACKDOOR_USER, "accessKeyId": "AKIABACKDOOR00000001", "status": "Active", "createDate": "Jun 1, 2024 1:30:30 PM"}}))
    });
    b.add(&a, t1 + 45, |t| {
        Call::new(t, "iam.amazonaws.com", "CreateLoginProfile", "us-east-1")
            .params(json!({"userName": BACKDOOR_USER, "passwordResetRequired": false}))
            .response(json!({"loginProfile": {"userName": BACKDOOR_USER, "createDate": "Jun 1, 2024 1:30:45 PM", "passwordResetRequired": false}}))
    });
    b.add(&a, t1 + 300, |t| {
        Call::new(t, "cloudtrail.amazonaws.com", "StopLogging", "us-east-1")
            .params(json!({"name": format!("arn:aws:cloudtrail:us-east-1:{acct}:trail/management-trail")}))
            .resources(json!([{"accountId": acct, "type": "AWS::CloudTrail::Trail", "ARN": format!("arn:aws:cloudtrail:us-east-1:{acct}:trail/management-trail")}]))
    });
}

fn open_security_group(b: &mut Builder) {
    let bob = find(world::ACCOUNTS[1], "bob");
    b.truth = truth(
        "security-group-open-to-world",
        "SSH opened to 0.0.0.0/0 on a production security group",
        &bob,
        "198.51.100.24",
    );
    b.add(&bob, 9 * 3600 + 12 * 60, |t| {
        let mut c = Call::new(t, "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", "us-west-2")
            .params(json!({"groupId": "sg-0123456789abcdef0", "ipPermissions": {"items": [{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "groups": {}, "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}, "ipv6Ranges": {}, "prefixListIds": {}}]}}))
            .response(json!({"requestId": "5c1d3a2e-0000-4000-8000-000000000022", "_return": true, "securityGroupRuleSet": {"items": [{"groupId": "sg-0123456789abcdef0", "securityGroupRuleId": "sgr-0aa11bb22cc33dd44", "isEgress": false, "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": "0.0.0.0/0"}]}}));
        c.ip = Some("198.51.100.24".into());
        c
    });
}

fn root_login_without_mfa(b: &mut Builder) {
    let root = Actor {
        kind: "Root",
        account: world::ACCOUNTS[2].to_string(),
        name: "root".into(),
        access_key: None,
        ips: vec!["203.0.113.200".into()],
        user_agent: world::CONSOLE_UA.into(),
        role: None,
        service: None,
        mfa: false,
    };
    b.truth = truth(
        "root-console-login-without-mfa",
        "The root user signed in to the console without MFA from an unknown IP",
        &root,
        "203.0.113.200",
    );
    b.add(&root, 3 * 3600 + 47 * 60, |t| {
        Call::new(t, "signin.amazonaws.com", "ConsoleLogin", "us-east-1")
            .console()
            .response(json!({"ConsoleLogin": "Success"}))
            .additional(json!({"LoginTo": "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true", "MobileVersion": "No", "MFAUsed": "No"}))
    });
}

fn kms_key_deletion(b: &mut Builder) {
    let mut bob = find(world::ACCOUNTS[1], "bob");
    bob.ips = vec!["203.0.113.77".into()];
    let acct = bob.account.clone();
    b.truth = truth(
        "kms-key-scheduled-for-deletion",
        "A customer-managed KMS key scheduled for deletion with the minimum waiting period",
        &bob,
        "203.0.113.77",
    );
    b.add(&bob, 16 * 3600, |t| {
        Call::new(t, "kms.amazonaws.com", "ScheduleKeyDeletion", "eu-west-1")
            .params(json!({"keyId": "arn:aws:kms:eu-west-1:444455556666:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "pendingWindowInDays": 7}))
            .response(json!({"keyId": "arn:aws:kms:eu-west-1:444455556666:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "deletionDate": "Jun 9, 2024, 12:00:00 AM", "keyState": "PendingDeletion", "pendingWindowInDays": 7}))
            .resources(json!([{"accountId": acct, "type": "AWS::KMS::Key", "ARN": "arn:aws:kms:eu-west-1:444455556666:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"}]))
    });
}

fn public_bucket(b: &mut Builder) {
    let alice = find(world::ACCOUNTS[2], "alice");
    let bucket = format!("app-assets-{}", alice.account);
    b.truth = truth(
        "bucket-made-public",
        "Block Public Access removed and a bucket policy granting s3:GetObject to everyone",
        &alice,
        "198.51.100.10",
    );
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::{bucket}/*")}]});
    let first = bucket.clone();
    b.add(&alice, 11 * 3600 + 30 * 60, move |t| {
        let mut c = Call::new(t, "s3.amazonaws.com", "DeleteBucketPublicAccessBlock", "us-east-1")
            .params(json!({"bucketName": first, "Host": format!("{first}.s3.us-east-1.amazonaws.com"), "publicAccessBlock": ""}));
        c.ip = Some("198.51.100.10".into());
        c
    });
    b.add(&alice, 11 * 3600 + 31 * 60, move |t| {
        let mut c = Call::new(t, "s3.amazonaws.com", "PutBucketPolicy", "us-east-1")
            .params(json!({"bucketName": bucket, "Host": format!("{bucket}.s3.us-east-1.amazonaws.com"), "bucketPolicy": policy, "policy": ""}));
        c.ip = Some("198.51.100.10".into());
        c
    });
}
