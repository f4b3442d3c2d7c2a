//! The REPL's backslash commands: their names, help, and how a line is split into arguments.

use anyhow::{Result, bail};

pub struct CommandHelp {
    pub name: &'static str,
    pub usage: &'static str,
    pub help: &'static str,
}

pub const COMMANDS: &[CommandHelp] = &[
    CommandHelp { name: "\\help", usage: "\\help", help: "this list (also \\?)" },
    CommandHelp { name: "\\tables", usage: "\\tables", help: "the tables and views you can query" },
    CommandHelp { name: "\\describe", usage: "\\describe TABLE", help: "a table's columns (also \\d)" },
    CommandHelp { name: "\\format", usage: "\\format table|csv|json|ndjson", help: "how results are printed" },
    CommandHelp { name: "\\timing", usage: "\\timing on|off", help: "show row counts and elapsed time" },
    CommandHelp { name: "\\row", usage: "\\row N", help: "row N of the last result, every cell whole" },
    CommandHelp {
        name: "\\set",
        usage: "\\set NAME VALUE",
        help: "set a case variable to VALUE (the rest of the line, taken literally); $NAME in SQL. since/until set the time window",
    },
    CommandHelp {
        name: "\\add",
        usage: "\\add NAME VALUE",
        help: "add another value to a variable ($NAME_list in SQL has them all)",
    },
    CommandHelp { name: "\\unset", usage: "\\unset NAME", help: "forget a case variable" },
    CommandHelp { name: "\\vars", usage: "\\vars", help: "the case variables and where each value came from" },
    CommandHelp {
        name: "\\timeline",
        usage: "\\timeline KEY|ARN|IP|RESOURCE|$var",
        help: "the ordered activity of one subject",
    },
    CommandHelp {
        name: "\\summary",
        usage: "\\summary KEY|ARN|IP|RESOURCE|$var",
        help: "first/last seen, APIs, IPs, errors, identities created…",
    },
    CommandHelp {
        name: "\\hunt",
        usage: "\\hunt [ID|TAG…]",
        help: "run detections (all, or these ids/tags) and journal the findings",
    },
    CommandHelp {
        name: "\\playbook",
        usage: "\\playbook list|start ID|status|show|next|back|done|note TEXT",
        help: "follow a guided playbook (also \\pb)",
    },
    CommandHelp { name: "\\note", usage: "\\note TEXT", help: "add a note to the case journal" },
    CommandHelp {
        name: "\\export",
        usage: "\\export FILE",
        help: "write the last result (.csv, .json, else NDJSON); never overwrites",
    },
    CommandHelp {
        name: "\\report",
        usage: "\\report [FILE]",
        help: "write the Markdown incident report (default: report.md in the case)",
    },
    CommandHelp { name: "\\case", usage: "\\case", help: "where the case journal is" },
    CommandHelp { name: "\\quit", usage: "\\quit", help: "leave (also \\q, quit, exit, Ctrl-D)" },
];

pub const PLAYBOOK_ACTIONS: &[&str] = &["list", "start", "status", "show", "next", "back", "done", "note"];

/// Words that work without a backslash, as people type them anyway.
pub fn is_bare_word(text: &str) -> bool {
    matches!(text.trim_end_matches(';'), "help" | "quit" | "exit")
}

/// The command word and the rest of the line, verbatim (a value such as `' OR 1=1 --` stays
/// exactly what was typed).
pub fn command_and_rest(line: &str) -> (&str, &str) {
    let line = line.trim();
    match line.split_once(char::is_whitespace) {
        Some((command, rest)) => (command, rest.trim()),
        None => (line, ""),
    }
}

/// A command line split into words; single or double quotes keep spaces inside one word.
pub fn split(line: &str) -> Result<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => word.push(c),
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            None => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        bail!("unclosed quote");
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_keep_spaces() {
        assert_eq!(split(r#"\set ua "aws-cli/2.0 Kali" x"#).unwrap(), vec!["\\set", "ua", "aws-cli/2.0 Kali", "x"]);
        assert_eq!(split("\\set ip ' OR 1=1 --'").unwrap(), vec!["\\set", "ip", " OR 1=1 --"]);
        assert_eq!(split("\\set x ''").unwrap(), vec!["\\set", "x", ""]);
        assert!(split("\\set x 'open").is_err());
        assert_eq!(command_and_rest("\\set ip ' OR 1=1 --  "), ("\\set", "ip ' OR 1=1 --"));
    }
}
