//! Table-driven tests for POST/PUT normalisation, both compliance modes; each names the
//! reference section it replays.

use serde_json::{Value, json};

use super::*;
use crate::scim::schema::{ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA};

fn ctx(rt: &str, compliance: Compliance) -> WriteContext<'static> {
    let registry = Registry::standard();
    WriteContext {
        registry,
        rt: registry.resource_type(rt).expect("resource type"),
        compliance,
    }
}

/// POST `body`; a body without `schemas` gets the resource type's core schema, so that each case
/// shows only what it is about (`schemas` itself is checked in `schemas_is_required_and_names_the_core_schema`).
fn create(rt: &str, compliance: Compliance, mut body: Value) -> Result<Value, ScimError> {
    let c = ctx(rt, compliance);
    if let Some(obj) = body.as_object_mut()
        && !obj.contains_key("schemas")
    {
        obj.insert("schemas".into(), json!([c.rt.schema]));
    }
    prepare_create(&body, &c).map(Value::Object)
}

fn both(rt: &str, body: Value) -> (Result<Value, ScimError>, Result<Value, ScimError>) {
    (
        create(rt, Compliance::Tolerant, body.clone()),
        create(rt, Compliance::Strict, body),
    )
}

#[test]
fn okta_create_user_1_3_stores_canonical_form_and_ignores_read_only() {
    // docs/idp/okta.md §1.3 step B, plus Entra's `meta` echo (entra §1.4).
    let body = json!({
      "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
      "userName": "test.user@okta.local",
      "name": {"givenName": "Test", "familyName": "User"},
      "emails": [{"primary": true, "value": "test.user@okta.local", "type": "work"}],
      "displayName": "Test User", "locale": "en-US", "externalId": "00ujl29u0le5T6Aj10h7",
      "groups": [], "password": "1mz050nq", "active": true,
      "id": "client-chosen", "meta": {"resourceType": "User"}
    });
    for mode in [Compliance::Tolerant, Compliance::Strict] {
        let out = create("User", mode, body.clone()).expect("valid");
        assert_eq!(out["schemas"], json!([USER_SCHEMA]));
        assert_eq!(out["password"], "1mz050nq");
        assert!(
            out.get("id").is_none() && out.get("meta").is_none() && out.get("groups").is_none()
        );
        assert_eq!(out["emails"][0]["primary"], true);
    }
}

#[test]
fn names_are_canonicalised_and_unknowns_kept_okta_q26() {
    let out = create(
        "User",
        Compliance::Strict,
        json!({"USERNAME": "a", "Name": {"GIVENNAME": "A"}, "sentryOrgRole": "admin",
               "urn:ietf:params:scim:schemas:extension:custom:2.0:User": {"x": 1},
               "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER": {"Department": "D"}}),
    )
    .expect("valid");
    assert_eq!(out["userName"], "a");
    assert_eq!(out["name"], json!({"givenName": "A"}));
    assert_eq!(out["sentryOrgRole"], "admin");
    assert_eq!(out[ENTERPRISE_USER_SCHEMA], json!({"department": "D"}));
    assert_eq!(
        out["schemas"],
        json!([
            USER_SCHEMA,
            "urn:ietf:params:scim:schemas:extension:custom:2.0:User",
            ENTERPRISE_USER_SCHEMA
        ])
    );
}

#[test]
fn entra_group_create_2_3_drops_unknown_schema_uri() {
    let (t, s) = both(
        "Group",
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                           "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
               "externalId": "8aa1", "displayName": "displayName", "meta": {"resourceType": "Group"}}),
    );
    for out in [t.expect("tolerant"), s.expect("strict")] {
        assert_eq!(
            out,
            json!({"schemas": [GROUP_SCHEMA], "externalId": "8aa1", "displayName": "displayName"})
        );
    }
}

#[test]
fn entra_legacy_nulls_are_unassigned_1_4() {
    let out = create(
        "User",
        Compliance::Strict,
        json!({"userName": "u", "addresses": null, "phoneNumbers": null, "title": null, "roles": [],
               "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": null}}),
    )
    .expect("valid");
    assert_eq!(out, json!({"schemas": [USER_SCHEMA], "userName": "u"}));
}

#[test]
fn extension_accepted_without_its_urn_in_schemas_entra_q16() {
    let out = create(
        "User",
        Compliance::Strict,
        json!({"schemas": [USER_SCHEMA], "userName": "u",
               "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "7"}}),
    )
    .expect("valid");
    assert_eq!(out["schemas"], json!([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]));
}

#[test]
fn validation_errors() {
    let cases: &[(&str, Value, u16, ScimType, &str)] = &[
        (
            "User",
            json!("x"),
            400,
            ScimType::InvalidSyntax,
            "JSON object",
        ),
        (
            "User",
            json!({"name": {}}),
            400,
            ScimType::InvalidValue,
            "\"userName\" is required",
        ),
        (
            "User",
            json!({"userName": "  "}),
            400,
            ScimType::InvalidValue,
            "must not be empty",
        ),
        (
            "Group",
            json!({"members": []}),
            400,
            ScimType::InvalidValue,
            "\"displayName\" is required",
        ),
        (
            "User",
            json!({"userName": "u", "active": 1}),
            400,
            ScimType::InvalidValue,
            "\"active\" must be a JSON boolean",
        ),
        (
            "User",
            json!({"userName": "u", "active": "yes"}),
            400,
            ScimType::InvalidValue,
            "\"active\"",
        ),
        (
            "User",
            json!({"userName": {"a": 1}}),
            400,
            ScimType::InvalidValue,
            "\"userName\" must be a JSON string",
        ),
        (
            "User",
            json!({"userName": "u", "emails": "a@example.com"}),
            400,
            ScimType::InvalidValue,
            "\"emails\" must be a JSON array",
        ),
        (
            "User",
            json!({"userName": "u", "name": "A B"}),
            400,
            ScimType::InvalidValue,
            "\"name\" must be a JSON object",
        ),
        (
            "Group",
            json!({"displayName": "g", "members": [{"display": "x"}]}),
            400,
            ScimType::InvalidValue,
            "needs a non-empty \"value\"",
        ),
        (
            "User",
            json!({"userName": "u", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": "x"}),
            400,
            ScimType::InvalidValue,
            "JSON object",
        ),
    ];
    for (rt, body, status, ty, needle) in cases {
        for mode in [Compliance::Tolerant, Compliance::Strict] {
            let e = create(rt, mode, body.clone()).expect_err(&body.to_string());
            assert_eq!((e.status, e.scim_type), (*status, Some(*ty)), "{body}");
            assert!(e.detail.contains(needle), "{body}: {}", e.detail);
        }
    }
}

/// Each tolerance: the tolerant result, and the tolerance name Strict must cite.
#[test]
fn tolerances_in_post_bodies() {
    let cases: &[(&str, Value, Value, &str)] = &[
        // entra §1.4 / REF S10 Postman: "active": "True".
        (
            "active-string",
            json!({"userName": "u", "active": "True"}),
            json!({"active": true}),
            "string-boolean",
        ),
        (
            "active-lower",
            json!({"userName": "u", "active": "false"}),
            json!({"active": false}),
            "string-boolean",
        ),
        // entra §4.4 validator: roles primary "True".
        (
            "role-primary",
            json!({"userName": "u", "roles": [{"primary": "True", "value": "Admin"}]}),
            json!({"roles": [{"primary": true, "value": "Admin"}]}),
            "string-boolean",
        ),
        // entra §1.5: manager as a bare id in POST.
        (
            "manager-id",
            json!({"userName": "u", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": "m1"}}),
            json!({ENTERPRISE_USER_SCHEMA: {"manager": {"value": "m1"}}}),
            "manager-string",
        ),
        // entra §1.5 legacy Example 5 shape.
        (
            "manager-array",
            json!({"userName": "u", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
            {"manager": [{"$ref": "http://x/Users/m1", "value": "m1"}]}}),
            json!({ENTERPRISE_USER_SCHEMA: {"manager": {"$ref": "http://x/Users/m1", "value": "m1"}}}),
            "manager-string",
        ),
        // entra §1.8 (b): AppRoleAssignmentsComplex POST uses displayName.
        (
            "role-displayName",
            json!({"userName": "u", "roles": [{"primary": false, "displayName": "Admin", "value": "Admin"}]}),
            json!({"roles": [{"primary": false, "display": "Admin", "value": "Admin"}]}),
            "role-json-string",
        ),
        // entra §1.8 (a): embedded JSON role value.
        (
            "role-json",
            json!({"userName": "u", "roles": [{"value": "{\"id\":\"06b0\",\"value\":\"25\",\"displayName\":\"Role1234\"}"}]}),
            json!({"roles": [{"value": "25", "display": "Role1234"}]}),
            "role-json-string",
        ),
        (
            "dotted",
            json!({"userName": "u", "name.givenName": "G"}),
            json!({"name": {"givenName": "G"}}),
            "dotted-keys",
        ),
        (
            "urn-key",
            json!({"userName": "u", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "7"}),
            json!({ENTERPRISE_USER_SCHEMA: {"employeeNumber": "7"}}),
            "dotted-keys",
        ),
        // ping §1.4 Q7: one address in two email slots, both flagged primary.
        (
            "two-primaries",
            json!({"userName": "u", "emails": [
                {"value": "a@x", "type": "work", "primary": true},
                {"value": "a@x", "type": "home", "primary": true}]}),
            json!({"emails": [
                {"value": "a@x", "type": "work", "primary": true},
                {"value": "a@x", "type": "home"}]}),
            "duplicate-primary",
        ),
    ];
    for (name, body, expect, tolerance) in cases {
        let (t, s) = both("User", body.clone());
        let t = t.unwrap_or_else(|e| panic!("{name}: tolerant rejected: {e}"));
        for (k, v) in expect.as_object().expect("object") {
            assert_eq!(&t[k], v, "{name}: {t}");
        }
        let e = s.expect_err(name);
        assert_eq!(e.status, 400, "{name}");
        assert!(
            e.detail
                .contains(&format!("tolerated by default as {tolerance}")),
            "{name}: {}",
            e.detail
        );
    }
}

#[test]
fn okta_members_without_type_and_null_display_2_6() {
    let (t, s) = both(
        "Group",
        json!({"schemas": [GROUP_SCHEMA], "displayName": "SID",
               "members": [{"value": "u1", "display": null}, {"value": "u2", "display": "x", "$ref": null},
                           {"value": "u1"}]}),
    );
    for out in [t.expect("tolerant"), s.expect("strict")] {
        assert_eq!(
            out["members"],
            json!([{"value": "u1"}, {"value": "u2", "display": "x"}])
        );
    }
}

#[test]
fn put_ignores_read_only_keeps_password_and_replaces_the_rest() {
    // docs/idp/okta.md §1.4: GET-then-PUT echoes id, meta, groups and omits password.
    let c = ctx("User", Compliance::Strict);
    let current = prepare_create(
        &json!({"schemas": [USER_SCHEMA], "userName": "u", "password": "p", "title": "T",
                "name": {"givenName": "A"}}),
        &c,
    )
    .expect("create");
    let body = json!({"schemas": [USER_SCHEMA], "id": "x", "userName": "u",
                      "name": {"givenName": "Another", "middleName": "Excited"},
                      "groups": [], "meta": {"resourceType": "User", "version": "W/\"1\""}});
    let out = prepare_replace(&current, &body, &c).expect("put");
    assert_eq!(out.get("password"), Some(&json!("p")));
    assert!(
        out.get("title").is_none(),
        "omitted readWrite attributes are cleared by PUT"
    );
    assert!(out.get("id").is_none() && out.get("meta").is_none() && out.get("groups").is_none());
    assert_eq!(
        out["name"],
        json!({"givenName": "Another", "middleName": "Excited"})
    );
    let e = prepare_replace(&current, &json!({"name": {}}), &c).expect_err("userName required");
    assert_eq!(e.scim_type, Some(ScimType::InvalidValue));
}

fn arb_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        prop::sample::select(vec![
            "userName",
            "displayName",
            "active",
            "name",
            "givenName",
            "emails",
            "value",
            "type",
            "primary",
            "members",
            "roles",
            "manager",
            "id",
            "meta",
            "schemas",
            "name.givenName",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            "urn:x:y",
            "abcé",
        ])
        .prop_map(str::to_owned),
        ".{0,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        prop_oneof![Just("True".to_owned()), Just(String::new()), ".{0,8}"].prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

use proptest::prelude::*;

proptest! {
    /// Any JSON body, in both modes and for both resource types: a result or a 400, never a
    /// panic; and a stored form normalises to itself.
    #[test]
    fn any_body_is_normalised_or_rejected(body in arb_json(), strict in any::<bool>(), user in any::<bool>()) {
        let mode = if strict { Compliance::Strict } else { Compliance::Tolerant };
        let rt = if user { "User" } else { "Group" };
        let mut body = body;
        if let Value::Object(o) = &mut body {
            o.insert(if user { "userName".into() } else { "displayName".into() }, json!("x"));
        }
        match create(rt, mode, body) {
            Ok(out) => {
                let again = create(rt, mode, out.clone());
                prop_assert_eq!(again.ok(), Some(out));
            }
            Err(e) => prop_assert_eq!(e.status, 400),
        }
    }
}

/// RFC 7643 §3: `schemas` is REQUIRED and names the resource's core schema. No identity provider
/// in docs/idp/ omits it or sends it in another shape, so each is 400 `invalidValue` in both
/// modes, on POST and PUT alike, with a detail naming `schemas` and the section.
#[test]
fn schemas_is_required_and_names_the_core_schema() {
    let cases: &[(&str, Value, &str)] = &[
        ("User", json!({"userName": "u"}), "is required"),
        (
            "User",
            json!({"schemas": USER_SCHEMA, "userName": "u"}),
            "must be a JSON array",
        ),
        (
            "User",
            json!({"schemas": {"a": 1}, "userName": "u"}),
            "must be a JSON array",
        ),
        (
            "User",
            json!({"schemas": [USER_SCHEMA, 7], "userName": "u"}),
            "only schema URIs",
        ),
        ("User", json!({"schemas": [], "userName": "u"}), "must list"),
        (
            "User",
            json!({"schemas": ["urn:example:unknown", "http://schemas.example/x"], "userName": "u"}),
            "must list",
        ),
        // The enterprise extension alone does not make a User representation.
        (
            "User",
            json!({"schemas": [ENTERPRISE_USER_SCHEMA], "userName": "u"}),
            "must list",
        ),
        (
            "User",
            json!({"schemas": [GROUP_SCHEMA], "userName": "u", "displayName": "g"}),
            "the Group schema",
        ),
        (
            "Group",
            json!({"schemas": [USER_SCHEMA], "displayName": "g"}),
            "the User schema",
        ),
    ];
    let user = prepare_create(
        &json!({"schemas": [USER_SCHEMA], "userName": "u"}),
        &ctx("User", Compliance::Strict),
    )
    .expect("user");
    let group = prepare_create(
        &json!({"schemas": [GROUP_SCHEMA], "displayName": "g"}),
        &ctx("Group", Compliance::Strict),
    )
    .expect("group");
    for (rt, body, needle) in cases {
        for mode in [Compliance::Tolerant, Compliance::Strict] {
            let c = ctx(rt, mode);
            let current = if *rt == "User" { &user } else { &group };
            for (verb, r) in [
                ("POST", prepare_create(body, &c)),
                ("PUT", prepare_replace(current, body, &c)),
            ] {
                let e = r.expect_err(&format!("{verb} {body} {mode:?}"));
                assert_eq!(
                    (e.status, e.scim_type),
                    (400, Some(ScimType::InvalidValue)),
                    "{verb} {body}"
                );
                assert!(
                    e.detail.contains("\"schemas\"") && e.detail.contains("RFC 7643 §3"),
                    "{verb} {body}: {}",
                    e.detail
                );
                assert!(e.detail.contains(needle), "{verb} {body}: {}", e.detail);
            }
        }
    }
}

/// What real clients send in `schemas` next to the core schema is accepted in both modes and
/// not stored: Entra's ADSCIM group URI with no attribute block (docs/idp/entra.md §2.3, Q14),
/// an extension URN with no block (entra §1.4), the core URN in another case.
#[test]
fn extra_schema_uris_next_to_the_core_schema_are_accepted_entra_q14() {
    let cases = [
        (
            "Group",
            json!({"schemas": [GROUP_SCHEMA,
                "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
                "displayName": "Eng", "meta": {"resourceType": "Group"}}),
            json!([GROUP_SCHEMA]),
        ),
        (
            "User",
            json!({"schemas": [USER_SCHEMA, ENTERPRISE_USER_SCHEMA], "userName": "u"}),
            json!([USER_SCHEMA]),
        ),
        (
            "User",
            json!({"schemas": ["URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER"], "userName": "u"}),
            json!([USER_SCHEMA]),
        ),
    ];
    for (rt, body, stored) in cases {
        let (t, s) = both(rt, body.clone());
        for out in [t.expect("tolerant"), s.expect("strict")] {
            assert_eq!(out["schemas"], stored, "{body}");
        }
    }
}

/// A single-valued complex attribute given as an array (`"name": [{…}]`) is sent by no known
/// client: 400 in both modes (RFC 7643 §2.3.8). Only the enterprise `manager` keeps the legacy
/// one-element array (tolerance `manager-string`, entra §1.5).
#[test]
fn a_single_valued_complex_attribute_given_as_an_array_is_refused() {
    for body in [
        json!({"userName": "u", "name": [{"givenName": "A"}]}),
        json!({"userName": "u", "name": [{"givenName": "A"}, {"familyName": "B"}]}),
        json!({"userName": "u", "name": []}),
    ] {
        // `[]` means unassigned only for a multi-valued attribute (RFC 7643 §2.5).
        let (t, s) = both("User", body.clone());
        for e in [t.expect_err("tolerant"), s.expect_err("strict")] {
            assert_eq!((e.status, e.scim_type), (400, Some(ScimType::InvalidValue)));
            assert!(
                e.detail
                    .contains("\"name\" must be a JSON object (complex, RFC 7643 §2.3.8)"),
                "{}",
                e.detail
            );
        }
    }
}

/// A binary attribute (`x509Certificates.value`) must be base64 (RFC 7643 §2.3.6); no client is
/// known to send anything else, so both modes refuse other text and store base64 as sent.
#[test]
fn binary_attributes_must_be_base64() {
    for good in ["MIIDQzCCAqygAwIBAgICEAAw", "TWE=", "TQ==", ""] {
        let body = json!({"userName": "u", "x509Certificates": [{"value": good}]});
        let (t, s) = both("User", body);
        for out in [t.expect(good), s.expect(good)] {
            if good.is_empty() {
                assert_eq!(out["x509Certificates"], json!([{"value": ""}]));
            } else {
                assert_eq!(out["x509Certificates"][0]["value"], good);
            }
        }
    }
    for (bad, why) in [
        ("not base64!", "not a multiple of 4"),
        ("-----BEGIN CERTIFICATE-----", "not a multiple of 4"),
        ("abc*", "'*' at offset 3"),
        ("TQ=a", "'=' at offset 2"),
        ("T===", "more than two"),
        ("TWFu\nTWFu", "not a multiple of 4"),
        ("TWFuTWF_", "'_' at offset 7"),
    ] {
        let body = json!({"userName": "u", "x509Certificates": [{"value": bad}]});
        let (t, s) = both("User", body);
        for e in [t.expect_err(bad), s.expect_err(bad)] {
            assert_eq!((e.status, e.scim_type), (400, Some(ScimType::InvalidValue)));
            assert!(
                e.detail.contains("\"x509Certificates.value\" is binary")
                    && e.detail.contains("RFC 7643 §2.3.6"),
                "{bad}: {}",
                e.detail
            );
            assert!(e.detail.contains(why), "{bad}: {}", e.detail);
        }
    }
}
