use std::path::Path;

use serde_json::json;

use super::*;
use crate::scim::schema::ENTERPRISE_USER_SCHEMA;
use crate::server::store::MemoryStore;

fn parse(doc: Value) -> Result<SeedData, String> {
    SeedData::from_json("test", &doc, Compliance::Tolerant)
}

fn err(doc: Value) -> String {
    parse(doc).expect_err("the seed is refused")
}

#[test]
fn the_example_seed_loads_and_applies_with_forward_references() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/seed.json");
    let seed = SeedData::load(&path, Compliance::Strict).unwrap();
    assert_eq!((seed.user_count(), seed.group_count()), (4, 5));
    let store = MemoryStore::new();
    seed.apply(&store).unwrap();
    assert_eq!(store.count(Kind::User), 4);
    assert_eq!(store.count(Kind::Group), 5);
    let id_of = |kind: Kind, attr: &str, name: &str| {
        store
            .select(kind, None)
            .into_iter()
            .find(|s| s.body().get(attr) == Some(&json!(name)))
            .unwrap()
            .id
            .clone()
    };
    let alice = id_of(Kind::User, "userName", "alice@example.com");
    let bob = id_of(Kind::User, "userName", "bob@example.com");
    let team = id_of(Kind::Group, "displayName", "Data Team");
    let bob_stored = store.get(Kind::User, &bob).unwrap();
    assert_eq!(
        bob_stored.body()[ENTERPRISE_USER_SCHEMA]["manager"]["value"],
        json!(alice)
    );
    // "Eppo Data Owner" names "Data Team", which comes later: completed by a second write.
    let owners = id_of(Kind::Group, "displayName", "Eppo Data Owner");
    let owners = store.get(Kind::Group, &owners).unwrap();
    assert_eq!(owners.body()["members"][0]["value"], json!(team));
    assert_eq!(owners.body()["members"][0]["type"], json!("Group"));
}

#[test]
fn a_manager_named_later_is_completed_by_a_second_write() {
    let seed = parse(json!({"users": [
        {"userName": "report", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
            {"manager": {"value": "BOSS"}}},
        {"userName": "boss"}
    ]}))
    .unwrap();
    let store = MemoryStore::new();
    seed.apply(&store).unwrap();
    let users = store.select(Kind::User, None);
    assert_eq!(
        users[0].body()[ENTERPRISE_USER_SCHEMA]["manager"]["value"],
        json!(users[1].id)
    );
}

#[test]
fn errors_name_the_entry_and_the_field() {
    let e = err(json!({"users": [{"userName": "a"}, {"userName": "b", "active": "yes"}]}));
    assert!(e.starts_with("users[1] (userName \"b\"): "), "{e}");
    assert!(e.contains("active"), "{e}");

    let e = err(json!({"users": [{"displayName": "no name"}]}));
    assert!(e.starts_with("users[0]: "), "{e}");
    assert!(e.contains("userName"), "{e}");

    let e = err(json!({"users": [{"userName": "Alice"}, {"userName": "alice"}]}));
    assert!(
        e.contains("users[1] (userName \"alice\")") && e.contains("users[0]"),
        "{e}"
    );

    let e = err(json!({"users": [{"userName": "a"}],
        "groups": [{"displayName": "G", "members": ["a", "nobody"]}]}));
    assert!(
        e.starts_with("groups[0] (displayName \"G\"): members[1] \"nobody\""),
        "{e}"
    );

    let e = err(json!({"groups": [{"displayName": "G", "members": [{"value": "x"}]}]}));
    assert!(
        e.contains("members[0] must be a userName or a group displayName"),
        "{e}"
    );

    let e = err(json!({"groups": [{"displayName": "G"}, {"displayName": "g"}]}));
    assert!(e.starts_with("groups[1] (displayName \"g\")"), "{e}");

    let e = err(json!({"groups": [{"members": []}]}));
    assert!(
        e.starts_with("groups[0]: ") && e.contains("displayName"),
        "{e}"
    );

    let e = err(json!({"users": [{"userName": "x",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "y"}}}]}));
    assert!(e.contains("manager.value \"y\" names no user"), "{e}");

    let e = err(json!({"users": [{"userName": "Team"}], "groups": [{"displayName": "team"}]}));
    assert!(e.contains("also the userName of users[0]"), "{e}");

    let e = err(json!({"user": []}));
    assert!(e.contains("unknown key \"user\""), "{e}");
    assert!(err(json!([])).contains("must be a JSON object"));
    assert!(err(json!({"users": {}})).contains("\"users\" must be an array"));
}

#[test]
fn strict_refuses_what_strict_post_refuses() {
    // A string manager is Entra's shape (tolerance manager-string): the default accepts it.
    let doc = json!({"users": [{"userName": "boss"}, {"userName": "x",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": "boss"}}]});
    assert!(SeedData::from_json("t", &doc, Compliance::Tolerant).is_ok());
    let e = SeedData::from_json("t", &doc, Compliance::Strict).unwrap_err();
    assert!(e.starts_with("users[1] (userName \"x\")"), "{e}");
}

#[test]
fn a_file_that_is_not_json_names_line_and_column() {
    let dir = std::env::temp_dir().join(format!("seed-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.json");
    std::fs::write(&path, "{\n  \"users\": [,]\n}").unwrap();
    let e = SeedData::load(&path, Compliance::Tolerant).unwrap_err();
    assert!(e.contains("line 2 column"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_demo_size_is_a_valid_seed() {
    for n in [1, 2, 7, 8, 50, 333] {
        let seed = demo_seed(n, Compliance::Strict).unwrap();
        assert_eq!(seed.user_count(), n);
        assert_eq!(seed.group_count(), 11);
        let store = MemoryStore::new();
        seed.apply(&store).unwrap();
        assert_eq!(store.count(Kind::User), n);
    }
}

#[test]
fn seeding_goes_through_the_store_so_observers_see_every_resource() {
    use crate::server::store::{Change, Observer};
    use std::sync::Mutex;

    #[derive(Default)]
    struct Seen(Mutex<Vec<(Kind, bool)>>);
    impl Observer for Seen {
        fn committed(&self, changes: &[Change]) {
            let mut seen = self.0.lock().unwrap();
            seen.extend(changes.iter().map(|c| (c.kind, c.before.is_none())));
        }
    }
    let seen = Arc::new(Seen::default());
    let store = MemoryStore::with_observer(seen.clone());
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/seed.json");
    SeedData::load(&path, Compliance::Tolerant)
        .unwrap()
        .apply(&store)
        .unwrap();
    let seen = seen.0.lock().unwrap();
    let inserted = |kind: Kind| seen.iter().filter(|(k, new)| *k == kind && *new).count();
    assert_eq!((inserted(Kind::User), inserted(Kind::Group)), (4, 5));
}
