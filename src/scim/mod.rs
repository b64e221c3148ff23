//! The SCIM 2.0 model and its languages: schemas, resources, filters, paths and PATCH.
//!
//! Nothing in this module does I/O or knows about HTTP; the server (`crate::server`) and the
//! harness (`crate::harness`) both build on it.

pub mod error;
pub mod filter;
pub mod patch;
pub mod path;
pub mod projection;
pub mod resource;
pub mod schema;
pub mod sort;

pub use error::{ScimError, ScimType};

/// How the model treats requests that leave the RFC in ways real identity providers do.
///
/// `Tolerant` (the default) accepts the documented Okta and Entra deviations and does what the
/// identity provider meant; `Strict` rejects each of them with a 400 whose `detail` names the
/// deviation and the rule it breaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Compliance {
    #[default]
    Tolerant,
    Strict,
}
