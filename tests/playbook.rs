//! Playbooks run non-interactively on the sample lake: every query of every playbook runs, the
//! compromised-credentials walk reaches the whole attack, and the journal and report say so.

mod common;

use std::path::Path;

use common::{run, run_ok, sample_lake};

fn journal(case: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(case.join("journal.ndjson"))
        .expect("journal")
        .lines()
        .map(|l| serde_json::from_str(l).expect("journal line is JSON"))
        .collect()
}

#[test]
fn compromised_credentials_walks_from_the_key_to_the_whole_attack() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case");
    let report = dir.path().join("report.md");
    let lake = sample_lake().to_str().unwrap();
    let out = run_ok(&[
        "playbook",
        "run",
        "compromised-iam-credentials",
        "--lake",
        lake,
        "--param",
        "key=AKIA8DB2F885413AF7AA",
        "--case",
        case.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        "--hunt",
    ]);
    // Commands are rendered with the values found, for the responder to run.
    assert!(
        out.stdout.contains(
            "aws iam update-access-key --user-name ci-deploy --access-key-id AKIA8DB2F885413AF7AA --status Inactive"
        ),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("--user-name support-backup"), "the backdoor user reaches later commands");

    let md = std::fs::read_to_string(&report).unwrap();
    for needle in [
        "| attacker_ip | `203.0.113.66` |",
        "| created_user | `support-backup` |",
        "| attacker_key | `AKIABACKDOOR00000001` |",
        "| bucket | `prod-customer-data-111122223333` |",
        "| GetObject | 60 | 203.0.113.66 |",
        "| CreateUser | 1 | 203.0.113.66 |",
        "| StopLogging | 1 | 203.0.113.66 |",
        "Exfiltration:IAMUser/AnomalousBehavior",
        "| `cloudtrail-logging-stopped` | critical | 1 |",
        "## Open items",
        "## Evidence",
    ] {
        assert!(md.contains(needle), "report lacks {needle:?}:\n{md}");
    }
    // The owner's routine traffic (the CI's addresses) is not in the attack timeline.
    let timeline = md.split("## Timeline").nth(1).unwrap().split("## Indicators").next().unwrap();
    assert!(!timeline.contains("192.0.2.40"), "{timeline}");
    // Evidence cites the source objects by hash.
    let evidence = md.split("## Evidence").nth(1).unwrap();
    assert!(evidence.contains("AWSLogs/111122223333/CloudTrail/"), "{evidence}");
    assert!(evidence.lines().any(|l| l.contains("| `") && l.split('`').nth(3).is_some_and(|h| h.len() == 64)));

    // The journal: every query with its parameters, row count and result hash, chained.
    let lines = journal(&case);
    let queries: Vec<&serde_json::Value> = lines.iter().filter(|l| l["kind"] == "query").collect();
    assert!(queries.len() >= 15);
    assert!(queries.iter().all(|q| q["result_sha256"].as_str().is_some_and(|h| h.len() == 64)));
    assert!(queries.iter().any(|q| q["params"][0] == serde_json::json!(["key", "AKIA8DB2F885413AF7AA"])));
    let collected: Vec<&str> =
        lines.iter().filter(|l| l["kind"] == "collected").filter_map(|l| l["name"].as_str()).collect();
    for name in ["attacker_ip", "created_user", "attacker_key", "trail"] {
        assert!(collected.contains(&name), "{name} not collected: {collected:?}");
    }
    assert_eq!(lines.last().unwrap()["kind"], "report");

    // The report again, later, from the case alone (the journal names the lake); it may replace
    // an earlier report of the case, never anything else (here: the journal itself).
    let again = dir.path().join("again.md");
    run_ok(&["report", "--case", case.to_str().unwrap(), "--output", again.to_str().unwrap()]);
    let md_again = std::fs::read_to_string(&again).unwrap();
    assert!(md_again.contains("| StopLogging | 1 | 203.0.113.66 |"), "{md_again}");
    run_ok(&["report", "--case", case.to_str().unwrap(), "--output", again.to_str().unwrap()]);
    let journal_path = case.join("journal.ndjson");
    let clobber = run(&["report", "--case", case.to_str().unwrap(), "--output", journal_path.to_str().unwrap()]);
    assert_eq!(clobber.code, 2);
    assert!(clobber.stderr.contains("is not an earlier report of this case"), "{}", clobber.stderr);
    assert!(journal(&case).len() > lines.len(), "the journal is intact and records the new reports");
    assert_eq!(lines[0]["prev_sha256"], "");
    assert!(lines.windows(2).all(|w| w[1]["prev_sha256"].as_str().unwrap().len() == 64));
}

#[test]
fn an_edited_journal_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case");
    let args = |case: &Path| {
        vec![
            "playbook".to_string(),
            "run".into(),
            "root-account-use".into(),
            "--lake".into(),
            sample_lake().display().to_string(),
            "--param".into(),
            "account=777788889999".into(),
            "--case".into(),
            case.display().to_string(),
        ]
    };
    let first = args(&case);
    run_ok(&first.iter().map(String::as_str).collect::<Vec<_>>());
    // Reopening an intact case appends to it.
    run_ok(&first.iter().map(String::as_str).collect::<Vec<_>>());
    let path = case.join("journal.ndjson");
    // A case in use by another session is refused, not interleaved.
    let held = std::fs::File::open(&path).unwrap();
    held.lock().unwrap();
    let busy = run(&first.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(busy.code, 2);
    assert!(busy.stderr.contains("in use by another trailhound session"), "{}", busy.stderr);
    drop(held);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("777788889999", "111122223333", 1)).unwrap();
    let again = run(&first.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("was edited"), "{}", again.stderr);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(&case).unwrap().permissions().mode() & 0o777, 0o700);
    }
}

#[test]
fn every_playbook_runs_cleanly_and_finds_its_scenario() {
    let lake = sample_lake().to_str().unwrap();
    let cases = [
        ("s3-data-exfiltration", "bucket=prod-customer-data-111122223333", "203.0.113.66"),
        ("unauthorized-network-change", "resource_id=sg-0123456789abcdef0", "0.0.0.0/0"),
        ("root-account-use", "account=777788889999", "203.0.113.200"),
        ("logging-tampering", "account=111122223333", "management-trail"),
        ("kms-ransomware", "account=444455556666", "ScheduleKeyDeletion"),
        ("compromised-ec2-cryptomining", "instance_id=i-0a1b2c3d4e5f60718", "AppServerRole"),
        (
            "iam-persistence-privilege-escalation",
            "principal=arn:aws:iam::111122223333:user/ci-deploy",
            "support-backup",
        ),
        ("compromised-iam-credentials", "key=AKIA8DB2F885413AF7AA", "203.0.113.66"),
    ];
    let listed = run_ok(&["playbook", "list"]).stdout;
    assert_eq!(listed.lines().count(), cases.len(), "a playbook without a test case:\n{listed}");
    for (id, param, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let out =
            run(&["playbook", "run", id, "--lake", lake, "--param", param, "--case", dir.path().to_str().unwrap()]);
        assert_eq!(out.code, 0, "{id}:\n{}\n{}", out.stdout, out.stderr);
        assert!(!out.stdout.contains("  error: "), "{id} has a failing query:\n{}", out.stdout);
        assert!(out.stdout.contains(expected), "{id} did not find {expected:?}:\n{}", out.stdout);
        let report = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
        for phase in ["#### Contain", "#### Investigate", "#### Recover", "#### Post-incident"] {
            assert!(report.contains(phase), "{id} report lacks {phase}");
        }
    }
}

#[test]
fn a_missing_input_is_named() {
    let out = run(&["playbook", "run", "compromised-iam-credentials", "--lake", sample_lake().to_str().unwrap()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--param key="), "{}", out.stderr);
    let unknown = run(&["playbook", "show", "no-such-playbook"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("compromised-iam-credentials"), "lists the known ids: {}", unknown.stderr);
}

#[test]
fn timeline_and_summary_answer_the_first_questions() {
    let lake = sample_lake().to_str().unwrap();
    let csv = run_ok(&["timeline", "203.0.113.66", "--lake", lake, "--format", "csv", "--quiet"]).stdout;
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("time,event,service,region,source_ip,user_agent,error,principal,access_key,request"));
    assert_eq!(rows.len() - 1, 76, "the attacker IP's events");
    assert!(rows[1].contains("GetCallerIdentity") && rows.last().unwrap().contains("StopLogging"));

    let summary: serde_json::Value =
        serde_json::from_str(&run_ok(&["summary", "AKIA8DB2F885413AF7AA", "--lake", lake, "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(summary["kind"], "key");
    let sections = &summary["sections"];
    assert_eq!(sections["overview"][0]["events"], 938);
    let created = sections["identities_created"].as_array().unwrap();
    assert!(created.iter().any(|r| r["new_access_key"] == "AKIABACKDOOR00000001"));
    assert!(sections["sources"].as_array().unwrap().iter().any(|r| r["source_ip"] == "203.0.113.66"));
    assert!(
        sections["resources"].as_array().unwrap().iter().any(|r| r["resource"] == "prod-customer-data-111122223333")
    );
    assert!(sections["errors"].as_array().unwrap().iter().any(|r| r["error"] == "AccessDenied"));

    // A hostile value is a value: it matches nothing, and it is not SQL.
    let hostile = run_ok(&["timeline", "' OR 1=1 --", "--lake", lake, "--format", "csv", "--quiet"]).stdout;
    assert_eq!(hostile.lines().count(), 0, "{hostile}");
}
