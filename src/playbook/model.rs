//! A playbook as written in `playbooks/<id>.toml` (the format is described in
//! `playbooks/README.md`), with the checks that keep a broken one from reaching a responder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub severity: String,
    /// Detection ids and `guardduty:<type>` names that usually open this playbook.
    #[serde(default)]
    pub triggers: Vec<String>,
    #[serde(default)]
    pub inputs: Vec<Input>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub example: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    Contain,
    Investigate,
    Recover,
    PostIncident,
}

impl Phase {
    pub const ALL: [Phase; 4] = [Phase::Contain, Phase::Investigate, Phase::Recover, Phase::PostIncident];

    pub fn name(self) -> &'static str {
        match self {
            Phase::Contain => "contain",
            Phase::Investigate => "investigate",
            Phase::Recover => "recover",
            Phase::PostIncident => "post-incident",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Phase::Contain => "Contain",
            Phase::Investigate => "Investigate",
            Phase::Recover => "Recover",
            Phase::PostIncident => "Post-incident",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub phase: Phase,
    pub title: String,
    /// What to do and why.
    pub why: String,
    /// What in the results matters.
    #[serde(default)]
    pub look_for: String,
    #[serde(default)]
    pub queries: Vec<StepQuery>,
    #[serde(default)]
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepQuery {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub sql: String,
    /// Result column → case variable: the column's values become case indicators.
    #[serde(default)]
    pub collect: BTreeMap<String, String>,
}

/// An AWS CLI command rendered with the case's values, printed for the responder, never run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub description: String,
    pub command: String,
}

impl Playbook {
    /// Parses one playbook; `name` is the file name, for errors and the id check.
    pub fn parse(text: &str, name: &str) -> Result<Playbook> {
        let playbook: Playbook = toml::from_str(text).with_context(|| format!("playbook {name}"))?;
        playbook.check(name).with_context(|| format!("playbook {name}"))?;
        Ok(playbook)
    }

    fn check(&self, name: &str) -> Result<()> {
        let stem = name.rsplit('/').next().unwrap_or(name).trim_end_matches(".toml");
        if stem != self.id {
            bail!("its id {:?} must equal the file name {stem:?}", self.id);
        }
        if self.steps.is_empty() {
            bail!("it has no steps");
        }
        let mut ids = BTreeSet::new();
        let mut known: BTreeSet<String> = self.inputs.iter().map(|i| i.name.clone()).collect();
        for (at, step) in self.steps.iter().enumerate() {
            if !ids.insert(step.id.as_str()) {
                bail!("step id {:?} is used twice", step.id);
            }
            if at > 0 && step.phase < self.steps[at - 1].phase {
                bail!(
                    "step {:?} ({}) comes after a later phase: keep contain → investigate → recover → post-incident",
                    step.id,
                    step.phase.name()
                );
            }
            for query in &step.queries {
                for variable in query.collect.values() {
                    if !is_variable_name(variable) {
                        bail!("step {:?} collects into {variable:?}: variable names are lower_snake_case", step.id);
                    }
                    known.insert(variable.clone());
                }
            }
            for action in &step.actions {
                if let Some(quoted) = crate::playbook::render::quoted_placeholders(&action.command).first() {
                    bail!(
                        "step {:?}: {{{quoted}}} sits inside quotes in a command; close the quote around it \
                         ('…'{{{quoted}}}'…') so the value is shell-quoted as a word of its own",
                        step.id
                    );
                }
                for placeholder in crate::playbook::render::placeholders(&action.command) {
                    if !known.contains(placeholder) && !known.contains(placeholder.trim_end_matches("_list")) {
                        bail!(
                            "step {:?}: the command uses {{{placeholder}}}, which is neither an input nor collected by this or an earlier step",
                            step.id
                        );
                    }
                }
            }
        }
        for phase in Phase::ALL {
            if !self.steps.iter().any(|s| s.phase == phase) {
                bail!("it has no {} step", phase.name());
            }
        }
        Ok(())
    }

    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }
}

pub fn is_variable_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The embedded playbooks, then those in `dir` (a playbook there replaces the embedded one with
/// the same id).
pub fn load(dir: Option<&Path>) -> Result<Vec<Playbook>> {
    let mut playbooks = Vec::new();
    for (name, text) in crate::hunt::catalog::EMBEDDED_PLAYBOOKS {
        playbooks.push(Playbook::parse(text, name)?);
    }
    if let Some(dir) = dir {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .with_context(|| format!("reading playbooks from {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            let playbook = Playbook::parse(&text, &path.file_name().unwrap_or_default().to_string_lossy())?;
            playbooks.retain(|p| p.id != playbook.id);
            playbooks.push(playbook);
        }
    }
    playbooks.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(playbooks)
}

pub fn find<'a>(playbooks: &'a [Playbook], id: &str) -> Result<&'a Playbook> {
    playbooks.iter().find(|p| p.id == id).with_context(|| {
        let ids: Vec<&str> = playbooks.iter().map(|p| p.id.as_str()).collect();
        format!("no playbook {id:?}; there are: {}", ids.join(", "))
    })
}
