//! `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) and `returned` (RFC 7643 §7).
//!
//! Placeholder: the real implementation replaces the bodies; the signatures are the contract.

use serde_json::Value;

use super::ScimError;
use super::filter::AttrPath;
use super::schema::{Registry, ResourceType};

/// Parse a comma-separated attribute list (`userName,name.givenName,urn:…:User:department`).
pub fn parse_attribute_list(input: &str) -> Result<Vec<AttrPath>, ScimError> {
    Ok(input
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(AttrPath::simple)
        .collect())
}

/// The representation of a stored resource to return: `returned: never` attributes removed,
/// `request` ones only when asked for, then `attributes` / `excludedAttributes` applied.
pub fn project(
    resource: &Value,
    rt: &ResourceType,
    registry: &Registry,
    attributes: Option<&[AttrPath]>,
    excluded: Option<&[AttrPath]>,
) -> Value {
    let _ = (rt, registry, attributes, excluded);
    let mut out = resource.clone();
    if let Some(obj) = out.as_object_mut() {
        obj.remove("password");
    }
    out
}
