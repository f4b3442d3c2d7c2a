//! The questions a responder asks first about one actor or resource: what did it do, in order
//! (`timeline`), and what is the shape of its activity (`summary`).

pub mod subject;
pub mod summary;
pub mod timeline;

pub use subject::Subject;
