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
//! - tolerance (docs/idp/entra.md §1.8, Q3): the strings `"true"` / `"false"` in any case match the
//!   stored booleans; `validate` rejects them under [`Compliance::Strict`].

use std::cmp::Ordering;

use crate::scim::keys::get_ci;
use serde_json::{Map, Number, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::ast::{AttrPath, CompValue, CompareOp, Filter};
use crate::scim::schema::{AttrType, Attribute, Registry, ResourceType};
use crate::scim::{Compliance, ScimError, ScimType, Tolerance};

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

/// [`validate`] for the filter of a PATCH value path (`roles[primary eq "True"]`), whose names
/// are relative to the elements of `attribute` (`None` when the attribute is unknown).
pub fn validate_element(
    filter: &Filter,
    attribute: Option<&Attribute>,
    compliance: Compliance,
) -> Result<(), ScimError> {
    check(filter, &Scope::Element { parent: attribute }, compliance)
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
                && !op.is_substring()
                && let (Some(a), Some(b)) = (parse_instant(s), parse_instant(l))
            {
                return ordering_holds(op, Some(a.cmp(&b)));
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
            if let Some(d) = def.filter(|d| d.ty != AttrType::Complex) {
                return Err(ScimError::invalid_filter(format!(
                    "filter applies the value filter \"[{inner}]\" to \"{path}\", a {} attribute \
                     without sub-attributes (RFC 7644 §3.4.2.2 valuePath)",
                    type_name(d.ty)
                )));
            }
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

fn type_name(ty: AttrType) -> &'static str {
    match ty {
        AttrType::String => "string",
        AttrType::Boolean => "boolean",
        AttrType::Decimal => "decimal",
        AttrType::Integer => "integer",
        AttrType::DateTime => "dateTime",
        AttrType::Binary => "binary",
        AttrType::Reference => "reference",
        AttrType::Complex => "complex",
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
    let type_name = type_name(effective.ty);
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
            // The one home of this rule for filters and PATCH path filters alike.
            CompValue::String(s) => {
                compliance.tolerate(Tolerance::StringBoolean, ScimType::InvalidFilter, || {
                    format!(
                        "filter compares boolean attribute \"{path}\" with the string {}",
                        CompValue::String(s.clone())
                    )
                })
            }
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scim::filter::parse;
    use crate::scim::schema::ENTERPRISE_USER_SCHEMA;
    use serde_json::json;

    fn user() -> Value {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE_USER_SCHEMA],
            "id": "2819c223-7f76-453a-919d-413861904646",
            "externalId": "BJensen",
            "userName": "bjensen@example.com",
            "name": {"familyName": "Jensen", "givenName": "Barbara"},
            "displayName": "Babs Jensen",
            "title": "",
            "active": true,
            "emails": [
                {"value": "bjensen@example.com", "type": "work", "primary": true},
                {"value": "babs@jensen.org", "type": "home"}
            ],
            "roles": [{"value": "admin", "primary": true}],
            "meta": {
                "resourceType": "User",
                "created": "2010-01-23T04:56:22Z",
                "lastModified": "2011-05-13T04:42:34+02:00"
            },
            ENTERPRISE_USER_SCHEMA: {
                "employeeNumber": "701984",
                "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d"}
            },
            "customScore": 12.5,
            "CustomFlag": false,
            "urn:example:custom:2.0:User": {"badge": "B-17"}
        })
    }

    fn group() -> Value {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "id": "e9e30dba",
            "displayName": "Tour Guides",
            "members": [
                {"value": "2819c223-7f76-453a-919d-413861904646", "type": "User"},
                {"value": "902c246b", "display": null}
            ]
        })
    }

    fn check(resource: &Value, rt: &str, table: &[(&str, bool)]) {
        let registry = Registry::standard();
        let rt = registry.resource_type(rt).expect("resource type");
        for (input, expected) in table {
            let filter = parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(
                matches(&filter, resource, rt, registry),
                *expected,
                "{input}"
            );
        }
    }

    #[test]
    fn strings_follow_case_exact() {
        check(
            &user(),
            "User",
            &[
                (r#"userName eq "BJENSEN@example.com""#, true),
                (r#"USERNAME EQ "bjensen@example.com""#, true),
                (r#"displayName co "babs""#, true),
                (r#"displayName sw "BABS""#, true),
                (r#"displayName ew "JENSEN""#, true),
                (r#"displayName ew "Babs""#, false),
                (r#"emails.value eq "BABS@JENSEN.ORG""#, true),
                (r#"id eq "2819c223-7f76-453a-919d-413861904646""#, true),
                (r#"id eq "2819C223-7F76-453A-919D-413861904646""#, false),
                (r#"externalId eq "BJensen""#, true),
                (r#"externalId eq "bjensen""#, false),
                (r#"meta.resourceType eq "user""#, false),
                (r#"meta.resourceType eq "User""#, true),
                (r#"name.familyName eq "jensen""#, true),
                (r#"userName gt "a""#, true),
                (r#"userName lt "a""#, false),
                (r#"userName ge "BJENSEN@EXAMPLE.COM""#, true),
                (r#"userName le "bjensen@example.com""#, true),
                (r#"userName ne "someone""#, true),
                (r#"userName ne "BJensen@Example.com""#, false),
            ],
        );
    }

    #[test]
    fn booleans_numbers_and_date_times() {
        check(
            &user(),
            "User",
            &[
                ("active eq true", true),
                ("active eq false", false),
                ("active ne false", true),
                ("customScore gt 12", true),
                ("customScore eq 12.5", true),
                ("customScore le 12.4", false),
                ("customflag eq false", true),
                (r#"meta.created lt "2011-01-01T00:00:00Z""#, true),
                (r#"meta.created eq "2010-01-23T05:56:22+01:00""#, true),
                (r#"meta.lastModified gt "2011-05-13T03:00:00Z""#, false),
                (r#"meta.lastModified ge "2011-05-13T02:42:34Z""#, true),
                (r#"meta.lastModified lt "2011-05-13T02:42:35Z""#, true),
                (r#"meta.created sw "2010-01""#, true),
            ],
        );
    }

    #[test]
    fn tolerates_boolean_strings() {
        check(
            &user(),
            "User",
            &[
                (r#"roles[primary eq "True"]"#, true),
                (r#"roles[primary eq "true"].value eq "ADMIN""#, true),
                (r#"emails[primary eq "False"]"#, false),
                (r#"active eq "TRUE""#, true),
                (r#"active eq "yes""#, false),
            ],
        );
    }

    #[test]
    fn multi_valued_value_paths_and_presence() {
        check(
            &user(),
            "User",
            &[
                (r#"emails co "jensen.org""#, true),
                (r#"emails eq "nobody@x""#, false),
                (
                    r#"emails[type eq "work" and value co "@example.com"]"#,
                    true,
                ),
                (
                    r#"emails[type eq "home" and value co "@example.com"]"#,
                    false,
                ),
                (
                    r#"emails[type eq "work"].value eq "BJENSEN@example.com""#,
                    true,
                ),
                (
                    r#"emails[type eq "home"].value eq "bjensen@example.com""#,
                    false,
                ),
                (r#"emails[not (type eq "work")]"#, true),
                (r#"emails.type eq "home""#, true),
                ("emails pr", true),
                ("emails[type eq \"work\"].display pr", false),
                ("phoneNumbers pr", false),
                ("title pr", false),
                ("name pr", true),
                ("nickName pr", false),
                ("title eq null", true),
                ("nickName eq null", true),
                ("userName eq null", false),
                ("userName ne null", true),
                ("nickName ne \"x\"", true),
                ("not (userName pr)", false),
                (r#"name[givenName eq "barbara"]"#, true),
            ],
        );
    }

    #[test]
    fn extensions_and_unknown_attributes() {
        check(
            &user(),
            "User",
            &[
                (
                    r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984""#,
                    true,
                ),
                (r#"employeeNumber eq "701984""#, true),
                (
                    r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d""#,
                    true,
                ),
                (
                    r#"URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:USERNAME eq "bjensen@example.com""#,
                    true,
                ),
                (r#"urn:example:custom:2.0:User:badge eq "b-17""#, true),
                (
                    r#"schemas eq "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER""#,
                    true,
                ),
                (r#"unknownThing eq "x""#, false),
                (r#"unknownThing pr"#, false),
            ],
        );
    }

    #[test]
    fn group_members_compare_their_value() {
        check(
            &group(),
            "Group",
            &[
                (r#"members eq "2819c223-7f76-453a-919d-413861904646""#, true),
                (r#"members eq "nope""#, false),
                (r#"members[value eq "902c246b"]"#, true),
                (
                    r#"displayName eq "tour guides" and members[value eq "902c246b"]"#,
                    true,
                ),
                (
                    r#"displayName eq "tour guides" and members[value eq "x"]"#,
                    false,
                ),
                (r#"members[display pr]"#, false),
            ],
        );
    }

    #[test]
    fn element_matching_for_patch_value_paths() {
        let registry = Registry::standard();
        let rt = registry.resource_type("User").expect("User");
        let emails = registry.resolve(rt, None, "emails").map(|r| r.attribute);
        let f = parse(r#"type eq "WORK" and primary eq "True""#).expect("filter");
        assert!(matches_element(
            &f,
            &json!({"type": "work", "primary": true}),
            emails
        ));
        assert!(!matches_element(
            &f,
            &json!({"type": "home", "primary": true}),
            emails
        ));
        assert!(!matches_element(&f, &json!("work"), emails));
    }

    fn validate_with(input: &str, rt: &str, compliance: Compliance) -> Result<(), ScimError> {
        let registry = Registry::standard();
        let rt = registry.resource_type(rt).expect("resource type");
        validate(&parse(input).expect("filter"), rt, registry, compliance)
    }

    #[test]
    fn validate_rejects_operators_that_make_no_sense_for_the_type() {
        let rejected: &[(&str, &str)] = &[
            (
                "active gt true",
                r#"operator "gt" cannot be used on boolean attribute "active""#,
            ),
            ("active co \"t\"", "boolean"),
            (
                r#"emails[primary lt true]"#,
                r#"boolean attribute "primary""#,
            ),
            (r#"x509Certificates.value ge "YQ==""#, "binary"),
            (r#"name eq "x""#, "complex attribute \"name\" as a whole"),
            (
                r#"meta.created gt "yesterday""#,
                "not an RFC 3339 date-time",
            ),
        ];
        for mode in [Compliance::Tolerant, Compliance::Strict] {
            for (input, fragment) in rejected {
                let err = validate_with(input, "User", mode).expect_err(input);
                assert_eq!(err.scim_type, Some(crate::scim::ScimType::InvalidFilter));
                assert!(err.detail.contains(fragment), "{input}: {}", err.detail);
            }
            for input in [
                r#"userName eq "x" and active eq true"#,
                r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
                r#"members eq "abc""#,
                r#"emails co "x""#,
                "title eq null",
                r#"customThing gt "x""#,
                r#"x509Certificates.value eq "YQ==""#,
            ] {
                let rt = if input.starts_with("members") {
                    "Group"
                } else {
                    "User"
                };
                assert_eq!(validate_with(input, rt, mode), Ok(()), "{input}");
            }
        }
    }

    #[test]
    fn strict_mode_rejects_boolean_strings() {
        let input = r#"roles[primary eq "True"]"#;
        assert_eq!(validate_with(input, "User", Compliance::Tolerant), Ok(()));
        let err = validate_with(input, "User", Compliance::Strict).expect_err("strict");
        assert_eq!(
            err.detail,
            r#"filter compares boolean attribute "primary" with the string "True" (RFC 7643 §2.3.2: booleans are JSON true/false; tolerated by default as string-boolean)"#
        );
        assert_eq!(err.scim_type, Some(ScimType::InvalidFilter));
        assert!(validate_with(r#"active eq "false""#, "User", Compliance::Strict).is_err());
        assert_eq!(
            validate_with("active eq false", "User", Compliance::Strict),
            Ok(())
        );
    }

    proptest::proptest! {
        #[test]
        fn evaluation_never_panics_and_not_negates(f in crate::scim::filter::ast::arb::arb_filter()) {
            let registry = Registry::standard();
            for (resource, rt) in [(user(), "User"), (group(), "Group")] {
                let rt = registry.resource_type(rt).expect("resource type");
                let m = matches(&f, &resource, rt, registry);
                let negated = Filter::Not(Box::new(f.clone()));
                proptest::prop_assert_eq!(matches(&negated, &resource, rt, registry), !m);
                let _ = validate(&f, rt, registry, Compliance::Strict);
                let _ = validate(&f, rt, registry, Compliance::Tolerant);
            }
        }
    }
}
