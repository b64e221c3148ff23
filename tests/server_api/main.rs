//! In-process API tests of the reference server (`router(state)` + `oneshot`): every endpoint
//! and every error of issue 2, with insta snapshots of the responses in `snapshots/server/`.
//!
//! Snapshots are normalised before comparison: resource ids become `[User-1]`, `[Group-1]`…
//! (in order of creation, wherever they appear — `id`, `location`, `$ref`, member values),
//! timestamps become `[timestamp]`. Versions are deterministic per store and kept.

#[path = "../server_support/mod.rs"]
mod server_support;

mod auth;
mod bad_input;
mod crud;
mod discovery;
mod groups;
mod query;
mod rfc_extras;
mod robustness;

use serde_json::{Value, json};

pub const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

pub fn bjensen() -> Value {
    json!({
        "schemas": [USER],
        "userName": "Bjensen",
        "externalId": "00u1",
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
        "active": true,
        "password": "t1meMa$heen",
    })
}
