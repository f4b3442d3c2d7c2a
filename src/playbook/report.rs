//! The Markdown incident report, rendered from the case journal and the lake: summary, timeline,
//! indicators, findings, actions per phase, open items, and the evidence with its hashes.

use std::collections::BTreeMap;
use std::fmt::Write;

use anyhow::{Context, Result};

use super::case::Case;
use super::journal::{Entry, Line};
use super::model::{Phase, Playbook};
use super::variables::LIST_SEPARATOR;
use crate::engine::Engine;
use crate::hunt::run::{Finding, to_findings};

/// Timeline rows read from the lake; runs of the same call are folded, so this covers far more
/// activity than it shows lines.
const TIMELINE_ROWS: usize = 5000;
const TIMELINE_LINES: usize = 200;

/// The values of the indicator variables of one kind, recognized by name: `ip` and `*_ip`, or
/// `key` and `*_key`.
fn indicator_values(case: &Case, suffix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (name, values) in case.vars.iter() {
        if name == suffix || name.ends_with(&format!("_{suffix}")) {
            out.extend(values.iter().map(|v| v.text.clone()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Activity of the case's indicators: every event from its IPs (`ip`, `*_ip`) or signed with its
/// keys (`*_key`, such as keys the attacker created). The suspected key itself (`key`) counts only
/// while no IP is known: a leaked key is usually still used by its owner, whose routine calls
/// would bury the attacker's.
const TIMELINE_SQL: &str = "SELECT eventtime AS time, eventname AS event, sourceipaddress AS source_ip, \
    useridentity.arn AS principal, useridentity.accesskeyid AS access_key, errorcode AS error, \
    coalesce(json_extract_scalar(requestparameters, '$.userName'), json_extract_scalar(requestparameters, '$.bucketName'), \
             json_extract_scalar(requestparameters, '$.name'), json_extract_scalar(requestparameters, '$.groupId'), \
             json_extract_scalar(requestparameters, '$.keyId'), json_extract_scalar(requestparameters, '$.roleArn'), \
             json_extract_scalar(requestparameters, '$.instanceId'), json_extract_scalar(requestparameters, '$.policyArn')) AS target, \
    source_uri, source_sha256 \
    FROM cloudtrail \
    WHERE array_has(string_to_array($ips, chr(31)), sourceipaddress) \
       OR array_has(string_to_array($keys, chr(31)), useridentity.accesskeyid) \
    ORDER BY eventtime, eventid";

/// Renders the report, writes it to `path` (private to the user), and journals its hash. An
/// existing file is replaced only if it is an earlier report of this case: never the journal,
/// never evidence, never someone else's file.
pub async fn write(engine: &Engine, case: &mut Case, playbooks: &[Playbook], path: &std::path::Path) -> Result<()> {
    let shown = path.display().to_string();
    if path.exists() {
        let earlier_report =
            case.lines.iter().any(|l| matches!(&l.entry, Entry::Report { path: p, .. } if p == &shown));
        if !earlier_report {
            anyhow::bail!("{shown} exists and is not an earlier report of this case: choose another file");
        }
    }
    let markdown = render(engine, case, playbooks).await?;
    let partial = path.with_file_name(format!(
        ".{}.partial",
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&partial).with_context(|| format!("writing the report {}", partial.display()))?;
    std::io::Write::write_all(&mut file, markdown.as_bytes())
        .and_then(|_| file.sync_all())
        .with_context(|| format!("writing the report {}", partial.display()))?;
    std::fs::rename(&partial, path).with_context(|| format!("writing the report {shown}"))?;
    let sha256 = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(markdown.as_bytes()));
    case.record(Entry::Report { path: shown, sha256 })
}

pub async fn render(engine: &Engine, case: &Case, playbooks: &[Playbook]) -> Result<String> {
    let mut md = String::new();
    let lines = &case.lines;
    let started: Vec<&Playbook> = lines
        .iter()
        .filter_map(|l| match &l.entry {
            Entry::PlaybookStarted { playbook } => playbooks.iter().find(|p| &p.id == playbook),
            _ => None,
        })
        .fold(Vec::new(), |mut acc, p| {
            if !acc.iter().any(|a: &&Playbook| a.id == p.id) {
                acc.push(p);
            }
            acc
        });

    let timeline = timeline_rows(engine, case).await?;

    writeln!(md, "# Incident report\n")?;
    writeln!(md, "| | |\n|---|---|")?;
    writeln!(md, "| Case | {} |", code(&case.dir.display().to_string()))?;
    writeln!(md, "| Generated | {} |", chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true))?;
    writeln!(md, "| Tool | trailhound {} |", env!("CARGO_PKG_VERSION"))?;
    if let Some(Entry::CaseOpened { lake, .. }) = lines.first().map(|l| &l.entry) {
        writeln!(md, "| Lake | {} |", code(lake))?;
    }
    let analysts: Vec<&str> = unique(lines.iter().map(|l| l.user.as_str()).filter(|u| !u.is_empty()));
    writeln!(md, "| Analysts | {} |", cell(&analysts.join(", ")))?;
    if let (Some(first), Some(last)) = (lines.first(), lines.last()) {
        writeln!(md, "| Investigation | {} → {} |", first.time, last.time)?;
    }

    writeln!(md, "\n## Summary\n")?;
    if started.is_empty() {
        writeln!(md, "No playbook was followed in this case.")?;
    }
    for playbook in &started {
        let done = playbook.steps.iter().filter(|s| case.is_done(&playbook.id, &s.id)).count();
        let run = playbook.steps.iter().filter(|s| step_ran(lines, &playbook.id, &s.id)).count();
        writeln!(
            md,
            "- **{}** (severity {}): {run} of {} steps run, {done} marked done.",
            playbook.title,
            playbook.severity,
            playbook.steps.len()
        )?;
    }
    if let (Some(first), Some(last)) = (timeline.first(), timeline.last()) {
        let succeeded = timeline.iter().filter(|r| r.get("error").is_none()).count();
        let failed = timeline.len() - succeeded;
        writeln!(
            md,
            "- Indicator activity from {} to {}: {}{} events ({succeeded} succeeded, {failed} failed).",
            first.get("time").unwrap_or(""),
            last.get("time").unwrap_or(""),
            if timeline.len() >= TIMELINE_ROWS { "at least " } else { "" },
            timeline.len()
        )?;
    }
    let queries = lines.iter().filter(|l| matches!(l.entry, Entry::Query { .. })).count();
    let indicators: usize = case.vars.iter().map(|(_, v)| v.len()).sum();
    writeln!(
        md,
        "- {indicators} indicator values in {} variables; {queries} queries journaled.",
        case.vars.iter().count()
    )?;

    writeln!(md, "\n## Timeline\n")?;
    write_timeline(&mut md, &timeline)?;

    writeln!(md, "\n## Indicators\n")?;
    if case.vars.iter().next().is_none() {
        writeln!(md, "None recorded.")?;
    } else {
        writeln!(md, "| Variable | Value | Found by |\n|---|---|---|")?;
        for (name, values) in case.vars.iter() {
            for value in values {
                writeln!(md, "| {name} | {} | {} |", code(&value.text), cell(&value.origin))?;
            }
        }
    }

    writeln!(md, "\n## Findings\n")?;
    write_findings(&mut md, lines)?;
    write_guardduty(&mut md, engine, case).await?;

    writeln!(md, "\n## Actions by phase\n")?;
    for playbook in &started {
        writeln!(md, "### {}\n", playbook.title)?;
        for phase in Phase::ALL {
            writeln!(md, "#### {}\n", phase.title())?;
            for step in playbook.steps.iter().filter(|s| s.phase == phase) {
                let mark = if case.is_done(&playbook.id, &step.id) {
                    "done"
                } else if step_ran(lines, &playbook.id, &step.id) {
                    "reviewed, not marked done"
                } else {
                    "not started"
                };
                writeln!(md, "- **{}** — {mark}", step.title)?;
                for line in lines.iter().filter(|l| in_step(l, &playbook.id, &step.id)) {
                    match &line.entry {
                        Entry::Note { text, .. } => writeln!(md, "  - Note ({}): {}", line.time, cell(text))?,
                        Entry::Query { context, rows, result_sha256, error, .. } => {
                            let query = context.rsplit('/').next().unwrap_or(context);
                            match error {
                                Some(e) => writeln!(md, "  - Query `{query}` failed: {}", cell(e))?,
                                None => writeln!(
                                    md,
                                    "  - Query `{query}`: {rows} row(s) (result sha256 `{}`)",
                                    short(result_sha256)
                                )?,
                            }
                        }
                        Entry::Collected { name, values, .. } => writeln!(
                            md,
                            "  - Found {name}: {}",
                            values.iter().map(|v| code(v)).collect::<Vec<_>>().join(", ")
                        )?,
                        _ => {}
                    }
                }
                if let Some(commands) = last_commands(lines, &playbook.id, &step.id) {
                    writeln!(md, "\n  ```sh")?;
                    for command in commands {
                        writeln!(md, "  {}", command.replace('\n', " "))?;
                    }
                    writeln!(md, "  ```")?;
                }
            }
            writeln!(md)?;
        }
    }
    let general_notes: Vec<&Line> =
        lines.iter().filter(|l| matches!(&l.entry, Entry::Note { playbook: None, .. })).collect();
    if !general_notes.is_empty() {
        writeln!(md, "### Notes\n")?;
        for line in general_notes {
            if let Entry::Note { text, .. } = &line.entry {
                writeln!(md, "- {}: {}", line.time, cell(text))?;
            }
        }
    }

    writeln!(md, "\n## Open items\n")?;
    let mut open = 0;
    for playbook in &started {
        for step in playbook.steps.iter().filter(|s| !case.is_done(&playbook.id, &s.id)) {
            writeln!(md, "- [ ] {} / {} ({}): {}", playbook.id, step.id, step.phase.name(), step.title)?;
            open += 1;
        }
    }
    // A playbook query that failed the last time it ran (ad-hoc SQL typos are not open items).
    let mut last_run: BTreeMap<&str, Option<&String>> = BTreeMap::new();
    for line in lines {
        if let Entry::Query { context, error, .. } = &line.entry
            && context.contains('/')
        {
            last_run.insert(context.as_str(), error.as_ref());
        }
    }
    for (context, error) in last_run {
        if let Some(e) = error {
            writeln!(md, "- [ ] Query failed ({}): {}", cell(context), cell(e))?;
            open += 1;
        }
    }
    if open == 0 {
        writeln!(md, "None.")?;
    }

    writeln!(md, "\n## Evidence\n")?;
    write_evidence(&mut md, engine, case, &timeline).await?;
    Ok(md)
}

async fn timeline_rows(engine: &Engine, case: &Case) -> Result<Vec<Finding>> {
    let ips = indicator_values(case, "ip");
    let mut keys = indicator_values(case, "key");
    if !ips.is_empty() {
        let suspected: Vec<&str> = case.vars.get("key").iter().map(|v| v.text.as_str()).collect();
        keys.retain(|k| {
            !suspected.contains(&k.as_str())
                || case.vars.iter().any(|(n, vs)| n != "key" && n.ends_with("_key") && vs.iter().any(|v| &v.text == k))
        });
    }
    if ips.is_empty() && keys.is_empty() {
        return Ok(Vec::new());
    }
    let params = vec![("ips".to_string(), ips.join(LIST_SEPARATOR)), ("keys".to_string(), keys.join(LIST_SEPARATOR))];
    let sql = format!("{TIMELINE_SQL} LIMIT {TIMELINE_ROWS}");
    to_findings(&engine.query_text(&sql, &params).await?)
}

/// Consecutive calls of the same API by the same principal from the same IP with the same
/// outcome are one line: "GetObject ×60".
fn write_timeline(md: &mut String, rows: &[Finding]) -> Result<()> {
    if rows.is_empty() {
        writeln!(
            md,
            "No activity of the case's key or IP indicators (set `key`, `*_key`, `ip` or `*_ip` variables, or follow a playbook)."
        )?;
        return Ok(());
    }
    let identity = |r: &Finding| {
        (
            r.get("event").unwrap_or("").to_string(),
            r.get("source_ip").unwrap_or("").to_string(),
            r.get("principal").unwrap_or("").to_string(),
            r.get("error").unwrap_or("").to_string(),
        )
    };
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        match runs.last_mut() {
            Some((start, end)) if identity(&rows[*start]) == identity(row) => *end = i,
            _ => runs.push((i, i)),
        }
    }
    writeln!(md, "| Time (UTC) | Event | Count | Source IP | Principal | Target | Error |")?;
    writeln!(md, "|---|---|---|---|---|---|---|")?;
    for (start, end) in runs.iter().take(TIMELINE_LINES) {
        let first = &rows[*start];
        let time = if start == end {
            first.get("time").unwrap_or("").to_string()
        } else {
            format!("{} → {}", first.get("time").unwrap_or(""), rows[*end].get("time").unwrap_or(""))
        };
        let targets: Vec<&str> = unique(rows[*start..=*end].iter().filter_map(|r| r.get("target")));
        let target = match targets.len() {
            0 => String::new(),
            1 => code(targets[0]),
            n => format!("{} and {} more", code(targets[0]), n - 1),
        };
        writeln!(
            md,
            "| {time} | {} | {} | {} | {} | {target} | {} |",
            cell(first.get("event").unwrap_or("")),
            end - start + 1,
            cell(first.get("source_ip").unwrap_or("")),
            cell(first.get("principal").unwrap_or("")),
            cell(first.get("error").unwrap_or("")),
        )?;
    }
    if runs.len() > TIMELINE_LINES {
        writeln!(
            md,
            "\n{} more lines not shown; use `trailhound timeline` for all of them.",
            runs.len() - TIMELINE_LINES
        )?;
    }
    if rows.len() >= TIMELINE_ROWS {
        writeln!(md, "\nThe timeline stops at {TIMELINE_ROWS} events.")?;
    }
    Ok(())
}

fn write_findings(md: &mut String, lines: &[Line]) -> Result<()> {
    let mut hits: BTreeMap<String, (String, String, usize)> = BTreeMap::new();
    for line in lines {
        if let Entry::Hunt { findings, .. } = &line.entry {
            for hit in findings {
                hits.insert(hit.detection.clone(), (hit.severity.clone(), hit.title.clone(), hit.findings));
            }
        }
    }
    if hits.is_empty() {
        writeln!(md, "No hunt was run in this case (`\\hunt` in the REPL).")?;
    } else {
        writeln!(md, "| Detection | Severity | Findings | Title |\n|---|---|---|---|")?;
        let rank = |s: &str| ["critical", "high", "medium", "low", "info"].iter().position(|x| *x == s).unwrap_or(5);
        let mut hits: Vec<_> = hits.iter().collect();
        hits.sort_by_key(|(id, (severity, _, _))| (rank(severity), id.as_str()));
        for (id, (severity, title, count)) in hits {
            writeln!(md, "| `{id}` | {severity} | {count} | {} |", cell(title))?;
        }
    }
    Ok(())
}

/// GuardDuty findings about the case's indicators: by id (`*finding_id`), access key or IP.
async fn write_guardduty(md: &mut String, engine: &Engine, case: &Case) -> Result<()> {
    let ids = indicator_values(case, "id");
    let keys = indicator_values(case, "key");
    let ips = indicator_values(case, "ip");
    if ids.is_empty() && keys.is_empty() && ips.is_empty() {
        return Ok(());
    }
    let sql = "SELECT id, type, severity, title, accesskeyid, remoteip, firstseen, lastseen FROM guardduty \
               WHERE array_has(string_to_array($ids, chr(31)), id) OR array_has(string_to_array($keys, chr(31)), accesskeyid) \
                  OR array_has(string_to_array($ips, chr(31)), remoteip) ORDER BY firstseen LIMIT 100";
    let params = vec![
        ("ids".to_string(), ids.join(LIST_SEPARATOR)),
        ("keys".to_string(), keys.join(LIST_SEPARATOR)),
        ("ips".to_string(), ips.join(LIST_SEPARATOR)),
    ];
    let rows = to_findings(&engine.query_text(sql, &params).await?)?;
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(md, "\nGuardDuty findings about the case's indicators:\n")?;
    writeln!(md, "| First seen | Type | Severity | Key | Remote IP | Finding id |\n|---|---|---|---|---|---|")?;
    for r in &rows {
        writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} |",
            r.get("firstseen").unwrap_or(""),
            cell(r.get("type").unwrap_or("")),
            r.get("severity").unwrap_or(""),
            cell(r.get("accesskeyid").unwrap_or("")),
            cell(r.get("remoteip").unwrap_or("")),
            code(r.get("id").unwrap_or(""))
        )?;
    }
    Ok(())
}

async fn write_evidence(md: &mut String, engine: &Engine, case: &Case, timeline: &[Finding]) -> Result<()> {
    let mut cited: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for row in timeline {
        if let (Some(uri), Some(sha)) = (row.get("source_uri"), row.get("source_sha256")) {
            *cited.entry((uri, sha)).or_default() += 1;
        }
    }
    let totals = to_findings(
        &engine
            .query(
                "SELECT count(*) AS objects, sum(stored) AS events, sum(rejected) AS rejected FROM sources",
                &Vec::new(),
            )
            .await?,
    )?;
    if let Some(t) = totals.first() {
        writeln!(
            md,
            "The lake holds {} records from {} source objects ({} records rejected at ingest, kept in `rejects`).\n",
            t.get("events").unwrap_or("0"),
            t.get("objects").unwrap_or("0"),
            t.get("rejected").unwrap_or("0")
        )?;
    }
    if !cited.is_empty() {
        let verdicts = integrity_verdicts(engine).await?;
        writeln!(md, "Source objects of the timeline's events, and what `trailhound verify` found about each:\n")?;
        writeln!(md, "| Object | SHA-256 | Events cited | Integrity |\n|---|---|---|---|")?;
        for ((uri, sha), count) in &cited {
            let verdict = verdicts.get(*sha).map(String::as_str).unwrap_or("not verified");
            writeln!(md, "| {} | {} | {count} | {verdict} |", code(uri), code(sha))?;
        }
    }
    let last = case.lines.last().map(|l| serde_json::to_string(l).unwrap_or_default()).unwrap_or_default();
    writeln!(
        md,
        "\nCase journal: {} ({} entries; each line carries the SHA-256 of the line before it; last line sha256 `{}`).",
        code(&case.journal_path().display().to_string()),
        case.lines.len(),
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(last.as_bytes()))
    )?;
    Ok(())
}

/// The latest `verify` status of each log file, by the SHA-256 of the file as stored (which is
/// also what `cloudtrail.source_sha256` records).
async fn integrity_verdicts(engine: &Engine) -> Result<BTreeMap<String, String>> {
    let sql = "SELECT sha256, last_value(status ORDER BY checked_at) AS status FROM log_validation \
               WHERE kind = 'log' AND sha256 IS NOT NULL GROUP BY sha256";
    let rows = to_findings(&engine.query(sql, &Vec::new()).await?)?;
    Ok(rows.iter().filter_map(|r| Some((r.get("sha256")?.to_string(), r.get("status")?.to_string()))).collect())
}

fn step_ran(lines: &[Line], playbook: &str, step: &str) -> bool {
    lines.iter().any(|l| matches!(&l.entry, Entry::StepRun { playbook: p, step: s, .. } if p == playbook && s == step))
}

/// Whether a journal line belongs to a step: its notes, and the queries and values it produced.
fn in_step(line: &Line, playbook: &str, step: &str) -> bool {
    let prefix = format!("{playbook}/{step}/");
    match &line.entry {
        Entry::Note { playbook: Some(p), step: Some(s), .. } => p == playbook && s == step,
        Entry::Query { context, .. } => context.starts_with(&prefix),
        Entry::Collected { origin, .. } => origin.starts_with(&prefix),
        _ => false,
    }
}

fn last_commands<'a>(lines: &'a [Line], playbook: &str, step: &str) -> Option<&'a Vec<String>> {
    lines.iter().rev().find_map(|l| match &l.entry {
        Entry::Commands { playbook: p, step: s, commands, .. } if p == playbook && s == step => Some(commands),
        _ => None,
    })
}

fn unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Log or responder text as plain Markdown: one line, and nothing that Markdown or HTML would
/// read as markup (links, images, emphasis, table pipes, tags).
fn cell(text: &str) -> String {
    let mut out = String::new();
    for c in crate::output::truncate(text, 300).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '!' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A value as a code span: shown verbatim, never as markup.
fn code(text: &str) -> String {
    format!("`{}`", crate::output::truncate(text, 300).replace('`', "'").replace('|', "\\|"))
}

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(16)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_text_cannot_become_markup() {
        assert_eq!(cell("![b](https://evil.example/x.png)"), "\\!\\[b\\]\\(https://evil.example/x.png\\)");
        assert_eq!(cell("a|b <img> **c**\u{1b}[2J"), "a\\|b &lt;img&gt; \\*\\*c\\*\\* \\[2J");
        assert_eq!(code("a`b|c"), "`a'b\\|c`");
    }
}
