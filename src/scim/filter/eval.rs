//! Filter evaluation over stored resources, and schema checks before evaluating.
//!
//! Stored resources keep known attributes under their canonical names and extension
//! attributes under their schema URN; keys are still looked up without regard to case, since
//! unknown custom attributes keep whatever casing the client sent. Comparison follows the
//! attribute's characteristics from the [`Registry`]: `caseExact` for strings, booleans as
//! booleans, numbers numerically, `dateTime` as instants. Unknown attributes compare as
//! strings with `caseExact: false`.
//!
//! Semantics chosen where RFC 7644 §3.4.2.2 is silent:
//! - a multi-valued attribute matches when any element matches; a multi-valued complex
//!   attribute compared without a sub-attribute compares the elements' `value`
//!   (`emails co "x"`, Entra's `members eq "<id>"`);
//! - `ne` is the negation of `eq` (an absent attribute is "not equal"; a multi-valued one is
//!   when no element equals);
//! - `eq null` holds when the attribute is absent (missing, `null`, `""` or `[]`), `ne null`
//!   when it is present; other operators with `null` never match;
//! - tolerance (entra-flows §1.8, Q3): the strings `"true"` / `"false"` in any case match the
//!   stored booleans; `validate` rejects them under [`Compliance::Strict`].

use std::cmp::Ordering;

use serde_json::{Map, Number, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::ast::{AttrPath, CompValue, CompareOp, Filter};
use crate::scim::schema::{AttrType, Attribute, Registry, ResourceType};
use crate::scim::{Compliance, ScimError};

/// Does `resource` (a stored resource of type `rt`) satisfy `filter`?
pub fn matches(filter: &Filter, resource: &Value, rt: &ResourceType, registry: &Registry) -> bool {
    let scope = Scope::Resource { rt, registry };
    resource
        .as_object()
        .is_some_and(|obj| eval(filter, obj, &scope))
}

/// Does one element of a multi-valued (or a single complex) attribute satisfy `filter`, whose
/// attribute names are relative to the element? `attribute` is the definition of the
/// attribute the element belongs to (`emails`), `None` when unknown. This is what PATCH value
/// paths (`members[value eq "…"]`) need.
pub fn matches_element(filter: &Filter, element: &Value, attribute: Option<&Attribute>) -> bool {
    let scope = Scope::Element { parent: attribute };
    element
        .as_object()
        .is_some_and(|obj| eval(filter, obj, &scope))
}

/// Check a filter against the schema before evaluating it (operators allowed for the type).
///
/// Rejected with 400 `invalidFilter` in every mode: `gt` / `ge` / `lt` / `le` on boolean,
/// binary or complex attributes (RFC 7644 §3.4.2.2), `co` / `sw` / `ew` on boolean, numeric or
/// complex attributes, ordering a `dateTime` against a string that is not one, and a complex
/// attribute without a `value` sub-attribute compared as a whole. Under
/// [`Compliance::Strict`] also a string literal compared with a boolean attribute.
pub fn validate(
    filter: &Filter,
    rt: &ResourceType,
    registry: &Registry,
    compliance: Compliance,
) -> Result<(), ScimError> {
    let scope = Scope::Resource { rt, registry };
    check(filter, &scope, compliance)
}

/// Where attribute names are resolved: the resource's schemas, or the sub-attributes of the
/// attribute whose elements a value path filters.
enum Scope<'a> {
    Resource {
        rt: &'a ResourceType,
        registry: &'a Registry,
    },
    Element {
        parent: Option<&'a Attribute>,
    },
}

fn eval(filter: &Filter, obj: &Map<String, Value>, scope: &Scope<'_>) -> bool {
    match filter {
        Filter::And(l, r) => eval(l, obj, scope) && eval(r, obj, scope),
        Filter::Or(l, r) => eval(l, obj, scope) || eval(r, obj, scope),
        Filter::Not(inner) => !eval(inner, obj, scope),
        Filter::Present(path) => {
            let target = locate(path, obj, scope);
            target.values(false).into_iter().any(is_present)
        }
        Filter::Compare(path, op, value) => {
            let target = locate(path, obj, scope);
            compare(&target, *op, value)
        }
        Filter::ValuePath(path, inner) => {
            let target = locate(path, obj, scope);
            let inner_scope = Scope::Element { parent: target.def };
            target
                .values(false)
                .into_iter()
                .filter_map(Value::as_object)
                .any(|element| eval(inner, element, &inner_scope))
        }
    }
}

/// An attribute found in a resource or element: its stored value and its definition.
struct Target<'v, 'd> {
    value: Option<&'v Value>,
    /// The definition of the attribute named by the path (the sub-attribute's when the path
    /// has one).
    def: Option<&'d Attribute>,
    /// The sub-attribute to take from each element, when the path has one.
    sub: Option<&'v str>,
}

impl<'v> Target<'v, '_> {
    /// The values to compare: elements of arrays flattened, the sub-attribute taken from each
    /// element, and — for comparisons (`implicit_value`) — a complex value replaced by its
    /// `value` sub-attribute.
    fn values(&self, implicit_value: bool) -> Vec<&'v Value> {
        let mut out = Vec::new();
        let Some(value) = self.value else {
            return out;
        };
        for item in elements(value) {
            match self.sub {
                Some(sub) => {
                    if let Some(v) = item.as_object().and_then(|o| get_ci(o, sub)) {
                        out.extend(elements(v));
                    }
                }
                None => out.push(item),
            }
        }
        if implicit_value {
            out = out
                .into_iter()
                .filter_map(|v| match v {
                    Value::Object(o) => get_ci(o, "value"),
                    other => Some(other),
                })
                .collect();
        }
        out
    }
}

fn elements(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

/// Look a key up exactly, then without regard to case.
pub(crate) fn get_ci<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn locate<'v, 'd>(
    path: &'v AttrPath,
    obj: &'v Map<String, Value>,
    scope: &Scope<'d>,
) -> Target<'v, 'd> {
    let (value, def) = match scope {
        Scope::Resource { rt, registry } => {
            let resolved = registry.resolve(rt, path.urn.as_deref(), &path.name);
            let value = match (&resolved, &path.urn) {
                (Some(r), _) if r.in_extension => get_ci(obj, r.schema)
                    .and_then(Value::as_object)
                    .and_then(|ext| get_ci(ext, &path.name)),
                (Some(_), _) => get_ci(obj, &path.name),
                // An unknown attribute of the core schema, or of an unknown extension.
                (None, Some(urn)) if !urn.eq_ignore_ascii_case(rt.schema) => get_ci(obj, urn)
                    .and_then(Value::as_object)
                    .and_then(|ext| get_ci(ext, &path.name)),
                (None, _) => get_ci(obj, &path.name),
            };
            (value, resolved.map(|r| r.attribute))
        }
        Scope::Element { parent } => (
            get_ci(obj, &path.name),
            parent.and_then(|p| p.sub_attribute(&path.name)),
        ),
    };
    let def = match &path.sub {
        Some(sub) => def.and_then(|d| d.sub_attribute(sub)),
        None => def,
    };
    Target {
        value,
        def,
        sub: path.sub.as_deref(),
    }
}

/// Present: not null, not `""`, not `[]`, not `{}`.
fn is_present(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

/// The type and case rule a comparison uses: the definition's, or the `value`
/// sub-attribute's for a complex attribute compared as a whole; strings with `caseExact: false`
/// for unknown attributes. Binary values are base64 text, compared exactly.
fn characteristics(def: Option<&Attribute>) -> (AttrType, bool) {
    let def = match def {
        Some(d) if d.ty == AttrType::Complex => d.sub_attribute("value"),
        other => other,
    };
    match def {
        Some(d) => (d.ty, d.case_exact || d.ty == AttrType::Binary),
        None => (AttrType::String, false),
    }
}

fn compare(target: &Target<'_, '_>, op: CompareOp, literal: &CompValue) -> bool {
    if op == CompareOp::Ne {
        return !compare(target, CompareOp::Eq, literal);
    }
    let values: Vec<&Value> = target
        .values(true)
        .into_iter()
        .filter(|v| is_present(v))
        .collect();
    if let CompValue::Null = literal {
        return op == CompareOp::Eq && values.is_empty();
    }
    let (ty, case_exact) = characteristics(target.def);
    values
        .into_iter()
        .any(|v| compare_one(v, op, literal, ty, case_exact))
}

/// One stored value against the literal, `op` being anything but `ne`.
fn compare_one(
    stored: &Value,
    op: CompareOp,
    literal: &CompValue,
    ty: AttrType,
    case_exact: bool,
) -> bool {
    match (stored, literal) {
        (Value::Bool(b), CompValue::Bool(l)) => op == CompareOp::Eq && b == l,
        (Value::Bool(b), CompValue::String(s)) => {
            op == CompareOp::Eq && bool_text(s).is_some_and(|l| l == *b)
        }
        (Value::Number(n), CompValue::Number(l)) => ordering_holds(op, compare_numbers(n, l)),
        (Value::String(s), CompValue::String(l)) => {
            if ty == AttrType::DateTime
                && let (Some(a), Some(b)) = (parse_instant(s), parse_instant(l))
            {
                if !op.is_substring() {
                    return ordering_holds(op, Some(a.cmp(&b)));
                }
            }
            compare_strings(s, l, op, case_exact)
        }
        // A boolean attribute stored as text by a lenient writer.
        (Value::String(s), CompValue::Bool(l)) if ty == AttrType::Boolean => {
            op == CompareOp::Eq && bool_text(s).is_some_and(|b| b == *l)
        }
        _ => false,
    }
}

/// `"true"` / `"false"` in any case.
pub(crate) fn bool_text(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// An RFC 3339 instant (`2011-08-01T18:29:49.793Z`).
pub(crate) fn parse_instant(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// Numbers compare exactly when both are integers, as `f64` otherwise.
pub(crate) fn compare_numbers(a: &Number, b: &Number) -> Option<Ordering> {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return Some(x.cmp(&y));
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return Some(x.cmp(&y));
    }
    a.as_f64()?.partial_cmp(&b.as_f64()?)
}

fn ordering_holds(op: CompareOp, ord: Option<Ordering>) -> bool {
    let Some(ord) = ord else {
        return false;
    };
    match op {
        CompareOp::Eq => ord == Ordering::Equal,
        CompareOp::Ne => ord != Ordering::Equal,
        CompareOp::Gt => ord == Ordering::Greater,
        CompareOp::Ge => ord != Ordering::Less,
        CompareOp::Lt => ord == Ordering::Less,
        CompareOp::Le => ord != Ordering::Greater,
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => false,
    }
}

fn compare_strings(stored: &str, literal: &str, op: CompareOp, case_exact: bool) -> bool {
    let (a, b) = if case_exact {
        (stored.to_owned(), literal.to_owned())
    } else {
        (stored.to_lowercase(), literal.to_lowercase())
    };
    match op {
        CompareOp::Co => a.contains(&b),
        CompareOp::Sw => a.starts_with(&b),
        CompareOp::Ew => a.ends_with(&b),
        _ => ordering_holds(op, Some(a.cmp(&b))),
    }
}

fn check(filter: &Filter, scope: &Scope<'_>, compliance: Compliance) -> Result<(), ScimError> {
    match filter {
        Filter::And(l, r) | Filter::Or(l, r) => {
            check(l, scope, compliance)?;
            check(r, scope, compliance)
        }
        Filter::Not(inner) => check(inner, scope, compliance),
        Filter::Present(_) => Ok(()),
        Filter::ValuePath(path, inner) => {
            let def = definition(path, scope);
            check(inner, &Scope::Element { parent: def }, compliance)
        }
        Filter::Compare(path, op, literal) => match definition(path, scope) {
            Some(def) => check_compare(path, def, *op, literal, compliance),
            None => Ok(()),
        },
    }
}

fn definition<'d>(path: &AttrPath, scope: &Scope<'d>) -> Option<&'d Attribute> {
    let def = match scope {
        Scope::Resource { rt, registry } => registry
            .resolve(rt, path.urn.as_deref(), &path.name)
            .map(|r| r.attribute),
        Scope::Element { parent } => parent.and_then(|p| p.sub_attribute(&path.name)),
    };
    match &path.sub {
        Some(sub) => def.and_then(|d| d.sub_attribute(sub)),
        None => def,
    }
}

fn check_compare(
    path: &AttrPath,
    def: &Attribute,
    op: CompareOp,
    literal: &CompValue,
    compliance: Compliance,
) -> Result<(), ScimError> {
    let effective = if def.ty == AttrType::Complex {
        match def.sub_attribute("value") {
            Some(v) => v,
            None => {
                return Err(ScimError::invalid_filter(format!(
                    "filter compares complex attribute \"{path}\" as a whole; name one of its \
                     sub-attributes (RFC 7644 §3.4.2.2)"
                )));
            }
        }
    } else {
        def
    };
    if matches!(literal, CompValue::Null) {
        return Ok(());
    }
    let type_name = match effective.ty {
        AttrType::String => "string",
        AttrType::Boolean => "boolean",
        AttrType::Decimal => "decimal",
        AttrType::Integer => "integer",
        AttrType::DateTime => "dateTime",
        AttrType::Binary => "binary",
        AttrType::Reference => "reference",
        AttrType::Complex => "complex",
    };
    let refuse = || {
        Err(ScimError::invalid_filter(format!(
            "filter operator \"{op}\" cannot be used on {type_name} attribute \"{path}\" \
             (RFC 7644 §3.4.2.2)"
        )))
    };
    match effective.ty {
        AttrType::Boolean | AttrType::Complex if op.is_ordering() || op.is_substring() => refuse(),
        AttrType::Binary if op.is_ordering() => refuse(),
        AttrType::Integer | AttrType::Decimal if op.is_substring() => refuse(),
        AttrType::DateTime if op.is_ordering() => match literal {
            CompValue::String(s) if parse_instant(s).is_none() => {
                Err(ScimError::invalid_filter(format!(
                    "filter compares dateTime attribute \"{path}\" with {}, which is not an \
                     RFC 3339 date-time (RFC 7643 §2.3.5)",
                    literal
                )))
            }
            _ => Ok(()),
        },
        AttrType::Boolean => match literal {
            CompValue::String(s) if compliance == Compliance::Strict => {
                Err(ScimError::invalid_filter(format!(
                    "filter compares boolean attribute \"{path}\" with the string {}; RFC 7644 \
                     §3.4.2.2 compares booleans with true/false",
                    CompValue::String(s.clone())
                )))
            }
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}
