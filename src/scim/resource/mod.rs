//! Validation and normalisation of written resources (POST bodies, PUT bodies) into the stored
//! form.
//!
//! The stored form is a JSON object with one spelling per attribute: known attributes under
//! their canonical name (RFC 7643 §2.1 names are case-insensitive), extension attributes under
//! the canonical extension URN, `schemas` recomputed from what is present. Unknown attributes
//! and unknown extension objects are kept as sent (Okta sends custom attributes that way,
//! docs/idp/okta.md Q26); `schemas` must list the resource type's core schema (RFC 7643 §3;
//! see `check_schemas`), and other schema URIs in it are dropped, not rejected (entra Q14).
//! `null`, `[]` and `{}` mean unassigned (RFC 7643 §2.5) and are not stored. readOnly attributes
//! a client sends (`id`, `meta`, `groups`) are ignored: the server owns them.
//!
//! Decisions where the RFC leaves room:
//! - more than one `primary: true` in a multi-valued attribute of a written value is 400
//!   `invalidValue` under Strict (RFC 7643 §2.4 "MUST appear no more than once"); by default the
//!   first stays primary and the others lose the flag (tolerance `duplicate-primary`: Ping flags
//!   both email slots it fills with one address, docs/idp/ping.md §1.4);
//! - canonical values (`type: "work"`) are not enforced (RFC 7643 §2.3.1: SHOULD);
//! - on PUT a `writeOnly` attribute (`password`) that the body omits keeps its value: the client
//!   can never read it back, so omitting it cannot mean "clear it" (RFC 7644 §3.5.1 lets the
//!   server treat omitted attributes as not asserted); Okta's profile push is GET-then-PUT.

mod value;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_onelogin;

pub(crate) use value::{
    attribute_value, check_primary, element_value, elements_equal, is_manager, is_primary,
    is_roles, multi_values, type_error,
};

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::keys::{get_ci, has_urn_prefix};
use super::schema::{Attribute, Mutability, Registry, ResourceType, USER_SCHEMA};
use super::{Compliance, ScimError, ScimType, Tolerance};

/// What a write is checked against.
#[derive(Clone, Copy, Debug)]
pub struct WriteContext<'a> {
    pub registry: &'a Registry,
    pub rt: &'a ResourceType,
    pub compliance: Compliance,
}

/// Validate and normalise a POST body into the stored form (without `id` and `meta`, which
/// the server assigns).
pub fn prepare_create(
    body: &Value,
    ctx: &WriteContext<'_>,
) -> Result<Map<String, Value>, ScimError> {
    let obj = body
        .as_object()
        .ok_or_else(|| ScimError::invalid_syntax("the request body must be a JSON object"))?;
    let obj = one_primary_each(obj, ctx)?;
    let out = normalize(&obj, ctx)?;
    check_required(&out, ctx)?;
    Ok(out)
}

/// Tolerance `duplicate-primary` (docs/idp/ping.md §1.4, Q7) for the top-level multi-valued
/// attributes of a POST or PUT body: the first `"primary": true` element stays primary and the
/// others lose the flag; Strict refuses the body. PATCH values keep the plain RFC 7643 §2.4
/// check (no identity provider is known to PATCH two primaries).
fn one_primary_each<'a>(
    obj: &'a Map<String, Value>,
    ctx: &WriteContext<'_>,
) -> Result<Cow<'a, Map<String, Value>>, ScimError> {
    let several = |v: &Value| {
        v.as_array()
            .is_some_and(|items| items.iter().filter(|i| is_primary(i)).count() > 1)
    };
    if !obj.values().any(several) {
        // The common case: nothing to fix, nothing copied.
        return Ok(Cow::Borrowed(obj));
    }
    let mut obj = obj.clone();
    for (k, v) in &mut obj {
        let Value::Array(items) = v else { continue };
        let n = items.iter().filter(|i| is_primary(i)).count();
        if n <= 1 {
            continue;
        }
        ctx.compliance
            .tolerate(Tolerance::DuplicatePrimary, ScimType::InvalidValue, || {
                format!("attribute \"{k}\" has {n} values with \"primary\": true")
            })?;
        for item in items.iter_mut().filter(|i| is_primary(i)).skip(1) {
            if let Some(o) = item.as_object_mut() {
                o.shift_remove("primary");
            }
        }
    }
    Ok(Cow::Owned(obj))
}

/// PUT (RFC 7644 §3.5.1): the new stored form from the current one and the body; readOnly
/// attributes the client echoes (`id`, `meta`, `groups`) are ignored.
pub fn prepare_replace(
    current: &Map<String, Value>,
    body: &Value,
    ctx: &WriteContext<'_>,
) -> Result<Map<String, Value>, ScimError> {
    let obj = body
        .as_object()
        .ok_or_else(|| ScimError::invalid_syntax("the request body must be a JSON object"))?;
    let obj = one_primary_each(obj, ctx)?;
    let mut out = normalize(&obj, ctx)?;
    for attr in core_attributes(ctx) {
        let (Some(old), new) = (current.get(attr.name), out.get(attr.name)) else {
            continue;
        };
        match (attr.mutability, new) {
            (Mutability::WriteOnly, None) => {
                out.insert(attr.name.to_owned(), old.clone());
            }
            (Mutability::Immutable, None) => {
                out.insert(attr.name.to_owned(), old.clone());
            }
            (Mutability::Immutable, Some(new)) if new != old => {
                return Err(ScimError::mutability(format!(
                    "attribute \"{}\" is immutable and already set; a PUT must repeat its value \
                     (RFC 7644 §3.5.1)",
                    attr.name
                )));
            }
            _ => {}
        }
    }
    check_required(&out, ctx)?;
    Ok(out)
}

/// The core schema's attributes plus the common ones (`id`, `externalId`, `meta`).
fn core_attributes<'a>(ctx: &WriteContext<'a>) -> impl Iterator<Item = &'a Attribute> {
    let core = ctx.registry.schema(ctx.rt.schema);
    ctx.registry
        .common
        .iter()
        .chain(core.into_iter().flat_map(|s| s.attributes.iter()))
}

/// Required attributes of the core schema must be present and not blank (RFC 7643 §4.1.1,
/// §4.2; RFC 7644 §3.12 `invalidValue`: "a required value was missing").
pub(crate) fn check_required(
    out: &Map<String, Value>,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    let section = if ctx.rt.schema == USER_SCHEMA {
        "§4.1.1"
    } else {
        "§4.2"
    };
    for attr in core_attributes(ctx).filter(|a| a.required) {
        match out.get(attr.name) {
            None => {
                return Err(ScimError::invalid_value(format!(
                    "attribute \"{}\" is required for a {} (RFC 7643 {section})",
                    attr.name, ctx.rt.name
                )));
            }
            Some(Value::String(s)) if s.trim().is_empty() => {
                return Err(ScimError::invalid_value(format!(
                    "attribute \"{}\" must not be empty (RFC 7643 {section})",
                    attr.name
                )));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Normalise a POST/PUT body (see the module docs); `schemas` comes first in the result.
fn normalize(
    obj: &Map<String, Value>,
    ctx: &WriteContext<'_>,
) -> Result<Map<String, Value>, ScimError> {
    let mut out = Map::new();
    let mut path_keys: Vec<(&str, &Value)> = Vec::new();
    check_schemas(obj, ctx)?;
    for (k, v) in obj {
        if k.eq_ignore_ascii_case("schemas") {
            continue;
        }
        if let Some(ext) = ctx.registry.extension_urn(ctx.rt, k) {
            put_extension(&mut out, ext, v, ctx, &mut path_keys)?;
        } else if k.eq_ignore_ascii_case(ctx.rt.schema) {
            // Core attributes wrapped under the core URN: unusual but unambiguous.
            match v {
                Value::Null => {}
                Value::Object(inner) => {
                    for (ik, iv) in inner {
                        put_core(&mut out, ik, iv, ctx)?;
                    }
                }
                _ => {
                    return Err(ScimError::invalid_value(format!(
                        "\"{k}\" must be a JSON object"
                    )));
                }
            }
        } else if is_path_key(k, ctx) {
            path_keys.push((k.as_str(), v));
        } else {
            put_core(&mut out, k, v, ctx)?;
        }
    }
    for (k, v) in path_keys {
        put_path_key(&mut out, k, v, ctx)?;
    }
    Ok(finish(out, ctx))
}

/// The namespace of SCIM 1.x schema URNs (`urn:scim:schemas:core:1.0`), which OneLogin's
/// templates also use with a 2.0 suffix (`urn:scim:schemas:core:2.0`, docs/idp/onelogin.md §1.5).
const LEGACY_SCHEMA_NAMESPACE: &str = "urn:scim:schemas:";

/// Is `urn` a SCIM 1.x-style schema URN (any case)?
fn is_legacy_schema_urn(urn: &str) -> bool {
    urn.get(..LEGACY_SCHEMA_NAMESPACE.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(LEGACY_SCHEMA_NAMESPACE))
}

/// `schemas` of a POST/PUT body (RFC 7643 §3: REQUIRED, an array of the URIs of the schemas the
/// representation uses, which for a resource includes its core schema). Every identity provider
/// in docs/idp/ sends it, so its absence, a non-array, a non-string element, and a list without
/// the resource type's core schema (only unknown URIs, or the Group schema on `/Users`) are 400
/// `invalidValue` in both modes. Two shapes real clients send are accepted:
/// - extra URIs next to the core schema (Entra's
///   `http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group` with no attribute
///   block, docs/idp/entra.md §2.3 Q14; Okta's custom extension URNs, okta Q26): RFC 7643 §3 does
///   not forbid them, and they are dropped from the stored `schemas`, so both modes accept them;
/// - SCIM 1.x-style URNs (OneLogin, tolerance `legacy-schema-urn`), read as the core schema by
///   default and refused by Strict.
fn check_schemas(obj: &Map<String, Value>, ctx: &WriteContext<'_>) -> Result<(), ScimError> {
    let core = ctx.rt.schema;
    let Some(schemas) = get_ci(obj, "schemas") else {
        return Err(ScimError::invalid_value(format!(
            "attribute \"schemas\" is required: a JSON array holding {core:?} (RFC 7643 §3)"
        )));
    };
    let Value::Array(items) = schemas else {
        return Err(ScimError::invalid_value(format!(
            "attribute \"schemas\" must be a JSON array of schema URIs such as [{core:?}], got \
             {schemas} (RFC 7643 §3)"
        )));
    };
    let mut uris = Vec::with_capacity(items.len());
    for item in items {
        let Value::String(uri) = item else {
            return Err(ScimError::invalid_value(format!(
                "attribute \"schemas\" must hold only schema URIs (strings), got {item} \
                 (RFC 7643 §3)"
            )));
        };
        uris.push(uri.as_str());
    }
    let legacy = uris.iter().copied().find(|u| is_legacy_schema_urn(u));
    if let Some(urn) = legacy {
        ctx.compliance
            .tolerate(Tolerance::LegacySchemaUrn, ScimType::InvalidValue, || {
                format!(
                    "\"schemas\" lists {urn:?}, not a schema URI of RFC 7643 (this {} needs \
                     {core:?})",
                    ctx.rt.name
                )
            })?;
    }
    if legacy.is_some() || uris.iter().any(|u| u.eq_ignore_ascii_case(core)) {
        return Ok(());
    }
    // Name the likely mistake: another resource type's core schema (a Group body on /Users).
    let other = uris.iter().find_map(|u| {
        ctx.registry
            .resource_types
            .iter()
            .find(|rt| rt.schema.eq_ignore_ascii_case(u))
    });
    Err(ScimError::invalid_value(match other {
        Some(rt) => format!(
            "attribute \"schemas\" lists {:?}, the {} schema; a {} needs {core:?} \
             (RFC 7643 §3; send a {} to {})",
            rt.schema, rt.name, ctx.rt.name, rt.name, rt.endpoint
        ),
        None => format!(
            "attribute \"schemas\" must list {core:?}, the {} core schema; got {uris:?} \
             (RFC 7643 §3)",
            ctx.rt.name
        ),
    }))
}

/// Drop empty extension objects and put a recomputed `schemas` first: the core URN, then every
/// extension object present (known ones in canonical spelling, unknown ones as sent).
pub(crate) fn finish(mut out: Map<String, Value>, ctx: &WriteContext<'_>) -> Map<String, Value> {
    out.retain(|k, v| !(has_urn_prefix(k) && v.as_object().is_some_and(Map::is_empty)));
    out.shift_remove("schemas");
    let mut schemas = vec![Value::String(ctx.rt.schema.to_owned())];
    for (k, v) in &out {
        if let Some(ext) = ctx.registry.extension_urn(ctx.rt, k) {
            schemas.push(Value::String(ext.to_owned()));
        } else if has_urn_prefix(k) && v.is_object() {
            schemas.push(Value::String(k.clone()));
        }
    }
    let mut result = Map::with_capacity(out.len() + 1);
    result.insert("schemas".into(), Value::Array(schemas));
    result.extend(out);
    result
}

/// `schema::split_urn` for client input: it slices the first four bytes, so only hand it keys
/// that start with `urn:`.
pub(crate) fn split_urn_checked(k: &str) -> (Option<&str>, &str) {
    if has_urn_prefix(k) {
        super::schema::split_urn(k)
    } else {
        (None, k)
    }
}

/// Is `k` a path (`name.givenName`, `urn:…:User:employeeNumber`) rather than an attribute name?
pub(crate) fn is_path_key(k: &str, ctx: &WriteContext<'_>) -> bool {
    let (urn, rest) = split_urn_checked(k);
    match urn {
        Some(urn) => ctx.registry.schema(urn).is_some(),
        None => rest.split_once('.').is_some_and(|(name, _)| {
            ctx.registry
                .resolve(ctx.rt, Some(ctx.rt.schema), name)
                .is_some()
        }),
    }
}

/// A top-level key: a core or common attribute in canonical spelling, or an unknown one as sent.
fn put_core(
    out: &mut Map<String, Value>,
    k: &str,
    v: &Value,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    match ctx.registry.resolve(ctx.rt, Some(ctx.rt.schema), k) {
        Some(r) if r.attribute.is_read_only() => {}
        Some(r) if r.attribute.multi_valued && v.is_object() => {
            // OneLogin sends `"emails": {…}` (docs/idp/onelogin.md §3 Q4): one element.
            ctx.compliance.tolerate(
                Tolerance::MultiValuedObject,
                ScimType::InvalidValue,
                || {
                    format!(
                        "attribute \"{}\" is multi-valued but was sent as one object, not an array",
                        r.attribute.name
                    )
                },
            )?;
            let one = Value::Array(vec![v.clone()]);
            if let Some(nv) = attribute_value(ctx, r.attribute, &r.attribute.name, &one)? {
                out.insert(r.attribute.name.to_owned(), nv);
            }
        }
        Some(r) => match attribute_value(ctx, r.attribute, &r.attribute.name, v)? {
            Some(nv) => {
                out.insert(r.attribute.name.to_owned(), nv);
            }
            None => {
                out.shift_remove(r.attribute.name);
            }
        },
        None if v.is_null() => {}
        None => {
            out.insert(k.to_owned(), v.clone());
        }
    }
    Ok(())
}

fn put_extension<'b>(
    out: &mut Map<String, Value>,
    ext: &'static str,
    v: &'b Value,
    ctx: &WriteContext<'_>,
    path_keys: &mut Vec<(&'b str, &'b Value)>,
) -> Result<(), ScimError> {
    let inner = match v {
        Value::Null => return Ok(()),
        Value::Object(inner) => inner,
        _ => {
            return Err(ScimError::invalid_value(format!(
                "\"{ext}\" must be a JSON object holding the extension's attributes (RFC 7643 §3), \
                 got {v}"
            )));
        }
    };
    let mut target = Map::new();
    for (ik, iv) in inner {
        match ctx.registry.resolve(ctx.rt, Some(ext), ik) {
            Some(r) if r.attribute.is_read_only() => {}
            Some(r) => {
                let label = format!("{ext}:{}", r.attribute.name);
                if let Some(nv) = attribute_value(ctx, r.attribute, &label, iv)? {
                    target.insert(r.attribute.name.to_owned(), nv);
                }
            }
            None if ik.contains('.') => path_keys.push((ik.as_str(), iv)),
            None if iv.is_null() => {}
            None => {
                target.insert(ik.clone(), iv.clone());
            }
        }
    }
    let slot = out.entry(ext).or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(existing) = slot {
        existing.extend(target);
    }
    Ok(())
}

/// A body key that is a path (`name.givenName`, `urn:…:User:employeeNumber`): Entra's dotted
/// keys, applied where they point (tolerance `dotted-keys`).
fn put_path_key(
    out: &mut Map<String, Value>,
    k: &str,
    v: &Value,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    ctx.compliance
        .tolerate(Tolerance::DottedKeys, ScimType::InvalidValue, || {
            format!("body key {k:?} is a path, not an attribute name")
        })?;
    let (urn, rest) = split_urn_checked(k);
    let (name, sub) = match rest.split_once('.') {
        Some((name, sub)) => (name, Some(sub)),
        None => (rest, None),
    };
    // An extension attribute given by its bare name inside the extension object has no URN.
    let urn = urn.or_else(|| ctx.registry.resolve(ctx.rt, None, name).map(|r| r.schema));
    let Some(r) = ctx.registry.resolve(ctx.rt, urn, name) else {
        if !v.is_null() {
            out.insert(k.to_owned(), v.clone());
        }
        return Ok(());
    };
    if r.attribute.is_read_only() {
        return Ok(());
    }
    let container = if r.in_extension {
        out.entry(r.schema)
            .or_insert_with(|| Value::Object(Map::new()))
            .as_object_mut()
            .ok_or_else(|| {
                ScimError::invalid_value(format!("\"{}\" must be a JSON object", r.schema))
            })?
    } else {
        out
    };
    let attr = r.attribute;
    let Some(sub) = sub else {
        match attribute_value(ctx, attr, &k, v)? {
            Some(nv) => container.insert(attr.name.to_owned(), nv),
            None => container.shift_remove(attr.name),
        };
        return Ok(());
    };
    let Some(sub_attr) = attr.sub_attribute(sub).filter(|_| !attr.multi_valued) else {
        return Err(ScimError::invalid_value(format!(
            "body key {k:?} does not name a sub-attribute of a single-valued complex attribute"
        )));
    };
    if sub_attr.is_read_only() {
        return Ok(());
    }
    let parent = container
        .entry(attr.name)
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(parent) = parent else {
        return Err(type_error(&attr.name, attr, parent, false));
    };
    match attribute_value(ctx, sub_attr, &k, v)? {
        Some(nv) => parent.insert(sub_attr.name.to_owned(), nv),
        None => parent.shift_remove(sub_attr.name),
    };
    if parent.is_empty() {
        container.shift_remove(attr.name);
    }
    Ok(())
}
