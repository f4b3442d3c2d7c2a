//! The REPL driven through a real pseudo-terminal: multi-line SQL, completion, validation,
//! variables bound as parameters (an injection attempt stays a string), Ctrl-C during a query,
//! a playbook from start to report, the journal and the private history.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{bin, sample_lake};
use rexpect::session::{PtySession, spawn_with_options};

const TIMEOUT_MS: u64 = 60_000;

struct Shell {
    pty: PtySession,
}

impl Shell {
    fn start(home: &Path, case: &Path) -> Shell {
        let mut command = Command::new(bin());
        command
            .args(["repl", "--lake", sample_lake().to_str().unwrap(), "--case", case.to_str().unwrap()])
            .current_dir(home)
            .env("HOME", home)
            .env("XDG_STATE_HOME", home.join("state"))
            .env_remove("TRAILHOUND_HISTORY")
            .env("TERM", "xterm")
            .env("COLUMNS", "250");
        let options = rexpect::reader::Options::new().timeout_ms(Some(TIMEOUT_MS)).strip_ansi_escape_codes(true);
        let mut pty = spawn_with_options(command, options).expect("spawn the repl in a pty");
        pty.exp_string("Ctrl-D leaves.").expect("greeting");
        Shell { pty }
    }

    /// Types a line and presses Enter (carriage return, as a terminal sends it).
    fn enter(&mut self, line: &str) {
        self.pty.send(&format!("{line}\r")).unwrap();
        self.pty.flush().unwrap();
    }

    /// Output up to `needle`, which must appear.
    fn expect(&mut self, needle: &str) -> String {
        match self.pty.exp_string(needle) {
            Ok(before) => before,
            Err(e) => panic!("waiting for {needle:?}: {e}"),
        }
    }

    fn run(&mut self, line: &str, needle: &str) -> String {
        self.enter(line);
        self.expect(needle)
    }
}

fn journal(case: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(case.join("journal.ndjson"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn history(home: &Path) -> PathBuf {
    home.join("state/trailhound/history")
}

#[test]
fn sql_completion_variables_and_cancel() {
    let home = tempfile::tempdir().unwrap();
    let case = home.path().join("case");
    let mut sh = Shell::start(home.path(), &case);

    // A statement spans lines until `;`.
    sh.enter("SELECT count(*) AS stops");
    sh.run("FROM cloudtrail WHERE eventname = 'StopLogging';", "1 row(s)");

    // Tab completes a column, then a quoted value; the completed statement runs.
    sh.pty.send("SELECT DISTINCT eventn\t").unwrap();
    sh.pty.send(" FROM cloudtrail WHERE eventname = 'CreateLoginPro\t").unwrap();
    let out = sh.run("';", "row(s)");
    assert!(out.contains("CreateLoginProfile"), "completion did not complete:\n{out}");
    // Commands and playbook ids complete too.
    sh.pty.send("\\playbook sta\t").unwrap();
    sh.pty.send(" compromised-iam\t").unwrap();
    sh.pty.send_control('a').unwrap();
    sh.pty.send("\\note typed: ").unwrap();
    let out = sh.run("", "noted");
    assert!(out.contains("\\playbook start compromised-iam-credentials"), "{out}");

    // Invalid SQL never runs: the editor says why and keeps the line.
    sh.enter("SELEC 1;");
    sh.expect("invalid SQL");
    sh.pty.send_control('c').unwrap();
    sh.expect("trailhound> ");
    std::thread::sleep(std::time::Duration::from_millis(200));

    // Case variables are bound, never spliced: an injection attempt is just a string.
    sh.run("\\set ip ' OR 1=1 --", "$ip = ");
    let out = sh.run("SELECT count(*) AS n FROM cloudtrail WHERE sourceipaddress = $ip;", "row(s)");
    assert!(out.contains("| 0 "), "the injection matched rows:\n{out}");
    sh.run("\\set ip 203.0.113.66", "$ip = ");
    let out = sh.run("SELECT count(*) AS n FROM cloudtrail WHERE sourceipaddress = $ip;", "row(s)");
    assert!(out.contains("| 76 "), "{out}");

    // Long cells are cut in tables; \row shows one row whole.
    sh.run("SELECT requestparameters FROM cloudtrail WHERE eventname = 'CreateUser';", "row(s)");
    sh.run("\\row 1", "\"userName\": \"support-backup\"");

    // Timeline and summary of a variable; a hunt; the last result exported once, never overwritten.
    sh.run("\\timeline $ip", "76 row(s)");
    sh.run("\\summary $ip", "Identities and credentials created");
    sh.expect("AKIABACKDOOR00000001");
    sh.run("\\hunt cloudtrail-logging-stopped", "cloudtrail-logging-stopped");
    sh.run("SELECT eventid FROM cloudtrail WHERE sourceipaddress = $ip ORDER BY eventtime LIMIT 5;", "5 row(s)");
    let export = home.path().join("attacker.csv");
    sh.run(&format!("\\export {}", export.display()), "5 row(s) written");
    sh.run(&format!("\\export {}", export.display()), "never overwritten");
    assert_eq!(std::fs::read_to_string(&export).unwrap().lines().count(), 6);

    // Ctrl-C cancels a running query, not the shell.
    sh.enter("SELECT count(*) FROM cloudtrail a, cloudtrail b, cloudtrail c WHERE a.eventid < b.eventid;");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    sh.pty.send_control('c').unwrap();
    sh.expect("cancelled");
    sh.run("SELECT 41 + 1 AS answer;", "42");

    sh.enter("\\q");
    sh.pty.exp_eof().unwrap();

    // The journal holds each query with its bound parameters, never spliced text.
    let lines = journal(&case);
    let injected = lines
        .iter()
        .find(|l| l["kind"] == "query" && l["params"] == serde_json::json!([["ip", "' OR 1=1 --"]]))
        .expect("the injection query is journaled with its parameter");
    assert_eq!(injected["rows"], 1);
    assert!(injected["sql"].as_str().unwrap().contains("sourceipaddress = $ip"));
    assert!(lines.iter().any(|l| l["kind"] == "set" && l["values"][0] == "203.0.113.66"));
    let hunt = lines.iter().find(|l| l["kind"] == "hunt").expect("the hunt is journaled");
    assert_eq!(hunt["findings"][0]["detection"], "cloudtrail-logging-stopped");
    let exported = lines.iter().find(|l| l["kind"] == "exported").expect("the export is journaled");
    assert_eq!(exported["rows"], 5);
    assert!(lines.iter().any(|l| l["kind"] == "query" && l["context"] == "timeline source IP 203.0.113.66"));

    // History is private and not in the working directory.
    let history = history(home.path());
    let text = std::fs::read_to_string(&history).unwrap();
    assert!(text.contains("203.0.113.66"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&history).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert!(!home.path().join(".history").exists());
}

#[test]
fn a_playbook_from_start_to_report() {
    let home = tempfile::tempdir().unwrap();
    let case = home.path().join("case");
    let report = home.path().join("incident.md");
    let mut sh = Shell::start(home.path(), &case);

    // Without its inputs, a playbook says what to set.
    sh.run("\\playbook start compromised-iam-credentials", "needs these case variables first");
    sh.expect("\\set key AKIA");
    sh.run("\\set key AKIA8DB2F885413AF7AA", "$key = ");
    let out = sh.run("\\playbook start compromised-iam-credentials", "step 1/15");
    assert!(out.contains("Compromised IAM credentials"));
    sh.expect("aws iam update-access-key --user-name ci-deploy --access-key-id AKIA8DB2F885413AF7AA");
    sh.expect("[compromised-iam-credentials 1/15]>");
    sh.run("\\playbook note key deactivated by the on-call engineer", "noted");
    for step in 2..=15 {
        sh.run("\\playbook done", &format!("[compromised-iam-credentials {step}/15]>"));
    }
    sh.run("\\playbook done", "that was the last step");
    let status = sh.run("\\playbook status", "15 of 15 steps done");
    assert_eq!(status.matches("[x]").count(), 15, "{status}");
    sh.run("\\vars", "attacker_key");
    sh.run(&format!("\\report {}", report.display()), "report written");
    sh.enter("\\q");
    sh.pty.exp_eof().unwrap();

    let md = std::fs::read_to_string(&report).unwrap();
    for needle in [
        "| GetObject | 60 | 203.0.113.66 |",
        "| created_user | `support-backup` |",
        "| StopLogging | 1 | 203.0.113.66 |",
        "**Find who owns the key and switch it off** — done",
        "key deactivated by the on-call engineer",
        "15 of 15 steps run, 15 marked done",
    ] {
        assert!(md.contains(needle), "report lacks {needle:?}:\n{md}");
    }
    let lines = journal(&case);
    assert_eq!(lines.iter().filter(|l| l["kind"] == "step_done").count(), 15);
    assert!(lines.iter().any(|l| l["kind"] == "note" && l["step"] == "disable-the-key"));
}

#[test]
fn a_piped_script_gathers_statements_and_stops_at_the_first_error() {
    use std::io::Write;
    use std::process::Stdio;
    let home = tempfile::tempdir().unwrap();
    let case = home.path().join("case");
    let script = |text: &str| {
        let mut child = Command::new(bin())
            .args(["repl", "--lake", sample_lake().to_str().unwrap(), "--case", case.to_str().unwrap()])
            .env("HOME", home.path())
            .env("TRAILHOUND_HISTORY", "")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stdout, stderr) =
        script("\\set ip 203.0.113.66\nSELECT count(*) AS n\nFROM cloudtrail\nWHERE sourceipaddress = $ip;\n");
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("| 76 "), "{stdout}");
    let (code, stdout, stderr) = script("SELECT nope FROM cloudtrail;\nSELECT 'not reached' AS x;\n");
    assert_eq!(code, Some(2), "{stdout}\n{stderr}");
    assert!(stderr.contains("nope") && !stdout.contains("not reached"), "{stdout}\n{stderr}");
    let (code, _, stderr) = script("SELECT 1\n");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("no closing `;`"), "{stderr}");
}
