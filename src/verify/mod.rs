//! `trailhound verify`: offline CloudTrail log file integrity validation, what
//! `aws cloudtrail validate-logs` does online, over a local copy of the trail bucket.
//!
//! objects (folder + acquisition manifest) → per-trail digest chains walked newest to oldest
//! (signature, previous-digest hash, time gaps) → listed log files hashed → one verdict per
//! object → report (table / JSON) and optionally the lake's `log_validation` table.

pub mod chain;
pub mod check;
pub mod content;
pub mod digest;
pub mod keys;
pub mod lake_table;
pub mod local;
pub mod object;
pub mod report;
pub mod signature;

pub use check::{Check, Kind, Status};
