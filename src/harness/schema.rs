//! JSON Schema validation of SCIM documents with the schemas we author in `schemas/`.
//!
//! The schemas encode RFC 7643 / 7644 independently of the reference server's Rust code; they are
//! embedded in the binary and compiled once, offline, through a registry keyed by their `$id`s.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use jsonschema::{Draft, Validator};
use serde_json::Value;

const BASE: &str = "https://scim-harness.invalid/schemas/";

/// Every schema file: (file name, text).
const FILES: &[(&str, &str)] = &[
    ("common.json", include_str!("../../schemas/common.json")),
    ("user.json", include_str!("../../schemas/user.json")),
    (
        "enterprise-user.json",
        include_str!("../../schemas/enterprise-user.json"),
    ),
    ("group.json", include_str!("../../schemas/group.json")),
    (
        "list-response.json",
        include_str!("../../schemas/list-response.json"),
    ),
    ("error.json", include_str!("../../schemas/error.json")),
    ("patch-op.json", include_str!("../../schemas/patch-op.json")),
    (
        "search-request.json",
        include_str!("../../schemas/search-request.json"),
    ),
    (
        "service-provider-config.json",
        include_str!("../../schemas/service-provider-config.json"),
    ),
    (
        "resource-type.json",
        include_str!("../../schemas/resource-type.json"),
    ),
    ("schema.json", include_str!("../../schemas/schema.json")),
];

/// A kind of SCIM document we hold a schema for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    User,
    EnterpriseUser,
    Group,
    ListResponse,
    Error,
    PatchOp,
    SearchRequest,
    ServiceProviderConfig,
    ResourceType,
    Schema,
}

impl Kind {
    const ALL: [Kind; 10] = [
        Kind::User,
        Kind::EnterpriseUser,
        Kind::Group,
        Kind::ListResponse,
        Kind::Error,
        Kind::PatchOp,
        Kind::SearchRequest,
        Kind::ServiceProviderConfig,
        Kind::ResourceType,
        Kind::Schema,
    ];

    fn file(self) -> &'static str {
        match self {
            Kind::User => "user.json",
            Kind::EnterpriseUser => "enterprise-user.json",
            Kind::Group => "group.json",
            Kind::ListResponse => "list-response.json",
            Kind::Error => "error.json",
            Kind::PatchOp => "patch-op.json",
            Kind::SearchRequest => "search-request.json",
            Kind::ServiceProviderConfig => "service-provider-config.json",
            Kind::ResourceType => "resource-type.json",
            Kind::Schema => "schema.json",
        }
    }

    /// The RFC section the schema encodes (for the `rule:` line).
    pub fn rule(self) -> &'static str {
        match self {
            Kind::User => "RFC 7643 §4.1 (User)",
            Kind::EnterpriseUser => "RFC 7643 §4.3 (Enterprise User)",
            Kind::Group => "RFC 7643 §4.2 (Group)",
            Kind::ListResponse => "RFC 7644 §3.4.2 (ListResponse)",
            Kind::Error => "RFC 7644 §3.12 (Error)",
            Kind::PatchOp => "RFC 7644 §3.5.2 (PatchOp)",
            Kind::SearchRequest => "RFC 7644 §3.4.3 (SearchRequest)",
            Kind::ServiceProviderConfig => "RFC 7643 §5 (ServiceProviderConfig)",
            Kind::ResourceType => "RFC 7643 §6 (ResourceType)",
            Kind::Schema => "RFC 7643 §7 (Schema)",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Kind::ALL
            .into_iter()
            .find(|k| k.to_string() == s)
            .ok_or_else(|| format!("unknown document kind {s:?}"))
    }
}

/// The compiled validators, one per kind.
pub struct Schemas {
    validators: Vec<(Kind, Validator)>,
}

impl Schemas {
    fn compile() -> Result<Schemas, String> {
        let mut parsed = Vec::new();
        for (file, text) in FILES {
            let value: Value =
                serde_json::from_str(text).map_err(|e| format!("schemas/{file}: {e}"))?;
            parsed.push((*file, value));
        }
        let mut builder = jsonschema::Registry::new();
        for (file, value) in &parsed {
            builder = builder
                .add(format!("{BASE}{file}"), value.clone())
                .map_err(|e| format!("schemas/{file}: {e}"))?;
        }
        let registry = builder
            .prepare()
            .map_err(|e| format!("schema registry: {e}"))?;
        let mut validators = Vec::new();
        for kind in Kind::ALL {
            let (_, value) = parsed
                .iter()
                .find(|(f, _)| *f == kind.file())
                .ok_or_else(|| format!("no schema file for {kind}"))?;
            let validator = jsonschema::options()
                .with_draft(Draft::Draft202012)
                .with_registry(&registry)
                .offline()
                .should_validate_formats(true)
                .build(value)
                .map_err(|e| format!("schemas/{}: {e}", kind.file()))?;
            validators.push((kind, validator));
        }
        Ok(Schemas { validators })
    }

    /// The schemas, compiled on first use (a broken embedded schema is a bug of this crate).
    pub fn get() -> Result<&'static Schemas, String> {
        static SCHEMAS: OnceLock<Result<Schemas, String>> = OnceLock::new();
        SCHEMAS
            .get_or_init(Schemas::compile)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Every violation of `kind` in `doc`, as `pointer: message` (pointers prefixed by `at`).
    pub fn violations(&self, kind: Kind, doc: &Value, at: &str) -> Vec<String> {
        let Some((_, validator)) = self.validators.iter().find(|(k, _)| *k == kind) else {
            return vec![format!("no schema for {kind}")];
        };
        validator
            .iter_errors(doc)
            .map(|e| {
                let path = e.instance_path().to_string();
                let path = if path.is_empty() && at.is_empty() {
                    "/".to_owned()
                } else {
                    format!("{at}{path}")
                };
                format!("{path}: {e}")
            })
            .collect()
    }

    /// Validate a list and each of its `Resources` against `item`.
    pub fn list_violations(&self, doc: &Value, item: Option<Kind>) -> Vec<String> {
        let mut out = self.violations(Kind::ListResponse, doc, "");
        if let (Some(item), Some(Value::Array(resources))) = (item, doc.get("Resources")) {
            for (i, r) in resources.iter().enumerate() {
                out.extend(self.violations(item, r, &format!("/Resources/{i}")));
            }
        }
        out
    }
}

/// What the body of a response to `method path` with `status` should be, if we know.
pub fn expected_document(method: &str, path: &str, status: u16) -> Option<(Kind, Option<Kind>)> {
    if status >= 400 {
        return Some((Kind::Error, None));
    }
    if !(200..300).contains(&status) || method == "DELETE" {
        return None;
    }
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim_end_matches('/');
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let resource = |name: &str| match name {
        "Users" => Some(Kind::User),
        "Groups" => Some(Kind::Group),
        "ResourceTypes" => Some(Kind::ResourceType),
        "Schemas" => Some(Kind::Schema),
        _ => None,
    };
    match segments.as_slice() {
        [.., "ServiceProviderConfig" | "ServiceProviderConfigs"] => {
            Some((Kind::ServiceProviderConfig, None))
        }
        [.., ".search"] => {
            let item = segments
                .len()
                .checked_sub(2)
                .and_then(|i| segments.get(i))
                .and_then(|s| resource(s));
            Some((Kind::ListResponse, item))
        }
        [.., collection] if method == "GET" && resource(collection).is_some() => {
            Some((Kind::ListResponse, resource(collection)))
        }
        [.., collection] if method == "POST" && matches!(*collection, "Users" | "Groups") => {
            resource(collection).map(|k| (k, None))
        }
        [.., collection, _id] => resource(collection).map(|k| (k, None)),
        // RFC 7644 §3.11: /Me is an alias of the authenticated user's resource.
        [.., "Me"] => Some((Kind::User, None)),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schemas_compile_offline() {
        assert!(Schemas::get().is_ok(), "{:?}", Schemas::get().err());
    }

    #[test]
    fn a_user_is_checked_for_types() {
        let s = Schemas::get().unwrap();
        let good = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "1", "userName": "a",
            "active": true, "meta": {"resourceType": "User", "created": "2024-01-01T00:00:00Z"}});
        assert!(s.violations(Kind::User, &good, "").is_empty());
        let bad = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "1", "active": "true",
            "password": "x"});
        let v = s.violations(Kind::User, &bad, "");
        assert!(v.iter().any(|m| m.starts_with("/active")), "{v:?}");
        assert!(v.iter().any(|m| m.starts_with("/password")), "{v:?}");
    }

    #[test]
    fn an_error_status_is_a_string() {
        let s = Schemas::get().unwrap();
        let bad =
            json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": 404});
        assert!(!s.violations(Kind::Error, &bad, "").is_empty());
        let list = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": "1"});
        assert!(!s.list_violations(&list, Some(Kind::User)).is_empty());
    }

    #[test]
    fn documents_are_inferred_from_the_request() {
        assert_eq!(
            expected_document("GET", "/Me", 200),
            Some((Kind::User, None))
        );
        assert_eq!(
            expected_document("GET", "/Users?filter=x", 200),
            Some((Kind::ListResponse, Some(Kind::User)))
        );
        assert_eq!(
            expected_document("POST", "/Users", 201),
            Some((Kind::User, None))
        );
        assert_eq!(
            expected_document("GET", "/Groups/abc", 200),
            Some((Kind::Group, None))
        );
        assert_eq!(
            expected_document("POST", "/Users/.search", 200),
            Some((Kind::ListResponse, Some(Kind::User)))
        );
        assert_eq!(
            expected_document("GET", "/Schemas/urn:x", 200),
            Some((Kind::Schema, None))
        );
        assert_eq!(expected_document("DELETE", "/Users/1", 204), None);
        assert_eq!(
            expected_document("GET", "/Users/1", 404),
            Some((Kind::Error, None))
        );
    }
}
