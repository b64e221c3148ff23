//! Errors that hold in both modes, and the operation limit.

use serde_json::{Value, json};

use super::*;

/// One row: name, resource type, PatchOp body, expected status, `scimType`, text the detail holds.
type ErrorCase = (
    &'static str,
    &'static str,
    Value,
    u16,
    Option<ScimType>,
    &'static str,
);

/// Errors that hold in both modes.
#[test]
fn errors() {
    let cases: Vec<ErrorCase> = vec![
        (
            "not-object",
            "User",
            json!([1]),
            400,
            Some(ScimType::InvalidSyntax),
            "JSON object",
        ),
        (
            "no-op",
            "User",
            body(json!([{"path":"userName","value":"x"}])),
            400,
            Some(ScimType::InvalidSyntax),
            "no \"op\"",
        ),
        (
            "bad-op",
            "User",
            body(json!([{"op":"merge","path":"userName","value":"x"}])),
            400,
            Some(ScimType::InvalidSyntax),
            "not one of add, remove, replace",
        ),
        (
            "no-operations",
            "User",
            json!({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}),
            400,
            Some(ScimType::InvalidSyntax),
            "\"Operations\"",
        ),
        (
            "empty-operations",
            "User",
            body(json!([])),
            400,
            Some(ScimType::InvalidSyntax),
            "at least one",
        ),
        (
            "bad-path",
            "User",
            body(json!([{"op":"add","path":"emails[type eq","value":"x"}])),
            400,
            Some(ScimType::InvalidPath),
            "",
        ),
        (
            "add-no-value",
            "User",
            body(json!([{"op":"add","path":"title"}])),
            400,
            Some(ScimType::InvalidSyntax),
            "needs a \"value\"",
        ),
        (
            "remove-no-path",
            "User",
            body(json!([{"op":"remove"}])),
            400,
            Some(ScimType::NoTarget),
            "needs a \"path\"",
        ),
        (
            "read-only-id",
            "User",
            body(json!([{"op":"replace","path":"id","value":"x"}])),
            400,
            Some(ScimType::Mutability),
            "readOnly",
        ),
        (
            "read-only-meta",
            "User",
            body(json!([{"op":"replace","path":"meta.version","value":"x"}])),
            400,
            Some(ScimType::Mutability),
            "readOnly",
        ),
        (
            "read-only-groups",
            "User",
            body(json!([{"op":"add","path":"groups","value":[{"value":"g"}]}])),
            400,
            Some(ScimType::Mutability),
            "readOnly",
        ),
        (
            "read-only-sub",
            "User",
            body(
                json!([{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName","value":"x"}]),
            ),
            400,
            Some(ScimType::Mutability),
            "readOnly",
        ),
        (
            "immutable-member-value",
            "Group",
            body(json!([{"op":"replace","path":"members[value eq \"u1\"].value","value":"u7"}])),
            400,
            Some(ScimType::Mutability),
            "immutable",
        ),
        (
            "wrong-type",
            "User",
            body(json!([{"op":"replace","path":"active","value":5}])),
            400,
            Some(ScimType::InvalidValue),
            "\"active\" must be a JSON boolean",
        ),
        (
            "wrong-type-pathless",
            "User",
            body(json!([{"op":"replace","value":{"userName":["a"]}}])),
            400,
            Some(ScimType::InvalidValue),
            "JSON string",
        ),
        (
            "pathless-not-object",
            "User",
            body(json!([{"op":"add","value":"x"}])),
            400,
            Some(ScimType::InvalidValue),
            "path-less",
        ),
        (
            "remove-required",
            "User",
            body(json!([{"op":"remove","path":"userName"}])),
            400,
            Some(ScimType::InvalidValue),
            "\"userName\" is required",
        ),
        (
            "unknown-sub",
            "User",
            body(json!([{"op":"replace","path":"name.nickname","value":"x"}])),
            400,
            Some(ScimType::InvalidPath),
            "no sub-attribute",
        ),
        (
            "filter-on-simple",
            "User",
            body(json!([{"op":"replace","path":"userName[value eq \"x\"]","value":"x"}])),
            400,
            Some(ScimType::InvalidPath),
            "complex",
        ),
        (
            "two-primaries",
            "User",
            body(
                json!([{"op":"add","path":"emails","value":[{"value":"a","primary":true},{"value":"b","primary":true}]}]),
            ),
            400,
            Some(ScimType::InvalidValue),
            "at most one",
        ),
        (
            "member-without-value",
            "Group",
            body(json!([{"op":"add","path":"members","value":[{"display":"x"}]}])),
            400,
            Some(ScimType::InvalidValue),
            "\"value\"",
        ),
    ];
    for (name, rt, b, status, ty, needle) in &cases {
        for mode in [Compliance::Tolerant, Compliance::Strict] {
            let e = patch(rt, mode, &fixture(rt), b).expect_err(name);
            assert_eq!(
                (e.status, e.scim_type),
                (*status, *ty),
                "{name} ({mode:?}): {}",
                e.detail
            );
            assert!(e.detail.contains(needle), "{name}: {}", e.detail);
        }
    }
}

#[test]
fn too_many_operations_is_413_with_the_limit() {
    let ops: Vec<Value> = (0..=MAX_OPERATIONS)
        .map(|_| json!({"op":"add","path":"title","value":"x"}))
        .collect();
    let e = patch(
        "User",
        Compliance::Tolerant,
        &user(),
        &body(Value::Array(ops)),
    )
    .expect_err("413");
    assert_eq!(e.status, 413);
    assert!(
        e.detail.contains(&MAX_OPERATIONS.to_string()),
        "{}",
        e.detail
    );
}
