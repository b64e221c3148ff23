//! Validation and normalisation of written resources (POST bodies, PUT bodies).
//!
//! Placeholder: the real implementation replaces the bodies; the signatures are the contract.

use serde_json::{Map, Value};

use super::schema::{Registry, ResourceType};
use super::{Compliance, ScimError};

/// What a write is checked against.
#[derive(Clone, Copy, Debug)]
pub struct WriteContext<'a> {
    pub registry: &'a Registry,
    pub rt: &'a ResourceType,
    pub compliance: Compliance,
}

/// Validate and normalise a POST body into the stored form (without `id` and `meta`, which
/// the server assigns).
pub fn prepare_create(body: &Value, ctx: &WriteContext<'_>) -> Result<Map<String, Value>, ScimError> {
    let _ = ctx;
    body.as_object()
        .cloned()
        .ok_or_else(|| ScimError::invalid_syntax("the request body must be a JSON object"))
}

/// PUT (RFC 7644 §3.5.1): the new stored form from the current one and the body; readOnly
/// attributes the client echoes (`id`, `meta`, `groups`) are ignored.
pub fn prepare_replace(
    current: &Map<String, Value>,
    body: &Value,
    ctx: &WriteContext<'_>,
) -> Result<Map<String, Value>, ScimError> {
    let _ = current;
    prepare_create(body, ctx)
}
