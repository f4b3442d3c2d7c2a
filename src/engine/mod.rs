//! The query engine: one DataFusion session over the lake, with the project's functions.

pub mod session;
pub mod udf;

pub use session::{Engine, QueryParams};
