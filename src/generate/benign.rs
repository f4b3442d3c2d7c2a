//! Everyday activity: the background an investigation has to see through.

use serde_json::{Value, json};

use super::record::{Actor, Call};
use super::rng::Rng;
use super::world;

/// One benign call by `actor`, drawn from what that kind of principal usually does.
pub fn call(rng: &mut Rng, actor: &Actor, time: String, region: &str) -> Call {
    if actor.kind == "AWSService" {
        return service_call(rng, actor, time, region);
    }
    let buckets = world::buckets(&actor.account);
    let bucket = rng.pick(&buckets).clone();
    let weights = [14, 6, 10, 6, 8, 5, 4, 4, 4, 3, 3, 2, 2, 2, 1, 1];
    let mut c = match rng.weighted(&weights) {
        0 => Call::new(time, "s3.amazonaws.com", "GetObject", region)
            .data()
            .read_only()
            .params(json!({"bucketName": bucket, "Host": format!("{bucket}.s3.{region}.amazonaws.com"), "key": object_key(rng)}))
            .additional(json!({"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256", "bytesTransferredIn": 0, "AuthenticationMethod": "AuthHeader", "x-amz-id-2": rng.token(24), "bytesTransferredOut": 1000 + rng.below(400_000)}))
            .resources(json!([{"type": "AWS::S3::Object", "ARN": format!("arn:aws:s3:::{bucket}/object")}, {"accountId": actor.account, "type": "AWS::S3::Bucket", "ARN": format!("arn:aws:s3:::{bucket}")}])),
        1 => Call::new(time, "s3.amazonaws.com", "PutObject", region)
            .data()
            .params(json!({"bucketName": bucket, "Host": format!("{bucket}.s3.{region}.amazonaws.com"), "key": object_key(rng)}))
            .additional(json!({"SignatureVersion": "SigV4", "bytesTransferredIn": 1000 + rng.below(90_000), "bytesTransferredOut": 0}))
            .resources(json!([{"type": "AWS::S3::Object", "ARN": format!("arn:aws:s3:::{bucket}/object")}])),
        2 => Call::new(time, "ec2.amazonaws.com", "DescribeInstances", region)
            .read_only()
            .params(json!({"instancesSet": {}, "filterSet": {}})),
        3 => Call::new(time, "sts.amazonaws.com", "GetCallerIdentity", region).read_only().params(Value::Null),
        4 => Call::new(time, "kms.amazonaws.com", "Decrypt", region)
            .read_only()
            .params(json!({"encryptionAlgorithm": "SYMMETRIC_DEFAULT"}))
            .resources(json!([{"accountId": actor.account, "type": "AWS::KMS::Key", "ARN": format!("arn:aws:kms:{region}:{}:key/{}", actor.account, "1234abcd-12ab-34cd-56ef-1234567890ab")}])),
        5 => Call::new(time, "ssm.amazonaws.com", "GetParameter", region)
            .read_only()
            .params(json!({"name": "/app/config/feature-flags", "withDecryption": false})),
        6 => Call::new(time, "logs.amazonaws.com", "CreateLogStream", region)
            .params(json!({"logGroupName": "/aws/app/web", "logStreamName": rng.token(12).to_lowercase()})),
        7 => Call::new(time, "dynamodb.amazonaws.com", "DescribeTable", region).read_only().params(json!({"tableName": "orders"})),
        8 => Call::new(time, "iam.amazonaws.com", "GetUser", "us-east-1").read_only().params(json!({"userName": actor.name})),
        9 => Call::new(time, "s3.amazonaws.com", "ListBuckets", region)
            .read_only()
            .params(json!({"Host": format!("s3.{region}.amazonaws.com")})),
        10 => Call::new(time, "monitoring.amazonaws.com", "GetMetricData", region).read_only().params(json!({"maxDatapoints": 1440})),
        11 => Call::new(time, "lambda.amazonaws.com", "ListFunctions20150331", region).read_only().params(Value::Null),
        12 => Call::new(time, "ec2.amazonaws.com", "DescribeSecurityGroups", region).read_only().params(json!({"securityGroupSet": {}, "filterSet": {}})),
        13 => Call::new(time, "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", region)
            .params(json!({"groupId": format!("sg-0{}", rng.token(16).to_lowercase()), "ipPermissions": {"items": [{"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "groups": {}, "ipRanges": {"items": [{"cidrIp": "10.0.0.0/16"}]}, "ipv6Ranges": {}, "prefixListIds": {}}]}}))
            .response(json!({"requestId": rng.uuid(), "_return": true})),
        14 => Call::new(time, "iam.amazonaws.com", "ListRoles", "us-east-1").read_only().params(Value::Null),
        _ => Call::new(time, "secretsmanager.amazonaws.com", "GetSecretValue", region)
            .read_only()
            .params(json!({"secretId": "prod/app/db"})),
    };
    if rng.chance(0.03) {
        let message = format!("User: {} is not authorized to perform: {}", actor.arn(), c.name);
        c = c.error("AccessDenied", message);
    }
    c
}

fn service_call(rng: &mut Rng, actor: &Actor, time: String, region: &str) -> Call {
    match actor.service.as_deref() {
        Some("ec2.amazonaws.com") => Call::new(time, "sts.amazonaws.com", "AssumeRole", region)
            .read_only()
            .params(json!({"roleArn": format!("arn:aws:iam::{}:role/AppServerRole", actor.account), "roleSessionName": "i-0a1b2c3d4e5f60718", "durationSeconds": 3600}))
            .resources(json!([{"accountId": actor.account, "type": "AWS::IAM::Role", "ARN": format!("arn:aws:iam::{}:role/AppServerRole", actor.account)}])),
        Some("lambda.amazonaws.com") => Call::new(time, "kms.amazonaws.com", "Decrypt", region)
            .read_only()
            .params(json!({"encryptionContext": {"aws:lambda:FunctionArn": format!("arn:aws:lambda:{region}:{}:function:thumbnailer", actor.account)}, "encryptionAlgorithm": "SYMMETRIC_DEFAULT"})),
        _ => Call::new(time, "s3.amazonaws.com", "PutObject", region)
            .data()
            .params(json!({"bucketName": format!("logs-archive-{}", actor.account), "key": format!("AWSLogs/{}/CloudTrail/{region}/{}", actor.account, rng.token(8))})),
    }
}

fn object_key(rng: &mut Rng) -> String {
    let dirs = ["reports", "exports", "images", "invoices", "tmp"];
    format!("{}/{}.{}", rng.pick(&dirs), rng.token(10).to_lowercase(), rng.pick(&["json", "csv", "png", "pdf"]))
}
