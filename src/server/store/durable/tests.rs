use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::*;
use crate::server::store::{Kind, MemoryStore, Store};

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn temp_file(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("scim-durable-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

/// A store kept in `durable` for tenant `t`, restored from what the file holds.
fn store(durable: &Arc<Durable>, t: &str) -> MemoryStore {
    let observer = Some(durable.observer(t));
    match durable.take_snapshot(t) {
        Some(s) => MemoryStore::restore(s, observer).expect("restore"),
        None => MemoryStore::restore(Snapshot::default(), observer).expect("empty"),
    }
}

#[test]
fn a_store_comes_back_with_ids_versions_timestamps_and_memberships() {
    let path = temp_file("state.db");
    let (user, group) = {
        let durable = Durable::open(&path).expect("open");
        let s = store(&durable, "default");
        let u = s
            .insert(Kind::User, obj(json!({"userName": "alice"})))
            .expect("user");
        let gone = s
            .insert(Kind::User, obj(json!({"userName": "bob"})))
            .expect("user");
        let g = s
            .insert(
                Kind::Group,
                obj(json!({"displayName": "G", "members": [{"value": u.id}, {"value": gone.id}]})),
            )
            .expect("group");
        s.remove(Kind::User, &gone.id, None).expect("remove");
        let other = store(&durable, "other");
        other
            .insert(Kind::User, obj(json!({"userName": "alice"})))
            .expect("same name, other tenant");
        durable.settle_blocking().expect("durable");
        (
            s.get(Kind::User, &u.id).expect("user"),
            s.get(Kind::Group, &g.id).expect("group"),
        )
    };
    let durable = Durable::open(&path).expect("reopen");
    assert_eq!(durable.unclaimed_tenants(), vec!["default", "other"]);
    let s = store(&durable, "default");
    let u = s.get(Kind::User, &user.id).expect("user restored");
    assert_eq!(
        (u.seq, u.version, u.created, u.last_modified),
        (user.seq, user.version, user.created, user.last_modified)
    );
    assert_eq!(u.value, user.value);
    let g = s.get(Kind::Group, &group.id).expect("group restored");
    assert_eq!(
        g.body()["members"],
        json!([{"value": user.id, "type": "User"}])
    );
    assert_eq!(s.memberships(&user.id).len(), 1, "memberships rebuilt");
    assert_eq!(s.count(Kind::User), 1);
    let next = s
        .insert(Kind::User, obj(json!({"userName": "carol"})))
        .expect("insert after restart");
    assert!(next.version > g.version, "versions continue");
    assert!(next.seq > g.seq, "seq continues");
    assert!(
        s.insert(Kind::User, obj(json!({"userName": "ALICE"})))
            .is_err(),
        "uniqueness index rebuilt"
    );
}

#[test]
fn a_reset_is_kept_and_counters_survive_it() {
    let path = temp_file("reset.db");
    let version = {
        let durable = Durable::open(&path).expect("open");
        let s = store(&durable, "default");
        let u = s
            .insert(Kind::User, obj(json!({"userName": "alice"})))
            .expect("user");
        s.clear();
        durable.settle_blocking().expect("durable");
        u.version
    };
    let durable = Durable::open(&path).expect("reopen");
    let s = store(&durable, "default");
    assert_eq!(s.count(Kind::User), 0, "the reset was kept");
    let u = s
        .insert(Kind::User, obj(json!({"userName": "alice"})))
        .expect("user");
    assert!(u.version > version, "no version reused after a reset");
}

#[test]
fn files_that_are_not_ours_are_refused_with_the_reason() {
    let junk = temp_file("junk.db");
    std::fs::write(&junk, vec![b'x'; 8192]).expect("write");
    let e = Durable::open(&junk).expect_err("not SQLite");
    assert!(matches!(e, FileError::NotSqlite { .. }), "{e}");
    assert!(e.to_string().contains("not an SQLite database"), "{e}");

    let foreign = temp_file("foreign.db");
    Connection::open(&foreign)
        .and_then(|c| c.execute_batch("CREATE TABLE t (x)"))
        .expect("foreign db");
    let e = Durable::open(&foreign).expect_err("foreign");
    assert!(matches!(e, FileError::Foreign { .. }), "{e}");

    let newer = temp_file("newer.db");
    drop(Durable::open(&newer).expect("create"));
    Connection::open(&newer)
        .and_then(|c| c.pragma_update(None, "user_version", SCHEMA_VERSION + 1))
        .expect("bump");
    let e = Durable::open(&newer).expect_err("newer");
    assert!(matches!(e, FileError::Newer { .. }), "{e}");
    assert!(
        e.to_string().contains("newer than this scim-harness"),
        "{e}"
    );
}

#[test]
fn a_second_server_on_the_same_file_is_refused() {
    let path = temp_file("twice.db");
    let _first = Durable::open(&path).expect("open");
    let e = Durable::open(&path).expect_err("in use");
    assert!(e.to_string().contains("another scim-harness serve"), "{e}");
}

#[test]
fn a_failed_commit_is_never_confirmed_and_stops_confirming() {
    let path = temp_file("busy.db");
    let durable = Durable::open(&path).expect("open");
    let s = store(&durable, "default");
    s.insert(Kind::User, obj(json!({"userName": "alice"})))
        .expect("user");
    durable.settle_blocking().expect("first write durable");
    // Another connection holds the write lock past the busy timeout: the commit fails.
    let other = Connection::open(&path).expect("second connection");
    other.execute_batch("BEGIN EXCLUSIVE").expect("lock");
    s.insert(Kind::User, obj(json!({"userName": "bob"})))
        .expect("in memory");
    let e = durable.settle_blocking().expect_err("not durable");
    assert!(e.to_string().contains("restart serve"), "{e}");
    other.execute_batch("ROLLBACK").expect("unlock");
    assert!(durable.settle_blocking().is_err(), "stays failed");
}
