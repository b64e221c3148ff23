//! Each tolerance in the default mode, and the Strict refusal that names it.

use serde_json::{Map, Value, json};

use super::*;

/// One row: name, resource type, starting resource, PatchOp body, expected values by JSON
/// pointer in the default mode, and the tolerance Strict names.
type ToleranceCase = (
    &'static str,
    &'static str,
    Map<String, Value>,
    Value,
    Vec<(String, Value)>,
    &'static str,
);

/// Each tolerance: what the default mode makes of it, and the name Strict cites.
#[test]
fn tolerances_in_both_modes() {
    let m = "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    let empty_user = prepare_create(
        &json!({"schemas": [USER_SCHEMA], "userName": "min"}),
        &ctx("User", Compliance::Strict),
    )
    .expect("user");
    let cases: Vec<ToleranceCase> = vec![
        // entra §1.9 default dialect.
        (
            "op-case",
            "User",
            user(),
            body(json!([{"op":"Replace","path":"active","value":false}])),
            vec![("/active".into(), json!(false))],
            "op-case",
        ),
        (
            "string-boolean",
            "User",
            user(),
            body(json!([{"op":"replace","path":"active","value":"False"}])),
            vec![("/active".into(), json!(false))],
            "string-boolean",
        ),
        (
            "string-boolean-lower",
            "User",
            user(),
            body(json!([{"op":"replace","value":{"active":"false"}}])),
            vec![("/active".into(), json!(false))],
            "string-boolean",
        ),
        // entra §1.8 (a) / Q3: filter literal "True" matches a stored true.
        (
            "string-boolean-filter",
            "User",
            user(),
            body(
                json!([{"op":"replace","path":"roles[primary eq \"True\"].value","value":"Owner"}]),
            ),
            vec![("/roles".into(), json!([{"value":"Owner","primary":true}]))],
            "string-boolean",
        ),
        // entra §2.7 default dialect / Q4: only the listed member goes.
        (
            "members-remove-value",
            "Group",
            group(),
            body(json!([{"op":"Remove","path":"members","value":[{"$ref":null,"value":"u1"}]}])),
            vec![("/members".into(), json!([{"value":"u2"}]))],
            "op-case",
        ),
        (
            "members-remove-value-lower",
            "Group",
            group(),
            body(json!([{"op":"remove","path":"members","value":[{"value":"u2"}]}])),
            vec![("/members".into(), json!([{"value":"u1","display":"one"}]))],
            "members-remove-value",
        ),
        // entra §1.7 (e) flag dialect.
        (
            "dotted-keys",
            "User",
            user(),
            body(json!([{"op":"replace","value":{
            "displayName":"Bjfe","name.givenName":"Kkom","name.familyName":"Unua",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"Aklq"}}])),
            vec![
                ("/displayName".into(), json!("Bjfe")),
                (
                    "/name".into(),
                    json!({"givenName":"Kkom","familyName":"Unua"}),
                ),
                (format!("{m}/employeeNumber"), json!("Aklq")),
                ("/name.givenName".into(), Value::Null),
            ],
            "dotted-keys",
        ),
        // entra §1.7 (f) / Q8 / validator U9: filtered add on a missing element creates it.
        (
            "filter-creates",
            "User",
            empty_user.clone(),
            body(json!([
            {"op":"add","path":"emails[type eq \"work\"].value","value":"w@x"},
            {"op":"add","path":"phoneNumbers[type eq \"mobile\"].value","value":"555"},
            {"op":"replace","path":"addresses[type eq \"work\"].postalCode","value":"12345"}])),
            vec![
                ("/emails".into(), json!([{"type":"work","value":"w@x"}])),
                (
                    "/phoneNumbers".into(),
                    json!([{"type":"mobile","value":"555"}]),
                ),
                (
                    "/addresses".into(),
                    json!([{"type":"work","postalCode":"12345"}]),
                ),
            ],
            "filter-creates",
        ),
        (
            "filter-creates-primary",
            "User",
            empty_user.clone(),
            body(json!([{"op":"add","path":"roles[primary eq true].value","value":"R"}])),
            vec![("/roles".into(), json!([{"primary":true,"value":"R"}]))],
            "filter-creates",
        ),
        // entra §1.5: manager as a bare id (U10 later runs).
        (
            "manager-string",
            "User",
            user(),
            body(
                json!([{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"2c2f"}]),
            ),
            vec![(format!("{m}/manager"), json!({"value":"2c2f"}))],
            "manager-string",
        ),
        // entra §1.5 legacy Example 5 (path "manager", array of one).
        (
            "manager-legacy-array",
            "User",
            user(),
            body(
                json!([{"op":"add","path":"manager","value":[{"$ref":"http://x/Users/00aa","value":"00aa"}]}]),
            ),
            vec![(
                format!("{m}/manager"),
                json!({"$ref":"http://x/Users/00aa","value":"00aa"}),
            )],
            "manager-string",
        ),
        // entra §1.5 / U12: removal by empty value.
        (
            "manager-empty-object",
            "User",
            user(),
            body(
                json!([{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":""}}]),
            ),
            vec![
                (format!("{m}/manager"), Value::Null),
                (format!("{m}/employeeNumber"), json!("1")),
            ],
            "manager-string",
        ),
        (
            "manager-empty-string",
            "User",
            user(),
            body(
                json!([{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":""}]),
            ),
            vec![(format!("{m}/manager"), Value::Null)],
            "manager-string",
        ),
        // entra §1.8 (b): embedded-JSON role values.
        (
            "role-json-string",
            "User",
            empty_user.clone(),
            body(json!([{"op":"add","path":"roles","value":[
            {"value":"{\"id\":\"06b0\",\"value\":\"Admin\",\"displayName\":\"Admin\"}"},
            {"value":"{\"id\":\"06b1\",\"value\":\"User\",\"displayName\":\"User\"}"}]}])),
            vec![(
                "/roles".into(),
                json!([{"value":"Admin","display":"Admin"},{"value":"User","display":"User"}]),
            )],
            "role-json-string",
        ),
        (
            "role-displayName",
            "User",
            empty_user.clone(),
            body(
                json!([{"op":"add","path":"roles","value":[{"displayName":"Admin","value":"Admin"}]}]),
            ),
            vec![(
                "/roles".into(),
                json!([{"value":"Admin","display":"Admin"}]),
            )],
            "role-json-string",
        ),
        // okta §2.3: a re-sent removal of a member already gone.
        (
            "remove-no-match",
            "Group",
            group(),
            body(json!([{"op":"remove","path":"members[value eq \"gone\"]"}])),
            vec![("/members/1/value".into(), json!("u2"))],
            "remove-no-match",
        ),
        // okta §2.4: logged body without schemas.
        (
            "missing-schemas",
            "Group",
            group(),
            json!({"Operations":[{"op":"replace","value":{"id":"g","displayName":"org-cd1:admin","members":[]}}]}),
            vec![
                ("/displayName".into(), json!("org-cd1:admin")),
                ("/members".into(), Value::Null),
            ],
            "missing-schemas",
        ),
    ];
    for (name, rt, current, b, expect, tolerance) in &cases {
        let expect: Vec<(&str, Value)> = expect
            .iter()
            .map(|(p, v)| (p.as_str(), v.clone()))
            .collect();
        let out = patch(rt, Compliance::Tolerant, current, b)
            .unwrap_or_else(|e| panic!("{name}: tolerant: {e}"));
        check(name, &out, &expect);
        let e = patch(rt, Compliance::Strict, current, b).expect_err(name);
        assert_eq!(e.status, 400, "{name}");
        assert!(
            e.detail
                .contains(&format!("tolerated by default as {tolerance})")),
            "{name}: {}",
            e.detail
        );
    }
}

#[test]
fn strict_details_name_deviation_and_rule() {
    let e = patch(
        "User",
        Compliance::Strict,
        &user(),
        &body(json!([{"op":"Replace","path":"active","value":false}])),
    )
    .expect_err("strict");
    assert_eq!(e.scim_type, Some(ScimType::InvalidSyntax));
    assert!(
        e.detail
            .contains("op \"Replace\" is not one of add, remove, replace"),
        "{}",
        e.detail
    );
    assert!(e.detail.contains("RFC 7644 §3.5.2"), "{}", e.detail);
    let e = patch(
        "User",
        Compliance::Strict,
        &user(),
        &body(json!([{"op":"replace","path":"active","value":"True"}])),
    )
    .expect_err("strict");
    assert!(
        e.detail
            .contains("attribute \"active\" is the string \"True\""),
        "{}",
        e.detail
    );
    assert!(e.detail.contains("RFC 7643 §2.3.2"), "{}", e.detail);
}

/// An operation is classified and its path resolved once, in `parse_request`: every check that
/// depends only on the request (op case, path, readOnly target, remove carrying a value) is
/// answered there, before any operation is applied.
#[test]
fn parse_request_classifies_ops_and_resolves_paths_once() {
    let remove_with_value = body(json!([
        {"op": "Remove", "path": "members", "value": [{"value": "u1"}]}
    ]));
    let strict = ctx("Group", Compliance::Strict);
    let e = parse_request(&remove_with_value, &strict).expect_err("strict");
    assert!(
        e.detail.ends_with("tolerated by default as op-case)"),
        "{}",
        e.detail
    );
    let lower = body(json!([{"op": "remove", "path": "members", "value": [{"value": "u1"}]}]));
    let e = parse_request(&lower, &strict).expect_err("strict");
    assert!(
        e.detail
            .ends_with("tolerated by default as members-remove-value)"),
        "{}",
        e.detail
    );
    let ops =
        parse_request(&remove_with_value, &ctx("Group", Compliance::Tolerant)).expect("tolerant");
    assert_eq!(ops[0].kind, OpKind::Remove);
    let e = parse_request(
        &body(json!([{"op": "replace", "path": "meta.created", "value": "x"}])),
        &ctx("User", Compliance::Tolerant),
    )
    .expect_err("readOnly");
    assert_eq!(e.scim_type, Some(ScimType::Mutability), "{}", e.detail);
    assert!(
        e.detail.starts_with("Operations[0]: path \"meta.created\""),
        "{}",
        e.detail
    );
}
