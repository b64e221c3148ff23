use serde_json::{Map, json};

use super::*;
use crate::config::{Auth, Secret};
use crate::server::mock::{Mock, scope};
use crate::server::store::{Kind, MemoryStore, Store};

fn body(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn user(store: &dyn Store, name: &str) -> String {
    store
        .insert(Kind::User, body(json!({"userName": name})))
        .unwrap()
        .id
        .clone()
}

fn group(store: &dyn Store, name: &str, external: Option<&str>, members: &[&str]) -> String {
    let members: Vec<Value> = members.iter().map(|m| json!({"value": m})).collect();
    let mut b = json!({"displayName": name, "members": members});
    if let Some(e) = external {
        b["externalId"] = json!(e);
    }
    store.insert(Kind::Group, body(b)).unwrap().id.clone()
}

fn set_members(store: &dyn Store, id: &str, members: &[&str]) {
    let current = store.get(Kind::Group, id).unwrap();
    let mut b = current.body().clone();
    b.insert(
        "members".into(),
        Value::Array(members.iter().map(|m| json!({"value": m})).collect()),
    );
    store.replace(Kind::Group, id, current.version, b).unwrap();
}

fn roles_of(map: &RoleConfig, store: &dyn Store, id: &str) -> Vec<String> {
    effective_in_store(map, store, id).roles
}

#[test]
fn the_role_file_is_parsed_sorted_by_priority_and_checked() {
    let map = RoleConfig::from_json(
        r#"{"mode": "multi", "default": "Viewer", "roles": [
            {"role": "Viewer", "priority": 4, "groups": ["Eppo Viewer"]},
            {"role": "Admin", "priority": 1, "groups": ["Eppo Admin", "okta-00g1"]}]}"#,
    )
    .unwrap();
    assert_eq!(map.mode, Mode::Multi);
    assert_eq!(map.default.as_deref(), Some("Viewer"));
    assert_eq!(map.rules[0].role, "Admin");
    // The example shipped with the project is Eppo's map.
    let example =
        RoleConfig::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/roles.json"));
    assert_eq!(example.unwrap(), RoleConfig::eppo());

    for (text, needle) in [
        (r#"{"mode": "several"}"#, "unknown variant"),
        (
            r#"{"roles": [{"role": "A", "groups": []}]}"#,
            "roles[0] (role \"A\"): groups",
        ),
        (
            r#"{"roles": [{"role": "A", "priority": 0, "groups": ["g"]}]}"#,
            "priority starts at 1",
        ),
        (
            r#"{"roles": [{"role": "A", "priority": 1, "groups": ["g"]}, {"role": "B", "priority": 1, "groups": ["h"]}]}"#,
            "priority 1 is also \"A\"'s",
        ),
        (
            r#"{"roles": [{"role": "A", "groups": ["g"]}, {"role": "a", "groups": ["h"]}]}"#,
            "listed twice",
        ),
        (r#"{"role": []}"#, "unknown field"),
        (
            r#"{"mode": "each-group", "roles": [{"role": "A", "groups": ["g"]}]}"#,
            "leave \"roles\" out",
        ),
    ] {
        let e = RoleConfig::from_json(text).unwrap_err();
        assert!(e.contains(needle), "{text}: {e}");
    }
}

#[test]
fn role_flags_take_priority_from_their_order_and_gather_a_role_given_twice() {
    let pairs = ["Eppo Admin=Admin", "a=b=Viewer", "Admins (EU)=admin"].map(String::from);
    let map = RoleConfig::from_flags(&pairs, Mode::Single, Some("Viewer".into())).unwrap();
    assert_eq!(map.rules.len(), 2);
    assert_eq!(map.rules[0].groups, ["Eppo Admin", "Admins (EU)"]);
    assert_eq!(
        (map.rules[1].role.as_str(), map.rules[1].priority),
        ("Viewer", 2)
    );
    assert_eq!(map.rules[1].groups, ["a=b"]);
    assert!(RoleConfig::from_flags(&["Admin".into()], Mode::Single, None).is_err());
    assert!(RoleConfig::from_flags(&["=Admin".into()], Mode::Single, None).is_err());
    assert!(RoleConfig::from_flags(&[], Mode::Single, Some(" ".into())).is_err());
}

#[test]
fn single_mode_picks_the_highest_priority_multi_the_union_each_group_every_group() {
    let store = MemoryStore::new();
    let alice = user(&store, "alice");
    let bob = user(&store, "bob");
    let nobody = user(&store, "nobody");
    group(&store, "Eppo Viewer", None, &[&alice, &bob]);
    // Matched by externalId, without regard to case.
    group(&store, "Okta admins", Some("OKTA-ADMIN"), &[&alice]);
    let mut map = RoleConfig::eppo();
    map.rules[0].groups.push("okta-admin".into());

    assert_eq!(roles_of(&map, &store, &alice), ["Admin"]);
    let e = effective_in_store(&map, &store, &alice);
    assert_eq!(e.via, [("Admin".to_owned(), "Okta admins".to_owned())]);
    assert_eq!(roles_of(&map, &store, &bob), ["Viewer"]);
    // The default: no `via`.
    let e = effective_in_store(&map, &store, &nobody);
    assert_eq!(
        (e.roles.as_slice(), e.via.len()),
        (&["Viewer".to_owned()][..], 0)
    );

    map.mode = Mode::Multi;
    assert_eq!(roles_of(&map, &store, &alice), ["Admin", "Viewer"]);
    map.default = None;
    assert!(roles_of(&map, &store, &nobody).is_empty());

    let fennel = RoleConfig {
        mode: Mode::EachGroup,
        ..RoleConfig::default()
    };
    assert_eq!(
        roles_of(&fennel, &store, &alice),
        ["Eppo Viewer", "Okta admins"]
    );
    assert_eq!(roles_of(&fennel, &store, &bob), ["Eppo Viewer"]);
}

#[test]
fn nested_groups_count_and_cycles_end() {
    let store = MemoryStore::new();
    let alice = user(&store, "alice");
    let team = group(&store, "Platform team", None, &[&alice]);
    let admins = group(&store, "Eppo Admin", None, &[&team]);
    // A cycle: the team also contains the admins group.
    set_members(&store, &team, &[&alice, &admins]);
    let e = effective_in_store(&RoleConfig::eppo(), &store, &alice);
    assert_eq!(e.roles, ["Admin"]);
    assert_eq!(e.via, [("Admin".to_owned(), "Eppo Admin".to_owned())]);
    assert_eq!(e.direct.len(), 1);
}

async fn tenant_with(map: RoleConfig) -> std::sync::Arc<crate::server::mock::Tenant> {
    let mut config = ServeConfig::for_tests(Auth::Token(Secret::new("t")));
    config.roles = Some(map);
    Mock::new(&config).unwrap().default_tenant()
}

#[tokio::test]
async fn notes_say_whose_role_a_request_changed_and_why() {
    let tenant = tenant_with(RoleConfig::eppo()).await;
    let store = tenant.store();
    let alice = user(store, "alice@example.com");
    let bob = user(store, "bob@example.com");
    let admins = group(store, "Eppo Admin", None, &[]);
    let viewers = group(store, "Eppo Viewer", None, &[&alice, &bob]);

    let ((), s) = scope::within(async { set_members(store, &admins, &[&alice]) }).await;
    assert_eq!(
        notes(&tenant, &s),
        ["alice@example.com: Viewer → Admin (added to Eppo Admin)"]
    );

    // A change that keeps everyone's roles: no note.
    let ((), s) = scope::within(async { set_members(store, &viewers, &[&alice]) }).await;
    assert!(notes(&tenant, &s).is_empty(), "{:?}", notes(&tenant, &s));

    let ((), s) = scope::within(async { set_members(store, &admins, &[]) }).await;
    assert_eq!(
        notes(&tenant, &s),
        ["alice@example.com: Admin → Viewer (removed from Eppo Admin)"]
    );

    // Nested: a team put into the admins group makes its members admins.
    let team = group(store, "Team", None, &[&bob]);
    let ((), s) = scope::within(async { set_members(store, &admins, &[&team]) }).await;
    assert_eq!(
        notes(&tenant, &s),
        ["bob@example.com: Viewer → Admin (Team added to Eppo Admin)"]
    );

    // Renaming a mapped group changes the role of everyone below it.
    let ((), s) = scope::within(async {
        let g = store.get(Kind::Group, &admins).unwrap();
        let mut b = g.body().clone();
        b.insert("displayName".into(), json!("Former admins"));
        store.replace(Kind::Group, &admins, g.version, b).unwrap();
    })
    .await;
    assert_eq!(
        notes(&tenant, &s),
        ["bob@example.com: Admin → Viewer (group Eppo Admin renamed to Former admins)"]
    );

    // Creation and deletion.
    let (carol, s) = scope::within(async { user(store, "carol@example.com") }).await;
    assert_eq!(notes(&tenant, &s), ["carol@example.com: Viewer (new user)"]);
    let ((), s) = scope::within(async { store.remove(Kind::User, &carol, None).unwrap() }).await;
    assert_eq!(
        notes(&tenant, &s),
        ["carol@example.com: Viewer → no role (user deleted)"]
    );
    // Deleting a group its members were admins through.
    let root = group(store, "Eppo Admin", None, &[&alice]);
    let ((), s) = scope::within(async { store.remove(Kind::Group, &root, None).unwrap() }).await;
    assert_eq!(
        notes(&tenant, &s),
        ["alice@example.com: Admin → Viewer (group Eppo Admin deleted)"]
    );
}

#[tokio::test]
async fn no_map_no_notes() {
    let tenant = tenant_with(RoleConfig::default()).await;
    let (_, s) = scope::within(async { user(tenant.store(), "x") }).await;
    assert_eq!(s.changes.len(), 1);
    assert!(notes(&tenant, &s).is_empty());
}

#[tokio::test]
async fn notes_follow_a_real_okta_push_through_the_scim_router() {
    use axum::body::Body;
    use tower::ServiceExt as _;

    let tenant = tenant_with(RoleConfig::eppo()).await;
    let store = tenant.store();
    let alice = user(store, "alice@example.com");
    let bob = user(store, "bob@example.com");
    let admins = group(store, "Eppo Admin", None, &[&bob]);
    // Okta "Push Now": replace the members with alice.
    let patch = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "members", "value": [{"value": alice, "display": "alice@example.com"}]}]
    });
    let request = axum::http::Request::patch(format!("/scim/v2/Groups/{admins}"))
        .header("authorization", "Bearer t")
        .header("content-type", "application/scim+json")
        .body(Body::from(patch.to_string()))
        .unwrap();
    let app = crate::server::router(tenant.state().clone());
    let (response, s) = scope::within(app.oneshot(request)).await;
    assert_eq!(response.unwrap().status(), 200);
    assert_eq!(
        notes(&tenant, &s),
        // In the order the store reported the members whose groups changed.
        [
            "bob@example.com: Admin → Viewer (removed from Eppo Admin)",
            "alice@example.com: Viewer → Admin (added to Eppo Admin)",
        ]
    );
}
