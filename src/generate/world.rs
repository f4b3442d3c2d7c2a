//! The simulated organisation: accounts, regions, and who works in them.

use super::record::Actor;

pub const ACCOUNTS: [&str; 3] = ["111122223333", "444455556666", "777788889999"];
pub const REGIONS: [&str; 3] = ["us-east-1", "us-west-2", "eu-west-1"];
/// Share of activity per region (the first is the home region).
pub const REGION_WEIGHTS: [u32; 3] = [6, 3, 1];

/// The corporate egress range and a CI runner range: where benign humans and pipelines call from.
pub const OFFICE_IPS: [&str; 4] = ["198.51.100.10", "198.51.100.11", "198.51.100.24", "198.51.100.87"];
pub const CI_IPS: [&str; 2] = ["192.0.2.40", "192.0.2.41"];

fn key_for(account: &str, name: &str) -> String {
    let digest = xxhash_rust::xxh3::xxh3_64(format!("key{account}{name}").as_bytes());
    format!("AKIA{digest:016X}")
}

fn user(account: &str, name: &str, ips: &[&str], ua: &str, mfa: bool) -> Actor {
    Actor {
        kind: "IAMUser",
        account: account.to_string(),
        name: name.to_string(),
        access_key: Some(key_for(account, name)),
        ips: ips.iter().map(|s| s.to_string()).collect(),
        user_agent: ua.to_string(),
        role: None,
        service: None,
        mfa,
    }
}

fn role(account: &str, role: &str, session: &str, ips: &[&str], ua: &str) -> Actor {
    let digest = xxhash_rust::xxh3::xxh3_64(format!("sts{account}{role}{session}").as_bytes());
    Actor {
        kind: "AssumedRole",
        account: account.to_string(),
        name: session.to_string(),
        access_key: Some(format!("ASIA{digest:016X}")),
        ips: ips.iter().map(|s| s.to_string()).collect(),
        user_agent: ua.to_string(),
        role: Some(role.to_string()),
        service: None,
        mfa: false,
    }
}

fn service(account: &str, principal: &str) -> Actor {
    Actor {
        kind: "AWSService",
        account: account.to_string(),
        name: principal.to_string(),
        access_key: None,
        ips: vec![principal.to_string()],
        user_agent: principal.to_string(),
        role: None,
        service: Some(principal.to_string()),
        mfa: false,
    }
}

pub const CLI_UA: &str = "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off md/command#s3.cp";
pub const CONSOLE_UA: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";
pub const BOTO_UA: &str = "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.213 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69";
pub const TERRAFORM_UA: &str = "APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.43.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.0 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.152.0";

/// Everyone active in one account, with a weight for how much they do.
pub fn actors(account: &str) -> Vec<(Actor, u32)> {
    vec![
        (user(account, "alice", &OFFICE_IPS, CLI_UA, true), 6),
        (user(account, "bob", &OFFICE_IPS, CONSOLE_UA, true), 4),
        (user(account, "ci-deploy", &CI_IPS, TERRAFORM_UA, false), 6),
        (role(account, "AppServerRole", "i-0a1b2c3d4e5f60718", &["10.0.12.34", "10.0.13.8"], BOTO_UA), 10),
        (role(account, "DataPipelineRole", "etl-nightly", &["10.0.40.2"], BOTO_UA), 5),
        (service(account, "ec2.amazonaws.com"), 2),
        (service(account, "lambda.amazonaws.com"), 2),
        (service(account, "cloudtrail.amazonaws.com"), 1),
    ]
}

pub fn buckets(account: &str) -> Vec<String> {
    ["app-assets", "prod-customer-data", "build-artifacts", "logs-archive"]
        .iter()
        .map(|b| format!("{b}-{account}"))
        .collect()
}
