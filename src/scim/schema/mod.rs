//! The schema registry: every attribute of RFC 7643 with its characteristics.
//!
//! One registry drives everything that depends on what an attribute *is*: the `/Schemas` and
//! `/ResourceTypes` documents, validation of writes, case rules in filters, `returned` handling
//! in projections, and readOnly handling in PUT and PATCH. Nothing here does I/O.
//!
//! Attribute names are matched without regard to case (RFC 7643 §2.1); the registry always hands
//! back the canonical spelling so that stored resources use one casing.

use serde::Serialize;
use std::sync::OnceLock;

mod standard;

use standard::build_standard;

/// `urn:ietf:params:scim:schemas:core:2.0:User`
pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`
pub const ENTERPRISE_USER_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// `urn:ietf:params:scim:schemas:core:2.0:Group`
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
/// Message and discovery schema URNs (RFC 7644 §3.1, RFC 7643 §5–§7).
pub const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
pub const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
pub const SEARCH_REQUEST: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
pub const BULK_REQUEST: &str = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
pub const BULK_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
pub const SERVICE_PROVIDER_CONFIG_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
pub const RESOURCE_TYPE_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
pub const SCHEMA_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";

/// RFC 7643 §2.3 data types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AttrType {
    String,
    Boolean,
    Decimal,
    Integer,
    DateTime,
    Binary,
    Reference,
    Complex,
}

/// RFC 7643 §7 `mutability`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Mutability {
    ReadOnly,
    ReadWrite,
    Immutable,
    WriteOnly,
}

/// RFC 7643 §7 `returned`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Returned {
    Always,
    Never,
    Default,
    Request,
}

/// RFC 7643 §7 `uniqueness`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Uniqueness {
    None,
    Server,
    Global,
}

/// One attribute definition with all its characteristics (RFC 7643 §7).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attribute {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub ty: AttrType,
    pub multi_valued: bool,
    pub description: &'static str,
    pub required: bool,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub canonical_values: Vec<&'static str>,
    pub case_exact: bool,
    pub mutability: Mutability,
    pub returned: Returned,
    pub uniqueness: Uniqueness,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub reference_types: Vec<&'static str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub sub_attributes: Vec<Attribute>,
}

impl Attribute {
    /// The sub-attribute called `name` (any case), if this is a complex attribute.
    pub fn sub_attribute(&self, name: &str) -> Option<&Attribute> {
        self.sub_attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// True for attributes a client can never set (readOnly).
    pub fn is_read_only(&self) -> bool {
        self.mutability == Mutability::ReadOnly
    }
}

/// A schema: a URN and its attributes (RFC 7643 §7).
#[derive(Clone, Debug, Serialize)]
pub struct Schema {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub attributes: Vec<Attribute>,
}

impl Schema {
    /// The top-level attribute called `name` (any case).
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }
}

/// A schema extension of a resource type (RFC 7643 §6).
#[derive(Clone, Debug, Serialize)]
pub struct SchemaExtension {
    pub schema: &'static str,
    pub required: bool,
}

/// A resource type: endpoint, core schema and extensions (RFC 7643 §6).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceType {
    pub id: &'static str,
    pub name: &'static str,
    pub endpoint: &'static str,
    pub description: &'static str,
    pub schema: &'static str,
    pub schema_extensions: Vec<SchemaExtension>,
}

/// Where an attribute name resolved to: the schema that defines it and its definition.
#[derive(Clone, Copy, Debug)]
pub struct Resolved<'a> {
    /// URN of the schema holding the attribute (the core schema for common attributes).
    pub schema: &'static str,
    /// True when the attribute lives in an extension, i.e. under its URN key in JSON.
    pub in_extension: bool,
    /// True for the common attributes `id`, `externalId`, `meta` (RFC 7643 §3.1).
    pub common: bool,
    pub attribute: &'a Attribute,
}

/// Every schema and resource type the reference server knows.
#[derive(Debug)]
pub struct Registry {
    pub schemas: Vec<Schema>,
    pub resource_types: Vec<ResourceType>,
    /// `id`, `externalId` and `meta`: carried by every resource, defined by no schema.
    pub common: Vec<Attribute>,
}

impl Registry {
    /// The standard registry: User (+ Enterprise User extension) and Group, as RFC 7643 §4 and
    /// §8.7.1 define them.
    pub fn standard() -> &'static Registry {
        static REGISTRY: OnceLock<Registry> = OnceLock::new();
        REGISTRY.get_or_init(build_standard)
    }

    /// The schema with this URN (case-insensitive, RFC 7643 §2.1).
    pub fn schema(&self, urn: &str) -> Option<&Schema> {
        self.schemas.iter().find(|s| s.id.eq_ignore_ascii_case(urn))
    }

    /// The resource type with this name (`User`, `Group`; any case).
    pub fn resource_type(&self, name: &str) -> Option<&ResourceType> {
        self.resource_types
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name))
    }

    /// All schema URNs a resource of this type may carry: core first, then extensions.
    pub fn schema_urns<'a>(&self, rt: &'a ResourceType) -> impl Iterator<Item = &'static str> + 'a {
        std::iter::once(rt.schema).chain(rt.schema_extensions.iter().map(|e| e.schema))
    }

    /// The extension URN of `rt` that matches `urn` (any case), in canonical spelling.
    pub fn extension_urn(&self, rt: &ResourceType, urn: &str) -> Option<&'static str> {
        rt.schema_extensions
            .iter()
            .map(|e| e.schema)
            .find(|s| s.eq_ignore_ascii_case(urn))
    }

    /// Resolve a top-level attribute of resource type `rt`.
    ///
    /// `urn` is the schema prefix when the name was URN-qualified
    /// (`urn:…:enterprise:2.0:User:manager` → `Some("urn:…:enterprise:2.0:User")`, `"manager"`).
    /// Without a prefix the core schema and the common attributes are searched, then the
    /// extensions (RFC 7644 §3.10 lets clients omit the URN where the name is unambiguous).
    pub fn resolve(
        &self,
        rt: &ResourceType,
        urn: Option<&str>,
        name: &str,
    ) -> Option<Resolved<'_>> {
        if let Some(urn) = urn {
            if urn.eq_ignore_ascii_case(rt.schema) {
                return self.resolve_core(rt, name);
            }
            let ext = self.extension_urn(rt, urn)?;
            let schema = self.schema(ext)?;
            return schema.attribute(name).map(|attribute| Resolved {
                schema: schema.id,
                in_extension: true,
                common: false,
                attribute,
            });
        }
        self.resolve_core(rt, name).or_else(|| {
            rt.schema_extensions.iter().find_map(|ext| {
                let schema = self.schema(ext.schema)?;
                schema.attribute(name).map(|attribute| Resolved {
                    schema: schema.id,
                    in_extension: true,
                    common: false,
                    attribute,
                })
            })
        })
    }

    fn resolve_core(&self, rt: &ResourceType, name: &str) -> Option<Resolved<'_>> {
        if let Some(attribute) = self
            .common
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
        {
            return Some(Resolved {
                schema: rt.schema,
                in_extension: false,
                common: true,
                attribute,
            });
        }
        let schema = self.schema(rt.schema)?;
        schema.attribute(name).map(|attribute| Resolved {
            schema: schema.id,
            in_extension: false,
            common: false,
            attribute,
        })
    }
}

/// Split a possibly URN-qualified attribute reference into (schema URN, rest).
///
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value` →
/// `(Some("urn:…:User"), "manager.value")`; `name.givenName` → `(None, "name.givenName")`.
/// Attribute names never contain `:`, so the URN ends at the last colon.
pub fn split_urn(reference: &str) -> (Option<&str>, &str) {
    match reference.rfind(':') {
        Some(pos) if crate::scim::keys::has_urn_prefix(reference) => {
            (Some(&reference[..pos]), &reference[pos + 1..])
        }
        _ => (None, reference),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_names_in_any_case_to_their_canonical_spelling() {
        let reg = Registry::standard();
        let user = reg.resource_type("user").expect("User type");
        let r = reg.resolve(user, None, "USERNAME").expect("userName");
        assert_eq!(r.attribute.name, "userName");
        assert!(!r.in_extension);
        let r = reg.resolve(user, None, "ID").expect("id");
        assert!(r.common && r.attribute.case_exact);
    }

    #[test]
    fn resolves_urn_qualified_and_bare_extension_attributes() {
        let reg = Registry::standard();
        let user = reg.resource_type("User").expect("User type");
        let (urn, rest) =
            split_urn("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager");
        assert_eq!(rest, "manager");
        let r = reg.resolve(user, urn, rest).expect("manager");
        assert!(r.in_extension);
        assert_eq!(r.schema, ENTERPRISE_USER_SCHEMA);
        let r = reg
            .resolve(user, None, "employeeNumber")
            .expect("bare extension name");
        assert!(r.in_extension);
        let (urn, rest) = split_urn("urn:ietf:params:scim:schemas:core:2.0:User:name.givenName");
        assert_eq!((urn, rest), (Some(USER_SCHEMA), "name.givenName"));
        assert!(reg.resolve(user, urn, "name").is_some());
        assert!(
            reg.resolve(user, Some("urn:example:unknown"), "name")
                .is_none()
        );
    }

    #[test]
    fn split_urn_never_panics_on_non_ascii_input() {
        assert_eq!(split_urn("ab€x.y"), (None, "ab€x.y"));
        assert_eq!(split_urn("urn€:a"), (None, "urn€:a"));
        assert_eq!(split_urn("€"), (None, "€"));
    }

    #[test]
    fn password_is_write_only_and_never_returned() {
        let reg = Registry::standard();
        let user = reg.resource_type("User").expect("User type");
        let p = reg
            .resolve(user, None, "password")
            .expect("password")
            .attribute;
        assert_eq!(
            (p.mutability, p.returned),
            (Mutability::WriteOnly, Returned::Never)
        );
    }

    #[test]
    fn schema_serialises_with_rfc_characteristic_names() {
        let reg = Registry::standard();
        let json = serde_json::to_value(reg.schema(USER_SCHEMA).expect("user")).expect("json");
        let user_name = &json["attributes"][0];
        assert_eq!(user_name["name"], "userName");
        assert_eq!(user_name["type"], "string");
        assert_eq!(user_name["multiValued"], false);
        assert_eq!(user_name["caseExact"], false);
        assert_eq!(user_name["mutability"], "readWrite");
        assert_eq!(user_name["uniqueness"], "server");
    }
}
