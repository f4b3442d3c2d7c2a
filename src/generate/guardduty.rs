//! GuardDuty findings for the generated corpus, as the S3 export writes them (JSON Lines, gzip):
//! a finding on the leaked key that is updated as the attack goes on, and a sample finding.

use serde_json::{Value, json};

use super::scenarios::ATTACKER_IP;

fn finding(
    id: &str,
    account: &str,
    kind: &str,
    severity: f64,
    title: &str,
    key: &str,
    user: &str,
    api: &str,
    first: &str,
    last: &str,
    updated: &str,
    count: u64,
    sample: bool,
) -> Value {
    json!({
        "schemaVersion": "2.0",
        "accountId": account,
        "region": "us-east-1",
        "partition": "aws",
        "id": id,
        "arn": format!("arn:aws:guardduty:us-east-1:{account}:detector/12abc34d567e8fa901bc2d34e56789f0/finding/{id}"),
        "type": kind,
        "resource": {
            "resourceType": "AccessKey",
            "accessKeyDetails": {"accessKeyId": key, "principalId": "AIDAGENERATEDUSER0001", "userName": user, "userType": "IAMUser"}
        },
        "service": {
            "serviceName": "guardduty",
            "detectorId": "12abc34d567e8fa901bc2d34e56789f0",
            "action": {
                "actionType": "AWS_API_CALL",
                "awsApiCallAction": {
                    "api": api,
                    "serviceName": "s3.amazonaws.com",
                    "callerType": "Remote IP",
                    "remoteIpDetails": {
                        "ipAddressV4": ATTACKER_IP,
                        "organization": {"asn": "64500", "asnOrg": "EXAMPLE-HOSTING", "isp": "Example Hosting", "org": "Example Hosting"},
                        "country": {"countryName": "Exampleland"},
                        "city": {"cityName": "Example City"},
                        "geoLocation": {"lat": 0.0, "lon": 0.0}
                    },
                    "affectedResources": {}
                }
            },
            "resourceRole": "TARGET",
            "additionalInfo": {"value": "{}", "type": "default", "sample": sample},
            "eventFirstSeen": first,
            "eventLastSeen": last,
            "archived": false,
            "count": count
        },
        "severity": severity,
        "createdAt": first,
        "updatedAt": updated,
        "title": title,
        "description": format!("{title}. APIs were invoked from a remote host with an unusual pattern for this principal.")
    })
}

/// Lines of the export: two versions of the leaked-key finding, and one sample finding.
pub fn export_lines(account: &str, key: &str) -> Vec<Value> {
    let id = "a2c4e6f8b1d3f5a7c9e1b3d5f7a9c1e3";
    let kind = "Exfiltration:IAMUser/AnomalousBehavior";
    let title = "Anomalous API calls that are commonly used to exfiltrate data were invoked by ci-deploy";
    vec![
        finding(
            id,
            account,
            kind,
            8.0,
            title,
            key,
            "ci-deploy",
            "ListBuckets",
            "2024-05-02T13:00:20.000Z",
            "2024-05-02T13:05:00.000Z",
            "2024-05-02T13:20:00.000Z",
            2,
            false,
        ),
        finding(
            id,
            account,
            kind,
            8.0,
            title,
            key,
            "ci-deploy",
            "GetObject",
            "2024-05-02T13:00:20.000Z",
            "2024-05-02T13:18:51.000Z",
            "2024-05-02T13:35:00.000Z",
            61,
            false,
        ),
        finding(
            "00000000000000000000000000000000",
            account,
            "Recon:IAMUser/MaliciousIPCaller",
            5.0,
            "[SAMPLE] Reconnaissance API was invoked from a known malicious IP address",
            "ASIASAMPLEKEY0000000",
            "GeneratedFindingUserName",
            "GeneratedFindingAPIName",
            "2024-05-01T00:00:00.000Z",
            "2024-05-01T00:00:00.000Z",
            "2024-05-01T00:00:00.000Z",
            1,
            true,
        ),
    ]
}
