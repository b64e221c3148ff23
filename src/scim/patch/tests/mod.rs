//! Table-driven tests of the PATCH engine: every path form and operation, every tolerance in
//! both modes (citing the reference section it replays), errors, atomicity, and properties.
//! Shared fixtures live here; each concern has its own file.

mod errors;
mod paths;
mod properties;
mod tolerances;

use serde_json::{Map, Value, json};

use super::*;
use crate::scim::resource::prepare_create;
use crate::scim::schema::{ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, Registry, USER_SCHEMA};

pub(super) const ENT: &str = ENTERPRISE_USER_SCHEMA;

pub(super) fn ctx(rt: &str, compliance: Compliance) -> WriteContext<'static> {
    let registry = Registry::standard();
    WriteContext {
        registry,
        rt: registry.resource_type(rt).expect("resource type"),
        compliance,
    }
}

pub(super) fn user() -> Map<String, Value> {
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

pub(super) fn group() -> Map<String, Value> {
    prepare_create(
        &json!({"schemas": [GROUP_SCHEMA], "displayName": "Eng",
                "members": [{"value": "u1", "display": "one"}, {"value": "u2"}]}),
        &ctx("Group", Compliance::Strict),
    )
    .expect("fixture group")
}

pub(super) fn body(ops: Value) -> Value {
    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops})
}

pub(super) fn patch(
    rt: &str,
    mode: Compliance,
    current: &Map<String, Value>,
    body: &Value,
) -> Result<Value, ScimError> {
    let c = ctx(rt, mode);
    let ops = parse_request(body, &c)?;
    apply(current, &ops, &c).map(Value::Object)
}

pub(super) fn fixture(rt: &str) -> Map<String, Value> {
    if rt == "User" { user() } else { group() }
}

/// `(JSON pointer, expected)`; `Value::Null` means the pointer must not resolve.
pub(super) fn check(name: &str, out: &Value, expect: &[(&str, Value)]) {
    for (ptr, want) in expect {
        let got = out.pointer(ptr);
        if want.is_null() {
            assert!(got.is_none(), "{name}: {ptr} should be absent in {out}");
        } else {
            assert_eq!(got, Some(want), "{name}: {ptr} in {out}");
        }
    }
}
