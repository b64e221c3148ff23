//! [`MemoryStore`]: the in-memory [`Store`], one `RwLock` over tables, indexes and memberships.
//!
//! Writes take the write lock only to check and swap: callers compute new stored forms
//! (validation, PATCH) outside it and hand them in with the version they started from.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::index::{Entries, Indexes, field};
use super::{
    Change, IndexKey, Kind, Membership, Observer, Plan, RestoreError, Snapshot, Store, StoreError,
    Stored, plan,
};
use crate::scim::filter::Filter;

/// The in-memory store. Cheap to share behind an `Arc`; all methods take `&self`.
#[derive(Default)]
pub struct MemoryStore {
    inner: RwLock<Inner>,
    /// Told of every committed write while the write lock is held (commit order).
    observer: Option<Arc<dyn Observer>>,
}

impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryStore")
            .field("inner", &self.inner)
            .field("observed", &self.observer.is_some())
            .finish()
    }
}

#[derive(Debug, Default)]
struct Inner {
    next_seq: u64,
    generation: u64,
    tables: [Table; 2],
    /// member id → sequence numbers of the groups it is a direct member of.
    member_of: HashMap<String, BTreeSet<u64>>,
    /// Resources the current write touched besides the one it names (see [`Change`]).
    touched: Vec<Change>,
}

#[derive(Debug, Default)]
struct Table {
    by_seq: BTreeMap<u64, Arc<Stored>>,
    by_id: HashMap<String, u64>,
    indexes: Indexes,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that tells `observer` of every committed write.
    pub fn with_observer(observer: Arc<dyn Observer>) -> Self {
        MemoryStore {
            inner: RwLock::default(),
            observer: Some(observer),
        }
    }

    /// A store holding `snapshot` (durable state read back at start-up), telling `observer` of
    /// later writes. Ids, `seq`s, versions and timestamps are kept as they were; memberships are
    /// rebuilt from the groups' `members`; the counters continue after the highest `seq` and
    /// version seen (or the snapshot's counters, when higher), so neither is ever reused.
    /// Refuses a snapshot that breaks the store's invariants (a duplicate id, `seq` or unique
    /// name, a member that does not exist): restoring it would serve a state no write makes.
    pub fn restore(
        snapshot: Snapshot,
        observer: Option<Arc<dyn Observer>>,
    ) -> Result<Self, RestoreError> {
        let mut inner = Inner {
            next_seq: snapshot.next_seq,
            generation: snapshot.generation,
            ..Inner::default()
        };
        let mut rows = snapshot.rows;
        rows.sort_by_key(|s| s.seq);
        for row in &rows {
            let refuse = |why: String| RestoreError(format!("{} {}: {why}", row.kind, row.id));
            if inner.kind_of(&row.id).is_some() {
                return Err(refuse("the id is stored twice".into()));
            }
            if Kind::ALL
                .iter()
                .any(|k| inner.table(*k).by_seq.contains_key(&row.seq))
            {
                return Err(refuse(format!("seq {} is stored twice", row.seq)));
            }
            let entries = Entries::of(row.kind, row.body());
            inner
                .check_unique(row.kind, &entries, None)
                .map_err(|e| refuse(e.to_string()))?;
            inner.next_seq = inner.next_seq.max(row.seq);
            inner.generation = inner.generation.max(row.version);
            let t = inner.table_mut(row.kind);
            t.by_seq.insert(row.seq, Arc::new(row.clone()));
            t.by_id.insert(row.id.clone(), row.seq);
            t.indexes.add(row.seq, &entries);
        }
        for group in rows.iter().filter(|r| r.kind == Kind::Group) {
            for member in Inner::member_ids(group.body()) {
                if inner.kind_of(&member).is_none() {
                    return Err(RestoreError(format!(
                        "Group {}: member {member:?} refers to no stored User or Group",
                        group.id
                    )));
                }
                inner.member_of.entry(member).or_default().insert(group.seq);
            }
        }
        Ok(MemoryStore {
            inner: RwLock::new(inner),
            observer,
        })
    }

    /// Tell the observer (if any) of `primary` and what the write touched; clears the list.
    fn commit(&self, inner: &mut Inner, primary: Change) {
        let touched = std::mem::take(&mut inner.touched);
        if let Some(observer) = &self.observer {
            let mut changes = Vec::with_capacity(1 + touched.len());
            changes.push(primary);
            changes.extend(touched);
            observer.committed(&changes);
        }
    }

    fn read(&self) -> RwLockReadGuard<'_, Inner> {
        // A panic while holding the lock cannot leave a half-applied write (each write checks
        // everything before mutating), so a poisoned lock is still consistent.
        self.inner.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Now, truncated to milliseconds (what `meta.created` / `meta.lastModified` show).
fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(t.millisecond() as u32 * 1_000_000)
        .unwrap_or(t)
}

impl Inner {
    fn table(&self, kind: Kind) -> &Table {
        &self.tables[kind.slot()]
    }
    fn table_mut(&mut self, kind: Kind) -> &mut Table {
        &mut self.tables[kind.slot()]
    }
    fn next_generation(&mut self) -> u64 {
        self.generation += 1;
        self.generation
    }
    fn find(&self, kind: Kind, id: &str) -> Option<&Arc<Stored>> {
        let t = self.table(kind);
        t.by_id.get(id).and_then(|s| t.by_seq.get(s))
    }
    fn kind_of(&self, id: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| self.table(*k).by_id.contains_key(id))
    }

    fn check_unique(
        &self,
        kind: Kind,
        entries: &Entries,
        own_seq: Option<u64>,
    ) -> Result<(), StoreError> {
        if let Some(name) = &entries.unique_name
            && let Some(seq) = self.table(kind).indexes.unique_name.get(name)
            && Some(*seq) != own_seq
        {
            let attribute = match kind {
                Kind::User => "userName",
                Kind::Group => "displayName",
            };
            return Err(StoreError::Uniqueness {
                kind,
                attribute,
                value: name.clone(),
            });
        }
        Ok(())
    }

    /// Check and normalise a group's `members`: every value names an existing resource (or
    /// the group itself, `self_id`); `type` is set from it, `$ref` dropped, duplicates dropped.
    /// Returns the member ids.
    fn normalise_members(
        &self,
        body: &mut Map<String, Value>,
        self_id: &str,
    ) -> Result<Vec<String>, StoreError> {
        let key = body
            .keys()
            .find(|k| k.eq_ignore_ascii_case("members"))
            .cloned();
        let Some(key) = key else {
            return Ok(Vec::new());
        };
        let members = match body.get(&key) {
            Some(Value::Array(a)) => a.clone(),
            Some(Value::Null) => Vec::new(),
            // Not an array: validation is the resource layer's job; keep it, index nothing.
            _ => return Ok(Vec::new()),
        };
        let mut seen = HashSet::new();
        let mut ids = Vec::new();
        let mut out = Vec::with_capacity(members.len());
        for m in members {
            let Value::Object(mut m) = m else { continue };
            let Some(id) = field(&m, "value")
                .and_then(Value::as_str)
                .map(str::to_owned)
            else {
                continue;
            };
            let kind = if id == self_id {
                Kind::Group
            } else {
                self.kind_of(&id)
                    .ok_or_else(|| StoreError::UnknownMember(id.clone()))?
            };
            if !seen.insert(id.clone()) {
                continue;
            }
            m.retain(|k, _| !k.eq_ignore_ascii_case("$ref") && !k.eq_ignore_ascii_case("type"));
            m.insert("type".into(), Value::String(kind.name().into()));
            ids.push(id);
            out.push(Value::Object(m));
        }
        body.insert(key, Value::Array(out));
        Ok(ids)
    }

    fn member_ids(body: &Map<String, Value>) -> Vec<String> {
        field(body, "members")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|m| {
                m.as_object()
                    .and_then(|o| field(o, "value"))
                    .and_then(Value::as_str)
            })
            .map(str::to_owned)
            .collect()
    }

    /// A user's computed `groups` changed: give it a new version.
    fn touch_user(&mut self, id: &str) {
        let generation = self.next_generation();
        let t = self.table_mut(Kind::User);
        let Some(seq) = t.by_id.get(id).copied() else {
            return;
        };
        let Some(s) = t.by_seq.get_mut(&seq) else {
            return;
        };
        let mut next = (**s).clone();
        next.version = generation;
        let before = std::mem::replace(s, Arc::new(next));
        let after = s.clone();
        self.touched.push(Change {
            kind: Kind::User,
            id: id.to_owned(),
            before: Some(before),
            after: Some(after),
        });
    }

    /// Record that group `group_seq` now has `new` members instead of `old`.
    fn relink(&mut self, group_seq: u64, old: &[String], new: &[String]) {
        let old: HashSet<&String> = old.iter().collect();
        let new: HashSet<&String> = new.iter().collect();
        for gone in old.difference(&new) {
            if let Some(set) = self.member_of.get_mut(*gone) {
                set.remove(&group_seq);
                if set.is_empty() {
                    self.member_of.remove(*gone);
                }
            }
            self.touch_user(gone);
        }
        for came in new.difference(&old) {
            self.member_of
                .entry((*came).clone())
                .or_default()
                .insert(group_seq);
            self.touch_user(came);
        }
    }

    /// Remove `id` from the members of every group that has it.
    fn unlink_everywhere(&mut self, id: &str) {
        let Some(groups) = self.member_of.remove(id) else {
            return;
        };
        let ts = now();
        for seq in groups {
            let generation = self.next_generation();
            let t = self.table_mut(Kind::Group);
            let Some(g) = t.by_seq.get_mut(&seq) else {
                continue;
            };
            let mut next = (**g).clone();
            let mut body = next.body().clone();
            if let Some(Value::Array(members)) = body
                .iter_mut()
                .find(|(k, _)| k.eq_ignore_ascii_case("members"))
                .map(|(_, v)| v)
            {
                members.retain(|m| {
                    m.as_object()
                        .and_then(|o| field(o, "value"))
                        .and_then(Value::as_str)
                        != Some(id)
                });
            }
            next.value = Arc::new(Value::Object(body));
            next.version = generation;
            next.last_modified = ts;
            let before = std::mem::replace(g, Arc::new(next));
            let after = g.clone();
            self.touched.push(Change {
                kind: Kind::Group,
                id: after.id.clone(),
                before: Some(before),
                after: Some(after),
            });
        }
    }
}

impl Store for MemoryStore {
    fn insert(&self, kind: Kind, mut body: Map<String, Value>) -> Result<Arc<Stored>, StoreError> {
        let mut inner = self.write();
        let entries = Entries::of(kind, &body);
        inner.check_unique(kind, &entries, None)?;
        let id = uuid::Uuid::new_v4().to_string();
        let members = match kind {
            Kind::Group => inner.normalise_members(&mut body, &id)?,
            Kind::User => Vec::new(),
        };
        inner.next_seq += 1;
        let seq = inner.next_seq;
        let version = inner.next_generation();
        let ts = now();
        let stored = Arc::new(Stored {
            kind,
            id: id.clone(),
            seq,
            version,
            created: ts,
            last_modified: ts,
            value: Arc::new(Value::Object(body)),
        });
        let t = inner.table_mut(kind);
        t.by_seq.insert(seq, stored.clone());
        t.by_id.insert(id, seq);
        t.indexes.add(seq, &entries);
        if kind == Kind::Group {
            inner.relink(seq, &[], &members);
        }
        // A group listing itself was bumped by relink: report and return what is stored.
        let stored = inner.find(kind, &stored.id).cloned().unwrap_or(stored);
        self.commit(
            &mut inner,
            Change {
                kind,
                id: stored.id.clone(),
                before: None,
                after: Some(stored.clone()),
            },
        );
        Ok(stored)
    }

    fn get(&self, kind: Kind, id: &str) -> Option<Arc<Stored>> {
        self.read().find(kind, id).cloned()
    }

    fn replace(
        &self,
        kind: Kind,
        id: &str,
        expected_version: u64,
        mut body: Map<String, Value>,
    ) -> Result<Arc<Stored>, StoreError> {
        let mut inner = self.write();
        let current = inner
            .find(kind, id)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(kind, id.to_owned()))?;
        if current.version != expected_version {
            return Err(StoreError::VersionMismatch {
                current: current.etag(),
            });
        }
        let entries = Entries::of(kind, &body);
        inner.check_unique(kind, &entries, Some(current.seq))?;
        let (old_members, new_members) = match kind {
            Kind::Group => (
                Inner::member_ids(current.body()),
                inner.normalise_members(&mut body, id)?,
            ),
            Kind::User => (Vec::new(), Vec::new()),
        };
        // Everything is checked: from here on the write cannot fail.
        let version = inner.next_generation();
        let stored = Arc::new(Stored {
            version,
            last_modified: now(),
            value: Arc::new(Value::Object(body)),
            ..(*current).clone()
        });
        let seq = current.seq;
        let t = inner.table_mut(kind);
        t.indexes.remove(seq, &Entries::of(kind, current.body()));
        t.indexes.add(seq, &entries);
        t.by_seq.insert(seq, stored.clone());
        if kind == Kind::Group {
            inner.relink(seq, &old_members, &new_members);
        }
        // relink may have bumped this resource if a group lists itself; return what is stored.
        let stored = inner.find(kind, id).cloned().unwrap_or(stored);
        self.commit(
            &mut inner,
            Change {
                kind,
                id: id.to_owned(),
                before: Some(current),
                after: Some(stored.clone()),
            },
        );
        Ok(stored)
    }

    fn remove(
        &self,
        kind: Kind,
        id: &str,
        expected_version: Option<u64>,
    ) -> Result<(), StoreError> {
        let mut inner = self.write();
        let current = inner
            .find(kind, id)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(kind, id.to_owned()))?;
        if expected_version.is_some_and(|v| v != current.version) {
            return Err(StoreError::VersionMismatch {
                current: current.etag(),
            });
        }
        if kind == Kind::Group {
            let members = Inner::member_ids(current.body());
            inner.relink(current.seq, &members, &[]);
        }
        let t = inner.table_mut(kind);
        t.by_seq.remove(&current.seq);
        t.by_id.remove(id);
        t.indexes
            .remove(current.seq, &Entries::of(kind, current.body()));
        inner.unlink_everywhere(id);
        // A removed member's own entry in `touched` (from relink) is stale: it is gone.
        inner.touched.retain(|c| c.id != id);
        self.commit(
            &mut inner,
            Change {
                kind,
                id: id.to_owned(),
                before: Some(current),
                after: None,
            },
        );
        Ok(())
    }

    fn select(&self, kind: Kind, filter: Option<&Filter>) -> Vec<Arc<Stored>> {
        let inner = self.read();
        let t = inner.table(kind);
        let keys = match filter.map(|f| plan(kind, f)) {
            None | Some(Plan::Scan) => return t.by_seq.values().cloned().collect(),
            Some(Plan::Lookup(keys)) => keys,
        };
        let mut seqs = BTreeSet::new();
        for key in &keys {
            match key {
                IndexKey::Id(id) => seqs.extend(t.by_id.get(id)),
                other => t.indexes.lookup(other, &mut seqs),
            }
        }
        seqs.iter()
            .filter_map(|s| t.by_seq.get(s).cloned())
            .collect()
    }

    fn count(&self, kind: Kind) -> usize {
        self.read().table(kind).by_seq.len()
    }

    fn memberships(&self, member_id: &str) -> Vec<Membership> {
        let inner = self.read();
        let Some(groups) = inner.member_of.get(member_id) else {
            return Vec::new();
        };
        let t = inner.table(Kind::Group);
        groups
            .iter()
            .filter_map(|s| t.by_seq.get(s))
            .map(|g| Membership {
                group_id: g.id.clone(),
                display: field(g.body(), "displayName")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            })
            .collect()
    }

    fn kind_of(&self, id: &str) -> Option<Kind> {
        self.read().kind_of(id)
    }

    fn clear(&self) {
        let mut inner = self.write();
        let (next_seq, generation) = (inner.next_seq, inner.generation);
        *inner = Inner {
            next_seq,
            generation,
            ..Inner::default()
        };
        if let Some(observer) = &self.observer {
            observer.cleared();
        }
    }
}

#[cfg(test)]
#[path = "memory_tests.rs"]
mod tests;
