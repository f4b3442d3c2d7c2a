//! `trailhound verify` end to end: a trail bucket copy signed here exactly as CloudTrail signs it
//! (RSA PKCS#1 v1.5 + SHA-256 over the signing string of formats.md A2), then tampered with.

mod common;

use serde_json::{Value, json};

use common::signed_trail::*;
use common::*;

fn checks(report: &Value) -> &Vec<Value> {
    report["checks"].as_array().expect("checks")
}

/// Statuses of the checks whose key is `key`, sorted.
fn statuses(report: &Value, key: &str) -> Vec<String> {
    let mut s: Vec<String> =
        checks(report).iter().filter(|c| c["key"] == key).map(|c| c["status"].as_str().unwrap().to_string()).collect();
    s.sort();
    s
}

fn status(report: &Value, key: &str) -> String {
    let s = statuses(report, key);
    assert_eq!(s.len(), 1, "{key}: expected one check, got {s:?}\n{report:#}");
    s[0].clone()
}

/// The verdict on a digest itself (a gap reported at the same key aside).
fn digest_status(report: &Value, key: &str) -> String {
    let s: Vec<String> = statuses(report, key).into_iter().filter(|s| s != "gap").collect();
    assert_eq!(s.len(), 1, "{key}: expected one check, got {s:?}");
    s[0].clone()
}

fn detail(report: &Value, key: &str) -> String {
    checks(report).iter().filter(|c| c["key"] == key).map(|c| c["detail"].as_str().unwrap().to_string()).collect()
}

/// Every check that is not valid, as (status, key).
fn problems(report: &Value) -> Vec<(String, String)> {
    let mut p: Vec<(String, String)> = checks(report)
        .iter()
        .filter(|c| c["status"] != "valid")
        .map(|c| (c["status"].as_str().unwrap().to_string(), c["key"].as_str().unwrap().to_string()))
        .collect();
    p.sort();
    p
}

fn count(report: &Value, kind: &str, status: &str) -> u64 {
    report["summary"][kind][status].as_u64().unwrap_or(0)
}

#[test]
fn an_intact_copy_verifies_with_both_key_encodings() {
    let f = Fixture::new(Spec::default());
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(problems(&report), vec![]);
    assert_eq!(count(&report, "digest", "valid"), 4);
    assert_eq!(count(&report, "log", "valid"), 5);
    assert_eq!(report["ok"], true);
    assert_eq!(report["trails"].as_array().unwrap().len(), 1);
    assert_eq!(report["trails"][0]["trail"], TRAIL);
    // Each log check cites the file as stored (joinable with the lake) and its digest.
    let log = &f.logs[2][1];
    let row = checks(&report).iter().find(|c| c["key"] == *log).unwrap();
    assert_eq!(row["sha256"], sha256(&std::fs::read(f.path(log)).unwrap()));
    assert_eq!(row["content_sha256"], sha256(&gunzip(&std::fs::read(f.path(log)).unwrap())));
    assert_eq!(row["digest_key"], f.digests[2]);
    assert_eq!(row["account"], ACCOUNT);
    assert_eq!(row["region"], REGION);
    // The human table says the same.
    let table = run(&["verify", f.root.to_str().unwrap(), "--public-keys", f.keys_file.to_str().unwrap()]);
    assert_eq!(table.code, 0, "{}", table.stdout);
    assert!(table.stdout.contains("OK: every digest and log file checked is intact"), "{}", table.stdout);
    assert!(!table.stdout.contains("Problems"), "{}", table.stdout);
}

#[test]
fn a_key_that_did_not_sign_fails_every_signature() {
    let f = Fixture::new(Spec::default());
    write_keys(&f.keys_file, &keys().1.to_public_key());
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    assert_eq!(count(&report, "digest", "bad_signature"), 4, "{report:#}");
    // Logs match their digests, but digests that do not verify prove nothing.
    assert_eq!(count(&report, "log", "unverifiable"), 5);
    assert_eq!(count(&report, "log", "valid"), 0);
    // No keys at all: nothing is proven either.
    std::fs::write(&f.keys_file, r#"{"PublicKeyList":[]}"#).unwrap();
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    assert_eq!(count(&report, "digest", "unverifiable"), 4);
    assert!(detail(&report, &f.digests[0]).contains(&format!("public key {FP_PKCS1} is not in --public-keys")));
}

#[test]
fn one_changed_byte_in_a_log_record_is_caught() {
    let f = Fixture::new(Spec::default());
    let log = f.logs[2][0].clone();
    f.edit(&log, |t| t.replacen("ListUsers", "ListUsert", 1));
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    assert_eq!(problems(&report), vec![("modified".to_string(), log.clone())]);
    assert!(detail(&report, &log).contains("does not match the hashValue"), "{}", detail(&report, &log));
    // The manifest noticed too: the file is no longer the object acquired.
    assert!(detail(&report, &log).contains("differs from the acquired object"), "{}", detail(&report, &log));
    let table = run(&["verify", f.root.to_str().unwrap(), "--public-keys", f.keys_file.to_str().unwrap()]);
    assert_eq!(table.code, 1);
    assert!(table.stdout.contains("modified") && table.stdout.contains(&log), "{}", table.stdout);
    assert!(table.stdout.contains("FAILED: 1 check(s)"), "{}", table.stdout);
}

#[test]
fn a_deleted_log_is_missing_and_an_added_one_is_in_no_digest() {
    let f = Fixture::new(Spec::default());
    let deleted = f.logs[0][1].clone();
    std::fs::remove_file(f.path(&deleted)).unwrap();
    let added = f.logs[3][0].replace("LOG3X0", "ADDED1");
    std::fs::copy(f.path(&f.logs[3][0]), f.path(&added)).unwrap();
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    assert_eq!(
        problems(&report),
        vec![("missing".to_string(), deleted.clone()), ("not_in_digest".to_string(), added.clone())]
    );
    let missing = checks(&report).iter().find(|c| c["key"] == deleted).unwrap();
    assert_eq!(missing["digest_key"], f.digests[0]);
    assert_eq!(missing["start_time"], "2024-05-01T00:01:31Z");
    assert!(detail(&report, &added).contains("listed in no digest"));
}

#[test]
fn a_deleted_digest_breaks_the_chain() {
    let f = Fixture::new(Spec::default());
    std::fs::remove_file(f.path(&f.digests[2])).unwrap();
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    assert_eq!(
        problems(&report),
        vec![
            ("missing".to_string(), f.digests[2].clone()),
            ("not_in_digest".to_string(), f.logs[2][0].clone()),
            ("not_in_digest".to_string(), f.logs[2][1].clone()),
        ]
    );
    let missing = checks(&report).iter().find(|c| c["key"] == f.digests[2]).unwrap();
    assert_eq!(missing["kind"], "digest");
    assert_eq!(missing["digest_key"], f.digests[3], "named by the newer digest");
    // The uncovered stretch: from the end of the digest before to the start of the one after.
    assert_eq!(
        (missing["start_time"].as_str(), missing["end_time"].as_str()),
        (Some("2024-05-01T02:01:31Z"), Some("2024-05-01T03:01:31Z"))
    );
    // Digest 1 lost the successor that carried its signature; the manifest's S3 metadata proves it.
    assert_eq!(status(&report, &f.digests[1]), "valid");

    // Without the manifest it cannot be proven any more.
    std::fs::remove_file(f.root.join("acquire-manifest.jsonl")).unwrap();
    let (_, report) = f.verify(&[]);
    assert_eq!(status(&report, &f.digests[1]), "unverifiable");
    assert!(detail(&report, &f.digests[1]).contains("no newer digest links to it"));
    assert_eq!(status(&report, &f.digests[0]), "valid", "still proven by digest 1's previousDigestSignature");
}

#[test]
fn swapped_digest_contents_fail_the_chain_and_signatures() {
    let f = Fixture::new(Spec::default());
    let (a, b) = (f.path(&f.digests[1]), f.path(&f.digests[2]));
    let (bytes_a, bytes_b) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    std::fs::write(&a, &bytes_b).unwrap();
    std::fs::write(&b, &bytes_a).unwrap();
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    for key in [&f.digests[1], &f.digests[2]] {
        assert_eq!(status(&report, key), "bad_signature", "{key}: {}", detail(&report, key));
        assert!(detail(&report, key).contains("moved"), "{}", detail(&report, key));
    }
    assert!(detail(&report, &f.digests[2]).contains("is not the previousDigestHashValue"));
    assert_eq!(digest_status(&report, &f.digests[3]), "valid");
    // Its link now lands on the content of an hour earlier: a stretch no digest covers.
    assert_eq!(statuses(&report, &f.digests[3]), vec!["gap", "valid"]);
    assert_eq!(status(&report, &f.digests[0]), "valid");
    // The logs of the swapped hours are listed by digests that do not verify.
    assert_eq!(status(&report, &f.logs[2][0]), "unverifiable");
}

#[test]
fn a_log_edit_hidden_by_editing_its_digest_is_a_bad_signature() {
    let f = Fixture::new(Spec::default());
    // The attacker changes a log, then puts the new hash into the digest that lists it.
    let log = f.logs[2][0].clone();
    let old_hash = sha256(&gunzip(&std::fs::read(f.path(&log)).unwrap()));
    f.edit(&log, |t| t.replacen("192.0.2.1", "192.0.2.9", 1));
    let new_hash = sha256(&gunzip(&std::fs::read(f.path(&log)).unwrap()));
    f.edit(&f.digests[2], |t| t.replace(&old_hash, &new_hash));
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    assert_eq!(status(&report, &f.digests[2]), "bad_signature");
    assert!(detail(&report, &f.digests[2]).contains("is not the previousDigestHashValue"));
    assert_eq!(status(&report, &log), "modified", "the acquisition record still knows the original bytes");

    // The newest digest is protected by its S3 metadata signature alone: dropping a log from its
    // list is caught too.
    let newest = f.digests[3].clone();
    let dropped = f.logs[3][0].clone();
    f.edit(&newest, |t| {
        let mut d: Value = serde_json::from_str(&t).unwrap();
        d["logFiles"] = json!([]);
        serde_json::to_string(&d).unwrap()
    });
    let (_, report) = f.verify(&[]);
    assert_eq!(status(&report, &newest), "bad_signature");
    assert!(detail(&report, &newest).contains("the S3 metadata signature"));
    assert_eq!(status(&report, &dropped), "not_in_digest");
}

#[test]
fn the_newest_digest_without_signature_metadata_is_unverifiable() {
    let f = Fixture::new(Spec { manifest: false, ..Spec::default() });
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1, "not proven is not valid");
    let newest = &f.digests[3];
    assert_eq!(status(&report, newest), "unverifiable");
    assert!(
        detail(&report, newest).contains("unverifiable offline (signature metadata missing: use trailhound acquire)")
    );
    assert_eq!(status(&report, &f.logs[3][0]), "unverifiable", "listed only by the unproven digest");
    assert_eq!(count(&report, "digest", "valid"), 3, "the older digests are proven through the chain");
    assert_eq!(count(&report, "log", "valid"), 4);
    assert_eq!(problems(&report).len(), 2);

    let (r, report) = f.verify(&["--allow-unsigned-newest"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(status(&report, newest), "unverifiable", "still reported as it is");
    // The allowance is for the newest digest only: a broken older link still fails.
    std::fs::remove_file(f.path(&f.digests[1])).unwrap();
    let (r, _) = f.verify(&["--allow-unsigned-newest"]);
    assert_eq!(r.code, 1);

    // The manifest's signature is used when present.
    let g = Fixture::new(Spec::default());
    let (r, report) = g.verify(&[]);
    assert_eq!((r.code, status(&report, &g.digests[3])), (0, "valid".to_string()));
    assert_eq!(g.signatures.len(), 4);
}

#[test]
fn time_gaps_and_chain_restarts_are_reported() {
    let f = Fixture::new(Spec { gap_before: Some(2), ..Spec::default() });
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    let gaps: Vec<&Value> = checks(&report).iter().filter(|c| c["status"] == "gap").collect();
    assert_eq!(gaps.len(), 1, "{report:#}");
    assert_eq!(gaps[0]["key"], f.digests[2], "the gap is reported at the digest after it");
    assert_eq!(gaps[0]["start_time"], "2024-05-01T02:01:31Z");
    assert_eq!(gaps[0]["end_time"], "2024-05-01T03:01:31Z");
    assert_eq!(count(&report, "digest", "valid"), 4, "the digests themselves are fine");

    let f = Fixture::new(Spec { restart_at: Some(2), ..Spec::default() });
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 1);
    let gaps: Vec<&Value> = checks(&report).iter().filter(|c| c["status"] == "gap").collect();
    assert_eq!(gaps.len(), 1, "{report:#}");
    assert!(gaps[0]["detail"].as_str().unwrap().contains("chain starts again"));
    assert_eq!(gaps[0]["start_time"], "2024-05-01T02:01:31Z");
    assert_eq!(count(&report, "digest", "valid"), 4);
    assert_eq!(count(&report, "log", "valid"), 5);
}

#[test]
fn organization_trails_and_key_prefixes_verify() {
    let f = Fixture::new(Spec { org: true, prefix: "cases/ir-7/", ..Spec::default() });
    assert!(f.digests[0].starts_with("cases/ir-7/AWSLogs/o-abc123def4/111122223333/CloudTrail-Digest/"));
    let (r, report) = f.verify(&[]);
    assert_eq!(r.code, 0, "{report:#}");
    assert_eq!(count(&report, "log", "valid"), 5);
    // A copy without the prefix folder and without the manifest still lines up (by the AWSLogs/ part).
    let moved = f.root.join("AWSLogs");
    std::fs::rename(f.root.join("cases/ir-7/AWSLogs"), &moved).unwrap();
    std::fs::remove_file(f.root.join("acquire-manifest.jsonl")).unwrap();
    let (r, report) = f.verify(&["--allow-unsigned-newest"]);
    assert_eq!(r.code, 0, "{report:#}");
    assert_eq!(count(&report, "digest", "valid"), 3);
}

#[test]
fn since_and_until_limit_what_is_checked() {
    let f = Fixture::new(Spec::default());
    f.edit(&f.logs[0][0].clone(), |t| t.replacen("ListUsers", "ListUsert", 1));
    let (r, _) = f.verify(&[]);
    assert_eq!(r.code, 1);
    let (r, report) = f.verify(&["--since", "2024-05-01T02:30:00Z"]);
    assert_eq!(r.code, 0, "{report:#}");
    assert_eq!(count(&report, "digest", "valid"), 2, "digests 2 and 3 end after --since");
    assert_eq!(count(&report, "log", "valid"), 3);
    let (r, report) = f.verify(&["--until", "2024-05-01T01:00:00Z"]);
    assert_eq!(r.code, 1);
    assert_eq!(problems(&report), vec![("modified".to_string(), f.logs[0][0].clone())]);
}

#[test]
fn hostile_files_are_reported_with_their_names() {
    let f = Fixture::new(Spec::default());
    // Digest 2 replaced by garbage, the newest by a gzip of something that is not a digest.
    std::fs::write(f.path(&f.digests[2]), b"\x1f\x8b\x08\x00garbage").unwrap();
    std::fs::write(f.path(&f.digests[3]), gzip(b"{\"Records\":[]}")).unwrap();
    // A log that is a decompression bomb for the cap given.
    std::fs::write(f.path(&f.logs[0][0]), gzip(&vec![b' '; 2_000_000])).unwrap();
    // A file under CloudTrail-Digest/ with a name CloudTrail never writes.
    let odd = f.digests[0].rsplit_once('/').unwrap().0.to_string() + "/renamed.json.gz";
    std::fs::copy(f.path(&f.digests[0]), f.path(&odd)).unwrap();
    let (r, report) = f.verify(&["--max-object-bytes", "100000"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(status(&report, &f.digests[2]), "modified");
    assert!(detail(&report, &f.digests[2]).contains("unreadable digest"), "{}", detail(&report, &f.digests[2]));
    assert_eq!(status(&report, &f.digests[3]), "modified");
    assert!(detail(&report, &f.digests[3]).contains("not a CloudTrail digest"));
    assert_eq!(status(&report, &f.logs[0][0]), "unverifiable");
    assert!(detail(&report, &f.logs[0][0]).contains("decompresses to more than 100000 bytes"));
    assert_eq!(status(&report, &odd), "unverifiable");

    // Unusable inputs are errors (exit 2) that name the file.
    std::fs::write(&f.keys_file, b"not json").unwrap();
    let r = run(&["verify", f.root.to_str().unwrap(), "--public-keys", f.keys_file.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("keys.json") && r.stderr.contains("list-public-keys"), "{}", r.stderr);
    std::fs::write(f.root.join("acquire-manifest.jsonl"), "{\"key\":1}\n").unwrap();
    let r = run(&["verify", f.root.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("acquire-manifest.jsonl line 1"), "{}", r.stderr);
    let empty = tempfile::tempdir().unwrap();
    let r = run(&["verify", empty.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no CloudTrail log or digest files"), "{}", r.stderr);
}

#[test]
fn results_land_in_the_lake_and_join_the_evidence() {
    let f = Fixture::new(Spec::default());
    f.edit(&f.logs[2][0].clone(), |t| t.replacen("ListUsers", "ListUsert", 1));
    let tmp = tempfile::tempdir().unwrap();
    let lake = tmp.path().join("lake");
    // Before any verify run the table exists and is empty.
    run_ok(&["ingest", f.root.join(&f.logs[0][0]).to_str().unwrap(), "--lake", lake.to_str().unwrap(), "--quiet"]);
    assert_eq!(scalar(&lake, "SELECT count(*) FROM log_validation").as_u64(), Some(0));

    let (r, report) = f.verify(&["--lake", lake.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("table log_validation"), "{}", r.stderr);
    let rows =
        query_json(&lake, "SELECT kind, status, count(*) AS n FROM log_validation GROUP BY 1, 2 ORDER BY 1, 2", &[]);
    let got: Vec<(String, String, u64)> = rows
        .iter()
        .map(|r| (r["kind"].as_str().unwrap().into(), r["status"].as_str().unwrap().into(), r["n"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("digest".into(), "valid".into(), 4),
            ("log".into(), "modified".into(), 1),
            ("log".into(), "valid".into(), 4)
        ]
    );
    let run_id = report["run_id"].as_str().unwrap();
    assert_eq!(
        query_json(&lake, "SELECT DISTINCT run_id FROM log_validation", &[])[0]["run_id"].as_str(),
        Some(run_id)
    );

    // Every event can say whether its file was proven intact.
    run_ok(&["ingest", f.root.to_str().unwrap(), "--lake", lake.to_str().unwrap(), "--quiet"]);
    let rows = query_json(
        &lake,
        "SELECT v.status, count(*) AS events FROM cloudtrail c JOIN log_validation v ON c.source_sha256 = v.sha256 \
         GROUP BY 1 ORDER BY 1",
        &[],
    );
    let got: Vec<(String, u64)> =
        rows.iter().map(|r| (r["status"].as_str().unwrap().into(), r["events"].as_u64().unwrap())).collect();
    assert_eq!(got, vec![("modified".into(), 2), ("valid".into(), 8)]);
}
