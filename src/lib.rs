//! trailhound: a CloudTrail forensics and incident-response query engine.
//!
//! source → shape → decode → lake → engine → consumers; see `README.md` and `docs/design.md`.

pub mod acquire;
pub mod cli;
pub mod commands;
pub mod engine;
pub mod generate;
pub mod hunt;
pub mod ingest;
pub mod investigate;
pub mod lake;
pub mod output;
pub mod playbook;
pub mod repl;
pub mod shape;
pub mod source;
pub mod user_dirs;
pub mod verify;
