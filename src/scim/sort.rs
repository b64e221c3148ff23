//! `sortBy` / `sortOrder` (RFC 7644 §3.4.2.3): the order of query results.
//!
//! A resource sorts by one value of the `sortBy` attribute: for a multi-valued attribute the
//! primary element's, else the first element's (a complex element contributes its `value`,
//! or the named sub-attribute). Strings compare without regard to case unless the attribute
//! is `caseExact`; numbers and date-times compare by value. Resources without a value "are
//! ordered last if ascending and first if descending" (RFC 7644 §3.4.2.3), which is the
//! ascending order reversed. Callers should sort stably (`slice::sort_by`) and start from a
//! stable order (e.g. by creation) so pages do not shuffle.

use std::cmp::Ordering;

use serde_json::Value;

use super::ScimError;
use super::filter::{AttrPath, get_ci};
use super::schema::{AttrType, Attribute, Registry, ResourceType};

/// `sortOrder`: `ascending` (the default) or `descending`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    #[default]
    Ascending,
    Descending,
}

impl SortOrder {
    /// Parse a `sortOrder` parameter. The RFC spells the values in lower case and calls them
    /// case sensitive; any case is accepted here, other words are 400 `invalidValue`.
    pub fn parse(input: &str) -> Result<SortOrder, ScimError> {
        let trimmed = input.trim();
        if trimmed.eq_ignore_ascii_case("ascending") {
            Ok(SortOrder::Ascending)
        } else if trimmed.eq_ignore_ascii_case("descending") {
            Ok(SortOrder::Descending)
        } else {
            Err(ScimError::invalid_value(format!(
                "sortOrder {} is not \"ascending\" or \"descending\" (RFC 7644 §3.4.2.3)",
                serde_json::to_string(input).unwrap_or_default()
            )))
        }
    }

    pub fn is_descending(self) -> bool {
        self == SortOrder::Descending
    }
}

/// Parse a `sortBy` parameter: one attribute path (`userName`, `name.familyName`,
/// `emails.value`, `urn:…:User:employeeNumber`); errors are 400 `invalidValue`.
pub fn parse_sort_by(input: &str) -> Result<AttrPath, ScimError> {
    super::filter::parse_attr_path(input).map_err(|e| {
        ScimError::invalid_value(format!(
            "sortBy {} is not an attribute path: {} (RFC 7644 §3.4.2.3)",
            serde_json::to_string(input).unwrap_or_default(),
            e.detail
        ))
    })
}

/// Compare two stored resources of type `rt` by the `by` attribute.
pub fn compare(
    a: &Value,
    b: &Value,
    by: &AttrPath,
    descending: bool,
    rt: &ResourceType,
    registry: &Registry,
) -> Ordering {
    let key = SortKey::new(by, rt, registry);
    key.compare(a, b, descending)
}

/// A resolved `sortBy`: build it once, then compare many resources.
#[derive(Clone, Debug)]
pub struct SortKey<'r> {
    path: AttrPath,
    /// The schema URN when the attribute lives in an extension object.
    extension: Option<String>,
    def: Option<&'r Attribute>,
    /// The definition of the compared value (the sub-attribute's, or `value`'s).
    leaf: Option<&'r Attribute>,
}

impl<'r> SortKey<'r> {
    pub fn new(by: &AttrPath, rt: &ResourceType, registry: &'r Registry) -> SortKey<'r> {
        let resolved = registry.resolve(rt, by.urn.as_deref(), &by.name);
        let extension = match (&resolved, &by.urn) {
            (Some(r), _) if r.in_extension => Some(r.schema.to_owned()),
            (Some(_), _) => None,
            (None, Some(urn)) if !urn.eq_ignore_ascii_case(rt.schema) => Some(urn.clone()),
            (None, _) => None,
        };
        let def = resolved.map(|r| r.attribute);
        let leaf = match (&by.sub, def) {
            (Some(sub), Some(d)) => d.sub_attribute(sub),
            (None, Some(d)) if d.ty == AttrType::Complex => d.sub_attribute("value"),
            (_, d) => d,
        };
        SortKey {
            path: by.clone(),
            extension,
            def,
            leaf,
        }
    }

    /// Ascending with missing values last, reversed when `descending`.
    pub fn compare(&self, a: &Value, b: &Value, descending: bool) -> Ordering {
        let ord = match (self.value_of(a), self.value_of(b)) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(x), Some(y)) => self.compare_values(x, y),
        };
        if descending { ord.reverse() } else { ord }
    }

    /// The one value `resource` sorts by, if it has one.
    pub fn value_of<'v>(&self, resource: &'v Value) -> Option<&'v Value> {
        let obj = resource.as_object()?;
        let container = match &self.extension {
            Some(urn) => get_ci(obj, urn)?.as_object()?,
            None => obj,
        };
        let mut value = get_ci(container, &self.path.name)?;
        if let Value::Array(items) = value {
            let primary = items.iter().find(|item| {
                item.as_object()
                    .and_then(|o| get_ci(o, "primary"))
                    .is_some_and(|p| p == &Value::Bool(true))
            });
            value = primary.or_else(|| items.first())?;
        }
        if let Value::Object(element) = value {
            let sub = self.path.sub.as_deref().unwrap_or("value");
            value = get_ci(element, sub)?;
        } else if self.path.sub.is_some() {
            return None;
        }
        match value {
            Value::Null => None,
            Value::String(s) if s.is_empty() => None,
            Value::Array(_) | Value::Object(_) => None,
            v => Some(v),
        }
    }

    fn compare_values(&self, x: &Value, y: &Value) -> Ordering {
        let (ty, case_exact) = match self.leaf {
            Some(d) => (d.ty, d.case_exact || d.ty == AttrType::Binary),
            None => (AttrType::String, self.def.is_some_and(|d| d.case_exact)),
        };
        match (x, y) {
            (Value::Number(a), Value::Number(b)) => {
                crate::scim::filter::compare_numbers(a, b).unwrap_or(Ordering::Equal)
            }
            (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
            (Value::String(a), Value::String(b)) => {
                if ty == AttrType::DateTime
                    && let (Some(p), Some(q)) = (
                        crate::scim::filter::parse_instant(a),
                        crate::scim::filter::parse_instant(b),
                    )
                {
                    return p.cmp(&q);
                }
                if case_exact {
                    a.cmp(b)
                } else {
                    a.to_lowercase().cmp(&b.to_lowercase())
                }
            }
            // Mixed JSON types (only possible for unknown attributes): a fixed order by kind.
            _ => kind(x).cmp(&kind(y)),
        }
    }
}

fn kind(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scim::schema::ENTERPRISE_USER_SCHEMA;
    use serde_json::json;

    fn users() -> Vec<Value> {
        vec![
            json!({"id": "a", "userName": "carol", "meta": {"created": "2020-01-02T00:00:00Z"},
                   "emails": [{"value": "z@x", "type": "home"}, {"value": "B@x", "primary": true}],
                   ENTERPRISE_USER_SCHEMA: {"employeeNumber": "7"}, "score": 10}),
            json!({"id": "B", "userName": "Alice", "meta": {"created": "2020-01-01T23:00:00-02:00"},
                   "emails": [{"value": "c@x"}, {"value": "a@x"}], "score": 2.5}),
            json!({"id": "c", "meta": {"created": "2019-12-31T00:00:00Z"},
                   ENTERPRISE_USER_SCHEMA: {"employeeNumber": "10"}, "score": -1}),
            json!({"id": "d", "userName": "bob", "emails": [], "name": {"familyName": ""}}),
        ]
    }

    fn order(by: &str, descending: bool) -> Vec<String> {
        let registry = Registry::standard();
        let rt = registry.resource_type("User").expect("User");
        let by = parse_sort_by(by).expect("sortBy");
        let mut list = users();
        list.sort_by(|a, b| compare(a, b, &by, descending, rt, registry));
        list.iter()
            .map(|u| u["id"].as_str().unwrap_or("?").to_owned())
            .collect()
    }

    #[test]
    fn sorts_by_type_and_case_rules_missing_last_ascending() {
        let table: &[(&str, bool, [&str; 4])] = &[
            ("userName", false, ["B", "d", "a", "c"]),
            ("USERNAME", true, ["c", "a", "d", "B"]),
            // caseExact `id`: "B" sorts before lower case letters.
            ("id", false, ["B", "a", "c", "d"]),
            // Primary email of "a" is "B@x"; "B" has no primary, so its first: "c@x".
            ("emails", false, ["a", "B", "c", "d"]),
            ("emails.value", false, ["a", "B", "c", "d"]),
            // Missing values come first when descending; ties keep their order (stable sort).
            ("emails.value", true, ["c", "d", "B", "a"]),
            // Chronological, not textual: 23:00-02:00 is 01:00Z on the 2nd.
            ("meta.created", false, ["c", "a", "B", "d"]),
            ("score", false, ["c", "B", "a", "d"]),
            ("score", true, ["d", "a", "B", "c"]),
            (
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
                false,
                ["c", "a", "B", "d"],
            ),
            ("employeeNumber", false, ["c", "a", "B", "d"]),
            ("name.familyName", false, ["a", "B", "c", "d"]),
        ];
        for (by, descending, expected) in table {
            assert_eq!(
                order(by, *descending),
                expected,
                "{by} descending={descending}"
            );
        }
    }

    #[test]
    fn parses_parameters() {
        assert_eq!(SortOrder::parse("ascending"), Ok(SortOrder::Ascending));
        assert_eq!(SortOrder::parse("Descending"), Ok(SortOrder::Descending));
        assert!(
            SortOrder::default() == SortOrder::Ascending && !SortOrder::Ascending.is_descending()
        );
        let err = SortOrder::parse("up").expect_err("up");
        assert_eq!(err.scim_type, Some(crate::scim::ScimType::InvalidValue));
        assert_eq!(
            parse_sort_by(" name.familyName ")
                .expect("path")
                .to_string(),
            "name.familyName"
        );
        for bad in ["", "a b", "emails[type eq \"x\"]", "a,b"] {
            let err = parse_sort_by(bad).expect_err(bad);
            assert_eq!(
                err.scim_type,
                Some(crate::scim::ScimType::InvalidValue),
                "{bad}"
            );
        }
    }
}
