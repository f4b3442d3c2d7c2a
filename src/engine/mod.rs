//! The query engine: one DataFusion session over the lake, with the project's functions.

pub mod session;
pub mod udf;
pub mod views;

pub use session::{Engine, QueryParams, TimeWindow};
