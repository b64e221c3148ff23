//! RFC-conformant path forms and operations: the same result in both modes.

use serde_json::{Value, json};

use super::*;

/// One row: name, resource type, PatchOp body, expected values by JSON pointer.
type PathCase = (&'static str, &'static str, Value, Vec<(String, Value)>);

/// RFC-conformant shapes: same result in both modes.
#[test]
fn path_forms_and_operations() {
    let m = "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    let cases: Vec<PathCase> = vec![
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
            "complex-null-sub-unassigns-only-it",
            "User",
            json!([{"op":"replace","path":"name","value":{"givenName":null,"middleName":"M"}},
                   {"op":"add","path":"name","value":{}}]),
            vec![(
                "/name".into(),
                json!({"familyName":"Jensen","middleName":"M"}),
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
        &prepare_create(
            &json!({"schemas": [USER_SCHEMA], "userName": "u"}),
            &ctx("User", Compliance::Strict),
        ).expect("u"),
        &body(json!([{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"D"}])),
    )
    .expect("patch");
    let keys: Vec<&String> = out.as_object().expect("object").keys().collect();
    assert_eq!(keys[0], "schemas");
    assert_eq!(out["schemas"], json!([USER_SCHEMA, ENT]));
}
