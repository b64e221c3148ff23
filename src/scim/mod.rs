//! The SCIM 2.0 model and its languages: schemas, resources, filters, paths and PATCH.
//!
//! Nothing in this module does I/O or knows about HTTP; the server (`crate::server`) and the
//! harness (`crate::harness`) both build on it.

pub mod error;
pub mod filter;
pub(crate) mod keys;
pub mod patch;
pub mod path;
pub mod projection;
pub mod resource;
pub mod schema;
pub mod sort;
pub mod tolerance;

pub use error::{ScimError, ScimType};
pub use tolerance::{Compliance, Tolerance};
