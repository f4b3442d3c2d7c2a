//! The line editor's helper: SQL that spans lines until `;` and is parsed before it runs, and
//! completion of commands, tables, columns (struct fields too), functions, variables, playbook
//! and detection ids, and common values such as event names.

use datafusion::sql::parser::DFParser;
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};

use super::command::{COMMANDS, PLAYBOOK_ACTIONS};

/// Every name the completer offers, refreshed after each command.
#[derive(Default, Clone)]
pub struct Names {
    pub tables: Vec<String>,
    /// Column names, with struct fields as dotted paths (`useridentity.sessioncontext.…`).
    pub columns: Vec<String>,
    pub functions: Vec<String>,
    pub variables: Vec<String>,
    pub playbooks: Vec<String>,
    pub detections: Vec<String>,
    /// Values worth completing inside quotes: event names, event sources, regions.
    pub values: Vec<String>,
}

const KEYWORDS: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "GROUP BY",
    "ORDER BY",
    "HAVING",
    "LIMIT",
    "DISTINCT",
    "COUNT",
    "AND",
    "OR",
    "NOT",
    "IN",
    "LIKE",
    "ILIKE",
    "BETWEEN",
    "IS NULL",
    "IS NOT NULL",
    "AS",
    "JOIN",
    "LEFT JOIN",
    "ON",
    "UNION ALL",
    "WITH",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "DESC",
    "ASC",
    "OVER",
    "PARTITION BY",
    "EXPLAIN",
    "DESCRIBE",
];

#[derive(Default)]
pub struct ReplHelper {
    pub names: Names,
}

impl Helper for ReplHelper {}

impl Highlighter for ReplHelper {}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(validate(ctx.input()))
    }
}

/// Commands and blank lines are complete at once; SQL once it ends with `;`, and only if it parses.
pub fn validate(input: &str) -> ValidationResult {
    let text = input.trim();
    if text.is_empty() || text.starts_with('\\') || super::command::is_bare_word(text) {
        return ValidationResult::Valid(None);
    }
    if !text.ends_with(';') {
        return ValidationResult::Incomplete;
    }
    match DFParser::parse_sql(text) {
        Ok(_) => ValidationResult::Valid(None),
        Err(e) => ValidationResult::Invalid(Some(format!("\n  invalid SQL: {e} (fix it, or Ctrl-C to discard)"))),
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        Ok(complete(&self.names, &line[..pos]))
    }
}

fn pairs<'a>(prefix: &str, options: impl IntoIterator<Item = &'a str>, case_insensitive: bool) -> Vec<Pair> {
    let mut out: Vec<Pair> = Vec::new();
    for option in options {
        let hit = if case_insensitive {
            option.len() >= prefix.len() && option[..prefix.len()].eq_ignore_ascii_case(prefix)
        } else {
            option.starts_with(prefix)
        };
        if hit && !out.iter().any(|p| p.replacement == option) {
            out.push(Pair { display: option.to_string(), replacement: option.to_string() });
        }
    }
    out.sort_by(|a, b| a.replacement.cmp(&b.replacement));
    out
}

/// Candidates for the word before the cursor: (where the word starts, candidates).
pub fn complete(names: &Names, before: &str) -> (usize, Vec<Pair>) {
    // Inside an unclosed quote: complete values.
    if before.matches('\'').count() % 2 == 1 {
        let start = before.rfind('\'').map(|i| i + 1).unwrap_or(0);
        return (start, pairs(&before[start..], names.values.iter().map(String::as_str), false));
    }
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || "_.$\\-:/".contains(*c)))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let word = &before[start..];
    let trimmed = before.trim_start();
    if trimmed.starts_with('\\') {
        let tokens: Vec<&str> = trimmed.split_whitespace().collect();
        let typing_first = !trimmed.contains(char::is_whitespace);
        if typing_first {
            return (start, pairs(word, COMMANDS.iter().map(|c| c.name), false));
        }
        let command = tokens[0];
        let argument = if word.is_empty() { tokens.len() } else { tokens.len() - 1 };
        let vars = || names.variables.iter().map(String::as_str);
        let candidates = match (command, argument) {
            ("\\playbook" | "\\pb", 1) => pairs(word, PLAYBOOK_ACTIONS.iter().copied(), false),
            ("\\playbook" | "\\pb", 2) if tokens.get(1) == Some(&"start") || tokens.get(1) == Some(&"show") => {
                pairs(word, names.playbooks.iter().map(String::as_str), false)
            }
            ("\\hunt", _) => pairs(word, names.detections.iter().map(String::as_str), false),
            ("\\set" | "\\unset", 1) => pairs(word, vars(), false),
            ("\\format", 1) => pairs(word, ["table", "csv", "json", "ndjson"], false),
            ("\\timing", 1) => pairs(word, ["on", "off"], false),
            ("\\describe" | "\\d", 1) => pairs(word, names.tables.iter().map(String::as_str), false),
            ("\\timeline" | "\\summary", 1) => {
                let refs: Vec<String> = names.variables.iter().map(|v| format!("${v}")).collect();
                pairs(word, refs.iter().map(String::as_str), false)
            }
            _ => Vec::new(),
        };
        return (start, candidates);
    }
    if let Some(name) = word.strip_prefix('$') {
        let mut refs = Vec::new();
        for v in &names.variables {
            refs.push(v.clone());
            refs.push(format!("{v}_list"));
        }
        let found = pairs(name, refs.iter().map(String::as_str), false);
        return (start + 1, found);
    }
    if word.is_empty() {
        return (start, Vec::new());
    }
    let all = KEYWORDS
        .iter()
        .copied()
        .chain(names.tables.iter().map(String::as_str))
        .chain(names.columns.iter().map(String::as_str))
        .chain(names.functions.iter().map(String::as_str));
    let mut found = pairs(word, all, true);
    // Keywords follow the case the user types in.
    if word.chars().next().is_some_and(|c| c.is_lowercase()) {
        for p in &mut found {
            if KEYWORDS.contains(&p.replacement.as_str()) {
                p.replacement = p.replacement.to_lowercase();
                p.display = p.replacement.clone();
            }
        }
    }
    (start, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names {
            tables: vec!["cloudtrail".into(), "guardduty".into()],
            columns: vec!["eventname".into(), "useridentity.arn".into(), "useridentity.accesskeyid".into()],
            functions: vec!["json_extract_scalar".into()],
            variables: vec!["key".into(), "attacker_ip".into()],
            playbooks: vec!["compromised-iam-credentials".into()],
            detections: vec!["root-console-login".into()],
            values: vec!["ConsoleLogin".into(), "CreateUser".into()],
        }
    }

    fn words(before: &str) -> Vec<String> {
        complete(&names(), before).1.into_iter().map(|p| p.replacement).collect()
    }

    #[test]
    fn completes_by_context() {
        assert_eq!(words("SELECT useridentity.a"), vec!["useridentity.accesskeyid", "useridentity.arn"]);
        assert_eq!(words("select * from cloud"), vec!["cloudtrail"]);
        assert_eq!(words("SELECT * FROM cloudtrail WHERE eventname = 'Cre"), vec!["CreateUser"]);
        assert_eq!(
            words("SELECT * FROM cloudtrail WHERE sourceipaddress = $att"),
            vec!["attacker_ip", "attacker_ip_list"]
        );
        assert_eq!(words("\\play"), vec!["\\playbook"]);
        assert_eq!(words("\\playbook st"), vec!["start", "status"]);
        assert_eq!(words("\\playbook start comp"), vec!["compromised-iam-credentials"]);
        assert_eq!(words("\\set k"), vec!["key"]);
        assert_eq!(words("sel"), vec!["select"]);
    }

    #[test]
    fn sql_runs_only_when_complete_and_parsable() {
        assert!(matches!(validate("SELECT 1"), ValidationResult::Incomplete));
        assert!(matches!(validate("SELECT 1\nFROM cloudtrail;"), ValidationResult::Valid(_)));
        assert!(matches!(validate("SELEC 1;"), ValidationResult::Invalid(_)));
        assert!(matches!(validate("\\tables"), ValidationResult::Valid(_)));
        assert!(matches!(validate("quit"), ValidationResult::Valid(_)));
    }
}
