//! Which detections a hunt runs, and with which parameter values.

use anyhow::{Result, bail};

use super::catalog::{Detection, Severity};

#[derive(Debug, Default, Clone)]
pub struct Selection {
    /// Only these ids (empty: all).
    pub only: Vec<String>,
    /// Only detections with one of these tags or tactics (empty: all).
    pub tags: Vec<String>,
    pub min_severity: Option<Severity>,
}

impl Selection {
    pub fn apply(&self, catalog: Vec<Detection>) -> Result<Vec<Detection>> {
        for id in &self.only {
            if !catalog.iter().any(|d| &d.id == id) {
                bail!("no detection with id {id:?}; `trailhound detections list` shows them");
            }
        }
        Ok(catalog
            .into_iter()
            .filter(|d| self.only.is_empty() || self.only.contains(&d.id))
            .filter(|d| self.tags.is_empty() || self.tags.iter().any(|t| d.tags.contains(t) || &d.tactic == t))
            .filter(|d| self.min_severity.is_none_or(|m| d.severity >= m))
            .collect())
    }
}

/// The values a detection runs with: its defaults, overridden by `name=value` (every
/// detection declaring `name`) and then by `id.name=value` (that detection only).
pub fn params_for(detection: &Detection, overrides: &[(String, String)]) -> Vec<(String, String)> {
    let mut values: Vec<(String, String)> =
        detection.params.iter().map(|p| (p.name.clone(), p.default.clone())).collect();
    for (key, value) in overrides {
        let name = match key.split_once('.') {
            Some((id, name)) if id == detection.id => name,
            Some(_) => continue,
            None => key.as_str(),
        };
        if let Some(slot) = values.iter_mut().find(|(n, _)| n == name) {
            slot.1 = value.clone();
        }
    }
    values
}

/// Overrides that no selected detection declares are almost always typos: say so.
pub fn unknown_overrides(detections: &[Detection], overrides: &[(String, String)]) -> Vec<String> {
    overrides
        .iter()
        .filter(|(key, _)| {
            let (id, name) = key.split_once('.').map_or((None, key.as_str()), |(i, n)| (Some(i), n));
            !detections.iter().any(|d| id.is_none_or(|i| i == d.id) && d.params.iter().any(|p| p.name == name))
        })
        .map(|(k, _)| k.clone())
        .collect()
}

/// Parameters whose declared default is not a number: bound as text when the SQL leaves the
/// type open, so an override like `trusted_accounts=444455556666` stays a string.
pub fn text_params(detection: &Detection) -> Vec<String> {
    detection.params.iter().filter(|p| p.default.parse::<f64>().is_err()).map(|p| p.name.clone()).collect()
}
