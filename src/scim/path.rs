//! PATCH paths (RFC 7644 §3.5.2): `attr`, `attr.sub`, `urn:…:attr`, `attr[filter]`, `attr[filter].sub`.

use super::ScimError;
use super::filter::{AttrPath, Filter};

/// A parsed PATCH `path`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatchPath {
    /// The attribute, with its sub-attribute when the path is `attr.sub` (no filter).
    pub attr: AttrPath,
    /// The value filter of `attr[filter]`, relative to the elements of `attr`.
    pub filter: Option<Filter>,
    /// The sub-attribute after the brackets: `value` in `emails[type eq "work"].value`.
    pub sub_after_filter: Option<String>,
}

/// Parse a PATCH path; errors are 400 `invalidPath`.
pub fn parse(input: &str) -> Result<PatchPath, ScimError> {
    Err(ScimError::invalid_path(format!("path parser not available yet: {input}")))
}
