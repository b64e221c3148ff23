//! The PATCH engine (RFC 7644 §3.5.2): request parsing, and add / replace / remove applied
//! atomically to a stored resource.
//!
//! `parse_request` checks the PatchOp envelope; `apply` runs the operations in order on a copy
//! of the resource and returns the new stored form, or an error and nothing changed. Paths use
//! `scim::path` and value filters are evaluated by `scim::filter` (one filter language).
//!
//! The default mode accepts the documented Okta and Entra deviations ([`Tolerance`]);
//! `Compliance::Strict` refuses each with a 400 whose detail names the deviation, the RFC rule
//! and the tolerance. Shapes that are RFC-conformant are accepted in both modes: `add` on a
//! single-valued attribute replaces it (RFC 7644 §3.5.2.1), adding a value already present is a
//! no-op, `null` values mean unassigned (RFC 7643 §2.5), `Operations` may precede `schemas`,
//! and `password` may be written (it is never returned).
//!
//! Decisions where the RFC leaves room:
//! - removing a required attribute (`userName`) is 400 `invalidValue`: the resulting resource
//!   would miss "a required value" (RFC 7644 §3.12 Table 9), and §3.5.2 requires the result to
//!   be schema-compatible; `mutability` is reserved for readOnly/immutable targets;
//! - a value filter on the single-valued complex `manager` (`manager[value eq "id"]`) is
//!   accepted in both modes: the filter grammar (RFC 7644 §3.4.2.2) applies to complex
//!   attributes and the RFC does not restrict it to multi-valued ones;
//! - `replace` on `attr[filter]` (no sub-attribute) replaces each matching element with the
//!   value, as §3.5.2.3 says; `add` there merges the value into each matching element;
//! - `attr.sub` on a multi-valued attribute addresses that sub-attribute of every element;
//! - a non-array value for a multi-valued target is taken as one element (§3.5.2.1 "a new
//!   value is added"), in both modes;
//! - `manager` is replaced as a whole (value and `$ref` belong together), other single-valued
//!   complex attributes are merged sub-attribute by sub-attribute (§3.5.2.3).

mod apply;
mod filtered;
mod ops;
mod target;
#[cfg(test)]
mod tests;

use crate::scim::keys::get_ci;
use serde_json::{Map, Value};

use super::resource::WriteContext;
use super::schema::PATCH_OP;
use super::{Compliance, ScimError, ScimType, Tolerance};

/// The most operations one PATCH request may carry; more is answered 413.
pub const MAX_OPERATIONS: usize = 1000;

/// One parsed PATCH operation: the op classified and the path resolved against the registry
/// once, when the request is parsed, so that applying it (again on every write retry) neither
/// re-parses the path nor re-runs the checks that depend only on it.
#[derive(Clone, Debug)]
pub struct Operation<'r> {
    pub kind: OpKind,
    target: OpTarget<'r>,
    /// `None` when the operation has no `value` key; `Some(Value::Null)` for an explicit null.
    pub value: Option<Value>,
}

/// What an operation's `path` names.
#[derive(Clone, Debug)]
enum OpTarget<'r> {
    /// No path: the value is a resource fragment applied attribute by attribute.
    Pathless,
    /// A schema extension of the resource type, as a whole (`urn:…:enterprise:2.0:User`).
    Extension(&'static str),
    /// An attribute, sub-attribute or value-filtered element set (or an extension no schema
    /// defines, as a whole).
    Path(target::Target<'r>),
}

/// The three operations of RFC 7644 §3.5.2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpKind {
    Add,
    Remove,
    Replace,
}

impl OpKind {
    /// Classify `op`: lower case always; any case unless Strict (tolerance `op-case`).
    pub fn parse(op: &str, compliance: Compliance) -> Result<OpKind, ScimError> {
        let kind = [
            ("add", OpKind::Add),
            ("remove", OpKind::Remove),
            ("replace", OpKind::Replace),
        ]
        .into_iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(op));
        match kind {
            Some((name, kind)) if name == op => Ok(kind),
            Some((_, kind)) => {
                compliance.tolerate(Tolerance::OpCase, ScimType::InvalidSyntax, || {
                    format!("op {op:?} is not one of add, remove, replace")
                })?;
                Ok(kind)
            }
            None => Err(ScimError::invalid_syntax(format!(
                "op {op:?} is not one of add, remove, replace (RFC 7644 §3.5.2)"
            ))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OpKind::Add => "add",
            OpKind::Remove => "remove",
            OpKind::Replace => "replace",
        }
    }
}

/// Prefix an error's detail with the operation it belongs to.
pub(crate) fn at_op(index: usize, mut e: ScimError) -> ScimError {
    e.detail = format!("Operations[{index}]: {}", e.detail);
    e
}

/// Parse and check a PatchOp request body.
pub fn parse_request<'r>(
    body: &Value,
    ctx: &WriteContext<'r>,
) -> Result<Vec<Operation<'r>>, ScimError> {
    let obj = body.as_object().ok_or_else(|| {
        ScimError::invalid_syntax("the PATCH body must be a JSON object (RFC 7644 §3.5.2)")
    })?;
    let has_patch_op = get_ci(obj, "schemas")
        .and_then(Value::as_array)
        .is_some_and(|a| {
            a.iter()
                .any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(PATCH_OP)))
        });
    if !has_patch_op {
        ctx.compliance
            .tolerate(Tolerance::MissingSchemas, ScimType::InvalidSyntax, || {
                format!("the body's \"schemas\" does not list {PATCH_OP}")
            })?;
    }
    let ops = match get_ci(obj, "Operations") {
        Some(Value::Array(ops)) => ops,
        Some(other) => {
            return Err(ScimError::invalid_syntax(format!(
                "\"Operations\" must be a JSON array (RFC 7644 §3.5.2), got {other}"
            )));
        }
        None => {
            return Err(ScimError::invalid_syntax(
                "the PATCH body needs an \"Operations\" array (RFC 7644 §3.5.2)",
            ));
        }
    };
    if ops.is_empty() {
        return Err(ScimError::invalid_syntax(
            "\"Operations\" is empty; a PATCH needs at least one operation (RFC 7644 §3.5.2)",
        ));
    }
    if ops.len() > MAX_OPERATIONS {
        return Err(ScimError::too_large(format!(
            "{} operations in one PATCH; the limit is {MAX_OPERATIONS}",
            ops.len()
        )));
    }
    ops.iter()
        .enumerate()
        .map(|(i, op)| parse_operation(op, ctx).map_err(|e| at_op(i, e)))
        .collect()
}

fn parse_operation<'r>(op: &Value, ctx: &WriteContext<'r>) -> Result<Operation<'r>, ScimError> {
    let Value::Object(op) = op else {
        return Err(ScimError::invalid_syntax(
            "each operation must be a JSON object (RFC 7644 §3.5.2)",
        ));
    };
    let name = match get_ci(op, "op") {
        Some(Value::String(s)) => s,
        Some(other) => {
            return Err(ScimError::invalid_syntax(format!(
                "\"op\" must be a string, got {other}"
            )));
        }
        None => {
            return Err(ScimError::invalid_syntax(
                "the operation has no \"op\"; use add, remove or replace (RFC 7644 §3.5.2)",
            ));
        }
    };
    let kind = OpKind::parse(name, ctx.compliance)?;
    let path = match get_ci(op, "path") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) => Some(p.as_str()),
        Some(other) => {
            return Err(ScimError::invalid_path(format!(
                "\"path\" must be a string, got {other}"
            )));
        }
    };
    let value = get_ci(op, "value").cloned();
    match (kind, path, &value) {
        (OpKind::Remove, None, _) => {
            return Err(ScimError::no_target(
                "remove needs a \"path\" naming what to remove (RFC 7644 §3.5.2.2)",
            ));
        }
        (OpKind::Add | OpKind::Replace, _, None) => {
            return Err(ScimError::invalid_syntax(format!(
                "{} needs a \"value\" (RFC 7644 §3.5.2.1, §3.5.2.3)",
                kind.as_str()
            )));
        }
        _ => {}
    }
    let target = match path {
        None => OpTarget::Pathless,
        Some(raw) => {
            let target = target::parse_target(raw, ctx)?;
            if kind == OpKind::Remove && value.as_ref().is_some_and(|v| !v.is_null()) {
                ctx.compliance.tolerate(
                    Tolerance::MembersRemoveValue,
                    ScimType::InvalidSyntax,
                    || format!("remove on {raw:?} carries a \"value\""),
                )?;
            }
            target
        }
    };
    Ok(Operation {
        kind,
        target,
        value,
    })
}

/// Apply operations atomically: the new stored form, or an error and nothing changed.
pub fn apply(
    current: &Map<String, Value>,
    ops: &[Operation<'_>],
    ctx: &WriteContext<'_>,
) -> Result<Map<String, Value>, ScimError> {
    apply::apply(current, ops, ctx)
}
