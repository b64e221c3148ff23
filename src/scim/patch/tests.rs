//! Table-driven tests of the PATCH engine: every path form and operation, every tolerance in
//! both modes (citing the reference section it replays), errors, atomicity, and properties.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use super::*;
use crate::scim::resource::prepare_create;
use crate::scim::schema::{ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, Registry, USER_SCHEMA};

const ENT: &str = ENTERPRISE_USER_SCHEMA;

fn ctx(rt: &str, compliance: Compliance) -> WriteContext<'static> {
    let registry = Registry::standard();
    WriteContext {
        registry,
        rt: registry.resource_type(rt).expect("resource type"),
        compliance,
    }
}

fn user() -> Map<String, Value> {
    prepare_create(
        &json!({
            "schemas": [USER_SCHEMA, ENT],
            "userName": "bjensen", "displayName": "Babs", "active": true, "externalId": "e1",
            "name": {"givenName": "Barbara", "familyName": "Jensen"},
            "emails": [{"value": "b@work.example", "type": "work", "primary": true},
                       {"value": "b@home.example", "type": "home"}],
            "roles": [{"value": "Admin", "primary": true}],
            ENT: {"employeeNumber": "1", "manager": {"value": "m0"}}
        }),
        &ctx("User", Compliance::Strict),
    )
    .expect("fixture user")
}

fn group() -> Map<String, Value> {
    prepare_create(
        &json!({"schemas": [GROUP_SCHEMA], "displayName": "Eng",
                "members": [{"value": "u1", "display": "one"}, {"value": "u2"}]}),
        &ctx("Group", Compliance::Strict),
    )
    .expect("fixture group")
}

fn body(ops: Value) -> Value {
    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops})
}

fn patch(
    rt: &str,
    mode: Compliance,
    current: &Map<String, Value>,
    body: &Value,
) -> Result<Value, ScimError> {
    let c = ctx(rt, mode);
    let ops = parse_request(body, &c)?;
    apply(current, &ops, &c).map(Value::Object)
}

fn fixture(rt: &str) -> Map<String, Value> {
    if rt == "User" { user() } else { group() }
}

/// `(JSON pointer, expected)`; `Value::Null` means the pointer must not resolve.
fn check(name: &str, out: &Value, expect: &[(&str, Value)]) {
    for (ptr, want) in expect {
        let got = out.pointer(ptr);
        if want.is_null() {
            assert!(got.is_none(), "{name}: {ptr} should be absent in {out}");
        } else {
            assert_eq!(got, Some(want), "{name}: {ptr} in {out}");
        }
    }
}

/// RFC-conformant shapes: same result in both modes.
#[test]
fn path_forms_and_operations() {
    let m = "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    let cases: Vec<(&str, &str, Value, Vec<(String, Value)>)> = vec![
        // entra §1.7 (b): single-valued replace.
        (
            "replace-userName",
            "User",
            json!([{"op":"replace","path":"userName","value":"new@x"}]),
            vec![("/userName".into(), json!("new@x"))],
        ),
        // entra §1.7 (c) / Q9: add on a single-valued attribute replaces it (RFC 7644 §3.5.2.1).
        (
            "add-single",
            "User",
            json!([{"op":"add","path":"nickName","value":"Babs"},{"op":"add","path":"displayName","value":"B2"}]),
            vec![
                ("/nickName".into(), json!("Babs")),
                ("/displayName".into(), json!("B2")),
            ],
        ),
        (
            "sub-attribute",
            "User",
            json!([{"op":"replace","path":"name.familyName","value":"J2"}]),
            vec![
                ("/name/familyName".into(), json!("J2")),
                ("/name/givenName".into(), json!("Barbara")),
            ],
        ),
        (
            "core-urn-sub",
            "User",
            json!([{"op":"replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:name.givenName","value":"G"}]),
            vec![("/name/givenName".into(), json!("G"))],
        ),
        (
            "any-case-names",
            "User",
            json!([{"op":"replace","path":"NAME.GIVENNAME","value":"G"}]),
            vec![("/name/givenName".into(), json!("G"))],
        ),
        // entra §1.7 (d): URN-qualified extension attribute.
        (
            "ext-attr",
            "User",
            json!([{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"Eqpj"}]),
            vec![(format!("{m}/employeeNumber"), json!("Eqpj"))],
        ),
        // entra §1.5 (validator U10): manager as an object.
        (
            "manager-object",
            "User",
            json!([{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":"X"}}]),
            vec![(format!("{m}/manager"), json!({"value":"X"}))],
        ),
        (
            "whole-extension",
            "User",
            json!([{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"department":"D"}}]),
            vec![
                (format!("{m}/department"), json!("D")),
                (format!("{m}/employeeNumber"), json!("1")),
            ],
        ),
        (
            "remove-whole-extension",
            "User",
            json!([{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}]),
            vec![
                (m.to_owned(), Value::Null),
                ("/schemas".into(), json!([USER_SCHEMA])),
            ],
        ),
        // entra §1.7 (a): filtered sub-attribute replace on an existing element.
        (
            "filter-sub-replace",
            "User",
            json!([{"op":"replace","path":"emails[type eq \"work\"].value","value":"u@x"}]),
            vec![
                ("/emails/0/value".into(), json!("u@x")),
                ("/emails/0/type".into(), json!("work")),
                ("/emails/1/value".into(), json!("b@home.example")),
            ],
        ),
        (
            "filter-remove",
            "User",
            json!([{"op":"remove","path":"emails[type eq \"work\"]"}]),
            vec![
                ("/emails/0/type".into(), json!("home")),
                ("/emails/1".into(), Value::Null),
            ],
        ),
        (
            "filter-remove-sub",
            "User",
            json!([{"op":"remove","path":"emails[type eq \"home\"].type"}]),
            vec![("/emails/1".into(), json!({"value":"b@home.example"}))],
        ),
        (
            "filter-replace-element",
            "User",
            json!([{"op":"replace","path":"emails[type eq \"home\"]","value":{"value":"h@x","type":"home"}}]),
            vec![("/emails/1".into(), json!({"value":"h@x","type":"home"}))],
        ),
        (
            "filter-add-merges",
            "User",
            json!([{"op":"add","path":"emails[type eq \"home\"]","value":{"display":"Home"}}]),
            vec![(
                "/emails/1".into(),
                json!({"value":"b@home.example","type":"home","display":"Home"}),
            )],
        ),
        (
            "multi-sub-everywhere",
            "User",
            json!([{"op":"replace","path":"emails.display","value":"d"}]),
            vec![
                ("/emails/0/display".into(), json!("d")),
                ("/emails/1/display".into(), json!("d")),
            ],
        ),
        (
            "add-multi-no-duplicate",
            "User",
            json!([{"op":"add","path":"emails","value":[{"value":"B@WORK.example","type":"work"},{"value":"n@x","type":"other"}]}]),
            vec![
                ("/emails/0/value".into(), json!("b@work.example")),
                ("/emails/2/value".into(), json!("n@x")),
                ("/emails/3".into(), Value::Null),
            ],
        ),
        // RFC 7644 §3.5.2: a new primary clears the others.
        (
            "add-primary-clears-others",
            "User",
            json!([{"op":"add","path":"emails","value":[{"value":"n@x","type":"other","primary":true}]}]),
            vec![
                ("/emails/0/primary".into(), json!(false)),
                ("/emails/2/primary".into(), json!(true)),
            ],
        ),
        (
            "sub-primary-clears-others",
            "User",
            json!([{"op":"replace","path":"emails[type eq \"home\"].primary","value":true}]),
            vec![
                ("/emails/0/primary".into(), json!(false)),
                ("/emails/1/primary".into(), json!(true)),
            ],
        ),
        (
            "replace-multi",
            "User",
            json!([{"op":"replace","path":"emails","value":[{"value":"only@x"}]}]),
            vec![("/emails".into(), json!([{"value":"only@x"}]))],
        ),
        (
            "remove-attr",
            "User",
            json!([{"op":"remove","path":"name.givenName"},{"op":"remove","path":"displayName"}]),
            vec![
                ("/name".into(), json!({"familyName":"Jensen"})),
                ("/displayName".into(), Value::Null),
            ],
        ),
        (
            "remove-last-sub-removes-parent",
            "User",
            json!([{"op":"remove","path":"name.givenName"},{"op":"remove","path":"name.familyName"}]),
            vec![("/name".into(), Value::Null)],
        ),
        // okta §1.5 deactivate: path-less merge keeps everything else (okta Q1).
        (
            "okta-deactivate",
            "User",
            json!([{"op":"replace","value":{"active":false}}]),
            vec![
                ("/active".into(), json!(false)),
                ("/userName".into(), json!("bjensen")),
                ("/emails/0/value".into(), json!("b@work.example")),
            ],
        ),
        // okta §1.7: password in a path-less value.
        (
            "okta-password",
            "User",
            json!([{"op":"replace","value":{"password":"s3cret"}}]),
            vec![("/password".into(), json!("s3cret"))],
        ),
        (
            "pathless-complex-merges",
            "User",
            json!([{"op":"replace","value":{"name":{"givenName":"G"}}}]),
            vec![(
                "/name".into(),
                json!({"givenName":"G","familyName":"Jensen"}),
            )],
        ),
        (
            "pathless-ext-object",
            "User",
            json!([{"op":"add","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"D"}}}]),
            vec![
                (format!("{m}/department"), json!("D")),
                (format!("{m}/employeeNumber"), json!("1")),
            ],
        ),
        (
            "pathless-ignores-read-only",
            "User",
            json!([{"op":"replace","value":{"id":"x","meta":{"version":"1"},"groups":[],"schemas":["x"],"title":"T"}}]),
            vec![
                ("/id".into(), Value::Null),
                ("/meta".into(), Value::Null),
                ("/groups".into(), Value::Null),
                ("/title".into(), json!("T")),
            ],
        ),
        (
            "unknown-attribute",
            "User",
            json!([{"op":"add","path":"sentryOrgRole","value":"admin"}]),
            vec![("/sentryOrgRole".into(), json!("admin"))],
        ),
        (
            "null-is-unassigned",
            "User",
            json!([{"op":"replace","path":"displayName","value":null},{"op":"replace","value":{"nickName":null}}]),
            vec![("/displayName".into(), Value::Null)],
        ),
        // okta §2.5 rename: path-less with the readOnly id (okta Q2).
        (
            "okta-rename",
            "Group",
            json!([{"op":"replace","value":{"id":"g1","displayName":"New Group Name"}}]),
            vec![
                ("/displayName".into(), json!("New Group Name")),
                ("/id".into(), Value::Null),
                ("/members/1/value".into(), json!("u2")),
            ],
        ),
        // okta §2.2 step 4 / Q12: add members without type; existing one is a no-op.
        (
            "okta-add-members",
            "Group",
            json!([{"op":"add","path":"members","value":[{"value":"u1","display":"one"},{"value":"u3","display":"t@okta"}]}]),
            vec![
                (
                    "/members/2".into(),
                    json!({"value":"u3","display":"t@okta"}),
                ),
                ("/members/3".into(), Value::Null),
            ],
        ),
        // okta §2.3: several removes then an add.
        (
            "okta-remove-then-add",
            "Group",
            json!([
            {"op":"remove","path":"members[value eq \"u1\"]"},
            {"op":"remove","path":"members[value eq \"u2\"]"},
            {"op":"add","path":"members","value":[{"value":"u9","display":"n"}]}]),
            vec![("/members".into(), json!([{"value":"u9","display":"n"}]))],
        ),
        // okta §2.4 / Q13: Push Now on an empty group.
        (
            "okta-replace-members-empty",
            "Group",
            json!([{"op":"replace","path":"members","value":[]}]),
            vec![
                ("/members".into(), Value::Null),
                ("/displayName".into(), json!("Eng")),
            ],
        ),
        (
            "okta-pathless-members",
            "Group",
            json!([{"op":"replace","value":{"members":[{"value":"cb3"}]}}]),
            vec![("/members".into(), json!([{"value":"cb3"}]))],
        ),
        // entra §2.6: "$ref": null members.
        (
            "entra-add-member-null-ref",
            "Group",
            json!([{"op":"add","path":"members","value":[{"$ref":null,"value":"f648"}]}]),
            vec![("/members/2".into(), json!({"value":"f648"}))],
        ),
        // entra §4.3 preview: add then remove of the same member in one request.
        (
            "add-then-remove",
            "Group",
            json!([{"op":"add","path":"members","value":[{"value":"X"}]},{"op":"remove","path":"members[value eq \"X\"]"}]),
            vec![("/members/2".into(), Value::Null)],
        ),
        // entra §4.3 preview: several ops on the same attribute; the last wins.
        (
            "same-attr-ops",
            "User",
            json!([{"op":"remove","path":"externalId"},{"op":"add","path":"externalId","value":"a"},{"op":"replace","path":"externalId","value":"b"}]),
            vec![("/externalId".into(), json!("b"))],
        ),
        // entra §1.5 remove shape: value filter on the single complex manager.
        (
            "manager-filter-remove",
            "User",
            json!([{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager[value eq \"m0\"]"}]),
            vec![
                (format!("{m}/manager"), Value::Null),
                (format!("{m}/employeeNumber"), json!("1")),
            ],
        ),
    ];
    for (name, rt, ops, expect) in &cases {
        let expect: Vec<(&str, Value)> = expect
            .iter()
            .map(|(p, v)| (p.as_str(), v.clone()))
            .collect();
        for mode in [Compliance::Tolerant, Compliance::Strict] {
            let out = patch(rt, mode, &fixture(rt), &body(ops.clone()))
                .unwrap_or_else(|e| panic!("{name} ({mode:?}): {e}"));
            check(name, &out, &expect);
        }
    }
}

/// Errors that hold in both modes.
#[test]
fn errors() {
    let cases: Vec<(&str, &str, Value, u16, Option<ScimType>, &str)> = vec![
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

/// Each tolerance: what the default mode makes of it, and the name Strict cites.
#[test]
fn tolerances_in_both_modes() {
    let m = "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    let empty_user = prepare_create(
        &json!({"userName": "min"}),
        &ctx("User", Compliance::Strict),
    )
    .expect("user");
    let cases: Vec<(
        &str,
        &str,
        Map<String, Value>,
        Value,
        Vec<(String, Value)>,
        &str,
    )> = vec![
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

#[test]
fn a_failing_last_operation_fails_the_request() {
    let ops = body(json!([
        {"op":"replace","path":"displayName","value":"changed"},
        {"op":"add","path":"emails","value":[{"value":"n@x"}]},
        {"op":"replace","path":"active","value":"maybe"}
    ]));
    for mode in [Compliance::Tolerant, Compliance::Strict] {
        let e = patch("User", mode, &user(), &ops).expect_err("last op invalid");
        assert!(e.detail.starts_with("Operations[2]"), "{}", e.detail);
    }
}

#[test]
fn result_has_a_recomputed_schemas_first() {
    let out = patch(
        "User",
        Compliance::Strict,
        &prepare_create(&json!({"userName": "u"}), &ctx("User", Compliance::Strict)).expect("u"),
        &body(json!([{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"D"}])),
    )
    .expect("patch");
    let keys: Vec<&String> = out.as_object().expect("object").keys().collect();
    assert_eq!(keys[0], "schemas");
    assert_eq!(out["schemas"], json!([USER_SCHEMA, ENT]));
}

fn arb_path() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        3 => prop::sample::select(vec![
            "userName",
            "displayName",
            "active",
            "name",
            "name.givenName",
            "emails",
            "emails.value",
            "emails[type eq \"work\"]",
            "emails[type eq \"work\"].value",
            "emails[primary eq true].type",
            "roles[primary eq \"True\"].value",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "manager[value eq \"m0\"]",
            "members",
            "members[value eq \"u1\"]",
            "id",
            "meta.version",
            "x509Certificates",
            "emails[type eq",
            "name.nope",
            "custom",
        ])
        .prop_map(str::to_owned),
        // Arbitrary text, including multi-byte characters near the start.
        1 => "[a-zé\\[\\]. :\"]{0,14}",
    ])
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "",
            "True",
            "false",
            "work",
            "m0",
            "x@y",
            "{\"value\":\"1\"}"
        ])
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "value",
                        "type",
                        "primary",
                        "display",
                        "givenName",
                        "active",
                        "name.givenName",
                        "abcé.x",
                        "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName",
                        "id"
                    ]),
                    inner
                ),
                0..3
            )
            .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

fn arb_op() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec!["add", "replace", "remove", "Add", "REMOVE", "bogus"]),
        arb_path(),
        prop::option::of(arb_value()),
    )
        .prop_map(|(op, path, value)| {
            let mut o = Map::new();
            o.insert("op".into(), json!(op));
            if let Some(p) = path {
                o.insert("path".into(), json!(p));
            }
            if let Some(v) = value {
                o.insert("value".into(), v);
            }
            Value::Object(o)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Random operation sequences never panic; a failure leaves no partial result, and a
    /// success is still a valid resource that normalises to itself.
    #[test]
    fn random_operations_never_panic(ops in prop::collection::vec(arb_op(), 1..6), strict in any::<bool>(), is_user in any::<bool>()) {
        let mode = if strict { Compliance::Strict } else { Compliance::Tolerant };
        let rt = if is_user { "User" } else { "Group" };
        let current = fixture(rt);
        let b = body(Value::Array(ops.clone()));
        let before = current.clone();
        match patch(rt, mode, &current, &b) {
            Ok(out) => {
                let again = prepare_create(&out, &ctx(rt, Compliance::Tolerant));
                prop_assert!(again.is_ok(), "result does not validate: {out} {again:?}");
            }
            Err(e) => {
                prop_assert!(e.status == 400 || e.status == 413, "{e}");
                // Appending a failing op to a valid prefix still fails (atomicity).
                let mut longer = ops.clone();
                longer.insert(0, json!({"op":"replace","path":"displayName","value":"x"}));
                prop_assert!(patch(rt, mode, &current, &body(Value::Array(longer))).is_err());
            }
        }
        prop_assert_eq!(current, before);
    }
}
