//! The storage seam of the reference server: the [`Store`] trait, its contract, and the
//! in-memory implementation ([`MemoryStore`]).
//!
//! The store keeps resources in their *stored form* (what `scim::resource` produced: no `id`,
//! no `meta`, no computed `groups`) and knows nothing about HTTP, filters' semantics or
//! projections. It owns what must be decided atomically with the write: ids, versions,
//! timestamps, uniqueness, group membership integrity, and the indexes that let `eq` filters
//! on the identifying attributes avoid a scan.

pub mod durable;
mod index;
mod memory;

use std::sync::Arc;

use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::scim::ScimError;
use crate::scim::filter::Filter;
use crate::scim::schema::{Registry, ResourceType};

pub use index::{IndexKey, Plan, plan};
pub use memory::MemoryStore;

/// The resource types the reference server serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    User,
    Group,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::User, Kind::Group];

    /// `User` / `Group`: the resource type name (`meta.resourceType`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::User => "User",
            Kind::Group => "Group",
        }
    }

    /// `/Users` / `/Groups`.
    pub fn endpoint(self) -> &'static str {
        match self {
            Kind::User => "/Users",
            Kind::Group => "/Groups",
        }
    }

    /// The registry's resource type for this kind.
    pub fn resource_type(self, registry: &Registry) -> Option<&ResourceType> {
        registry.resource_type(self.name())
    }

    pub(crate) fn slot(self) -> usize {
        match self {
            Kind::User => 0,
            Kind::Group => 1,
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One stored resource: immutable once built (a write replaces the `Arc`), cheap to clone.
#[derive(Clone, Debug)]
pub struct Stored {
    pub kind: Kind,
    /// Server-assigned, never reused (a v4 UUID).
    pub id: String,
    /// Insertion sequence number: the stable order of lists and pages.
    pub seq: u64,
    /// Store-wide generation of the last change to this resource's representation, including
    /// changes of `User.groups` caused by group writes. `meta.version` is `W/"<version>"`.
    pub version: u64,
    pub created: OffsetDateTime,
    pub last_modified: OffsetDateTime,
    /// The stored form as a JSON object (schemas and attributes; never `id`, `meta` or
    /// `groups`): a `Value` so that filters can be evaluated on it without a copy.
    pub value: Arc<Value>,
}

impl Stored {
    /// The stored form's attributes.
    pub fn body(&self) -> &Map<String, Value> {
        static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);
        self.value.as_object().unwrap_or(&EMPTY)
    }

    /// The weak entity tag of this version, as sent in `ETag` and `meta.version`.
    pub fn etag(&self) -> String {
        format!("W/\"{}\"", self.version)
    }
}

/// A group a member belongs to, for the computed `User.groups`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub group_id: String,
    pub display: Option<String>,
}

/// Why a store write was refused. Each maps to one SCIM error (see [`StoreError::into_scim`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("no {0} with id {1:?}")]
    NotFound(Kind, String),
    /// The resource changed since the version the caller computed from.
    #[error("version conflict: the resource is now at {current}")]
    VersionMismatch { current: String },
    /// A unique attribute (`userName`, group `displayName`) is taken, without regard to case.
    #[error(
        "{attribute} {value:?} is already used by another {kind} (compared without regard to case)"
    )]
    Uniqueness {
        kind: Kind,
        attribute: &'static str,
        value: String,
    },
    /// A group member's `value` refers to no user or group.
    #[error("member {0:?} refers to no User or Group")]
    UnknownMember(String),
}

impl StoreError {
    pub fn into_scim(self) -> ScimError {
        match &self {
            StoreError::NotFound(kind, id) => {
                ScimError::not_found(format!("{} {id} not found", kind.name()))
            }
            StoreError::VersionMismatch { .. } => ScimError::new(
                412,
                None,
                format!("{self}; GET the resource again and retry with its current ETag"),
            ),
            StoreError::Uniqueness { .. } => ScimError::uniqueness(self.to_string()),
            StoreError::UnknownMember(id) => ScimError::invalid_value(format!(
                "members: value {id:?} is not the id of an existing User or Group"
            )),
        }
    }
}

/// One resource as a write left it, for [`Observer`]s: `before` absent on insert, `after`
/// absent on removal. A user whose computed `groups` changed appears with both (same body, new
/// version).
#[derive(Clone, Debug)]
pub struct Change {
    pub kind: Kind,
    pub id: String,
    pub before: Option<Arc<Stored>>,
    pub after: Option<Arc<Stored>>,
}

/// Told of every committed write, in commit order, while the write still holds the store's
/// lock: what the mock's journal, role map and durable state follow. Must not call back into
/// the store.
pub trait Observer: Send + Sync + 'static {
    /// `changes` were committed by one store call (the resource written first, then every
    /// resource the write touched: members whose `groups` changed, groups a removed member
    /// left).
    fn committed(&self, changes: &[Change]);
    /// The store was emptied ([`Store::clear`]).
    fn cleared(&self) {}
}

/// What a store is restored from ([`MemoryStore::restore`]): every resource as it was stored,
/// and the counters the store had reached (a reset leaves them above every stored row).
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// The highest `seq` ever assigned.
    pub next_seq: u64,
    /// The highest version ever assigned.
    pub generation: u64,
    pub rows: Vec<Stored>,
}

/// A [`Snapshot`] that no sequence of store writes could have produced.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("inconsistent stored state: {0}")]
pub struct RestoreError(pub String);

/// The storage contract of the reference server.
///
/// - **Atomic writes.** Each method either applies completely or returns an error and changes
///   nothing; readers never see a half-applied write.
/// - **Ids and versions.** [`insert`](Store::insert) assigns a fresh, never reused `id` and an
///   insertion `seq`; every write assigns a store-wide increasing `version`. A group write that
///   changes who is a member also bumps the version of each affected user (its computed
///   `groups` changed), without touching its `last_modified`.
/// - **Optimistic concurrency.** [`replace`](Store::replace) and [`remove`](Store::remove) take
///   the version the caller read; a different current version is
///   [`StoreError::VersionMismatch`] (callers without `If-Match` re-read and retry).
/// - **Uniqueness.** A user's `userName` and a group's `displayName` are unique without regard to
///   case (Unicode lower-casing); a clash is [`StoreError::Uniqueness`].
/// - **Membership integrity.** A group's `members[].value` must name an existing user or group,
///   else [`StoreError::UnknownMember`]; the store sets each member's `type` from what the id
///   refers to, drops any client `$ref` (computed on output), and drops duplicate members.
///   Removing a resource removes it from every group it belonged to.
/// - **Order.** [`select`](Store::select) returns resources in insertion order (`seq`), the
///   stable order of pages.
/// - **Indexes.** `select` with a filter returns a *superset* of the matches, in `seq` order:
///   for the indexable shapes (see [`plan`]) it costs O(matches · log n), otherwise it is every
///   resource of the kind. The caller evaluates the filter on what it gets.
pub trait Store: Send + Sync + 'static {
    /// Store a new resource; `body` is the stored form.
    fn insert(&self, kind: Kind, body: Map<String, Value>) -> Result<Arc<Stored>, StoreError>;
    /// The resource with this id, if any.
    fn get(&self, kind: Kind, id: &str) -> Option<Arc<Stored>>;
    /// Replace the stored form of `id`, which must still be at `expected_version`.
    fn replace(
        &self,
        kind: Kind,
        id: &str,
        expected_version: u64,
        body: Map<String, Value>,
    ) -> Result<Arc<Stored>, StoreError>;
    /// Remove `id` (at `expected_version`, when given) and its memberships.
    fn remove(&self, kind: Kind, id: &str, expected_version: Option<u64>)
    -> Result<(), StoreError>;
    /// Candidates for `filter` (every resource of `kind` when `None`), in insertion order.
    fn select(&self, kind: Kind, filter: Option<&Filter>) -> Vec<Arc<Stored>>;
    /// How many resources of `kind` there are.
    fn count(&self, kind: Kind) -> usize;
    /// The groups `member_id` is a direct member of, in group insertion order.
    fn memberships(&self, member_id: &str) -> Vec<Membership>;
    /// What kind of resource `id` is, if it exists.
    fn kind_of(&self, id: &str) -> Option<Kind>;
    /// Remove every resource (the mock's reset). Ids are never reused; versions go on.
    fn clear(&self);
}
