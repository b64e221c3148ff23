//! Running PATCH operations on a stored resource: operations in order on a copy, path-less
//! values applied attribute by attribute, and the result checked before it is returned.

use serde_json::{Map, Value};

use super::filtered::filtered;
use super::ops::{sub_everywhere, whole};
use super::target::{Resolution, Scope, Target, key_in, known, resolve, unknown};
use super::{OpKind, OpTarget, Operation, at_op};
use crate::scim::path;
use crate::scim::resource::{WriteContext, check_primary, check_required, finish, is_path_key};
use crate::scim::{ScimError, ScimType, Tolerance};

pub(super) fn apply(
    current: &Map<String, Value>,
    ops: &[Operation<'_>],
    ctx: &WriteContext<'_>,
) -> Result<Map<String, Value>, ScimError> {
    let mut res = current.clone();
    for (i, op) in ops.iter().enumerate() {
        apply_op(&mut res, op, ctx).map_err(|e| at_op(i, e))?;
    }
    check_result(&res, ctx)?;
    Ok(finish(res, ctx))
}

/// The result must still be a valid resource: required attributes present, one primary.
pub(super) fn check_result(
    res: &Map<String, Value>,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    check_required(res, ctx).map_err(|mut e| {
        e.detail = format!("the patched resource is invalid: {}", e.detail);
        e
    })?;
    let check = |urn: Option<&str>, map: &Map<String, Value>| -> Result<(), ScimError> {
        for (k, v) in map {
            if let (Some(r), Value::Array(items)) = (ctx.registry.resolve(ctx.rt, urn, k), v)
                && r.attribute.multi_valued
            {
                check_primary(&r.attribute.name, items)?;
            }
        }
        Ok(())
    };
    check(Some(ctx.rt.schema), res)?;
    for ext in &ctx.rt.schema_extensions {
        if let Some(Value::Object(m)) = res.get(ext.schema) {
            check(Some(ext.schema), m)?;
        }
    }
    Ok(())
}

pub(super) fn apply_op(
    res: &mut Map<String, Value>,
    op: &Operation<'_>,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    let (kind, value) = (op.kind, op.value.as_ref());
    match &op.target {
        // `parse_request` refused a path-less remove.
        OpTarget::Pathless => pathless(res, kind, value, ctx),
        // The whole extension object as the target.
        OpTarget::Extension(ext) => match (kind, value) {
            (OpKind::Remove, _) | (OpKind::Replace, Some(Value::Null)) => {
                let key = key_in(res, ext);
                res.shift_remove(&key);
                Ok(())
            }
            (_, Some(v)) => {
                let mut wrapped = Map::new();
                wrapped.insert((*ext).to_owned(), v.clone());
                pathless(res, kind, Some(&Value::Object(wrapped)), ctx)
            }
            _ => Ok(()),
        },
        OpTarget::Path(target) => run(res, kind, target, value, ctx),
    }
}

/// Path-less add/replace: the value is a resource fragment applied attribute by attribute,
/// never a replacement of the whole resource (okta Q1). readOnly keys are ignored (okta Q2).
pub(super) fn pathless(
    res: &mut Map<String, Value>,
    kind: OpKind,
    value: Option<&Value>,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    let obj = match value {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Object(obj)) => obj,
        Some(other) => {
            return Err(ScimError::invalid_value(format!(
                "a path-less {} needs a JSON object of attributes as its value (RFC 7644 §3.5.2.1), \
                 got {other}",
                kind.as_str()
            )));
        }
    };
    for (k, v) in obj {
        if k.eq_ignore_ascii_case("schemas") {
            continue;
        }
        if let Some(ext) = ctx.registry.extension_urn(ctx.rt, k) {
            match v {
                Value::Null => {
                    if kind == OpKind::Replace {
                        let key = key_in(res, ext);
                        res.shift_remove(&key);
                    }
                }
                Value::Object(inner) => {
                    for (ik, iv) in inner {
                        if ik.contains('.') || ik.contains('[') {
                            dotted(res, kind, &format!("{ext}:{ik}"), iv, ctx)?;
                            continue;
                        }
                        let target = match ctx.registry.resolve(ctx.rt, Some(ext), ik) {
                            Some(r) if r.attribute.is_read_only() => continue,
                            Some(r) => known(Scope::Ext(ext.to_owned()), r.attribute, ik),
                            None => unknown(Scope::Ext(ext.to_owned()), ik),
                        };
                        run(res, kind, &target, Some(iv), ctx)?;
                    }
                }
                other => {
                    return Err(ScimError::invalid_value(format!(
                        "\"{ext}\" must be a JSON object of extension attributes (RFC 7643 §3), got {other}"
                    )));
                }
            }
            continue;
        }
        if k.eq_ignore_ascii_case(ctx.rt.schema) {
            pathless(res, kind, Some(v), ctx)?;
            continue;
        }
        if k.contains('[') || is_path_key(k, ctx) {
            dotted(res, kind, k, v, ctx)?;
            continue;
        }
        let target = match ctx.registry.resolve(ctx.rt, Some(ctx.rt.schema), k) {
            Some(r) if r.attribute.is_read_only() => continue,
            Some(r) => known(Scope::Core, r.attribute, k),
            None => unknown(Scope::Core, k),
        };
        run(res, kind, &target, Some(v), ctx)?;
    }
    Ok(())
}

/// A path-less value key that is itself a path (`name.givenName`, `urn:…:User:employeeNumber`):
/// Entra's flag dialect (tolerance `dotted-keys`).
pub(super) fn dotted(
    res: &mut Map<String, Value>,
    kind: OpKind,
    key: &str,
    v: &Value,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    ctx.compliance
        .tolerate(Tolerance::DottedKeys, ScimType::InvalidValue, || {
            format!("path-less value key {key:?} is a path, not an attribute name")
        })?;
    let parsed = path::parse(key)?;
    match resolve(&parsed, key, ctx)? {
        Resolution::Target(target) => run(res, kind, &target, Some(v), ctx),
        // readOnly keys of a path-less value are ignored (okta Q2).
        Resolution::ReadOnly(_) => Ok(()),
    }
}

pub(super) fn run(
    res: &mut Map<String, Value>,
    kind: OpKind,
    t: &Target<'_>,
    value: Option<&Value>,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    match (&t.filter, &t.sub) {
        (None, None) => whole(res, kind, t, value, ctx),
        (None, Some(sub)) => sub_everywhere(res, kind, t, sub, value, ctx),
        (Some(f), sub) => filtered(res, kind, t, f, sub.as_ref(), value, ctx),
    }
}
