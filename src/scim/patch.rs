//! The PATCH engine (RFC 7644 §3.5.2).
//!
//! Placeholder: the real implementation replaces the bodies; the signatures are the contract.

use serde_json::{Map, Value};

use super::ScimError;
use super::resource::WriteContext;

/// The most operations one PATCH request may carry; more is answered 413.
pub const MAX_OPERATIONS: usize = 1000;

/// One parsed PATCH operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    pub op: String,
    pub path: Option<String>,
    pub value: Option<Value>,
}

/// Parse and check a PatchOp request body.
pub fn parse_request(body: &Value, ctx: &WriteContext<'_>) -> Result<Vec<Operation>, ScimError> {
    let _ = (body, ctx);
    Err(ScimError::invalid_syntax("PATCH is not available yet"))
}

/// Apply operations atomically: the new stored form, or an error and nothing changed.
pub fn apply(
    current: &Map<String, Value>,
    ops: &[Operation],
    ctx: &WriteContext<'_>,
) -> Result<Map<String, Value>, ScimError> {
    let _ = (ops, ctx);
    Ok(current.clone())
}
