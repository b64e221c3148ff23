//! A seed document validated by the server's parser ([`SeedData::from_json`]) and applied
//! through the store ([`SeedData::apply`]); the format and the rules are in the parent module.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value, json};

use crate::scim::resource::{WriteContext, prepare_create};
use crate::scim::schema::{ENTERPRISE_USER_SCHEMA, Registry};
use crate::scim::{Compliance, ScimError};
use crate::server::store::{Kind, Store, StoreError};

/// One user of a seed, validated: its stored form, and the manager it names.
#[derive(Clone, Debug)]
struct SeedUser {
    user_name: String,
    /// The stored form, with the manager's userName (not yet an id) in `manager.value`.
    stored: Map<String, Value>,
    manager: Option<String>,
}

/// One group of a seed, validated: its stored form without members, and the members by name.
#[derive(Clone, Debug)]
struct SeedGroup {
    stored: Map<String, Value>,
    members: Vec<String>,
}

/// A seed that the server's parser accepted, its names resolved within itself.
#[derive(Clone, Debug, Default)]
pub struct SeedData {
    /// Where it came from, for messages (`examples/seed.json`, `demo of 50 users`).
    pub origin: String,
    users: Vec<SeedUser>,
    groups: Vec<SeedGroup>,
}

/// The case rule of names (userName, group displayName): the store's uniqueness rule, Unicode
/// lower-casing.
fn name_key(name: &str) -> String {
    name.to_lowercase()
}

/// `users[3] (userName "bob@example.com")`: how an error names its entry.
fn entry(list: &str, index: usize, attribute: &str, name: Option<&str>) -> String {
    match name {
        Some(n) => format!("{list}[{index}] ({attribute} {n:?})"),
        None => format!("{list}[{index}]"),
    }
}

/// What [`SeedData::from_json`] refuses: a sentence naming the entry and the field.
pub type SeedError = String;

impl SeedData {
    /// Read and validate a seed file.
    pub fn load(path: &Path, compliance: Compliance) -> Result<Self, SeedError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{origin}: {e}"))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            format!("{origin}: not JSON: {e} (the seed is JSON; YAML is not supported)")
        })?;
        Self::from_json(&origin, &value, compliance).map_err(|e| format!("{origin}: {e}"))
    }

    /// Validate a seed document (see the module docs for the format).
    pub fn from_json(origin: &str, doc: &Value, compliance: Compliance) -> Result<Self, SeedError> {
        let registry = Registry::standard();
        let obj = doc
            .as_object()
            .ok_or("the seed must be a JSON object {\"users\": […], \"groups\": […]}")?;
        if let Some(k) = obj
            .keys()
            .find(|k| !matches!(k.as_str(), "users" | "groups"))
        {
            return Err(format!(
                "unknown key {k:?} at the top level; a seed has \"users\" and \"groups\""
            ));
        }
        let list = |key: &str| -> Result<&[Value], SeedError> {
            match obj.get(key) {
                None | Some(Value::Null) => Ok(&[]),
                Some(Value::Array(items)) => Ok(items),
                Some(_) => Err(format!("{key:?} must be an array")),
            }
        };
        let ctx = |kind: Kind| -> Result<WriteContext<'static>, SeedError> {
            let rt = kind
                .resource_type(registry)
                .ok_or_else(|| format!("resource type {kind} missing from the registry"))?;
            Ok(WriteContext {
                registry,
                rt,
                compliance,
            })
        };
        let user_ctx = ctx(Kind::User)?;
        let group_ctx = ctx(Kind::Group)?;

        let mut users = Vec::new();
        let mut user_names: HashMap<String, usize> = HashMap::new();
        for (i, doc) in list("users")?.iter().enumerate() {
            let name = doc.get("userName").and_then(Value::as_str);
            let at = entry("users", i, "userName", name);
            if !doc.is_object() {
                return Err(format!("{at}: a user must be a JSON object"));
            }
            let doc = with_schemas(doc, Kind::User);
            let stored = prepare_create(&doc, &user_ctx).map_err(|e| parse_error(&at, &e))?;
            let user_name = stored
                .get("userName")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("{at}: userName is required"))?
                .to_owned();
            if let Some(first) = user_names.insert(name_key(&user_name), i) {
                return Err(format!(
                    "{at}: userName is already used by users[{first}] (userNames are unique \
                     without regard to case)"
                ));
            }
            let manager = manager_of(&stored).map(str::to_owned);
            users.push(SeedUser {
                user_name,
                stored,
                manager,
            });
        }
        for (i, u) in users.iter().enumerate() {
            if let Some(m) = &u.manager
                && !user_names.contains_key(&name_key(m))
            {
                return Err(format!(
                    "{}: {ENTERPRISE_USER_SCHEMA}:manager.value {m:?} names no user of the seed \
                     (write the manager's userName)",
                    entry("users", i, "userName", Some(&u.user_name))
                ));
            }
        }

        let mut groups = Vec::new();
        let mut group_names: HashMap<String, usize> = HashMap::new();
        let docs = list("groups")?;
        for (i, doc) in docs.iter().enumerate() {
            let name = doc.get("displayName").and_then(Value::as_str);
            let at = entry("groups", i, "displayName", name);
            let Some(obj) = doc.as_object() else {
                return Err(format!("{at}: a group must be a JSON object"));
            };
            let mut members = Vec::new();
            let mut without = obj.clone();
            if let Some(list) = take_ci(&mut without, "members") {
                let items = match list {
                    Value::Null => Vec::new(),
                    Value::Array(items) => items,
                    _ => {
                        return Err(format!(
                            "{at}: members must be an array of userNames and group displayNames"
                        ));
                    }
                };
                for (j, m) in items.into_iter().enumerate() {
                    match m {
                        Value::String(s) if !s.trim().is_empty() => members.push(s),
                        other => {
                            return Err(format!(
                                "{at}: members[{j}] must be a userName or a group displayName \
                                 (a string), got {other}"
                            ));
                        }
                    }
                }
            }
            let stored = prepare_create(
                &with_schemas(&Value::Object(without), Kind::Group),
                &group_ctx,
            )
            .map_err(|e| parse_error(&at, &e))?;
            let display = stored
                .get("displayName")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("{at}: displayName is required"))?;
            if let Some(first) = group_names.insert(name_key(display), i) {
                return Err(format!(
                    "{at}: displayName is already used by groups[{first}] (group displayNames are \
                     unique without regard to case)"
                ));
            }
            if let Some(&u) = user_names.get(&name_key(display)) {
                return Err(format!(
                    "{at}: displayName is also the userName of users[{u}], so members could not \
                     tell them apart; rename one"
                ));
            }
            groups.push(SeedGroup { stored, members });
        }
        for (i, g) in groups.iter().enumerate() {
            for (j, m) in g.members.iter().enumerate() {
                let key = name_key(m);
                if !user_names.contains_key(&key) && !group_names.contains_key(&key) {
                    let display = g.stored.get("displayName").and_then(Value::as_str);
                    return Err(format!(
                        "{}: members[{j}] {m:?} is neither a userName nor a group displayName of \
                         the seed",
                        entry("groups", i, "displayName", display)
                    ));
                }
            }
        }
        Ok(SeedData {
            origin: origin.to_owned(),
            users,
            groups,
        })
    }

    pub fn user_count(&self) -> usize {
        self.users.len()
    }

    pub fn group_count(&self) -> usize {
        self.groups.len()
    }

    /// Insert every user and group into `store` (through its writes, so observers see them).
    pub fn apply(&self, store: &dyn Store) -> Result<(), StoreError> {
        // Name (by the case rule) → id, filled as resources are created.
        let mut ids: HashMap<String, String> = HashMap::new();
        let mut later_users = Vec::new();
        for u in &self.users {
            let mut body = u.stored.clone();
            let mut forward = false;
            if let Some(manager) = u.manager.as_deref() {
                match ids.get(&name_key(manager)) {
                    Some(id) => set_manager(&mut body, id),
                    None => {
                        remove_manager(&mut body);
                        forward = true;
                    }
                }
            }
            let stored = store.insert(Kind::User, body)?;
            if forward {
                later_users.push((stored.id.clone(), u));
            }
            ids.insert(name_key(&u.user_name), stored.id.clone());
        }
        // Managers that came later in the list.
        for (id, u) in later_users {
            let Some(manager) = u.manager.as_deref().and_then(|m| ids.get(&name_key(m))) else {
                continue;
            };
            let mut body = u.stored.clone();
            set_manager(&mut body, manager);
            write_again(store, Kind::User, &id, body)?;
        }
        let mut later_groups = Vec::new();
        for g in &self.groups {
            let resolved: Vec<Option<&String>> =
                g.members.iter().map(|m| ids.get(&name_key(m))).collect();
            let mut body = g.stored.clone();
            set_members(&mut body, resolved.iter().flatten().map(|s| s.as_str()));
            let stored = store.insert(Kind::Group, body)?;
            if resolved.iter().any(Option::is_none) {
                later_groups.push((stored.id.clone(), g));
            }
            if let Some(name) = g.stored.get("displayName").and_then(Value::as_str) {
                ids.insert(name_key(name), stored.id.clone());
            }
        }
        // Groups whose members include groups that came later in the list.
        for (id, g) in later_groups {
            let mut body = g.stored.clone();
            set_members(
                &mut body,
                g.members
                    .iter()
                    .filter_map(|m| ids.get(&name_key(m)))
                    .map(String::as_str),
            );
            write_again(store, Kind::Group, &id, body)?;
        }
        Ok(())
    }
}

/// A parser error on a seed entry: the entry, then the server's own detail (which names the
/// attribute).
fn parse_error(at: &str, e: &ScimError) -> String {
    format!(
        "{at}: {} (the server would answer {}{})",
        e.detail,
        e.status,
        e.scim_type
            .map(|t| format!(" {}", t.as_str()))
            .unwrap_or_default()
    )
}

/// Remove `key` from `obj` whatever its case (attribute names are case-insensitive).
fn take_ci(obj: &mut Map<String, Value>, key: &str) -> Option<Value> {
    let name = obj.keys().find(|k| k.eq_ignore_ascii_case(key))?.clone();
    obj.shift_remove(&name)
}

/// The manager's `value` in a stored form (canonical spellings: the parser wrote them).
fn manager_of(stored: &Map<String, Value>) -> Option<&str> {
    stored
        .get(ENTERPRISE_USER_SCHEMA)?
        .get("manager")?
        .get("value")?
        .as_str()
}

fn set_manager(body: &mut Map<String, Value>, id: &str) {
    if let Some(m) = body
        .get_mut(ENTERPRISE_USER_SCHEMA)
        .and_then(|e| e.get_mut("manager"))
        .and_then(Value::as_object_mut)
    {
        m.insert("value".into(), Value::String(id.to_owned()));
    }
}

/// Drop the manager until it exists (a forward reference, completed by a second write).
fn remove_manager(body: &mut Map<String, Value>) {
    if let Some(ext) = body
        .get_mut(ENTERPRISE_USER_SCHEMA)
        .and_then(Value::as_object_mut)
    {
        ext.shift_remove("manager");
    }
}

fn set_members<'a>(body: &mut Map<String, Value>, ids: impl Iterator<Item = &'a str>) {
    let members: Vec<Value> = ids.map(|id| json!({ "value": id })).collect();
    if members.is_empty() {
        body.shift_remove("members");
    } else {
        body.insert("members".into(), Value::Array(members));
    }
}

/// Replace `id`'s stored form (the seed's own second write: no one else holds a version).
fn write_again(
    store: &dyn Store,
    kind: Kind,
    id: &str,
    body: Map<String, Value>,
) -> Result<(), StoreError> {
    let current = store
        .get(kind, id)
        .ok_or_else(|| StoreError::NotFound(kind, id.to_owned()))?;
    store.replace(kind, id, current.version, body).map(|_| ())
}

/// A seed entry as a client would POST it: a hand-written seed may leave out `schemas` (the
/// API requires it, RFC 7643 §3), so the core schema is filled in, and for a user the
/// enterprise extension when the entry uses it. Given `schemas` are kept as written.
fn with_schemas(doc: &Value, kind: Kind) -> Value {
    use crate::scim::keys::get_ci;
    use crate::scim::schema::{GROUP_SCHEMA, USER_SCHEMA};
    let Some(obj) = doc.as_object() else {
        return doc.clone();
    };
    if get_ci(obj, "schemas").is_some() {
        return doc.clone();
    }
    let mut schemas = vec![Value::from(match kind {
        Kind::User => USER_SCHEMA,
        Kind::Group => GROUP_SCHEMA,
    })];
    if kind == Kind::User && get_ci(obj, ENTERPRISE_USER_SCHEMA).is_some() {
        schemas.push(Value::from(ENTERPRISE_USER_SCHEMA));
    }
    let mut obj = obj.clone();
    obj.insert("schemas".into(), Value::Array(schemas));
    Value::Object(obj)
}
