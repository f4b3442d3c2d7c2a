//! `trailhound hunt`: run the detection catalog over the lake and report findings.

pub mod catalog;
pub mod report;
pub mod run;
pub mod sarif;
pub mod selection;

pub use catalog::{Detection, Severity};
pub use run::{DetectionResult, Finding, HuntReport};
