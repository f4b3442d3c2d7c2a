//! The detection catalog: `.sql` files with a metadata header in SQL comments.
//! See `queries/README.md` for the format.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use embedded::PLAYBOOKS as EMBEDDED_PLAYBOOKS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "info" | "informational" => Severity::Info,
            "low" => Severity::Low,
            "medium" => Severity::Medium,
            "high" => Severity::High,
            "critical" => Severity::Critical,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Param {
    pub name: String,
    pub default: String,
    pub description: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Detection {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub tactic: String,
    pub attack: Vec<String>,
    pub tags: Vec<String>,
    pub description: String,
    pub response: String,
    pub false_positives: String,
    pub references: Vec<String>,
    pub params: Vec<Param>,
    /// Where it came from: `builtin:<path>` or a file path.
    pub origin: String,
    #[serde(skip)]
    pub sql: String,
}

fn list(value: &str) -> Vec<String> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Parses one detection file. `path` is `<tactic>/<id>.sql` relative to the catalog root.
pub fn parse(text: &str, path: &str, origin: String) -> Result<Detection> {
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    let mut params = Vec::new();
    let mut last: Option<String> = None;
    for line in text.lines() {
        let Some(comment) = line.strip_prefix("--") else {
            if line.trim().is_empty() {
                continue;
            }
            break;
        };
        if comment.starts_with("  ") && last.is_some() {
            let key = last.clone().unwrap_or_default();
            if key == "param" {
                if let Some(p) = params.last_mut() {
                    let p: &mut Param = p;
                    p.description = format!("{} {}", p.description, comment.trim()).trim().to_string();
                }
            } else if let Some(v) = fields.get_mut(&key) {
                v.push(' ');
                v.push_str(comment.trim());
            }
            continue;
        }
        let Some((key, value)) = comment.trim().split_once(':') else { continue };
        let key = key.trim().to_ascii_lowercase();
        if !key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            continue;
        }
        let value = value.trim().to_string();
        if key == "param" {
            let (assignment, description) = value.split_once(';').unwrap_or((&value, ""));
            let Some((name, default)) = assignment.split_once('=') else {
                bail!("{path}: param line needs `name = default`: {value:?}");
            };
            params.push(Param {
                name: name.trim().trim_start_matches('$').to_string(),
                default: default.trim().trim_matches('\'').to_string(),
                description: description.trim().to_string(),
            });
        } else {
            fields.insert(key.clone(), value);
        }
        last = Some(key);
    }
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let stem = Path::new(path).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let id = get("id");
    if id.is_empty() {
        bail!("{path}: no `-- id:` header");
    }
    if id != stem {
        bail!("{path}: id {id:?} must equal the file name {stem:?}");
    }
    let severity = Severity::parse(&get("severity"))
        .with_context(|| format!("{path}: severity must be info, low, medium, high or critical"))?;
    let tactic = get("tactic");
    if let Some(dir) = Path::new(path).parent().and_then(|d| d.file_name())
        && dir.to_string_lossy() != tactic
    {
        bail!("{path}: tactic {tactic:?} must equal its directory {:?}", dir.to_string_lossy());
    }
    if get("title").is_empty() {
        bail!("{path}: no `-- title:` header");
    }
    Ok(Detection {
        id,
        title: get("title"),
        severity,
        tactic,
        attack: list(&get("attack")),
        tags: list(&get("tags")),
        description: get("description"),
        response: get("response"),
        false_positives: get("false_positives"),
        references: list(&get("references")),
        params,
        origin,
        sql: text.to_string(),
    })
}

/// The catalog built into the binary.
pub fn builtin() -> Result<Vec<Detection>> {
    embedded::DETECTIONS.iter().map(|(path, text)| parse(text, path, format!("builtin:queries/{path}"))).collect()
}

/// Every `.sql` file under `dir` (recursively).
pub fn from_dir(dir: &Path) -> Result<Vec<Detection>> {
    let mut paths = Vec::new();
    collect(dir, &mut paths).with_context(|| format!("reading rules from {}", dir.display()))?;
    paths.sort();
    if paths.is_empty() {
        bail!("no .sql detections in {}", dir.display());
    }
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            let relative = p.strip_prefix(dir).unwrap_or(p).to_string_lossy().replace('\\', "/");
            let relative = if relative.contains('/') { relative } else { format!("{}/{relative}", tactic_of(&text)) };
            parse(&text, &relative, p.display().to_string())
        })
        .collect()
}

/// A custom rule at the top of its directory takes its tactic from its header.
fn tactic_of(text: &str) -> String {
    text.lines()
        .filter_map(|l| l.strip_prefix("--"))
        .filter_map(|l| l.trim().strip_prefix("tactic:"))
        .map(|t| t.trim().to_string())
        .next()
        .unwrap_or_default()
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "sql") {
            out.push(path);
        }
    }
    Ok(())
}

/// Custom rules add to the built-in catalog; one with a built-in id replaces it.
pub fn merge(mut base: Vec<Detection>, custom: Vec<Detection>) -> Vec<Detection> {
    for d in custom {
        base.retain(|b| b.id != d.id);
        base.push(d);
    }
    base.sort_by(|a, b| a.id.cmp(&b.id));
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_header_continuations_and_params() {
        let text = "-- id: x-y\n-- title: T\n-- severity: high\n-- tactic: impact\n-- attack: T1, T2\n\
                    -- description: first\n--   second\n-- param: n = 5 ; how many\n-- param: allow = 'a,b'\nSELECT $n";
        let d = parse(text, "impact/x-y.sql", "t".into()).unwrap();
        assert_eq!(d.description, "first second");
        assert_eq!(d.attack, vec!["T1", "T2"]);
        assert_eq!(d.params[0].default, "5");
        assert_eq!(d.params[1].default, "a,b");
        assert!(parse(text, "impact/other.sql", "t".into()).is_err());
        assert!(parse(&text.replace("high", "severe"), "impact/x-y.sql", "t".into()).is_err());
    }
}
