//! Saving and asserting on the JSON of the last response: pointers, subset matches, document
//! kinds (schema validation), list-wide checks and sort order.

use std::cmp::Ordering;

use cucumber::{given, then, when};
use serde_json::Value;

use super::super::expect::{
    ValueCheck, evaluate, includes, literal, map_strings, parse_check, show,
};
use super::super::failure::CheckFailure;
use super::super::schema::Kind;
use super::super::world::{ScimWorld, check_document};
use super::{names, saved_id, text};

#[given(regex = r#"^the response is saved as "((?:[^"\\]|\\.)*)"$"#)]
#[when(regex = r#"^the response is saved as "((?:[^"\\]|\\.)*)"$"#)]
#[then(regex = r#"^the response is saved as "((?:[^"\\]|\\.)*)"$"#)]
fn response_saved(world: &mut ScimWorld, name: String) -> Result<(), CheckFailure> {
    let name = text(world, &name)?;
    let body = world.last_json()?;
    world.saved.insert(name, body);
    Ok(())
}

/// Expand templates inside the strings of an expected JSON value.
fn expected(world: &mut ScimWorld, value: &Value) -> Result<Value, CheckFailure> {
    let expanded = map_strings(value, &|s| world.expand_text(s));
    expanded.map_err(|e| world.feature_error(e))
}

fn expand_check(world: &mut ScimWorld, check: ValueCheck) -> Result<ValueCheck, CheckFailure> {
    Ok(match check {
        ValueCheck::Equals(v) => ValueCheck::Equals(expected(world, &v)?),
        ValueCheck::EqualsIgnoringCase(v) => ValueCheck::EqualsIgnoringCase(expected(world, &v)?),
        ValueCheck::NotEquals(v) => ValueCheck::NotEquals(expected(world, &v)?),
        ValueCheck::Contains(v) => ValueCheck::Contains(expected(world, &v)?),
        ValueCheck::NotContains(v) => ValueCheck::NotContains(expected(world, &v)?),
        ValueCheck::SaveAs(n) => ValueCheck::SaveAs(world.expand(&n)?),
        other => other,
    })
}

#[given(regex = r#"^the value at "((?:[^"\\]|\\.)*)" (.+)$"#)]
#[when(regex = r#"^the value at "((?:[^"\\]|\\.)*)" (.+)$"#)]
#[then(regex = r#"^the value at "((?:[^"\\]|\\.)*)" (.+)$"#)]
fn value_at(world: &mut ScimWorld, pointer: String, check: String) -> Result<(), CheckFailure> {
    let pointer = text(world, &pointer)?;
    let check = parse_check(&check).map_err(|e| world.feature_error(e))?;
    let check = expand_check(world, check)?;
    let body = world.last_json()?;
    let actual = body.pointer(&pointer);
    if let ValueCheck::SaveAs(name) = &check {
        let Some(value) = actual.cloned() else {
            return Err(world.violation(format!(
                "value at {pointer}: expected a value to save as {name:?}, got nothing (absent)"
            )));
        };
        world.saved.insert(name.clone(), value);
        return Ok(());
    }
    evaluate(&pointer, actual, &check).map_err(|headline| world.violation(headline))
}

#[given(regex = r"^the response body includes:?$")]
#[when(regex = r"^the response body includes:?$")]
#[then(regex = r"^the response body includes:?$")]
fn body_includes(
    world: &mut ScimWorld,
    step: &cucumber::gherkin::Step,
) -> Result<(), CheckFailure> {
    let Some(doc) = &step.docstring else {
        return Err(world.feature_error("`the response body includes:` needs a doc string"));
    };
    let doc = world.expand(super::http::docstring(doc))?;
    let want = literal(&doc).map_err(|e| world.feature_error(e))?;
    let body = world.last_json()?;
    if includes(&body, &want) {
        return Ok(());
    }
    Err(world.violation(format!(
        "response body: expected it to include {}",
        show(Some(&want))
    )))
}

/// The elements of `/Resources` of the last response (absent means none).
fn resources(world: &mut ScimWorld) -> Result<Vec<Value>, CheckFailure> {
    let body = world.last_json()?;
    match body.get("Resources") {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items.clone()),
        Some(other) => Err(world.violation(format!(
            "value at /Resources: expected an array, got {}",
            show(Some(other))
        ))),
    }
}

#[given(regex = r#"^every resource has the value at "((?:[^"\\]|\\.)*)" (.+)$"#)]
#[when(regex = r#"^every resource has the value at "((?:[^"\\]|\\.)*)" (.+)$"#)]
#[then(regex = r#"^every resource has the value at "((?:[^"\\]|\\.)*)" (.+)$"#)]
fn every_resource(
    world: &mut ScimWorld,
    pointer: String,
    check: String,
) -> Result<(), CheckFailure> {
    let pointer = text(world, &pointer)?;
    let check = match check.trim() {
        "present" => ValueCheck::Present,
        "absent" => ValueCheck::Absent,
        other => match other.strip_prefix("equal to ") {
            Some(json) => ValueCheck::Equals(literal(json).map_err(|e| world.feature_error(e))?),
            None => {
                return Err(
                    world.feature_error(format!("unknown check {other:?} (see features/STEPS.md)"))
                );
            }
        },
    };
    let check = expand_check(world, check)?;
    for (i, resource) in resources(world)?.iter().enumerate() {
        let at = format!("/Resources/{i}{pointer}");
        if let Err(headline) = evaluate(&at, resource.pointer(&pointer), &check) {
            return Err(world.violation(headline));
        }
    }
    Ok(())
}

#[given(regex = r#"^the resources are sorted by "((?:[^"\\]|\\.)*)" (ascending|descending)$"#)]
#[when(regex = r#"^the resources are sorted by "((?:[^"\\]|\\.)*)" (ascending|descending)$"#)]
#[then(regex = r#"^the resources are sorted by "((?:[^"\\]|\\.)*)" (ascending|descending)$"#)]
fn resources_sorted(
    world: &mut ScimWorld,
    pointer: String,
    order: String,
) -> Result<(), CheckFailure> {
    let pointer = text(world, &pointer)?;
    let keys: Vec<Option<Value>> = resources(world)?
        .iter()
        .map(|r| r.pointer(&pointer).cloned())
        .collect();
    let descending = order == "descending";
    for (i, pair) in keys.windows(2).enumerate() {
        let ord = sort_order(pair[0].as_ref(), pair[1].as_ref());
        let wrong = if descending {
            ord == Ordering::Less
        } else {
            ord == Ordering::Greater
        };
        if wrong {
            return Err(world
                .violation(format!(
                    "sort order: expected /Resources sorted by {pointer} {order}, but item {i} {} comes before item {} {}",
                    show(pair[0].as_ref()),
                    i + 1,
                    show(pair[1].as_ref())
                ))
                .with_hint("sort case-insensitively for strings; resources without the value go last (RFC 7644 §3.4.2.3)"));
        }
    }
    Ok(())
}

/// Ascending order of sort keys: strings case-insensitively, missing values last.
fn sort_order(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(Value::String(x)), Some(Value::String(y))) => x.to_lowercase().cmp(&y.to_lowercase()),
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(x), Some(y)) => x.to_string().cmp(&y.to_string()),
    }
}

#[given(regex = r#"^the member values at "((?:[^"\\]|\\.)*)" are exactly "((?:[^"\\]|\\.)*)"$"#)]
#[when(regex = r#"^the member values at "((?:[^"\\]|\\.)*)" are exactly "((?:[^"\\]|\\.)*)"$"#)]
#[then(regex = r#"^the member values at "((?:[^"\\]|\\.)*)" are exactly "((?:[^"\\]|\\.)*)"$"#)]
fn member_values(world: &mut ScimWorld, pointer: String, list: String) -> Result<(), CheckFailure> {
    let pointer = text(world, &pointer)?;
    let list = text(world, &list)?;
    let body = world.last_json()?;
    let got = values_at(body.pointer(&pointer));
    expect_ids(
        world,
        &format!("value fields at {pointer}"),
        got,
        &names(&list),
    )
}

/// The `value` fields of an array of references (absent means none).
pub(super) fn values_at(array: Option<&Value>) -> Vec<String> {
    array
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|m| {
                    m.get("value")
                        .and_then(Value::as_str)
                        .map_or_else(|| m.to_string(), str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Compare ids (any order) with the ids of the named saved resources.
pub(super) fn expect_ids(
    world: &mut ScimWorld,
    what: &str,
    mut got: Vec<String>,
    expected_names: &[String],
) -> Result<(), CheckFailure> {
    let mut want = Vec::new();
    for name in expected_names {
        want.push((saved_id(world, name)?, name.clone()));
    }
    let mut want_ids: Vec<String> = want.iter().map(|(id, _)| id.clone()).collect();
    want_ids.sort();
    got.sort();
    if got == want_ids {
        return Ok(());
    }
    let shown: Vec<String> = want.iter().map(|(id, n)| format!("{n}={id}")).collect();
    Err(world.violation(format!(
        "{what}: expected exactly [{}], got [{}]",
        shown.join(", "),
        got.join(", ")
    )))
}

#[given(
    regex = r"^the response is a valid (User|EnterpriseUser|Group|ListResponse|Error|PatchOp|SearchRequest|ServiceProviderConfig|ResourceType|Schema)$"
)]
#[when(
    regex = r"^the response is a valid (User|EnterpriseUser|Group|ListResponse|Error|PatchOp|SearchRequest|ServiceProviderConfig|ResourceType|Schema)$"
)]
#[then(
    regex = r"^the response is a valid (User|EnterpriseUser|Group|ListResponse|Error|PatchOp|SearchRequest|ServiceProviderConfig|ResourceType|Schema)$"
)]
fn valid_document(world: &mut ScimWorld, kind: String) -> Result<(), CheckFailure> {
    let kind: Kind = kind.parse().map_err(|e: String| world.feature_error(e))?;
    let body = world.last_json()?;
    check_document(world, &body, kind, None)
}

#[given(regex = r"^the response is a ListResponse of (Users|Groups)$")]
#[when(regex = r"^the response is a ListResponse of (Users|Groups)$")]
#[then(regex = r"^the response is a ListResponse of (Users|Groups)$")]
fn list_of(world: &mut ScimWorld, of: String) -> Result<(), CheckFailure> {
    let item = if of == "Users" {
        Kind::User
    } else {
        Kind::Group
    };
    let body = world.last_json()?;
    check_document(world, &body, Kind::ListResponse, Some(item))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sort_keys_compare_case_insensitively_with_missing_last() {
        assert_eq!(
            sort_order(Some(&json!("a")), Some(&json!("B"))),
            Ordering::Less
        );
        assert_eq!(sort_order(None, Some(&json!("a"))), Ordering::Greater);
        assert_eq!(
            sort_order(Some(&json!(2)), Some(&json!(10))),
            Ordering::Less
        );
    }

    #[test]
    fn member_values_are_read_from_value_fields() {
        assert_eq!(
            values_at(Some(&json!([{"value": "a"}, {"value": "b"}]))),
            ["a", "b"]
        );
        assert!(values_at(None).is_empty());
    }
}
