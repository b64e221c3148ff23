//! scim-harness library root.
pub mod scim;
