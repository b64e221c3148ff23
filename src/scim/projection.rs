//! `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) and `returned` (RFC 7643 §7).
//!
//! Every representation the server sends goes through [`project`]:
//! - `returned: never` (`password`) is always removed, at any depth;
//! - `returned: always` (`id`, and the `schemas` list) is always kept, whatever the lists say;
//! - `returned: request` only when `attributes` names it;
//! - `attributes` returns only the named attributes (plus the always ones);
//!   `excludedAttributes` removes the named default ones.
//!
//! Names are matched without regard to case and may be `attr`, `attr.sub`, URN-qualified
//! (`urn:…:enterprise:2.0:User:department`) or a whole extension URN. An extension object
//! left empty is dropped. Unknown attributes are treated as `returned: default`.

use std::borrow::Cow;

use crate::scim::keys::has_urn_prefix;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use super::ScimError;
use super::filter::{AttrPath, is_schema_urn, split_attr_token};
use super::schema::{Attribute, Registry, ResourceType, Returned};

/// Parse a comma-separated attribute list (`userName,name.givenName,urn:…:User:department`).
///
/// Blank entries (`a,,b`, a trailing comma) are ignored; a whole extension URN becomes
/// `AttrPath { urn: Some(urn), name: "", sub: None }` as in PATCH paths. Anything else that is
/// not an attribute reference is 400 `invalidValue`.
pub fn parse_attribute_list(input: &str) -> Result<Vec<AttrPath>, ScimError> {
    input
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| {
            if is_schema_urn(item) {
                return Ok(AttrPath {
                    urn: Some(item.to_owned()),
                    name: String::new(),
                    sub: None,
                });
            }
            split_attr_token(item).ok_or_else(|| {
                ScimError::invalid_value(format!(
                    "the attribute list {} names {}, which is not an attribute: expected attr, \
                     attr.sub, urn:…:attr or a schema URN (RFC 7644 §3.4.2.5)",
                    quote(input),
                    quote(item)
                ))
            })
        })
        .collect()
}

/// A resource's representation as an ordered list of members, each borrowed from the stored
/// form or owned (what the server computes). Projected and serialised as it is: a response is
/// written without first copying the resource into a new `Value` (issue 10 item 16).
#[derive(Debug, Default)]
pub struct View<'a> {
    pub members: Vec<(Cow<'a, str>, Cow<'a, Value>)>,
}

impl<'a> View<'a> {
    pub fn with_capacity(n: usize) -> Self {
        View {
            members: Vec::with_capacity(n),
        }
    }

    pub fn push(&mut self, key: impl Into<Cow<'a, str>>, value: Cow<'a, Value>) {
        self.members.push((key.into(), value));
    }

    /// A view owning the members of `value` (an object; anything else is an empty view).
    pub fn from_value(value: Value) -> View<'static> {
        let Value::Object(obj) = value else {
            return View::default();
        };
        View {
            members: obj
                .into_iter()
                .map(|(k, v)| (Cow::Owned(k), Cow::Owned(v)))
                .collect(),
        }
    }

    pub fn into_value(self) -> Value {
        Value::Object(
            self.members
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }
}

impl Serialize for View<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.members.len()))?;
        for (k, v) in &self.members {
            map.serialize_entry(k.as_ref(), v.as_ref())?;
        }
        map.end()
    }
}

/// [`project_view`] for a resource held as a `Value`.
pub fn project(
    resource: Value,
    rt: &ResourceType,
    registry: &Registry,
    attributes: Option<&[AttrPath]>,
    excluded: Option<&[AttrPath]>,
) -> Value {
    if !resource.is_object() {
        return resource;
    }
    let mut view = View::from_value(resource);
    project_view(&mut view, rt, registry, attributes, excluded);
    view.into_value()
}

/// The representation of a stored resource to return: `returned: never` attributes removed,
/// `request` ones only when asked for, then `attributes` / `excludedAttributes` applied.
///
/// Members are edited in place, and a borrowed member is copied only when the projection
/// changes something inside it: every response goes through here.
pub fn project_view(
    view: &mut View<'_>,
    rt: &ResourceType,
    registry: &Registry,
    attributes: Option<&[AttrPath]>,
    excluded: Option<&[AttrPath]>,
) {
    let include = attributes.map(|list| Selectors::new(list, rt, registry));
    let exclude = Selectors::new(excluded.unwrap_or(&[]), rt, registry);
    view.members.retain_mut(|(key, value)| {
        if key.eq_ignore_ascii_case("schemas") {
            return true;
        }
        let extension = registry
            .extension_urn(rt, key)
            .or_else(|| (has_urn_prefix(key) && value.is_object()).then_some(""));
        if let (Some(canonical), Some(ext)) = (extension, value.as_object()) {
            let schema_id = if canonical.is_empty() {
                key.as_ref()
            } else {
                canonical
            };
            let schema = registry.schema(schema_id);
            let keep_member = |name: &str| {
                let def = schema.and_then(|s| s.attribute(name));
                let ctx = Ctx {
                    schema: schema_id,
                    name,
                    def,
                };
                decide(&ctx, include.as_ref(), &exclude).map(|mode| (mode, def))
            };
            let unchanged = ext.iter().all(|(name, v)| match keep_member(name) {
                None => false,
                Some((mode, def)) => survey(v, def, &mode) == Survey::Same,
            });
            if !unchanged && let Value::Object(ext) = value.to_mut() {
                ext.retain(|name, v| match keep_member(name) {
                    None => false,
                    Some((mode, def)) => select_subs(v, def, &mode),
                });
            }
            // An extension object left empty is dropped.
            return value.as_object().is_some_and(|ext| !ext.is_empty());
        }
        let ctx = Ctx {
            schema: rt.schema,
            name: key,
            def: registry
                .resolve(rt, Some(rt.schema), key)
                .map(|r| r.attribute),
        };
        match decide(&ctx, include.as_ref(), &exclude) {
            None => false,
            Some(mode) => match survey(value, ctx.def, &mode) {
                Survey::Same => true,
                Survey::Gone => false,
                Survey::Edit => select_subs(value.to_mut(), ctx.def, &mode),
            },
        }
    });
}

/// A top-level attribute being projected: the schema it belongs to, its stored name, its
/// definition when known.
struct Ctx<'a> {
    schema: &'a str,
    name: &'a str,
    def: Option<&'a Attribute>,
}

/// One list entry with its schema made explicit.
struct Selector {
    schema: String,
    /// Empty for a whole extension.
    name: String,
    sub: Option<String>,
}

struct Selectors(Vec<Selector>);

/// What a list says about one top-level attribute.
enum Selection<'s> {
    Nothing,
    Whole,
    Subs(Vec<&'s str>),
}

impl Selectors {
    fn new(list: &[AttrPath], rt: &ResourceType, registry: &Registry) -> Self {
        Selectors(
            list.iter()
                .map(|p| {
                    let schema = match &p.urn {
                        Some(urn) => urn.clone(),
                        // Unqualified names belong to the core schema unless only an
                        // extension defines them (RFC 7644 §3.10).
                        None => registry
                            .resolve(rt, None, &p.name)
                            .map_or(rt.schema, |r| r.schema)
                            .to_owned(),
                    };
                    Selector {
                        schema,
                        name: p.name.clone(),
                        sub: p.sub.clone(),
                    }
                })
                .collect(),
        )
    }

    fn select(&self, ctx: &Ctx<'_>) -> Selection<'_> {
        let mut subs = Vec::new();
        for s in &self.0 {
            if !s.schema.eq_ignore_ascii_case(ctx.schema) {
                continue;
            }
            if s.name.is_empty() {
                return Selection::Whole;
            }
            if s.name.eq_ignore_ascii_case(ctx.name) {
                match &s.sub {
                    None => return Selection::Whole,
                    Some(sub) => subs.push(sub.as_str()),
                }
            }
        }
        if subs.is_empty() {
            Selection::Nothing
        } else {
            Selection::Subs(subs)
        }
    }
}

/// How sub-attributes of a kept complex value are chosen.
enum SubMode<'s> {
    /// Default ones (no `request`, no `never`).
    Default,
    /// Only these (plus `always`); `request` ones when named.
    Only(Vec<&'s str>),
    /// Default ones except these.
    Except(Vec<&'s str>),
}

/// Whether a top-level attribute is returned (`None`: not at all) and, if so, how its
/// sub-attributes are chosen: what the lists and the attribute's `returned` say.
fn decide<'s>(
    ctx: &Ctx<'_>,
    include: Option<&'s Selectors>,
    exclude: &'s Selectors,
) -> Option<SubMode<'s>> {
    let returned = ctx.def.map_or(Returned::Default, |d| d.returned);
    match returned {
        Returned::Never => return None,
        Returned::Always => return Some(SubMode::Default),
        Returned::Default | Returned::Request => {}
    }
    match include {
        Some(include) => match include.select(ctx) {
            Selection::Nothing => None,
            Selection::Whole => Some(SubMode::Default),
            Selection::Subs(names) => Some(SubMode::Only(names)),
        },
        None if returned == Returned::Request => None,
        None => match exclude.select(ctx) {
            Selection::Whole => None,
            Selection::Nothing => Some(SubMode::Default),
            Selection::Subs(names) => Some(SubMode::Except(names)),
        },
    }
}

/// Whether the sub-attribute `key` of a complex value is returned under `mode`.
fn keep_sub(key: &str, def: Option<&Attribute>, mode: &SubMode<'_>) -> bool {
    let sub_def = def.and_then(|d| d.sub_attribute(key));
    let returned = sub_def.map_or(Returned::Default, |d| d.returned);
    let named = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(key));
    match (returned, mode) {
        (Returned::Never, _) => false,
        (Returned::Always, _) => true,
        (_, SubMode::Only(names)) => named(names),
        (Returned::Request, _) => false,
        (_, SubMode::Default) => true,
        (_, SubMode::Except(names)) => !named(names),
    }
}

/// What [`select_subs`] would do to a value, found without changing it.
#[derive(Debug, PartialEq, Eq)]
enum Survey {
    /// Returned as it is.
    Same,
    /// Not returned at all.
    Gone,
    /// Returned in part: [`select_subs`] works out which.
    Edit,
}

fn survey(value: &Value, def: Option<&Attribute>, mode: &SubMode<'_>) -> Survey {
    match value {
        Value::Array(items) => {
            if items
                .iter()
                .all(|item| survey(item, def, mode) == Survey::Same)
            {
                Survey::Same
            } else {
                Survey::Edit
            }
        }
        Value::Object(obj) => {
            if obj.keys().all(|key| keep_sub(key, def, mode)) {
                Survey::Same
            } else {
                Survey::Edit
            }
        }
        _ if matches!(mode, SubMode::Only(_)) => Survey::Gone,
        _ => Survey::Same,
    }
}

/// Apply `mode` in place to the sub-attributes of a complex value (each element of a
/// multi-valued one); `false` when nothing is left to return. Simple values pass unchanged,
/// except that `Only` selects nothing from them. Elements and values left empty are dropped.
fn select_subs(value: &mut Value, def: Option<&Attribute>, mode: &SubMode<'_>) -> bool {
    match value {
        Value::Array(items) => {
            let had_items = !items.is_empty();
            items.retain_mut(|item| select_subs(item, def, mode));
            !(items.is_empty() && had_items)
        }
        Value::Object(obj) => {
            let had_members = !obj.is_empty();
            obj.retain(|key, _| keep_sub(key, def, mode));
            !(obj.is_empty() && had_members)
        }
        _ => !matches!(mode, SubMode::Only(_)),
    }
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scim::schema::ENTERPRISE_USER_SCHEMA;
    use serde_json::json;

    fn user() -> Value {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE_USER_SCHEMA],
            "id": "u1",
            "externalId": "ext-1",
            "userName": "bjensen",
            "password": "t1meMa$heen",
            "name": {"givenName": "Barbara", "familyName": "Jensen"},
            "emails": [
                {"value": "b@example.com", "type": "work", "primary": true},
                {"value": "babs@home.org", "type": "home"}
            ],
            "active": true,
            "customThing": "x",
            ENTERPRISE_USER_SCHEMA: {"employeeNumber": "701984", "department": "Tour"},
            "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z"}
        })
    }

    fn run(attributes: Option<&str>, excluded: Option<&str>) -> Value {
        let registry = Registry::standard();
        let rt = registry.resource_type("User").expect("User");
        let a = attributes.map(|s| parse_attribute_list(s).expect("attributes"));
        let e = excluded.map(|s| parse_attribute_list(s).expect("excluded"));
        project(user(), rt, registry, a.as_deref(), e.as_deref())
    }

    fn keys(v: &Value) -> Vec<&str> {
        v.as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    #[test]
    fn parses_attribute_lists() {
        let list = parse_attribute_list(
            " userName , name.givenName,,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department,\
             urn:ietf:params:scim:schemas:extension:enterprise:2.0:User, emails.$ref ,",
        )
        .expect("list");
        let printed: Vec<String> = list.iter().map(ToString::to_string).collect();
        assert_eq!(
            printed,
            [
                "userName",
                "name.givenName",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                "emails.$ref",
            ]
        );
        assert!(list[3].is_whole_extension());
        assert_eq!(parse_attribute_list("").expect("empty"), []);
        for bad in [
            "user name",
            "name.given.x",
            "emails[type eq \"work\"]",
            "9x",
            "a,b c",
        ] {
            let err = parse_attribute_list(bad).expect_err(bad);
            assert_eq!(
                (err.status, err.scim_type),
                (400, Some(crate::scim::ScimType::InvalidValue))
            );
            assert!(err.detail.contains("not an attribute"), "{}", err.detail);
        }
    }

    #[test]
    fn default_representation_drops_never_returned() {
        let out = run(None, None);
        assert!(out.get("password").is_none());
        let mut expected = user();
        expected.as_object_mut().expect("object").remove("password");
        assert_eq!(out, expected);
    }

    #[test]
    fn attributes_returns_only_named_plus_always() {
        let out = run(Some("USERNAME"), None);
        assert_eq!(keys(&out), ["schemas", "id", "userName"]);

        let out = run(Some("name.givenName,emails.value"), None);
        assert_eq!(out["name"], json!({"givenName": "Barbara"}));
        assert_eq!(
            out["emails"],
            json!([{"value": "b@example.com"}, {"value": "babs@home.org"}])
        );
        assert!(out.get("meta").is_none() && out.get("active").is_none());

        let out = run(Some("password,id,meta"), None);
        assert_eq!(keys(&out), ["schemas", "id", "meta"]);

        let out = run(
            Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"),
            None,
        );
        assert_eq!(out[ENTERPRISE_USER_SCHEMA], json!({"department": "Tour"}));
        assert_eq!(keys(&out), ["schemas", "id", ENTERPRISE_USER_SCHEMA]);

        let out = run(Some("employeeNumber"), None);
        assert_eq!(
            out[ENTERPRISE_USER_SCHEMA],
            json!({"employeeNumber": "701984"})
        );

        let out = run(
            Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:user"),
            None,
        );
        assert_eq!(out[ENTERPRISE_USER_SCHEMA], user()[ENTERPRISE_USER_SCHEMA]);

        let out = run(
            Some("urn:ietf:params:scim:schemas:core:2.0:User:name"),
            None,
        );
        assert_eq!(keys(&out), ["schemas", "id", "name"]);

        let out = run(Some("customthing"), None);
        assert_eq!(keys(&out), ["schemas", "id", "customThing"]);

        // An extension with nothing selected disappears rather than showing up empty.
        let out = run(Some("userName"), None);
        assert!(out.get(ENTERPRISE_USER_SCHEMA).is_none());
    }

    #[test]
    fn excluded_attributes_remove_default_ones_only() {
        let out = run(None, Some("id,schemas,emails,META,password"));
        assert_eq!(
            keys(&out),
            [
                "schemas",
                "id",
                "externalId",
                "userName",
                "name",
                "active",
                "customThing",
                ENTERPRISE_USER_SCHEMA
            ]
        );

        let out = run(None, Some("emails.type,name.familyName"));
        assert_eq!(out["name"], json!({"givenName": "Barbara"}));
        assert_eq!(
            out["emails"],
            json!([{"value": "b@example.com", "primary": true}, {"value": "babs@home.org"}])
        );

        let out = run(
            None,
            Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
        );
        assert!(out.get(ENTERPRISE_USER_SCHEMA).is_none());

        let out = run(
            None,
            Some(
                "department,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
            ),
        );
        assert!(
            out.get(ENTERPRISE_USER_SCHEMA).is_none(),
            "emptied extension dropped"
        );

        let out = run(None, Some("department"));
        assert_eq!(
            out[ENTERPRISE_USER_SCHEMA],
            json!({"employeeNumber": "701984"})
        );
    }

    #[test]
    fn request_only_and_never_sub_attributes() {
        use crate::scim::schema::SchemaExtension;
        // A hand-built registry: `secret` is returned on request, `hash` never.
        let base = Registry::standard();
        let mut user_schema = base
            .schema(crate::scim::schema::USER_SCHEMA)
            .expect("user")
            .clone();
        let mut secret = user_schema.attribute("nickName").expect("nickName").clone();
        secret.name = "secret";
        secret.returned = Returned::Request;
        let mut hash = secret.clone();
        hash.name = "hash";
        hash.returned = Returned::Never;
        let mut emails = user_schema.attribute("emails").expect("emails").clone();
        let mut note = secret.clone();
        note.name = "note";
        emails.sub_attributes.push(note);
        user_schema.attributes.retain(|a| a.name != "emails");
        user_schema.attributes.extend([secret, hash, emails]);
        let registry = Registry {
            schemas: vec![user_schema],
            resource_types: vec![ResourceType {
                schema_extensions: Vec::<SchemaExtension>::new(),
                ..base.resource_type("User").expect("User").clone()
            }],
            common: base.common.clone(),
        };
        let rt = &registry.resource_types[0];
        let stored = json!({
            "id": "u1", "userName": "b", "secret": "s", "hash": "h",
            "emails": [{"value": "a@x", "note": "n"}]
        });
        let out = project(stored.clone(), rt, &registry, None, None);
        assert_eq!(
            out,
            json!({"id": "u1", "userName": "b", "emails": [{"value": "a@x"}]})
        );
        let list = parse_attribute_list("secret,hash,emails.note").expect("list");
        let out = project(stored.clone(), rt, &registry, Some(&list), None);
        assert_eq!(
            out,
            json!({"id": "u1", "secret": "s", "emails": [{"note": "n"}]})
        );
    }
}
