//! One attribute value checked and normalised against its definition: the JSON type, canonical
//! sub-attribute names, `null` as unassigned, readOnly sub-attributes dropped, and the tolerated
//! Okta/Entra shapes (string booleans, bare-string manager, embedded-JSON roles).
//!
//! Shared by POST/PUT normalisation (`resource`) and the PATCH engine (`patch`), so that a value
//! is stored the same way whichever request wrote it.

use crate::scim::keys::get_ci;
use serde_json::{Map, Value, json};

use super::WriteContext;
use crate::scim::schema::{AttrType, Attribute};
use crate::scim::{ScimError, ScimType, Tolerance};

/// The enterprise `manager` (RFC 7643 §4.3): the only single-valued complex reference.
pub(crate) fn is_manager(attr: &Attribute) -> bool {
    attr.name == "manager" && attr.ty == AttrType::Complex && !attr.multi_valued
}

/// `User.roles`: Entra's role-assignment shapes apply here.
pub(crate) fn is_roles(attr: &Attribute) -> bool {
    attr.name == "roles" && attr.multi_valued
}

/// `Group.members`: stored as `value`, `display`, `type`; `$ref` is computed when read.
pub(crate) fn is_members(attr: &Attribute) -> bool {
    attr.name == "members" && attr.multi_valued
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// How an error message names an attribute (`emails`, `name.givenName`): written out only
/// when there is an error — formatting a path for every sub-attribute value was a measurable
/// cost of every write (issue 10 item 16).
pub(crate) type Label<'a> = &'a dyn std::fmt::Display;

/// Sub-attribute `.1` of the attribute labelled `.0`.
struct Sub<'a>(Label<'a>, &'a str);

impl std::fmt::Display for Sub<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// 400 `invalidValue` naming the attribute, the JSON type it needs and the RFC section.
pub(crate) fn type_error(
    label: Label<'_>,
    attr: &Attribute,
    got: &Value,
    multi: bool,
) -> ScimError {
    let expected = if multi {
        "a JSON array (multi-valued, RFC 7643 §2.4)"
    } else {
        match attr.ty {
            AttrType::String => "a JSON string (RFC 7643 §2.3.1)",
            AttrType::Boolean => "a JSON boolean true/false (RFC 7643 §2.3.2)",
            AttrType::Decimal => "a JSON number (RFC 7643 §2.3.3)",
            AttrType::Integer => "a JSON integer (RFC 7643 §2.3.4)",
            AttrType::DateTime => "a JSON string holding an xsd:dateTime (RFC 7643 §2.3.5)",
            AttrType::Binary => "a JSON string holding base64 (RFC 7643 §2.3.6)",
            AttrType::Reference => "a JSON string holding a URI (RFC 7643 §2.3.7)",
            AttrType::Complex => "a JSON object (complex, RFC 7643 §2.3.8)",
        }
    };
    ScimError::invalid_value(format!(
        "attribute \"{label}\" must be {expected}, got {}",
        json_kind(got)
    ))
}

/// Normalise a whole attribute value: `None` when it is unassigned (`null`, `[]`, `{}`).
pub(crate) fn attribute_value(
    ctx: &WriteContext<'_>,
    attr: &Attribute,
    label: Label<'_>,
    value: &Value,
) -> Result<Option<Value>, ScimError> {
    if value.is_null() {
        return Ok(None);
    }
    if attr.multi_valued {
        let Value::Array(items) = value else {
            return Err(type_error(label, attr, value, true));
        };
        return multi_values(ctx, attr, label, items);
    }
    single_value(ctx, attr, label, value)
}

/// Normalise the elements of a multi-valued attribute; equal elements collapse into one and at
/// most one may be `primary` (RFC 7643 §2.4).
pub(crate) fn multi_values(
    ctx: &WriteContext<'_>,
    attr: &Attribute,
    label: Label<'_>,
    items: &[Value],
) -> Result<Option<Value>, ScimError> {
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    // Groups can hold many members: their identity is the id alone, so hash it rather than
    // compare every pair.
    let mut member_ids = std::collections::HashSet::new();
    for item in items {
        let Some(v) = element_value(ctx, attr, label, item)? else {
            continue;
        };
        let duplicate = if is_members(attr) {
            let id = v
                .get("value")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_lowercase();
            !member_ids.insert(id)
        } else {
            out.iter().any(|o| elements_equal(attr, o, &v))
        };
        if !duplicate {
            out.push(v);
        }
    }
    check_primary(label, &out)?;
    Ok((!out.is_empty()).then_some(Value::Array(out)))
}

/// Normalise one element of a multi-valued attribute.
pub(crate) fn element_value(
    ctx: &WriteContext<'_>,
    attr: &Attribute,
    label: Label<'_>,
    item: &Value,
) -> Result<Option<Value>, ScimError> {
    match item {
        Value::Null => Ok(None),
        _ if attr.ty == AttrType::Complex => complex_value(ctx, attr, label, item),
        _ => scalar_value(ctx, attr, label, item),
    }
}

fn single_value(
    ctx: &WriteContext<'_>,
    attr: &Attribute,
    label: Label<'_>,
    value: &Value,
) -> Result<Option<Value>, ScimError> {
    if attr.ty != AttrType::Complex {
        return scalar_value(ctx, attr, label, value);
    }
    match value {
        Value::String(s) if is_manager(attr) => {
            ctx.compliance
                .tolerate(Tolerance::ManagerString, ScimType::InvalidValue, || {
                    format!(
                        "attribute \"{label}\" is the string {s:?}, not an object {{\"value\": …}}"
                    )
                })?;
            // Entra sends the manager's id bare; "" is its way of clearing it (entra §1.5).
            Ok((!s.is_empty()).then(|| json!({ "value": s })))
        }
        // Only the manager: the legacy Example 5 shape (entra §1.5). Any other single-valued
        // complex attribute given as an array (`"name": [{…}]`) is sent by no known client and
        // falls through to the type error (RFC 7643 §2.3.8).
        Value::Array(items) if is_manager(attr) && items.len() == 1 && items[0].is_object() => {
            ctx.compliance
                .tolerate(Tolerance::ManagerString, ScimType::InvalidValue, || {
                    format!(
                        "attribute \"{label}\" is single-valued but was sent as a one-element array"
                    )
                })?;
            complex_value(ctx, attr, label, &items[0])
        }
        _ => complex_value(ctx, attr, label, value),
    }
}

/// Entra's AppRoleAssignmentsComplex role: `{"value":"{\"id\":…,\"value\":\"25\",\"displayName\":…}"}`.
fn embedded_role(obj: &Map<String, Value>) -> Option<Map<String, Value>> {
    let Some(Value::String(s)) = get_ci(obj, "value") else {
        return None;
    };
    if !s.trim_start().starts_with('{') {
        return None;
    }
    match serde_json::from_str::<Value>(s) {
        Ok(Value::Object(inner)) => Some(inner),
        _ => None,
    }
}

fn complex_value(
    ctx: &WriteContext<'_>,
    attr: &Attribute,
    label: Label<'_>,
    value: &Value,
) -> Result<Option<Value>, ScimError> {
    let Value::Object(given) = value else {
        return Err(type_error(label, attr, value, false));
    };
    let mut input = std::borrow::Cow::Borrowed(given);
    if is_roles(attr)
        && let Some(inner) = embedded_role(given)
    {
        ctx.compliance
            .tolerate(Tolerance::RoleJsonString, ScimType::InvalidValue, || {
                format!("a value of \"{label}\" is a JSON string embedding an object")
            })?;
        let mut flat = given.clone();
        flat.retain(|k, _| !k.eq_ignore_ascii_case("value"));
        match get_ci(&inner, "value") {
            Some(Value::String(s)) => {
                flat.insert("value".into(), Value::String(s.clone()));
            }
            Some(Value::Number(n)) => {
                flat.insert("value".into(), Value::String(n.to_string()));
            }
            _ => {}
        }
        let label_key = get_ci(&inner, "display").or_else(|| get_ci(&inner, "displayName"));
        if let (Some(d), None) = (label_key, get_ci(&flat, "display")) {
            flat.insert("display".into(), d.clone());
        }
        input = std::borrow::Cow::Owned(flat);
    }
    let mut out = Map::new();
    for (k, v) in input.iter() {
        match attr.sub_attribute(k) {
            // readOnly sub-attributes (manager.displayName) are the server's to fill.
            Some(sub) if sub.is_read_only() => {}
            // A member's `$ref` is derived from its id when the group is read.
            Some(sub) if is_members(attr) && sub.name == "$ref" => {}
            Some(sub) => {
                if let Some(nv) = attribute_value(ctx, sub, &Sub(label, sub.name), v)? {
                    out.insert(sub.name.to_owned(), nv);
                } else {
                    out.shift_remove(sub.name);
                }
            }
            None if is_roles(attr) && k.eq_ignore_ascii_case("displayName") => {
                ctx.compliance.tolerate(
                    Tolerance::RoleJsonString,
                    ScimType::InvalidValue,
                    || {
                        format!(
                            "a value of \"{label}\" uses \"displayName\" instead of \"display\""
                        )
                    },
                )?;
                let display = attr.sub_attribute("display");
                if let (None, Some(display)) = (get_ci(&input, "display"), display)
                    && let Some(nv) = attribute_value(ctx, display, &Sub(label, "display"), v)?
                {
                    out.insert("display".into(), nv);
                }
            }
            None if is_members(attr) => {}
            // Unknown sub-attributes are kept as sent: values must round-trip (entra Q22).
            None if v.is_null() => {}
            None => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    if is_manager(attr) && out.get("value").and_then(Value::as_str) == Some("") {
        ctx.compliance
            .tolerate(Tolerance::ManagerString, ScimType::InvalidValue, || {
                format!("attribute \"{label}\" has an empty value as a way to clear it")
            })?;
        return Ok(None);
    }
    if is_members(attr)
        && out
            .get("value")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
    {
        return Err(ScimError::invalid_value(format!(
            "every element of \"{label}\" needs a non-empty \"value\": the member's id (RFC 7643 §4.2)"
        )));
    }
    Ok((!out.is_empty()).then_some(Value::Object(out)))
}

fn scalar_value(
    ctx: &WriteContext<'_>,
    attr: &Attribute,
    label: Label<'_>,
    value: &Value,
) -> Result<Option<Value>, ScimError> {
    let ok = match (attr.ty, value) {
        (_, Value::Null) => return Ok(None),
        (AttrType::Boolean, Value::Bool(_)) => true,
        (AttrType::Boolean, Value::String(s)) => {
            let b = if s.eq_ignore_ascii_case("true") {
                true
            } else if s.eq_ignore_ascii_case("false") {
                false
            } else {
                return Err(type_error(label, attr, value, false));
            };
            ctx.compliance
                .tolerate(Tolerance::StringBoolean, ScimType::InvalidValue, || {
                    format!("attribute \"{label}\" is the string {s:?}")
                })?;
            return Ok(Some(Value::Bool(b)));
        }
        (AttrType::Binary, Value::String(s)) => {
            if let Err(at) = check_base64(s) {
                return Err(ScimError::invalid_value(format!(
                    "attribute \"{label}\" is binary and must be base64 (RFC 7643 §2.3.6, \
                     RFC 4648 §4: A-Z a-z 0-9 + /, padded with = to a multiple of 4); {at}"
                )));
            }
            true
        }
        (AttrType::String | AttrType::Reference | AttrType::DateTime, Value::String(_)) => true,
        (AttrType::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (AttrType::Decimal, Value::Number(_)) => true,
        (AttrType::Complex, _) => return complex_value(ctx, attr, label, value),
        _ => false,
    };
    if ok {
        Ok(Some(value.clone()))
    } else {
        Err(type_error(label, attr, value, false))
    }
}

/// Is `s` base64 as RFC 7643 §2.3.6 requires (RFC 4648 §4: the standard alphabet, `=` padding
/// to a multiple of four)? No identity provider in docs/idp/ is known to send anything else for
/// a binary attribute (`x509Certificates.value`), so both modes check it. The error says where.
pub(crate) fn check_base64(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    if !b.len().is_multiple_of(4) {
        return Err(format!("its length {} is not a multiple of 4", b.len()));
    }
    let pad = b.iter().rev().take_while(|&&c| c == b'=').count();
    if pad > 2 {
        return Err("it ends with more than two \"=\"".to_owned());
    }
    let body = &b[..b.len() - pad];
    match body
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'+' || c == b'/'))
    {
        Some(i) => Err(format!(
            "character {:?} at offset {i} is not in the base64 alphabet",
            s[i..].chars().next().unwrap_or_default()
        )),
        None => Ok(()),
    }
}

/// Compare two JSON values, strings without regard to case unless `case_exact`.
pub(crate) fn json_eq(a: &Value, b: &Value, case_exact: bool) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) if !case_exact => {
            x == y || x.to_lowercase() == y.to_lowercase()
        }
        _ => a == b,
    }
}

/// Do two elements of `attr` denote the same value? Elements with a `value` are the same when
/// their `value` (and `type`, where both have one) agree — members by `value` alone; others
/// must be identical.
pub(crate) fn elements_equal(attr: &Attribute, a: &Value, b: &Value) -> bool {
    let (Value::Object(x), Value::Object(y)) = (a, b) else {
        let case_exact = attr.case_exact || attr.ty != AttrType::String;
        return json_eq(a, b, case_exact);
    };
    match (x.get("value"), y.get("value")) {
        (Some(va), Some(vb)) => {
            let case_exact = attr.sub_attribute("value").is_some_and(|s| s.case_exact);
            if !json_eq(va, vb, case_exact) {
                return false;
            }
            if is_members(attr) {
                return true;
            }
            match (x.get("type"), y.get("type")) {
                (Some(ta), Some(tb)) => json_eq(ta, tb, false),
                _ => true,
            }
        }
        _ => x == y,
    }
}

/// At most one element may carry `"primary": true` (RFC 7643 §2.4).
pub(crate) fn check_primary(label: Label<'_>, items: &[Value]) -> Result<(), ScimError> {
    let n = items.iter().filter(|v| is_primary(v)).count();
    if n > 1 {
        return Err(ScimError::invalid_value(format!(
            "attribute \"{label}\" has {n} values with \"primary\": true; at most one is allowed \
             (RFC 7643 §2.4)"
        )));
    }
    Ok(())
}

pub(crate) fn is_primary(v: &Value) -> bool {
    v.get("primary").and_then(Value::as_bool) == Some(true)
}
