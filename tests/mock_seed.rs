//! Seed, demo and reset over a real socket: `--seed FILE` in every tenant, the demo
//! organisation the same for the same N, `POST /_admin/reset` (to the seed, or empty) and
//! `POST /_admin/demo`; and a bad seed is a usage error at start-up (exit 2).

mod mock_support;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use mock_support::{TOKEN, call, create_user, start};
use reqwest::Method;
use scim_harness::config::Secret;
use scim_harness::scim::Compliance;
use scim_harness::server::ServerHandle;
use scim_harness::server::mock::seed::{SeedData, SeedSource};
use serde_json::{Value, json};

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn example_seed() -> SeedSource {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/seed.json");
    SeedSource::File(Arc::new(
        SeedData::load(&path, Compliance::Tolerant).expect("the example seed loads"),
    ))
}

async fn list(server: &ServerHandle, path: &str, token: &str) -> Vec<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let page = call(
        server,
        Method::GET,
        &format!("{path}{sep}count=1000"),
        Some(token),
        None,
    )
    .await
    .expect(200)
    .json();
    page["Resources"].as_array().cloned().unwrap_or_default()
}

async fn admin(server: &ServerHandle, path: &str) -> Value {
    call(server, Method::POST, path, Some(TOKEN), None)
        .await
        .expect(200)
        .json()
}

fn names(resources: &[Value], attr: &str) -> Vec<String> {
    resources
        .iter()
        .map(|r| r[attr].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn the_example_seed_is_served_with_managers_and_memberships_resolved() {
    let server = start(|c| c.seed = example_seed()).await;
    let users = list(&server, "/scim/v2/Users", TOKEN).await;
    assert_eq!(
        names(&users, "userName"),
        [
            "alice@example.com",
            "bob@example.com",
            "carol@example.com",
            "dave@example.com"
        ]
    );
    let id: HashMap<String, String> = users
        .iter()
        .map(|u| {
            (
                u["userName"].as_str().unwrap_or_default().to_owned(),
                u["id"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        users[1][ENTERPRISE]["manager"]["value"],
        json!(id["alice@example.com"])
    );
    assert_eq!(users[3]["active"], json!(false));
    // bob's computed groups: Eppo Experiment Editor and Data Team.
    let bob_groups: Vec<&str> = users[1]["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter_map(|g| g["display"].as_str())
        .collect();
    assert_eq!(bob_groups, ["Eppo Experiment Editor", "Data Team"]);

    let groups = list(&server, "/scim/v2/Groups", TOKEN).await;
    assert_eq!(groups.len(), 5);
    let owners = &groups[1];
    assert_eq!(owners["displayName"], json!("Eppo Data Owner"));
    assert_eq!(owners["members"][0]["value"], groups[4]["id"]);
    assert_eq!(owners["members"][0]["type"], json!("Group"));
}

#[tokio::test]
async fn every_tenant_starts_with_the_seed() {
    let server = start(|c| {
        c.seed = example_seed();
        c.tenants = vec![("entra".into(), Secret::new("entra-t0ken"))];
        c.dynamic_tenants = true;
    })
    .await;
    for (path, token) in [
        ("/scim/v2/Users", TOKEN),
        ("/scim/v2/Users", "entra-t0ken"),
        ("/tenants/run-17/scim/v2/Users", TOKEN),
    ] {
        assert_eq!(list(&server, path, token).await.len(), 4, "{path} {token}");
    }
}

#[tokio::test]
async fn reset_goes_back_to_the_seed_or_empties_the_store() {
    let server = start(|c| {
        c.seed = example_seed();
        c.me = Some("me@example.com".into());
    })
    .await;
    // Four seed users and the --me user.
    assert_eq!(list(&server, "/scim/v2/Users", TOKEN).await.len(), 5);
    create_user(&server, "/scim/v2/Users", TOKEN, "extra@example.com").await;
    let alice = list(
        &server,
        "/scim/v2/Users?filter=userName%20eq%20%22alice@example.com%22",
        TOKEN,
    )
    .await;
    let alice_id = alice[0]["id"].as_str().expect("id").to_owned();
    call(
        &server,
        Method::DELETE,
        &format!("/scim/v2/Users/{alice_id}"),
        Some(TOKEN),
        None,
    )
    .await
    .expect(204);

    assert_eq!(
        admin(&server, "/_admin/reset").await,
        json!({"users": 5, "groups": 5})
    );
    let users = names(&list(&server, "/scim/v2/Users", TOKEN).await, "userName");
    assert!(users.contains(&"alice@example.com".to_owned()), "{users:?}");
    assert!(users.contains(&"me@example.com".to_owned()), "{users:?}");
    assert!(
        !users.contains(&"extra@example.com".to_owned()),
        "{users:?}"
    );
    // Ids are never reused: alice is a new resource.
    let alice = list(
        &server,
        "/scim/v2/Users?filter=userName%20eq%20%22alice@example.com%22",
        TOKEN,
    )
    .await;
    assert_ne!(alice[0]["id"].as_str(), Some(alice_id.as_str()));

    assert_eq!(
        admin(&server, "/_admin/reset?empty=true").await,
        json!({"users": 1, "groups": 0})
    );
    assert_eq!(
        names(&list(&server, "/scim/v2/Users", TOKEN).await, "userName"),
        ["me@example.com"]
    );
    // And back again.
    assert_eq!(
        admin(&server, "/_admin/reset?empty=false").await,
        json!({"users": 5, "groups": 5})
    );

    let bad = call(
        &server,
        Method::POST,
        "/_admin/reset?empty=maybe",
        Some(TOKEN),
        None,
    )
    .await
    .expect(400);
    assert!(
        bad.json()["error"]
            .as_str()
            .unwrap_or_default()
            .contains("empty")
    );
    call(&server, Method::POST, "/_admin/reset", None, None)
        .await
        .expect(401);
    call(&server, Method::GET, "/_admin/reset", Some(TOKEN), None)
        .await
        .expect(405);
}

#[tokio::test]
async fn reset_is_per_tenant() {
    let server = start(|c| {
        c.seed = example_seed();
        c.tenants = vec![("entra".into(), Secret::new("entra-t0ken"))];
    })
    .await;
    let answer = call(
        &server,
        Method::POST,
        "/_admin/reset?empty=true",
        Some("entra-t0ken"),
        None,
    )
    .await
    .expect(200);
    assert_eq!(answer.json(), json!({"users": 0, "groups": 0}));
    assert_eq!(
        list(&server, "/scim/v2/Users", "entra-t0ken").await.len(),
        0
    );
    assert_eq!(list(&server, "/scim/v2/Users", TOKEN).await.len(), 4);
}

/// Users and groups with server ids replaced by names, and no `meta`: what stays the same
/// between two servers built from the same demo.
async fn normalised(server: &ServerHandle) -> Value {
    let users = list(server, "/scim/v2/Users", TOKEN).await;
    let groups = list(server, "/scim/v2/Groups", TOKEN).await;
    let mut names: HashMap<String, String> = HashMap::new();
    for u in &users {
        names.insert(
            u["id"].as_str().unwrap_or_default().into(),
            u["userName"].as_str().unwrap_or_default().into(),
        );
    }
    for g in &groups {
        names.insert(
            g["id"].as_str().unwrap_or_default().into(),
            g["displayName"].as_str().unwrap_or_default().into(),
        );
    }
    let mut text = json!({"users": users, "groups": groups})
        .to_string()
        .replace(&mock_support::origin(server), "ORIGIN");
    for (id, name) in &names {
        text = text.replace(id.as_str(), name);
    }
    let mut doc: Value = serde_json::from_str(&text).expect("json");
    for list in ["users", "groups"] {
        for r in doc[list].as_array_mut().expect("list") {
            r.as_object_mut().expect("object").remove("meta");
        }
    }
    doc
}

#[tokio::test]
async fn the_demo_is_the_same_for_the_same_size() {
    let a = start(|c| c.seed = SeedSource::Demo(40)).await;
    let b = start(|c| c.seed = SeedSource::Demo(40)).await;
    let first = normalised(&a).await;
    assert_eq!(first, normalised(&b).await);
    assert_eq!(first["users"].as_array().map(Vec::len), Some(40));
    assert_eq!(first["groups"].as_array().map(Vec::len), Some(11));
    let groups = names(first["groups"].as_array().expect("groups"), "displayName");
    assert_eq!(
        groups[..4],
        [
            "Eppo Admin",
            "Eppo Data Owner",
            "Eppo Experiment Editor",
            "Eppo Viewer"
        ]
    );
    let someone = &first["users"][9];
    for field in ["employeeNumber", "department", "manager", "organization"] {
        assert!(
            someone[ENTERPRISE].get(field).is_some(),
            "{field}: {someone}"
        );
    }
    assert!(someone["title"].is_string() && someone["name"]["givenName"].is_string());

    // POST /_admin/demo on an empty server builds the same organisation.
    let c = start(|_| {}).await;
    assert_eq!(
        admin(&c, "/_admin/demo?users=40").await,
        json!({"users": 40, "groups": 11})
    );
    assert_eq!(normalised(&c).await, first);
    // A different size is a different organisation.
    admin(&c, "/_admin/demo?users=41").await;
    assert_ne!(normalised(&c).await, first);
}

#[tokio::test]
async fn the_demo_endpoint_makes_the_demo_the_seed_and_checks_its_size() {
    let server = start(|c| c.seed = example_seed()).await;
    assert_eq!(
        admin(&server, "/_admin/demo").await,
        json!({"users": 50, "groups": 11})
    );
    create_user(&server, "/scim/v2/Users", TOKEN, "extra@example.com").await;
    assert_eq!(
        admin(&server, "/_admin/reset").await,
        json!({"users": 50, "groups": 11})
    );
    for bad in ["0", "10001", "many", "-3"] {
        let answer = call(
            &server,
            Method::POST,
            &format!("/_admin/demo?users={bad}"),
            Some(TOKEN),
            None,
        )
        .await
        .expect(400);
        assert!(
            answer.json()["error"]
                .as_str()
                .unwrap_or_default()
                .contains("1 to 10000"),
            "{}",
            answer.text
        );
    }
    // Refused sizes changed nothing.
    assert_eq!(list(&server, "/scim/v2/Users", TOKEN).await.len(), 50);
}

#[tokio::test]
async fn the_admin_description_covers_reset_and_demo() {
    let server = start(|_| {}).await;
    let doc = call(
        &server,
        Method::GET,
        "/_admin/openapi.json",
        Some(TOKEN),
        None,
    )
    .await
    .expect(200)
    .json();
    for path in ["/_admin/reset", "/_admin/demo"] {
        let op = &doc["paths"][path]["post"];
        assert!(op["summary"].is_string(), "{path}");
        assert!(op["responses"]["200"].is_object(), "{path}");
    }
}

/// The binary with `args`, its exit code and stderr (it must end by itself).
fn serve(args: &[&str]) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_scim-harness"))
        .arg("serve")
        .args(["--port", "0", "--token", "t"])
        .args(args)
        .env_remove("SCIM_SEED")
        .env_remove("SCIM_DEMO")
        .output()
        .expect("run scim-harness");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_bad_seed_is_a_usage_error_naming_the_entry_and_the_field() {
    let dir = std::env::temp_dir().join(format!("mock-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let bad = dir.join("seed.json");
    std::fs::write(
        &bad,
        r#"{"users": [{"userName": "a@example.com"}, {"userName": "b@example.com", "active": "yes"}]}"#,
    )
    .expect("write");
    let (code, stderr) = serve(&["--seed", bad.to_str().expect("path")]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--seed"), "{stderr}");
    assert!(
        stderr.contains("users[1] (userName \"b@example.com\")"),
        "{stderr}"
    );
    assert!(stderr.contains("active"), "{stderr}");

    let (code, stderr) = serve(&["--seed", dir.join("missing.json").to_str().expect("path")]);
    assert_eq!(code, Some(2), "{stderr}");
    let (code, stderr) = serve(&["--seed", "examples/seed.json", "--demo"]);
    assert_eq!(code, Some(2), "{stderr}");
    let (code, stderr) = serve(&["--demo=0"]);
    assert_eq!(code, Some(2), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_banner_names_the_demo_and_its_roles() {
    use std::io::BufRead as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_scim-harness"))
        .args(["serve", "--port", "0", "--token", "t", "--demo=12"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start scim-harness");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = Vec::new();
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.expect("line");
        let last = line.starts_with("Roles");
        lines.push(line);
        if last || lines.len() >= 10 {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let text = lines.join("\n");
    assert!(
        text.contains("Demo: demo organisation of 12 users (11 groups"),
        "{text}"
    );
    assert!(
        text.contains("Roles: single mode, 4 mapped role(s), default Viewer"),
        "{text}"
    );
}
