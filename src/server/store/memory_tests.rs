//! Unit tests of the in-memory store: uniqueness, index use, membership integrity, versions.

use super::*;
use crate::scim::filter::{AttrPath, CompValue, CompareOp};
use serde_json::json;

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn user(store: &MemoryStore, name: &str, email: &str) -> Arc<Stored> {
    store
        .insert(
            Kind::User,
            obj(json!({"userName": name, "emails": [{"value": email, "type": "work"}]})),
        )
        .expect("insert")
}

#[test]
fn user_name_is_unique_without_regard_to_case() {
    let s = MemoryStore::new();
    user(&s, "Alice@Example.com", "a@x.com");
    let err = s
        .insert(Kind::User, obj(json!({"userName": "alice@example.COM"})))
        .expect_err("refused");
    assert!(matches!(
        err,
        StoreError::Uniqueness {
            attribute: "userName",
            ..
        }
    ));
    assert_eq!(s.count(Kind::User), 1);
}

#[test]
fn select_uses_the_indexes_and_keeps_insertion_order() {
    let s = MemoryStore::new();
    for i in 0..1000 {
        user(&s, &format!("user{i}"), &format!("u{i}@x.com"));
    }
    let f = Filter::Compare(
        AttrPath::simple("userName"),
        CompareOp::Eq,
        CompValue::String("USER7".into()),
    );
    let got = s.select(Kind::User, Some(&f));
    assert_eq!(
        got.len(),
        1,
        "one candidate from the userName index, not 1000"
    );
    assert_eq!(got[0].body()["userName"], "user7");
    let f = Filter::Compare(
        AttrPath {
            urn: None,
            name: "emails".into(),
            sub: Some("value".into()),
        },
        CompareOp::Eq,
        CompValue::String("U9@X.COM".into()),
    );
    assert_eq!(s.select(Kind::User, Some(&f)).len(), 1);
    let all = s.select(Kind::User, None);
    assert!(all.windows(2).all(|w| w[0].seq < w[1].seq));
}

#[test]
fn members_are_checked_typed_and_cascade_on_delete() {
    let s = MemoryStore::new();
    let u = user(&s, "bob", "b@x.com");
    let bad = s.insert(
        Kind::Group,
        obj(json!({"displayName": "G", "members": [{"value": "nope"}]})),
    );
    assert_eq!(
        bad.expect_err("refused"),
        StoreError::UnknownMember("nope".into())
    );
    let g = s
        .insert(
            Kind::Group,
            obj(json!({"displayName": "G", "members": [{"value": u.id, "$ref": null}, {"value": u.id}]})),
        )
        .expect("group");
    assert_eq!(
        g.body()["members"],
        json!([{"value": u.id, "type": "User"}])
    );
    assert_eq!(
        s.memberships(&u.id),
        vec![Membership {
            group_id: g.id.clone(),
            display: Some("G".into())
        }]
    );
    let bumped = s.get(Kind::User, &u.id).expect("user");
    assert!(bumped.version > u.version, "the user's groups changed");
    s.remove(Kind::User, &u.id, None).expect("remove");
    let g2 = s.get(Kind::Group, &g.id).expect("group");
    assert_eq!(g2.body()["members"], json!([]));
    assert!(g2.version > g.version);
    assert!(s.memberships(&u.id).is_empty());
}

#[test]
fn stale_versions_are_refused_and_change_nothing() {
    let s = MemoryStore::new();
    let u = user(&s, "carol", "c@x.com");
    let v2 = s
        .replace(
            Kind::User,
            &u.id,
            u.version,
            obj(json!({"userName": "carol2"})),
        )
        .expect("replace");
    let err = s
        .replace(
            Kind::User,
            &u.id,
            u.version,
            obj(json!({"userName": "carol3"})),
        )
        .expect_err("refused");
    assert!(matches!(err, StoreError::VersionMismatch { .. }));
    assert_eq!(s.get(Kind::User, &u.id).expect("user").version, v2.version);
    assert!(s.remove(Kind::User, &u.id, Some(u.version)).is_err());
    let old = Filter::Compare(
        AttrPath::simple("userName"),
        CompareOp::Eq,
        CompValue::String("carol".into()),
    );
    assert!(
        s.select(Kind::User, Some(&old)).is_empty(),
        "the old name left the index"
    );
}

#[test]
fn restore_keeps_what_was_stored_and_refuses_what_no_write_makes() {
    let s = MemoryStore::new();
    let u = user(&s, "alice", "a@x.com");
    let g = s
        .insert(
            Kind::Group,
            obj(json!({"displayName": "G", "members": [{"value": u.id}]})),
        )
        .expect("group");
    let rows: Vec<Stored> = Kind::ALL
        .into_iter()
        .flat_map(|k| s.select(k, None))
        .map(|r| (*r).clone())
        .collect();
    let snapshot = Snapshot {
        next_seq: 10,
        generation: 40,
        rows: rows.clone(),
    };
    let r = MemoryStore::restore(snapshot, None).expect("restore");
    assert_eq!(r.memberships(&u.id).len(), 1);
    assert_eq!(r.get(Kind::Group, &g.id).expect("group").version, g.version);
    let next = user(&r, "bob", "b@x.com");
    assert_eq!((next.seq, next.version), (11, 41), "the counters continue");

    let orphan: Vec<Stored> = rows
        .iter()
        .filter(|r| r.kind == Kind::Group)
        .cloned()
        .collect();
    let e = MemoryStore::restore(
        Snapshot {
            rows: orphan,
            ..Snapshot::default()
        },
        None,
    )
    .expect_err("a member that does not exist");
    assert!(e.0.contains("refers to no stored"), "{e}");

    let mut twice = rows.clone();
    let mut copy = rows[0].clone();
    copy.id = "other".into();
    copy.seq = 99;
    twice.push(copy);
    let e = MemoryStore::restore(
        Snapshot {
            rows: twice,
            ..Snapshot::default()
        },
        None,
    )
    .expect_err("a userName twice");
    assert!(e.0.contains("already used"), "{e}");
}
