//! OneLogin's template shapes (docs/idp/onelogin.md §1.3, §1.5, §3): what the default mode reads
//! and which tolerance Strict names for each.

use serde_json::{Value, json};

use super::*;
use crate::scim::schema::ENTERPRISE_USER_SCHEMA;

fn create(compliance: Compliance, body: &Value) -> Result<Value, ScimError> {
    let registry = Registry::standard();
    let ctx = WriteContext {
        registry,
        rt: registry.resource_type("User").expect("User"),
        compliance,
    };
    prepare_create(body, &ctx).map(Value::Object)
}

fn refused_as(body: &Value, tolerance: &str) {
    let e = create(Compliance::Strict, body).expect_err("strict refuses");
    assert_eq!(e.status, 400);
    assert!(
        e.detail
            .ends_with(&format!("tolerated by default as {tolerance})")),
        "{}",
        e.detail
    );
}

#[test]
fn legacy_schema_urns_read_as_the_rfc_schemas_onelogin_1_5() {
    // The authentik capture's PUT body prefix (docs/idp/onelogin.md §1.5).
    let body = json!({
        "schemas": ["urn:scim:schemas:core:2.0", "urn:scim:schemas:extension:enterprise:2.0"],
        "userName": "onelogin-test-user01",
        "name": {"familyName": " User 01", "givenName": "AAA Test"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "R&D"}
    });
    let out = create(Compliance::Tolerant, &body).expect("tolerated");
    assert_eq!(out["schemas"], json!([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]));
    assert_eq!(
        out["name"]["familyName"], " User 01",
        "values are not trimmed"
    );
    refused_as(&body, "legacy-schema-urn");
    refused_as(
        &json!({"schemas": ["URN:SCIM:SCHEMAS:CORE:1.0"], "userName": "u"}),
        "legacy-schema-urn",
    );
}

#[test]
fn rfc_schema_urns_and_other_unknown_uris_are_not_legacy() {
    for schemas in [
        json!([USER_SCHEMA]),
        json!([
            USER_SCHEMA,
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0User"
        ]),
        json!([USER_SCHEMA, "urn:scim"]),
    ] {
        let body = json!({"schemas": schemas, "userName": "u"});
        create(Compliance::Strict, &body).expect("not a legacy URN");
    }
}

#[test]
fn emails_as_one_object_is_a_one_element_array_onelogin_q4() {
    let body = json!({
        "schemas": [USER_SCHEMA], "userName": "u",
        "emails": {"value": "u@example.com", "type": "work", "primary": true}
    });
    let out = create(Compliance::Tolerant, &body).expect("tolerated");
    assert_eq!(
        out["emails"],
        json!([{"value": "u@example.com", "type": "work", "primary": true}])
    );
    refused_as(&body, "multi-valued-object");
    // An array is the RFC shape: accepted by Strict.
    let array =
        json!({"schemas": [USER_SCHEMA], "userName": "u", "emails": [{"value": "u@example.com"}]});
    create(Compliance::Strict, &array).expect("an array");
}

#[test]
fn a_template_with_id_null_meta_and_a_string_active_onelogin_1_3() {
    // keepnetlabs' template: "id": null, "meta", "active": "{$user.active}" rendered "true".
    let body = json!({
        "schemas": [USER_SCHEMA], "id": null, "meta": {"resourceType": "User"},
        "userName": "u", "active": "true", "title": ""
    });
    let out = create(Compliance::Tolerant, &body).expect("tolerated");
    assert_eq!(out["active"], true);
    assert!(out.get("id").is_none() && out.get("meta").is_none());
    refused_as(&body, "string-boolean");
    // Without the string boolean, id null and meta are RFC input (readOnly, ignored).
    let rfc = json!({"schemas": [USER_SCHEMA], "id": null, "meta": {"resourceType": "User"},
                     "userName": "u", "active": true});
    create(Compliance::Strict, &rfc).expect("readOnly attributes are ignored");
}
