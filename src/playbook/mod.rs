//! Guided incident response: playbooks (`playbooks/*.toml`), the case they work on (variables
//! and an append-only journal), the step runner, and the Markdown report.

pub mod case;
pub mod journal;
pub mod model;
pub mod present;
pub mod render;
pub mod report;
pub mod runner;
pub mod variables;

pub use case::Case;
pub use model::{Phase, Playbook, Step};
