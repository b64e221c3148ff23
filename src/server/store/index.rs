//! Secondary indexes of the in-memory store, and the query planner that decides when a filter
//! can be answered from them instead of a scan.
//!
//! Indexed: `id`, `externalId` (caseExact, exact keys), `userName` and group `displayName`
//! (unique, lower-cased keys), user `displayName` and `emails.value` (lower-cased keys).
//! Lower-casing makes each lookup a superset of what the case-insensitive `eq` of the
//! evaluator matches; the caller still runs `filter::matches` on every candidate.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::Kind;
use crate::scim::filter::{AttrPath, CompValue, CompareOp, Filter};

/// One index lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexKey {
    Id(String),
    ExternalId(String),
    /// `userName` (users) or `displayName` (groups), lower-cased.
    UniqueName(String),
    /// A user's `displayName`, lower-cased.
    DisplayName(String),
    /// One of a user's `emails[].value`, lower-cased.
    Email(String),
}

/// How a filter is answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plan {
    /// Every resource of the kind is a candidate.
    Scan,
    /// The union of these lookups holds every match.
    Lookup(Vec<IndexKey>),
}

/// Plan `filter` against the indexes of `kind`.
///
/// Recognised: `attr eq "string"` on an indexed attribute (any case, optionally URN-qualified
/// with the core schema), `emails.value eq "x"`, `emails[… value eq "x" …]` (Entra's
/// `emails[type eq "work"].value eq "x"` parses to that), `a and b` when either side is
/// indexable, `a or b` when both are. Anything else scans.
pub fn plan(kind: Kind, filter: &Filter) -> Plan {
    match keys(kind, filter) {
        Some(keys) => Plan::Lookup(keys),
        None => Plan::Scan,
    }
}

fn keys(kind: Kind, filter: &Filter) -> Option<Vec<IndexKey>> {
    match filter {
        Filter::Compare(path, CompareOp::Eq, CompValue::String(s)) => {
            key_for(kind, path, s).map(|k| vec![k])
        }
        Filter::ValuePath(path, inner)
            if kind == Kind::User
                && is_core(path)
                && path.sub.is_none()
                && eq_ci(&path.name, "emails") =>
        {
            conjunct_value_eq(inner).map(|s| vec![IndexKey::Email(s.to_lowercase())])
        }
        Filter::And(a, b) => match (keys(kind, a), keys(kind, b)) {
            (Some(x), Some(y)) => Some(if x.len() <= y.len() { x } else { y }),
            (x, y) => x.or(y),
        },
        Filter::Or(a, b) => {
            let mut x = keys(kind, a)?;
            x.extend(keys(kind, b)?);
            Some(x)
        }
        _ => None,
    }
}

/// Inside a value filter: a `value eq "x"` that must hold (reached through `and` only).
fn conjunct_value_eq(filter: &Filter) -> Option<&str> {
    match filter {
        Filter::Compare(p, CompareOp::Eq, CompValue::String(s))
            if p.urn.is_none() && p.sub.is_none() && eq_ci(&p.name, "value") =>
        {
            Some(s)
        }
        Filter::And(a, b) => conjunct_value_eq(a).or_else(|| conjunct_value_eq(b)),
        _ => None,
    }
}

fn key_for(kind: Kind, path: &AttrPath, value: &str) -> Option<IndexKey> {
    if !is_core(path) {
        return None;
    }
    let name = path.name.as_str();
    match (&path.sub, kind) {
        (None, _) if eq_ci(name, "id") => Some(IndexKey::Id(value.to_owned())),
        (None, _) if eq_ci(name, "externalId") => Some(IndexKey::ExternalId(value.to_owned())),
        (None, Kind::User) if eq_ci(name, "userName") => {
            Some(IndexKey::UniqueName(value.to_lowercase()))
        }
        (None, Kind::User) if eq_ci(name, "displayName") => {
            Some(IndexKey::DisplayName(value.to_lowercase()))
        }
        (None, Kind::Group) if eq_ci(name, "displayName") => {
            Some(IndexKey::UniqueName(value.to_lowercase()))
        }
        (Some(sub), Kind::User) if eq_ci(name, "emails") && eq_ci(sub, "value") => {
            Some(IndexKey::Email(value.to_lowercase()))
        }
        _ => None,
    }
}

/// Unqualified, or qualified with a core schema URN (never an extension's attribute).
fn is_core(path: &AttrPath) -> bool {
    path.urn.as_deref().is_none_or(|u| {
        eq_ci(u, crate::scim::schema::USER_SCHEMA) || eq_ci(u, crate::scim::schema::GROUP_SCHEMA)
    })
}

fn eq_ci(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The top-level member `name` of a stored body, found without regard to case.
pub(super) fn field<'a>(body: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    crate::scim::keys::get_ci(body, name)
}

fn text<'a>(body: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    field(body, name).and_then(Value::as_str)
}

/// The index entries of one resource.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Entries {
    pub unique_name: Option<String>,
    pub display_name: Option<String>,
    pub external_id: Option<String>,
    pub emails: Vec<String>,
}

impl Entries {
    pub fn of(kind: Kind, body: &Map<String, Value>) -> Self {
        let lower = |s: &str| s.to_lowercase();
        match kind {
            Kind::User => {
                let mut emails: Vec<String> = field(body, "emails")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|e| e.as_object().and_then(|o| text(o, "value")))
                    .map(lower)
                    .collect();
                emails.sort();
                emails.dedup();
                Entries {
                    unique_name: text(body, "userName").map(lower),
                    display_name: text(body, "displayName").map(lower),
                    external_id: text(body, "externalId").map(str::to_owned),
                    emails,
                }
            }
            Kind::Group => Entries {
                unique_name: text(body, "displayName").map(lower),
                display_name: None,
                external_id: text(body, "externalId").map(str::to_owned),
                emails: Vec::new(),
            },
        }
    }
}

/// The secondary indexes of one kind. Values are insertion sequence numbers.
#[derive(Debug, Default)]
pub(super) struct Indexes {
    pub unique_name: HashMap<String, u64>,
    pub display_name: HashMap<String, BTreeSet<u64>>,
    pub external_id: HashMap<String, BTreeSet<u64>>,
    pub emails: HashMap<String, BTreeSet<u64>>,
}

impl Indexes {
    pub fn add(&mut self, seq: u64, e: &Entries) {
        if let Some(n) = &e.unique_name {
            self.unique_name.insert(n.clone(), seq);
        }
        if let Some(d) = &e.display_name {
            self.display_name.entry(d.clone()).or_default().insert(seq);
        }
        if let Some(x) = &e.external_id {
            self.external_id.entry(x.clone()).or_default().insert(seq);
        }
        for m in &e.emails {
            self.emails.entry(m.clone()).or_default().insert(seq);
        }
    }

    pub fn remove(&mut self, seq: u64, e: &Entries) {
        if let Some(n) = &e.unique_name
            && self.unique_name.get(n) == Some(&seq)
        {
            self.unique_name.remove(n);
        }
        fn drop_from(map: &mut HashMap<String, BTreeSet<u64>>, key: &str, seq: u64) {
            if let Some(set) = map.get_mut(key) {
                set.remove(&seq);
                if set.is_empty() {
                    map.remove(key);
                }
            }
        }
        if let Some(d) = &e.display_name {
            drop_from(&mut self.display_name, d, seq);
        }
        if let Some(x) = &e.external_id {
            drop_from(&mut self.external_id, x, seq);
        }
        for m in &e.emails {
            drop_from(&mut self.emails, m, seq);
        }
    }

    /// The sequence numbers under `key` (ids are resolved by the caller).
    pub fn lookup(&self, key: &IndexKey, out: &mut BTreeSet<u64>) {
        let set = match key {
            IndexKey::UniqueName(n) => {
                out.extend(self.unique_name.get(n));
                return;
            }
            IndexKey::DisplayName(d) => self.display_name.get(d),
            IndexKey::ExternalId(x) => self.external_id.get(x),
            IndexKey::Email(m) => self.emails.get(m),
            IndexKey::Id(_) => None,
        };
        out.extend(set.into_iter().flatten());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index folds case exactly where the schema registry says the attribute is not
    /// caseExact, and keys uniqueness by exactly the attributes the server keeps unique: a
    /// registry edit that the index does not follow fails here (an index lookup would miss).
    #[test]
    fn the_index_follows_the_registry() {
        use crate::scim::schema::{Registry, Uniqueness};
        let registry = Registry::standard();
        let indexed = [
            (Kind::User, "id", None),
            (Kind::User, "externalId", None),
            (Kind::User, "userName", None),
            (Kind::User, "displayName", None),
            (Kind::User, "emails", Some("value")),
            (Kind::Group, "id", None),
            (Kind::Group, "externalId", None),
            (Kind::Group, "displayName", None),
        ];
        for (kind, name, sub) in indexed {
            let rt = kind.resource_type(registry).expect("resource type");
            let resolved = registry.resolve(rt, None, name).expect("attribute");
            let attr = match sub {
                Some(sub) => resolved
                    .attribute
                    .sub_attribute(sub)
                    .expect("sub-attribute"),
                None => resolved.attribute,
            };
            let path = AttrPath {
                urn: None,
                name: name.into(),
                sub: sub.map(Into::into),
            };
            let key = key_for(kind, &path, "MiXeD").expect("indexed");
            let (IndexKey::Id(v)
            | IndexKey::ExternalId(v)
            | IndexKey::UniqueName(v)
            | IndexKey::DisplayName(v)
            | IndexKey::Email(v)) = &key;
            let folded = v != "MiXeD";
            assert_eq!(
                folded, !attr.case_exact,
                "{name}: the index folds case {folded}, the registry says caseExact {}",
                attr.case_exact
            );
            if matches!(key, IndexKey::UniqueName(_)) && kind == Kind::User {
                assert_ne!(attr.uniqueness, Uniqueness::None, "{name} is unique");
            }
        }
    }

    fn eq(name: &str, sub: Option<&str>, v: &str) -> Filter {
        Filter::Compare(
            AttrPath {
                urn: None,
                name: name.into(),
                sub: sub.map(Into::into),
            },
            CompareOp::Eq,
            CompValue::String(v.into()),
        )
    }

    #[test]
    fn indexable_equalities_are_planned_as_lookups() {
        let cases = [
            (
                Kind::User,
                eq("USERNAME", None, "Bob"),
                Plan::Lookup(vec![IndexKey::UniqueName("bob".into())]),
            ),
            (
                Kind::User,
                eq("id", None, "X1"),
                Plan::Lookup(vec![IndexKey::Id("X1".into())]),
            ),
            (
                Kind::User,
                eq("externalId", None, "00uA"),
                Plan::Lookup(vec![IndexKey::ExternalId("00uA".into())]),
            ),
            (
                Kind::User,
                eq("displayName", None, "Bo"),
                Plan::Lookup(vec![IndexKey::DisplayName("bo".into())]),
            ),
            (
                Kind::Group,
                eq("displayName", None, "Ops"),
                Plan::Lookup(vec![IndexKey::UniqueName("ops".into())]),
            ),
            (
                Kind::User,
                eq("emails", Some("value"), "A@x.com"),
                Plan::Lookup(vec![IndexKey::Email("a@x.com".into())]),
            ),
        ];
        for (kind, f, expected) in cases {
            assert_eq!(plan(kind, &f), expected, "{f:?}");
        }
    }

    #[test]
    fn value_paths_and_boolean_combinations_are_planned() {
        let emails = AttrPath::simple("emails");
        let entra = Filter::ValuePath(
            emails,
            Box::new(Filter::And(
                Box::new(eq("type", None, "work")),
                Box::new(eq("value", None, "A@x.com")),
            )),
        );
        assert_eq!(
            plan(Kind::User, &entra),
            Plan::Lookup(vec![IndexKey::Email("a@x.com".into())])
        );
        let and = Filter::And(
            Box::new(Filter::Present(AttrPath::simple("title"))),
            Box::new(eq("userName", None, "b")),
        );
        assert_eq!(
            plan(Kind::User, &and),
            Plan::Lookup(vec![IndexKey::UniqueName("b".into())])
        );
        let or = Filter::Or(
            Box::new(eq("userName", None, "a")),
            Box::new(eq("userName", None, "b")),
        );
        assert!(matches!(plan(Kind::User, &or), Plan::Lookup(k) if k.len() == 2));
        let half = Filter::Or(
            Box::new(eq("userName", None, "a")),
            Box::new(eq("title", None, "b")),
        );
        assert_eq!(plan(Kind::User, &half), Plan::Scan);
    }

    #[test]
    fn other_shapes_scan() {
        let not = Filter::Not(Box::new(eq("userName", None, "a")));
        let co = Filter::Compare(
            AttrPath::simple("userName"),
            CompareOp::Co,
            CompValue::String("a".into()),
        );
        let ext = Filter::Compare(
            AttrPath {
                urn: Some(crate::scim::schema::ENTERPRISE_USER_SCHEMA.into()),
                name: "displayName".into(),
                sub: None,
            },
            CompareOp::Eq,
            CompValue::String("a".into()),
        );
        let user_name_on_group = eq("userName", None, "a");
        for (kind, f) in [
            (Kind::User, not),
            (Kind::User, co),
            (Kind::User, ext),
            (Kind::Group, user_name_on_group),
        ] {
            assert_eq!(plan(kind, &f), Plan::Scan, "{f:?}");
        }
    }
}
