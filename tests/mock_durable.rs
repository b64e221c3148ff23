//! `serve --data FILE` (issue 11 §6), on the real binary: a write storm from several clients is
//! cut by SIGKILL, the server restarts on the same file, and every acknowledged write is there
//! (at its acknowledged version or later), nothing is half-applied, ids and versions continue.
//! Also: files that are not ours are refused at start-up with exit 2, and the file is readable
//! with plain SQL through the documented tables.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_scim-harness");
const TOKEN: &str = "durable-t0ken";
const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

fn temp_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scim-mock-durable-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

/// The binary serving `data` on a free port; its base URL read from the banner.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(data: &Path) -> Server {
        Self::start_with(data, &[])
    }

    /// With more `serve` flags.
    fn start_with(data: &Path, flags: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--port", "0", "--token", TOKEN, "--data"])
            .arg(data)
            .args(flags)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn serve");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut stderr = child.stderr.take().expect("stderr");
        // Drain both pipes: a full pipe would block the server.
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::stderr()));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("banner");
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let base = line
            .trim()
            .strip_prefix("SCIM server listening on ")
            .unwrap_or_else(|| panic!("banner: {line:?}"))
            .to_owned();
        Server { child, base }
    }

    fn kill(mut self) {
        self.child.kill().expect("SIGKILL"); // Child::kill is SIGKILL on Unix
        self.child.wait().expect("reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `W/"12"` → 12.
fn version_of(etag: &str) -> u64 {
    etag.trim_start_matches("W/")
        .trim_matches('"')
        .parse()
        .unwrap_or_else(|_| panic!("version {etag:?}"))
}

struct Answer {
    status: u16,
    version: Option<u64>,
    body: Value,
}

async fn send(
    client: &reqwest::Client,
    base: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> Result<Answer, reqwest::Error> {
    let mut req = client
        .request(method, format!("{base}{path}"))
        .bearer_auth(TOKEN);
    if let Some(b) = body {
        req = req
            .header("content-type", "application/scim+json")
            .body(b.to_string());
    }
    let res = req.send().await?;
    let status = res.status().as_u16();
    let etag = res
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(version_of);
    let text = res.text().await?;
    let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let version = etag.or_else(|| body.pointer("/meta/version")?.as_str().map(version_of));
    Ok(Answer {
        status,
        version,
        body,
    })
}

/// What the clients were told, and what they had sent without an answer when the server died.
#[derive(Default)]
struct Acked {
    /// user id → (acknowledged version, acknowledged displayName).
    users: BTreeMap<String, (u64, String)>,
    deleted: BTreeSet<String>,
    /// group id → (acknowledged version, members acknowledged as added and not deleted).
    groups: BTreeMap<String, (u64, BTreeSet<String>)>,
    /// Resources an unanswered request was about: their state may be either.
    in_doubt: BTreeSet<String>,
    max_version: u64,
}

/// One client: a group of its own, then users created, renamed, added to the group, deleted.
async fn client_storm(base: String, n: usize, acked: Arc<Mutex<Acked>>) {
    let client = reqwest::Client::new();
    let post = |body: Value, path: &'static str| {
        let (client, base) = (client.clone(), base.clone());
        async move { send(&client, &base, reqwest::Method::POST, path, Some(body)).await }
    };
    let Ok(g) = post(
        json!({"schemas": [GROUP], "displayName": format!("storm group {n}")}),
        "/Groups",
    )
    .await
    else {
        return;
    };
    assert_eq!(g.status, 201, "{}", g.body);
    let group = g.body["id"].as_str().expect("group id").to_owned();
    {
        let mut a = acked.lock().expect("lock");
        let v = g.version.expect("version");
        a.max_version = a.max_version.max(v);
        a.groups.insert(group.clone(), (v, BTreeSet::new()));
    }
    let mut mine: Vec<String> = Vec::new();
    for i in 0.. {
        let step = i % 4;
        let (target, result) = match step {
            0 => (
                None,
                post(
                    json!({"schemas": [USER], "userName": format!("storm-{n}-{i}@example.com"),
                           "displayName": "new"}),
                    "/Users",
                )
                .await,
            ),
            1 => {
                let Some(id) = mine.last().cloned() else {
                    continue;
                };
                let body = json!({"schemas": [PATCH], "Operations": [
                    {"op": "replace", "path": "displayName", "value": format!("renamed {i}")}]});
                let path = format!("/Users/{id}");
                (
                    Some(id),
                    send(&client, &base, reqwest::Method::PATCH, &path, Some(body)).await,
                )
            }
            2 => {
                let Some(id) = mine.last().cloned() else {
                    continue;
                };
                let body = json!({"schemas": [PATCH], "Operations": [
                    {"op": "add", "path": "members", "value": [{"value": id}]}]});
                let path = format!("/Groups/{group}");
                (
                    Some(id),
                    send(&client, &base, reqwest::Method::PATCH, &path, Some(body)).await,
                )
            }
            _ => {
                // Every other round, delete the oldest user still there.
                if i % 8 != 3 || mine.len() < 2 {
                    continue;
                }
                let id = mine.remove(0);
                let path = format!("/Users/{id}");
                (
                    Some(id),
                    send(&client, &base, reqwest::Method::DELETE, &path, None).await,
                )
            }
        };
        let mut a = acked.lock().expect("lock");
        let answer = match result {
            Ok(answer) => answer,
            Err(_) => {
                // The server died with this request unanswered.
                if let Some(id) = target {
                    a.in_doubt.insert(id);
                }
                a.in_doubt.insert(group.clone());
                return;
            }
        };
        assert!(
            (200..300).contains(&answer.status),
            "step {step}: {} {}",
            answer.status,
            answer.body
        );
        if let Some(v) = answer.version {
            a.max_version = a.max_version.max(v);
        }
        match step {
            0 => {
                let id = answer.body["id"].as_str().expect("id").to_owned();
                a.users
                    .insert(id.clone(), (answer.version.expect("version"), "new".into()));
                mine.push(id);
            }
            1 => {
                let id = target.expect("target");
                let name = answer.body["displayName"]
                    .as_str()
                    .expect("name")
                    .to_owned();
                a.users.insert(id, (answer.version.expect("version"), name));
            }
            2 => {
                let id = target.expect("target");
                let entry = a.groups.get_mut(&group).expect("group");
                if let Some(v) = answer.version {
                    entry.0 = v;
                }
                entry.1.insert(id);
            }
            _ => {
                let id = target.expect("target");
                a.users.remove(&id);
                a.deleted.insert(id.clone());
                a.groups.get_mut(&group).expect("group").1.remove(&id);
            }
        }
    }
}

/// Every user and group the server has, by id.
async fn everything(
    client: &reqwest::Client,
    base: &str,
) -> (BTreeMap<String, Value>, BTreeMap<String, Value>) {
    let mut out = (BTreeMap::new(), BTreeMap::new());
    for (endpoint, map) in [("/Users", &mut out.0), ("/Groups", &mut out.1)] {
        let mut start = 1;
        loop {
            let path = format!("{endpoint}?startIndex={start}&count=200");
            let page = send(client, base, reqwest::Method::GET, &path, None)
                .await
                .expect("list");
            assert_eq!(page.status, 200, "{}", page.body);
            let resources = page.body["Resources"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if resources.is_empty() {
                break;
            }
            start += resources.len();
            for r in resources {
                map.insert(r["id"].as_str().expect("id").to_owned(), r);
            }
        }
    }
    out
}

fn version_in(resource: &Value) -> u64 {
    version_of(resource["meta"]["version"].as_str().expect("meta.version"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_mid_storm_loses_no_acknowledged_write_and_versions_continue() {
    let data = temp_file("storm.db");
    let server = Server::start(&data);
    let acked = Arc::new(Mutex::new(Acked::default()));
    let clients: Vec<_> = (0..6)
        .map(|n| tokio::spawn(client_storm(server.base.clone(), n, acked.clone())))
        .collect();
    // Let the storm build up, then kill the server in the middle of it.
    let deadline = Instant::now() + Duration::from_secs(20);
    while acked.lock().expect("lock").users.len() < 150 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill();
    for c in clients {
        c.await.expect("client");
    }
    let acked = Arc::try_unwrap(acked)
        .ok()
        .expect("clients done")
        .into_inner()
        .expect("lock");
    assert!(
        acked.users.len() >= 100,
        "the storm ran: {} users",
        acked.users.len()
    );
    assert!(!acked.deleted.is_empty(), "deletes were acknowledged");

    let server = Server::start(&data);
    let client = reqwest::Client::new();
    let (users, groups) = everything(&client, &server.base).await;

    for (id, (version, name)) in &acked.users {
        let Some(u) = users.get(id) else {
            // Only an unanswered DELETE may have removed an acknowledged user.
            assert!(
                acked.in_doubt.contains(id),
                "acknowledged user {id} is gone after SIGKILL"
            );
            continue;
        };
        assert!(version_in(u) >= *version, "user {id}: version went back");
        if !acked.in_doubt.contains(id) {
            assert_eq!(u["displayName"].as_str(), Some(name.as_str()), "user {id}");
        }
    }
    for id in &acked.deleted {
        assert!(!users.contains_key(id), "deleted user {id} came back");
    }
    for (id, (version, members)) in &acked.groups {
        let g = groups
            .get(id)
            .unwrap_or_else(|| panic!("acknowledged group {id} is gone"));
        assert!(version_in(g) >= *version, "group {id}: version went back");
        let listed: BTreeSet<String> = g["members"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| m["value"].as_str().expect("member value").to_owned())
            .collect();
        for m in members {
            if !acked.in_doubt.contains(m) {
                assert!(
                    listed.contains(m),
                    "group {id}: acknowledged member {m} lost"
                );
            }
        }
    }
    // Nothing half-applied: every member exists, and User.groups is exactly the groups
    // that list the user.
    let mut groups_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (gid, g) in &groups {
        for m in g["members"].as_array().into_iter().flatten() {
            let m = m["value"].as_str().expect("member value");
            assert!(
                users.contains_key(m),
                "group {gid} lists {m}, which does not exist"
            );
            groups_of.entry(m).or_default().insert(gid);
        }
    }
    for (uid, u) in &users {
        let listed: BTreeSet<&str> = u["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|g| g["value"].as_str().expect("group value"))
            .collect();
        assert_eq!(
            listed,
            groups_of.get(uid.as_str()).cloned().unwrap_or_default(),
            "user {uid}: groups and memberships disagree"
        );
    }
    // Ids and versions continue.
    let fresh = send(
        &client,
        &server.base,
        reqwest::Method::POST,
        "/Users",
        Some(json!({"schemas": [USER], "userName": "after-restart@example.com"})),
    )
    .await
    .expect("post");
    assert_eq!(fresh.status, 201, "{}", fresh.body);
    let max_seen = users
        .values()
        .chain(groups.values())
        .map(version_in)
        .max()
        .unwrap_or_default()
        .max(acked.max_version);
    assert!(
        fresh.version.expect("version") > max_seen,
        "version {:?} after restart must exceed {max_seen}",
        fresh.version
    );
    let id = fresh.body["id"].as_str().expect("id");
    assert!(
        !acked.deleted.contains(id) && !users.contains_key(id),
        "id reused"
    );
    // The file is plain SQL through the documented views.
    let conn = rusqlite::Connection::open(&data).expect("open the file");
    let in_sql: i64 = conn
        .query_row(
            "SELECT count(*) FROM users WHERE user_name = 'after-restart@example.com'",
            [],
            |r| r.get(0),
        )
        .expect("users view");
    assert_eq!(in_sql, 1, "the acknowledged POST is in the file");
    let memberships: i64 = conn
        .query_row("SELECT count(*) FROM memberships", [], |r| r.get(0))
        .expect("memberships view");
    let listed: usize = groups_of.values().map(BTreeSet::len).sum();
    assert_eq!(usize::try_from(memberships).expect("count"), listed);
}

fn start_fails(data: &Path) -> (i32, String) {
    let out = Command::new(BIN)
        .args(["serve", "--port", "0", "--token", TOKEN, "--data"])
        .arg(data)
        .stdin(Stdio::null())
        .output()
        .expect("run serve");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_file_that_is_not_sqlite_is_a_start_up_error() {
    let data = temp_file("junk.db");
    std::fs::write(&data, "not a database, just text\n".repeat(400)).expect("write");
    let (code, stderr) = start_fails(&data);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not an SQLite database"), "{stderr}");
    assert!(
        stderr.contains(&data.display().to_string()),
        "names the file: {stderr}"
    );
}

#[test]
fn a_file_from_a_newer_schema_is_refused() {
    let data = temp_file("newer.db");
    let conn = rusqlite::Connection::open(&data).expect("create");
    conn.execute_batch("PRAGMA application_id = 0x5343494D; PRAGMA user_version = 99;")
        .expect("pragmas");
    drop(conn);
    let (code, stderr) = start_fails(&data);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("schema version 99 is newer"), "{stderr}");
}

#[test]
fn another_applications_database_is_refused() {
    let data = temp_file("theirs.db");
    let conn = rusqlite::Connection::open(&data).expect("create");
    conn.execute_batch("CREATE TABLE accounts (id INTEGER PRIMARY KEY)")
        .expect("table");
    drop(conn);
    let (code, stderr) = start_fails(&data);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("another application"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_commit_that_fails_is_never_acknowledged() {
    let data = temp_file("locked.db");
    let mut config = scim_harness::config::ServeConfig::for_tests(
        scim_harness::config::Auth::Token(scim_harness::config::Secret::new(TOKEN)),
    );
    config.data = Some(data.clone());
    let server = scim_harness::server::start(config).await.expect("start");
    let base = server.base_url().to_owned();
    let client = reqwest::Client::new();
    let user = |name: &str| Some(json!({"schemas": [USER], "userName": name}));
    let first = send(
        &client,
        &base,
        reqwest::Method::POST,
        "/Users",
        user("kept"),
    )
    .await
    .expect("post");
    assert_eq!(first.status, 201, "{}", first.body);
    // Someone holds the file's write lock past the busy timeout: the next commit fails.
    let other = rusqlite::Connection::open(&data).expect("second connection");
    other.execute_batch("BEGIN EXCLUSIVE").expect("lock");
    let refused = send(
        &client,
        &base,
        reqwest::Method::POST,
        "/Users",
        user("lost"),
    )
    .await
    .expect("post");
    assert_eq!(refused.status, 503, "{}", refused.body);
    let detail = refused.body["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains("durable state failed") && detail.contains("restart"),
        "{detail}"
    );
    other.execute_batch("ROLLBACK").expect("unlock");
    let read = send(&client, &base, reqwest::Method::GET, "/Users", None)
        .await
        .expect("get");
    assert_eq!(
        read.status, 503,
        "nothing is confirmed any more: {}",
        read.body
    );
    server.shutdown().await.expect("stop");
    drop(other);
    let in_file: Vec<String> = rusqlite::Connection::open(&data)
        .expect("open")
        .prepare("SELECT user_name FROM users")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(in_file, vec!["kept".to_owned()]);
}

/// `POST /_admin/reset?empty=true` is a write like any other: after a restart on the same
/// file the tenant is still empty, and the demo seed is not applied again over it (the seed
/// is what a tenant starts with once, not what a restart goes back to).
#[tokio::test]
async fn a_reset_survives_a_restart_and_the_seed_does_not_come_back() {
    let data = temp_file("reset.sqlite");
    let client = reqwest::Client::new();
    let users = |server: &Server| {
        let url = format!("{}/Users?count=0", server.base);
        let client = client.clone();
        async move {
            let answer: Value = client
                .get(url)
                .bearer_auth(TOKEN)
                .send()
                .await
                .expect("list")
                .json()
                .await
                .expect("JSON");
            answer["totalResults"].as_u64().expect("totalResults")
        }
    };
    let server = Server::start_with(&data, &["--demo=5"]);
    assert_eq!(users(&server).await, 5, "the demo seeds an empty file");
    let origin = server.base.trim_end_matches("/scim/v2").to_owned();
    let reset = client
        .post(format!("{origin}/_admin/reset?empty=true"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("reset");
    assert_eq!(reset.status(), 200);
    assert_eq!(users(&server).await, 0);
    server.kill();

    let server = Server::start_with(&data, &["--demo=5"]);
    assert_eq!(
        users(&server).await,
        0,
        "the emptied tenant is restored as it was left"
    );
    let reset = client
        .post(format!(
            "{origin}/_admin/reset",
            origin = server.base.trim_end_matches("/scim/v2")
        ))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("reset");
    assert_eq!(reset.status(), 200);
    assert_eq!(
        users(&server).await,
        5,
        "a reset still goes back to the seed"
    );
}
