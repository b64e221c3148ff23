//! Journal notes on role changes: "alice@example.com: Viewer → Admin (added to Eppo Admin)".
//!
//! A request's [`Scope`] holds every store change it committed, each with its before and
//! after. The groups as the request found them are the store with each changed group put back
//! to its first `before`; as it left them, with each changed group at its last `after` (not
//! the store itself: a later request may already have changed it). Whose role can have changed:
//! every user the request touched (the store reports members whose `groups` changed), and
//! every user below a changed group, through nested groups, before and after. Each of them
//! whose roles differ gets one note, with the reason: the direct memberships gained and lost,
//! else what happened to a group on the way (renamed, deleted, a nested group's members).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::Value;

use super::effective::{Effective, Overlay, display_name, effective, member_ids};
use super::fold;
use crate::server::mock::Tenant;
use crate::server::mock::scope::Scope;
use crate::server::store::{Kind, Store, Stored};

type Groups = HashMap<String, Option<Arc<Stored>>>;

/// One note per user whose effective roles the request changed, in the order the request
/// touched them.
pub fn notes(tenant: &Tenant, scope: &Scope) -> Vec<String> {
    let map = tenant.roles.map();
    if map.is_empty() || scope.changes.is_empty() {
        return Vec::new();
    }
    let store = tenant.store();
    let mut groups_before: Groups = HashMap::new();
    let mut groups_after: Groups = HashMap::new();
    let mut users_before: Groups = HashMap::new();
    let mut users_after: Groups = HashMap::new();
    let mut candidates: Vec<String> = Vec::new();
    for c in &scope.changes {
        let (before, after) = match c.kind {
            Kind::Group => (&mut groups_before, &mut groups_after),
            Kind::User => {
                candidates.push(c.id.clone());
                (&mut users_before, &mut users_after)
            }
        };
        before
            .entry(c.id.clone())
            .or_insert_with(|| c.before.clone());
        after.insert(c.id.clone(), c.after.clone());
    }
    for view in [&groups_before, &groups_after] {
        for g in view.values().flatten() {
            users_below(store, view, g, &mut HashSet::new(), &mut candidates);
        }
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for id in candidates {
        if !seen.insert(id.clone()) {
            continue;
        }
        let then = users_before
            .get(&id)
            .cloned()
            .unwrap_or_else(|| store.get(Kind::User, &id));
        let now = users_after
            .get(&id)
            .cloned()
            .unwrap_or_else(|| store.get(Kind::User, &id));
        let Some(user) = now.as_ref().or(then.as_ref()) else {
            continue;
        };
        let name = user
            .body()
            .get("userName")
            .and_then(Value::as_str)
            .unwrap_or(&id);
        let before = then.as_ref().map(|_| {
            effective(
                &map,
                &Overlay {
                    store,
                    overrides: &groups_before,
                },
                &id,
            )
        });
        let after = now.as_ref().map(|_| {
            effective(
                &map,
                &Overlay {
                    store,
                    overrides: &groups_after,
                },
                &id,
            )
        });
        if let Some(note) = note(
            name,
            before.as_ref(),
            after.as_ref(),
            &groups_before,
            &groups_after,
        ) {
            out.push(note);
        }
    }
    out
}

/// Every user below `group` in `view` (members, members of member groups, …).
fn users_below(
    store: &dyn Store,
    view: &Groups,
    group: &Stored,
    visited: &mut HashSet<String>,
    out: &mut Vec<String>,
) {
    if !visited.insert(group.id.clone()) {
        return;
    }
    let members: Vec<(String, Option<String>)> = group
        .body()
        .get("members")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|m| {
            let id = m.get("value")?.as_str()?.to_owned();
            let ty = m.get("type").and_then(Value::as_str).map(str::to_owned);
            Some((id, ty))
        })
        .collect();
    for (id, ty) in members {
        let is_group = match ty.as_deref() {
            Some(t) => t == Kind::Group.name(),
            None => store.kind_of(&id) == Some(Kind::Group),
        };
        if is_group {
            let inner = match view.get(&id) {
                Some(g) => g.clone(),
                None => store.get(Kind::Group, &id),
            };
            if let Some(inner) = inner {
                users_below(store, view, &inner, visited, out);
            }
        } else {
            out.push(id);
        }
    }
}

fn roles_text(e: &Effective) -> String {
    if e.roles.is_empty() {
        "no role".to_owned()
    } else {
        e.roles.join(", ")
    }
}

fn same_roles(a: &Effective, b: &Effective) -> bool {
    let set = |e: &Effective| e.roles.iter().map(|r| fold(r)).collect::<HashSet<_>>();
    set(a) == set(b)
}

fn note(
    name: &str,
    before: Option<&Effective>,
    after: Option<&Effective>,
    groups_before: &Groups,
    groups_after: &Groups,
) -> Option<String> {
    match (before, after) {
        (None, Some(a)) if !a.roles.is_empty() => {
            Some(format!("{name}: {} (new user)", roles_text(a)))
        }
        (Some(b), None) if !b.roles.is_empty() => Some(format!(
            "{name}: {} → no role (user deleted)",
            roles_text(b)
        )),
        (Some(b), Some(a)) if !same_roles(b, a) => Some(format!(
            "{name}: {} → {} ({})",
            roles_text(b),
            roles_text(a),
            reasons(b, a, groups_before, groups_after).join("; ")
        )),
        _ => None,
    }
}

/// Why `before` became `after`: direct memberships gained and lost, else what happened to a
/// group the user is in (through nesting).
fn reasons(
    before: &Effective,
    after: &Effective,
    groups_before: &Groups,
    groups_after: &Groups,
) -> Vec<String> {
    let has = |e: &Effective, id: &str| e.direct.iter().any(|(g, _)| g == id);
    let mut out: Vec<String> = Vec::new();
    for (id, name) in &after.direct {
        if !has(before, id) {
            out.push(format!("added to {name}"));
        }
    }
    for (id, name) in &before.direct {
        if !has(after, id) {
            out.push(match groups_after.get(id) {
                Some(None) => format!("group {name} deleted"),
                _ => format!("removed from {name}"),
            });
        }
    }
    if !out.is_empty() {
        return out;
    }
    let mut seen = HashSet::new();
    for (id, _) in before.groups.iter().chain(&after.groups) {
        if !seen.insert(id) {
            continue;
        }
        let (Some(then), Some(now)) = (groups_before.get(id), groups_after.get(id)) else {
            continue;
        };
        out.push(match (then, now) {
            (Some(t), Some(n)) if display_name(t) != display_name(n) => {
                format!("group {} renamed to {}", display_name(t), display_name(n))
            }
            (Some(t), Some(n)) if t.body().get("externalId") != n.body().get("externalId") => {
                format!("externalId of group {} changed", display_name(n))
            }
            (Some(t), Some(n)) if member_ids(t).ne(member_ids(n)) => {
                nested_reason(t, n, before, after)
            }
            (Some(t), None) => format!("group {} deleted", display_name(t)),
            (None, Some(n)) => format!("group {} created", display_name(n)),
            _ => continue,
        });
    }
    if out.is_empty() {
        out.push("group memberships changed".to_owned());
    }
    out
}

/// `Team added to Eppo Admin`: the groups of the user's that joined or left group `then`/`now`.
fn nested_reason(then: &Stored, now: &Stored, before: &Effective, after: &Effective) -> String {
    let old: HashSet<&str> = member_ids(then).collect();
    let new: HashSet<&str> = member_ids(now).collect();
    let mut parts: Vec<String> = Vec::new();
    for (id, name) in &after.groups {
        if new.contains(id.as_str()) && !old.contains(id.as_str()) {
            parts.push(format!("{name} added to {}", display_name(now)));
        }
    }
    for (id, name) in &before.groups {
        if old.contains(id.as_str()) && !new.contains(id.as_str()) {
            parts.push(format!("{name} removed from {}", display_name(now)));
        }
    }
    if parts.is_empty() {
        format!("members of group {} changed", display_name(now))
    } else {
        parts.join("; ")
    }
}
