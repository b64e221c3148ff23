//! Filter evaluation (placeholder until the real one lands).
use super::ast::Filter;
use crate::scim::schema::{Registry, ResourceType};
use crate::scim::{Compliance, ScimError};
use serde_json::Value;

/// Does `resource` (a stored resource of type `rt`) satisfy `filter`?
pub fn matches(_filter: &Filter, _resource: &Value, _rt: &ResourceType, _registry: &Registry) -> bool {
    false
}

/// Check a filter against the schema before evaluating it (operators allowed for the type).
pub fn validate(
    _filter: &Filter,
    _rt: &ResourceType,
    _registry: &Registry,
    _compliance: Compliance,
) -> Result<(), ScimError> {
    Ok(())
}
