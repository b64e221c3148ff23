//! Group → role mapping over a real socket: effective roles follow memberships as Okta and
//! Entra change them with PATCH; single, multi and each-group modes; the default role; the demo's
//! Eppo map; and bad role maps are usage errors at start-up.

mod mock_support;

use mock_support::{TOKEN, call, create_user, start};
use reqwest::Method;
use scim_harness::server::ServerHandle;
use scim_harness::server::mock::roles::{Mode, RoleConfig};
use scim_harness::server::mock::seed::SeedSource;
use serde_json::{Value, json};

const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

fn eppo_flags() -> RoleConfig {
    let pairs = [
        "Eppo Admin=Admin",
        "Eppo Data Owner=Data Owner",
        "Eppo Experiment Editor=Experiment Editor",
        "Eppo Viewer=Viewer",
    ]
    .map(String::from);
    RoleConfig::from_flags(&pairs, Mode::Single, Some("Viewer".into())).expect("role flags")
}

async fn create_group(server: &ServerHandle, name: &str, members: &[&str]) -> String {
    let members: Vec<Value> = members.iter().map(|m| json!({"value": m})).collect();
    call(
        server,
        Method::POST,
        "/scim/v2/Groups",
        Some(TOKEN),
        Some(json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": name,
            "members": members,
        })),
    )
    .await
    .expect(201)
    .json()["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

async fn patch_group(server: &ServerHandle, id: &str, operations: Value) {
    call(
        server,
        Method::PATCH,
        &format!("/scim/v2/Groups/{id}"),
        Some(TOKEN),
        Some(json!({"schemas": [PATCH_OP], "Operations": operations})),
    )
    .await
    .expect_ok();
}

trait ExpectOk {
    fn expect_ok(self);
}

impl ExpectOk for mock_support::Answer {
    fn expect_ok(self) {
        assert!(self.status.is_success(), "{} {}", self.status, self.text);
    }
}

async fn user_roles(server: &ServerHandle, id: &str) -> Value {
    call(
        server,
        Method::GET,
        &format!("/_admin/users/{id}/roles"),
        Some(TOKEN),
        None,
    )
    .await
    .expect(200)
    .json()
}

async fn roles_of(server: &ServerHandle, id: &str) -> Value {
    user_roles(server, id).await["roles"].clone()
}

async fn role_list(server: &ServerHandle) -> Value {
    call(server, Method::GET, "/_admin/roles", Some(TOKEN), None)
        .await
        .expect(200)
        .json()
}

fn user_id(user: &Value) -> String {
    user["id"].as_str().expect("id").to_owned()
}

#[tokio::test]
async fn roles_follow_okta_and_entra_membership_patches() {
    let server = start(|c| c.roles = Some(eppo_flags())).await;
    let alice = user_id(&create_user(&server, "/scim/v2/Users", TOKEN, "alice@example.com").await);
    let bob = user_id(&create_user(&server, "/scim/v2/Users", TOKEN, "bob@example.com").await);
    let admins = create_group(&server, "Eppo Admin", &[]).await;
    let editors = create_group(&server, "Eppo Experiment Editor", &[&bob]).await;

    // In no mapped group: the default role, with no `via`.
    let answer = user_roles(&server, &alice).await;
    assert_eq!(
        answer,
        json!({"id": alice, "userName": "alice@example.com", "roles": ["Viewer"], "via": []})
    );
    assert_eq!(roles_of(&server, &bob).await, json!(["Experiment Editor"]));

    // Okta: add members with display (group push).
    patch_group(
        &server,
        &admins,
        json!([{"op": "add", "path": "members",
            "value": [{"value": alice, "display": "alice@example.com"}]}]),
    )
    .await;
    let answer = user_roles(&server, &alice).await;
    assert_eq!(answer["roles"], json!(["Admin"]));
    assert_eq!(
        answer["via"],
        json!([{"role": "Admin", "group": "Eppo Admin"}])
    );

    // Entra: "Add" bob to the admins: Admin outranks Experiment Editor in single mode.
    patch_group(
        &server,
        &admins,
        json!([{"op": "Add", "path": "members", "value": [{"value": bob}]}]),
    )
    .await;
    assert_eq!(roles_of(&server, &bob).await, json!(["Admin"]));

    // Okta: remove with a value filter in the path.
    patch_group(
        &server,
        &admins,
        json!([{"op": "remove", "path": format!("members[value eq \"{alice}\"]")}]),
    )
    .await;
    assert_eq!(roles_of(&server, &alice).await, json!(["Viewer"]));

    // Entra: "Remove" with the members as the value.
    patch_group(
        &server,
        &admins,
        json!([{"op": "Remove", "path": "members", "value": [{"value": bob}]}]),
    )
    .await;
    assert_eq!(roles_of(&server, &bob).await, json!(["Experiment Editor"]));

    // Okta "Push Now": replace all members.
    patch_group(
        &server,
        &editors,
        json!([{"op": "replace", "path": "members", "value": [{"value": alice}]}]),
    )
    .await;
    assert_eq!(
        roles_of(&server, &alice).await,
        json!(["Experiment Editor"])
    );
    assert_eq!(roles_of(&server, &bob).await, json!(["Viewer"]));

    // Deleting a group takes its role away.
    call(
        &server,
        Method::DELETE,
        &format!("/scim/v2/Groups/{editors}"),
        Some(TOKEN),
        None,
    )
    .await
    .expect(204);
    assert_eq!(roles_of(&server, &alice).await, json!(["Viewer"]));
}

#[tokio::test]
async fn the_role_list_shows_each_role_with_its_users_and_the_default() {
    let server = start(|c| c.roles = Some(eppo_flags())).await;
    let alice = user_id(&create_user(&server, "/scim/v2/Users", TOKEN, "alice@example.com").await);
    let bob = user_id(&create_user(&server, "/scim/v2/Users", TOKEN, "bob@example.com").await);
    create_group(&server, "Eppo Admin", &[&alice]).await;
    let list = role_list(&server).await;
    assert_eq!(list["mode"], json!("single"));
    assert_eq!(list["default"], json!("Viewer"));
    let roles = list["roles"].as_array().expect("roles");
    assert_eq!(roles.len(), 4);
    assert_eq!(
        roles[0],
        json!({"role": "Admin", "priority": 1, "groups": ["Eppo Admin"],
            "users": [{"id": alice, "userName": "alice@example.com"}]})
    );
    // bob is a Viewer by default: listed under Viewer.
    assert_eq!(
        roles[3]["users"],
        json!([{"id": bob, "userName": "bob@example.com"}])
    );
    assert_eq!(roles[1]["users"], json!([]));
}

#[tokio::test]
async fn multi_mode_gives_the_union_and_matches_groups_by_external_id_in_any_case() {
    let map = RoleConfig::from_json(
        r#"{"mode": "multi", "roles": [
            {"role": "Admin", "priority": 1, "groups": ["OKTA-00G-ADMINS"]},
            {"role": "Editor", "priority": 2, "groups": ["eppo experiment editor"]}]}"#,
    )
    .expect("map");
    let server = start(|c| c.roles = Some(map)).await;
    let alice = user_id(&create_user(&server, "/scim/v2/Users", TOKEN, "alice@example.com").await);
    let nobody =
        user_id(&create_user(&server, "/scim/v2/Users", TOKEN, "nobody@example.com").await);
    let admins = call(
        &server,
        Method::POST,
        "/scim/v2/Groups",
        Some(TOKEN),
        Some(
            json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Admins", "externalId": "okta-00g-admins",
            "members": [{"value": alice}]}),
        ),
    )
    .await
    .expect(201);
    assert!(admins.json()["id"].is_string());
    create_group(&server, "Eppo Experiment Editor", &[&alice]).await;
    let answer = user_roles(&server, &alice).await;
    assert_eq!(answer["roles"], json!(["Admin", "Editor"]));
    assert_eq!(
        answer["via"],
        json!([{"role": "Admin", "group": "Admins"},
               {"role": "Editor", "group": "Eppo Experiment Editor"}])
    );
    // No default role: no role at all.
    assert_eq!(roles_of(&server, &nobody).await, json!([]));
    let list = role_list(&server).await;
    assert_eq!(list["mode"], json!("multi"));
    assert_eq!(list["default"], Value::Null);
    assert_eq!(list["roles"][0]["users"][0]["id"], json!(alice));
    assert_eq!(list["roles"][1]["users"][0]["id"], json!(alice));
}

#[tokio::test]
async fn each_group_mode_makes_every_group_a_role_and_nested_groups_count() {
    let map = RoleConfig::from_flags(&[], Mode::EachGroup, Some("member".into())).expect("map");
    let server = start(|c| c.roles = Some(map)).await;
    let alice = user_id(&create_user(&server, "/scim/v2/Users", TOKEN, "alice@example.com").await);
    let bob = user_id(&create_user(&server, "/scim/v2/Users", TOKEN, "bob@example.com").await);
    let team = create_group(&server, "fennel-analysts", &[&alice]).await;
    create_group(&server, "fennel-everyone", &[&team]).await;
    assert_eq!(
        roles_of(&server, &alice).await,
        json!(["fennel-analysts", "fennel-everyone"])
    );
    assert_eq!(roles_of(&server, &bob).await, json!(["member"]));
    let list = role_list(&server).await;
    assert_eq!(list["mode"], json!("each-group"));
    let roles: Vec<&str> = list["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .filter_map(|r| r["role"].as_str())
        .collect();
    assert_eq!(roles, ["fennel-analysts", "fennel-everyone", "member"]);
    assert_eq!(list["roles"][2]["users"][0]["id"], json!(bob));
}

#[tokio::test]
async fn the_demo_installs_eppos_map_and_gives_everyone_exactly_one_role() {
    let server = start(|c| c.seed = SeedSource::Demo(50)).await;
    let list = role_list(&server).await;
    assert_eq!(list["mode"], json!("single"));
    assert_eq!(list["default"], json!("Viewer"));
    let roles = list["roles"].as_array().expect("roles");
    let names: Vec<&str> = roles.iter().filter_map(|r| r["role"].as_str()).collect();
    assert_eq!(
        names,
        ["Admin", "Data Owner", "Experiment Editor", "Viewer"]
    );
    let total: usize = roles
        .iter()
        .map(|r| r["users"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(total, 50, "single mode: one role each");
    assert!(
        roles
            .iter()
            .all(|r| !r["users"].as_array().expect("users").is_empty())
    );
}

#[tokio::test]
async fn the_demo_endpoint_installs_eppos_map_unless_one_was_given() {
    let server = start(|_| {}).await;
    assert_eq!(role_list(&server).await["roles"], json!([]));
    call(
        &server,
        Method::POST,
        "/_admin/demo?users=10",
        Some(TOKEN),
        None,
    )
    .await
    .expect(200);
    assert_eq!(
        role_list(&server).await["roles"].as_array().map(Vec::len),
        Some(4)
    );

    let map =
        RoleConfig::from_flags(&["Engineering=Engineer".into()], Mode::Multi, None).expect("map");
    let server = start(|c| c.roles = Some(map)).await;
    call(
        &server,
        Method::POST,
        "/_admin/demo?users=10",
        Some(TOKEN),
        None,
    )
    .await
    .expect(200);
    let list = role_list(&server).await;
    assert_eq!(list["mode"], json!("multi"));
    assert_eq!(list["roles"][0]["role"], json!("Engineer"));
    assert!(
        !list["roles"][0]["users"]
            .as_array()
            .expect("users")
            .is_empty()
    );
}

#[tokio::test]
async fn unknown_users_and_unauthenticated_calls_are_refused_with_json() {
    let server = start(|c| c.roles = Some(eppo_flags())).await;
    let answer = call(
        &server,
        Method::GET,
        "/_admin/users/nope/roles",
        Some(TOKEN),
        None,
    )
    .await
    .expect(404);
    assert!(
        answer.json()["error"]
            .as_str()
            .unwrap_or_default()
            .contains("nope")
    );
    call(&server, Method::GET, "/_admin/roles", None, None)
        .await
        .expect(401);
}

/// The binary with `args`: its exit code and stderr (it must end by itself).
fn serve(args: &[&str]) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_scim-harness"))
        .arg("serve")
        .args(["--port", "0", "--token", "t"])
        .args(args)
        .env_remove("SCIM_ROLES")
        .env_remove("SCIM_ROLE")
        .output()
        .expect("run scim-harness");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_role_maps_are_usage_errors() {
    let dir = std::env::temp_dir().join(format!("mock-roles-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let bad = dir.join("roles.json");
    std::fs::write(
        &bad,
        r#"{"mode": "single", "roles": [{"role": "Admin", "groups": []}]}"#,
    )
    .expect("write");
    let (code, stderr) = serve(&["--roles", bad.to_str().expect("path")]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("roles[0] (role \"Admin\")"), "{stderr}");
    let (code, stderr) = serve(&["--role", "Eppo Admin"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("GROUP=ROLE"), "{stderr}");
    let (code, stderr) = serve(&["--role-mode", "several"]);
    assert_eq!(code, Some(2), "{stderr}");
    let (code, _) = serve(&["--roles", "examples/roles.json", "--role", "a=b"]);
    assert_eq!(code, Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
