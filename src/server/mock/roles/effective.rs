//! A user's effective roles under a role map, over a view of the groups: the store as it is
//! ([`StoreView`]), or the store with some groups as a request found them (for [`super::notes`]).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use serde_json::Value;

use super::{Mode, RoleConfig, fold};
use crate::server::store::{Kind, Store, Stored};

/// A user's roles and why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Effective {
    /// By priority (each-group: by group creation order).
    pub roles: Vec<String>,
    /// `(role, group displayName)` for each mapped group that grants a role; empty when the
    /// default role applies.
    pub via: Vec<(String, String)>,
    /// `(id, displayName)` of the groups the user is a direct member of.
    pub direct: Vec<(String, String)>,
    /// `(id, displayName)` of every group the user is in, directly or through nested groups.
    pub groups: Vec<(String, String)>,
}

/// Groups as some moment saw them.
pub(crate) trait View {
    /// The groups `member_id` is a direct member of, in creation order.
    fn parents(&self, member_id: &str) -> Vec<Arc<Stored>>;
}

/// The store as it is.
pub(crate) struct StoreView<'a>(pub &'a dyn Store);

impl View for StoreView<'_> {
    fn parents(&self, member_id: &str) -> Vec<Arc<Stored>> {
        self.0
            .memberships(member_id)
            .into_iter()
            .filter_map(|m| self.0.get(Kind::Group, &m.group_id))
            .collect()
    }
}

/// The store, except that the groups in `overrides` are as given (`None`: absent then).
pub(crate) struct Overlay<'a> {
    pub store: &'a dyn Store,
    pub overrides: &'a HashMap<String, Option<Arc<Stored>>>,
}

impl View for Overlay<'_> {
    fn parents(&self, member_id: &str) -> Vec<Arc<Stored>> {
        let mut out: Vec<Arc<Stored>> = StoreView(self.store)
            .parents(member_id)
            .into_iter()
            .filter(|g| !self.overrides.contains_key(&g.id))
            .collect();
        out.extend(
            self.overrides
                .values()
                .flatten()
                .filter(|g| member_ids(g).any(|m| m == member_id))
                .cloned(),
        );
        out.sort_by_key(|g| g.seq);
        out
    }
}

/// The member ids of a stored group.
pub(crate) fn member_ids(group: &Stored) -> impl Iterator<Item = &str> {
    group
        .body()
        .get("members")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|m| m.get("value").and_then(Value::as_str))
}

pub(crate) fn display_name(group: &Stored) -> &str {
    group
        .body()
        .get("displayName")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn external_id(group: &Stored) -> Option<&str> {
    group.body().get("externalId").and_then(Value::as_str)
}

/// Whether `group` is one `names` lists (by displayName or externalId, without regard to case).
fn matches(group: &Stored, names: &[String]) -> bool {
    let display = fold(display_name(group));
    let external = external_id(group).map(fold);
    names.iter().any(|n| {
        let n = fold(n);
        n == display || external.as_deref() == Some(n.as_str())
    })
}

/// `user_id`'s roles under `map` in the store as it is.
pub fn effective_in_store(map: &RoleConfig, store: &dyn Store, user_id: &str) -> Effective {
    effective(map, &StoreView(store), user_id)
}

/// `user_id`'s roles under `map` in `view`.
pub(crate) fn effective(map: &RoleConfig, view: &dyn View, user_id: &str) -> Effective {
    let direct = view.parents(user_id);
    // Every group, nested ones after the groups that contain them; cycles are cut.
    let mut seen: HashSet<String> = HashSet::new();
    let mut all: Vec<Arc<Stored>> = Vec::new();
    let mut queue: VecDeque<Arc<Stored>> = direct.iter().cloned().collect();
    while let Some(g) = queue.pop_front() {
        if !seen.insert(g.id.clone()) {
            continue;
        }
        queue.extend(view.parents(&g.id));
        all.push(g);
    }
    let mut out = Effective {
        direct: direct
            .iter()
            .map(|g| (g.id.clone(), display_name(g).to_owned()))
            .collect(),
        groups: all
            .iter()
            .map(|g| (g.id.clone(), display_name(g).to_owned()))
            .collect(),
        ..Effective::default()
    };
    match map.mode {
        Mode::Single => {
            if let Some(rule) = map
                .rules
                .iter()
                .find(|r| all.iter().any(|g| matches(g, &r.groups)))
            {
                out.roles.push(rule.role.clone());
                for g in all.iter().filter(|g| matches(g, &rule.groups)) {
                    out.via
                        .push((rule.role.clone(), display_name(g).to_owned()));
                }
            }
        }
        Mode::Multi => {
            for rule in &map.rules {
                let granting: Vec<&Arc<Stored>> =
                    all.iter().filter(|g| matches(g, &rule.groups)).collect();
                if !granting.is_empty() {
                    out.roles.push(rule.role.clone());
                }
                for g in granting {
                    out.via
                        .push((rule.role.clone(), display_name(g).to_owned()));
                }
            }
        }
        Mode::EachGroup => {
            let mut by_seq = all.clone();
            by_seq.sort_by_key(|g| g.seq);
            for g in by_seq {
                let name = display_name(&g).to_owned();
                if !out.roles.iter().any(|r| fold(r) == fold(&name)) {
                    out.roles.push(name.clone());
                }
                out.via.push((name.clone(), name));
            }
        }
    }
    if out.roles.is_empty()
        && let Some(d) = &map.default
    {
        out.roles.push(d.clone());
    }
    out
}
