//! From a stored resource to its full representation: `schemas`, `id`, the stored attributes,
//! the computed ones (`User.groups`, members' and manager's `$ref`), and `meta`.
//!
//! Projection (`returned`, `attributes`, `excludedAttributes`) is applied afterwards by
//! `scim::projection`; the password never leaves this function whatever the projection does.

use std::borrow::Cow;

use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::store::{Kind, Store, Stored};
use crate::scim::keys::{get_ci, get_ci_mut};
use crate::scim::projection::View;
use crate::scim::schema::{ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA};

/// Names the server computes or owns: never copied from the stored form.
const SERVER_OWNED: [&str; 4] = ["id", "meta", "groups", "password"];

/// The full representation of `stored`, with URLs under `base_url` (`http://host/scim/v2`).
pub fn render(stored: &Stored, store: &dyn Store, base_url: &str) -> Value {
    view(stored, store, base_url).into_value()
}

/// [`render`] as a [`View`]: the stored attributes borrowed, not copied (what a response
/// serialises); only what the server computes is owned.
pub fn view<'a>(stored: &'a Stored, store: &dyn Store, base_url: &str) -> View<'a> {
    let mut out = View::with_capacity(stored.body().len() + 4);
    let schemas = match get_ci(stored.body(), "schemas") {
        Some(v) if v.is_array() => Cow::Borrowed(v),
        _ => Cow::Owned(default_schemas(stored)),
    };
    out.push("schemas", schemas);
    out.push("id", Cow::Owned(Value::String(stored.id.clone())));
    for (k, v) in stored.body().iter() {
        if k.eq_ignore_ascii_case("schemas")
            || SERVER_OWNED.iter().any(|n| k.eq_ignore_ascii_case(n))
        {
            continue;
        }
        let v = match stored.kind {
            Kind::Group if k.eq_ignore_ascii_case("members") => {
                Cow::Owned(members_with_refs(v, base_url))
            }
            Kind::User if k.eq_ignore_ascii_case(ENTERPRISE_USER_SCHEMA) => {
                Cow::Owned(manager_with_ref(v, base_url))
            }
            _ => Cow::Borrowed(v),
        };
        out.push(k.as_str(), v);
    }
    if stored.kind == Kind::User {
        let groups: Vec<Value> = store
            .memberships(&stored.id)
            .into_iter()
            .map(|m| {
                let mut g = Map::with_capacity(4);
                let reference = format!("{base_url}/Groups/{}", m.group_id);
                g.insert("value".into(), Value::String(m.group_id));
                g.insert("$ref".into(), Value::String(reference));
                if let Some(d) = m.display {
                    g.insert("display".into(), Value::String(d));
                }
                g.insert("type".into(), Value::String("direct".into()));
                Value::Object(g)
            })
            .collect();
        if !groups.is_empty() {
            out.push("groups", Cow::Owned(Value::Array(groups)));
        }
    }
    let mut meta = Map::with_capacity(5);
    meta.insert("resourceType".into(), stored.kind.name().into());
    meta.insert("created".into(), rfc3339(stored.created).into());
    meta.insert("lastModified".into(), rfc3339(stored.last_modified).into());
    meta.insert("location".into(), location(stored, base_url).into());
    meta.insert("version".into(), stored.etag().into());
    out.push("meta", Cow::Owned(Value::Object(meta)));
    out
}

/// `base_url/Users/{id}`.
pub fn location(stored: &Stored, base_url: &str) -> String {
    format!("{base_url}{}/{}", stored.kind.endpoint(), stored.id)
}

pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

fn default_schemas(stored: &Stored) -> Value {
    match stored.kind {
        Kind::Group => json!([GROUP_SCHEMA]),
        Kind::User => {
            let has_ext = stored
                .body()
                .keys()
                .any(|k| k.eq_ignore_ascii_case(ENTERPRISE_USER_SCHEMA));
            if has_ext {
                json!([USER_SCHEMA, ENTERPRISE_USER_SCHEMA])
            } else {
                json!([USER_SCHEMA])
            }
        }
    }
}

/// Members as stored (`value`, `display`, `type` set by the store) plus `$ref`.
fn members_with_refs(members: &Value, base_url: &str) -> Value {
    let Value::Array(list) = members else {
        return members.clone();
    };
    Value::Array(
        list.iter()
            .map(|m| {
                let Value::Object(o) = m else {
                    return m.clone();
                };
                let value = o.get("value").and_then(Value::as_str);
                let endpoint = match o.get("type").and_then(Value::as_str) {
                    Some("Group") => "Groups",
                    _ => "Users",
                };
                let mut out = Map::new();
                for (k, v) in o {
                    out.insert(k.clone(), v.clone());
                    if k == "value"
                        && let Some(id) = value
                    {
                        out.insert(
                            "$ref".into(),
                            Value::String(format!("{base_url}/{endpoint}/{id}")),
                        );
                    }
                }
                Value::Object(out)
            })
            .collect(),
    )
}

/// The enterprise extension with `manager.$ref` pointing at the manager's User.
fn manager_with_ref(ext: &Value, base_url: &str) -> Value {
    let mut ext = ext.clone();
    if let Some(Value::Object(manager)) = ext.as_object_mut().and_then(|o| get_ci_mut(o, "manager"))
    {
        let id = manager
            .get("value")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        match id {
            Some(id) => {
                manager.insert(
                    "$ref".into(),
                    Value::String(format!("{base_url}/Users/{id}")),
                );
            }
            None => {
                manager.remove("$ref");
            }
        }
    }
    ext
}
