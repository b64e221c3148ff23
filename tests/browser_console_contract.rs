//! The console's admin views against a stand-in that speaks `ADMIN_API.md` exactly: the
//! console's routes (`server::console::routes`) plus a small in-test admin API and SCIM list —
//! roles and effective roles, the journal (list, one entry, the SSE stream, HAR export,
//! filters), fault rules (add, fire, remove) and reset. These run now; the same flows against
//! the real server are in `tests/browser_console_admin.rs`.

mod browser_support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};
use tokio::sync::broadcast;

use browser_support::console as flows;
use browser_support::{Page, Step as _, browser_or_skip, screenshot};
use scim_harness::server::console;

const TOKEN: &str = "c0ntract";

#[derive(Default)]
struct Stub {
    entries: Vec<Value>,
    faults: Vec<Value>,
    next_fault: u32,
    users: Vec<Value>,
    /// The query strings `/_admin/requests*` was called with, to check the console's filters.
    queries: Vec<String>,
}

#[derive(Clone)]
struct App {
    stub: Arc<Mutex<Stub>>,
    live: broadcast::Sender<Value>,
}

impl App {
    fn lock(&self) -> std::sync::MutexGuard<'_, Stub> {
        self.stub.lock().expect("stub")
    }
}

/// The refusal of a request without the token, if it has none.
fn refused(headers: &HeaderMap) -> Option<Response> {
    let ok = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {TOKEN}"));
    if ok {
        None
    } else {
        Some(
            (
                StatusCode::UNAUTHORIZED,
                axum::Json(json!({"error": "send the tenant's token"})),
            )
                .into_response(),
        )
    }
}

fn user(id: &str, name: &str) -> Value {
    json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": id, "userName": name,
           "active": true, "groups": [{"value": "g1", "display": "Eppo Admin"}],
           "meta": {"resourceType": "User", "version": "W/\"1\"", "lastModified": "2026-12-07T10:00:00Z"}})
}

/// Record one exchange as the journal would, and publish it on the stream.
fn journal(app: &App, method: &str, path: &str, status: u16, fault: Option<String>, body: &str) {
    let mut stub = app.lock();
    let id = stub.entries.len() as u64 + 1;
    let entry = json!({
        "id": id, "time": "2026-12-07T10:00:00.123Z", "tenant": "default", "method": method,
        "path": path, "query": null, "status": status, "duration_ms": 1.25, "client": "okta",
        "client_label": "Okta", "operation": format!("Okta: {} user", if method == "POST" { "create" } else { "read" }),
        "tolerances": ["op-case"], "fault": fault,
        "changes": [{"resource": "User u9", "pointer": "/userName", "before": null, "after": "live.one"}],
        "notes": ["live.one: Viewer (default role)"],
        "request": {"headers": [["authorization", "Bearer ***"], ["content-type", "application/scim+json"]], "body": body},
        "response": {"headers": [["etag", "W/\"1\""]], "body": "{\"id\":\"u9\"}"},
    });
    stub.entries.push(entry.clone());
    let mut summary = entry;
    summary["request"]["body"] = Value::Null;
    summary["response"]["body"] = Value::Null;
    let _ = app.live.send(summary);
}

async fn users_list(State(app): State<App>, headers: HeaderMap) -> Response {
    if let Some(r) = refused(&headers) {
        return r;
    }
    let users = app.lock().users.clone();
    axum::Json(json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": users.len(), "startIndex": 1, "itemsPerPage": users.len(), "Resources": users}))
    .into_response()
}

async fn user_get(State(app): State<App>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    if let Some(r) = refused(&headers) {
        return r;
    }
    match app.lock().users.iter().find(|u| u["id"] == id.as_str()) {
        Some(u) => axum::Json(u.clone()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// An IdP creating a user: faults first, then the store, then the journal.
async fn users_create(State(app): State<App>, body: String) -> Response {
    let fault = {
        let mut stub = app.lock();
        stub.faults
            .iter_mut()
            .find(|r| r["match"]["method"] == "POST")
            .map(|r| {
                r["fired"] = json!(r["fired"].as_u64().unwrap_or(0) + 1);
                format!(
                    "injected 503 (rule {})",
                    r["id"].as_str().unwrap_or_default()
                )
            })
    };
    if let Some(f) = fault {
        journal(&app, "POST", "/scim/v2/Users", 503, Some(f), &body);
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    app.lock().users.push(user("u9", "live.one"));
    journal(&app, "POST", "/scim/v2/Users", 201, None, &body);
    (StatusCode::CREATED, axum::Json(user("u9", "live.one"))).into_response()
}

async fn admin(
    State(app): State<App>,
    Path(rest): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
    headers: HeaderMap,
    method: axum::http::Method,
    body: String,
) -> Response {
    if let Some(r) = refused(&headers) {
        return r;
    }
    let json_ok = |v: Value| axum::Json(v).into_response();
    let query = || {
        q.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    };
    match (method.as_str(), rest.as_str()) {
        ("GET", "tenants") => json_ok(json!({"tenants": [
            {"name": "default", "root": "/scim/v2", "path": "/tenants/default/scim/v2", "users": 2, "groups": 1},
            {"name": "entra", "root": "/scim/v2", "path": "/tenants/entra/scim/v2", "users": 0, "groups": 0}]})),
        ("GET", "roles") => json_ok(json!({"mode": "single", "default": "Viewer", "roles": [
            {"role": "Admin", "priority": 1, "groups": ["Eppo Admin"], "users": [{"id": "u1", "userName": "alice"}]},
            {"role": "Viewer", "priority": 2, "groups": [], "users": []}]})),
        ("GET", "requests") => {
            let mut stub = app.lock();
            stub.queries.push(query());
            let status = q
                .iter()
                .find(|(k, _)| k == "status")
                .map(|(_, v)| v.clone());
            let since: u64 = q
                .iter()
                .find(|(k, _)| k == "since")
                .map_or(0, |(_, v)| v.parse().unwrap_or(0));
            let mut entries: Vec<Value> = stub
                .entries
                .iter()
                .rev()
                .filter(|e| {
                    status
                        .as_deref()
                        .is_none_or(|s| e["status"].to_string().starts_with(&s[..1]))
                })
                .filter(|e| e["id"].as_u64() > Some(since))
                .cloned()
                .collect();
            for e in &mut entries {
                e["request"]["body"] = Value::Null;
                e["response"]["body"] = Value::Null;
            }
            json_ok(json!({"total": entries.len(), "entries": entries}))
        }
        ("GET", "requests/har") => {
            app.lock().queries.push(format!("har?{}", query()));
            json_ok(json!({"log": {"version": "1.2", "entries": []}}))
        }
        ("DELETE", "faults") => {
            app.lock().faults.clear();
            StatusCode::NO_CONTENT.into_response()
        }
        ("GET", "faults") => json_ok(json!({"faults": app.lock().faults.clone()})),
        ("POST", "faults") => {
            let mut rule: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
            let mut stub = app.lock();
            stub.next_fault += 1;
            rule["id"] = json!(format!("f{}", stub.next_fault));
            rule["fired"] = json!(0);
            stub.faults.push(rule.clone());
            (StatusCode::CREATED, axum::Json(rule)).into_response()
        }
        ("POST", "reset") => {
            let empty = q.iter().any(|(k, v)| k == "empty" && v == "true");
            let mut stub = app.lock();
            stub.users = if empty {
                Vec::new()
            } else {
                vec![user("u1", "alice")]
            };
            json_ok(json!({"users": stub.users.len(), "groups": if empty { 0 } else { 1 }}))
        }
        ("GET", r) if r.starts_with("users/") && r.ends_with("/roles") => json_ok(json!({
            "id": "u1", "userName": "alice", "roles": ["Admin"], "via": [{"role": "Admin", "group": "Eppo Admin"}]})),
        ("GET", r) if r.starts_with("requests/") => {
            let id: usize = r["requests/".len()..].parse().unwrap_or(0);
            match app.lock().entries.get(id.wrapping_sub(1)) {
                Some(e) => json_ok(e.clone()),
                None => (
                    StatusCode::NOT_FOUND,
                    axum::Json(json!({"error": "no entry"})),
                )
                    .into_response(),
            }
        }
        ("DELETE", r) if r.starts_with("faults/") => {
            let id = &r["faults/".len()..];
            app.lock().faults.retain(|f| f["id"] != id);
            StatusCode::NO_CONTENT.into_response()
        }
        _ => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"error": format!("no admin endpoint {rest}")})),
        )
            .into_response(),
    }
}

async fn stream(State(app): State<App>, headers: HeaderMap) -> Response {
    if let Some(r) = refused(&headers) {
        return r;
    }
    let rx = app.live.subscribe();
    let events = futures::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(e) => {
                    let event = Event::default()
                        .event("entry")
                        .id(e["id"].to_string())
                        .data(e.to_string());
                    return Some((Ok::<_, std::convert::Infallible>(event), rx));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    // Each stream ends after one entry, so the console must reconnect and catch up with `since`.
    Sse::new(futures::StreamExt::take(events, 1)).into_response()
}

async fn start() -> (String, App) {
    let app = App {
        stub: Arc::new(Mutex::new(Stub {
            users: vec![user("u1", "alice"), user("u2", "bob")],
            ..Stub::default()
        })),
        live: broadcast::channel(64).0,
    };
    let router = Router::new()
        .route("/scim/v2/Users", get(users_list).post(users_create))
        .route("/scim/v2/Users/{id}", get(user_get))
        .route("/_admin/requests/stream", get(stream))
        .route("/_admin/{*rest}", get(admin).post(admin).delete(admin))
        .merge(console::routes())
        .with_state(app.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let origin = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (origin, app)
}

async fn create_from_outside(origin: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("{origin}/scim/v2/Users"))
        .bearer_auth(TOKEN)
        .body(r#"{"userName":"live.one"}"#)
        .send()
        .await
        .expect("POST")
        .status()
        .as_u16()
}

async fn signed_in(origin: &str, page: &Page) {
    browser_support::sign_in(page, origin, TOKEN).await;
}

#[tokio::test]
async fn users_show_effective_roles_and_the_roles_view_shows_the_map() {
    let Some(browser) = browser_or_skip("contract roles").await else {
        return;
    };
    let (origin, _) = start().await;
    let page = browser.new_page().await.step("tab");
    signed_in(&origin, &page).await;
    let roles = page
        .eval("[...document.querySelectorAll('#users-table tbody tr td:nth-child(5)')].map(td => td.textContent)")
        .await
        .step("roles column");
    assert_eq!(roles, json!(["Admin", "Viewer (default)"]));
    page.click("#users-table tbody a").await.step("alice");
    page.wait_for("document.querySelector('#detail-title')?.textContent === 'alice'")
        .await
        .step("detail");
    let text = page.text("main").await.step("detail").unwrap_or_default();
    assert!(text.contains("Admin (via Eppo Admin)"), "{text}");
    flows::open_view(
        &page,
        "roles",
        "document.querySelector('#roles-table tbody tr')",
    )
    .await;
    let text = page.text("main").await.step("roles").unwrap_or_default();
    assert!(
        text.contains("single") && text.contains("Eppo Admin") && text.contains("alice"),
        "{text}"
    );
    screenshot(&page, "contract-roles").await;
    browser.close().await;
}

#[tokio::test]
async fn a_request_from_outside_appears_live_expands_filters_and_exports() {
    let Some(browser) = browser_or_skip("contract journal").await else {
        return;
    };
    let (origin, app) = start().await;
    let page = browser.new_page().await.step("tab");
    signed_in(&origin, &page).await;
    flows::open_view(&page, "journal", "document.querySelector('#live')?.textContent === 'Live: connected' && document.querySelector('#journal-count')").await;

    assert_eq!(create_from_outside(&origin).await, 201);
    page.wait_for(
        "document.querySelector('#journal-rows tr.new')?.textContent.includes('201 Created')",
    )
    .await
    .step("the entry appears live");
    // The stream ended after that entry: the next one arrives through the catch-up (`since`).
    assert_eq!(create_from_outside(&origin).await, 201);
    page.wait_for("document.querySelectorAll('#journal-rows tr.new').length === 2")
        .await
        .step("the entry sent while reconnecting appears");
    assert!(
        app.lock().queries.iter().any(|q| q.contains("since=1")),
        "caught up with since: {:?}",
        app.lock().queries
    );
    page.click("#journal-rows tr.new button.expand")
        .await
        .step("expand");
    page.wait_for("document.querySelector('.entry')?.textContent.includes('live.one')")
        .await
        .step("full request shown");
    let detail = page.text(".entry").await.step("entry").unwrap_or_default();
    for part in [
        "Bearer ***",
        "/userName",
        "op-case",
        "Viewer (default role)",
        "W/\"1\"",
    ] {
        assert!(detail.contains(part), "{part} missing in {detail}");
    }
    let expanded = page
        .eval("document.querySelector('#journal-rows tr.new button.expand').getAttribute('aria-expanded')")
        .await
        .step("aria");
    assert_eq!(expanded, "true");
    screenshot(&page, "contract-journal").await;

    page.type_into("#f-status", "5xx")
        .await
        .step("status filter");
    page.press("Enter").await.step("filter");
    page.wait_for("location.hash.includes('status=5xx') && document.querySelector('#journal-count')?.textContent.startsWith('0 entries')")
        .await
        .step("the 201 is filtered out");
    assert!(
        app.lock().queries.iter().any(|q| q.contains("status=5xx")),
        "the filter went to the server"
    );
    page.click("#export-har").await.step("export");
    page.wait_for(
        "document.querySelector('#status').textContent === 'Exported journal-default.har'",
    )
    .await
    .step("exported");
    assert!(
        app.lock().queries.iter().any(|q| q.starts_with("har?")
            && q.contains("status=5xx")
            && q.contains("tenant=default")),
        "the export carries the filters: {:?}",
        app.lock().queries
    );
    browser.close().await;
}

#[tokio::test]
async fn a_fault_rule_added_in_controls_fires_is_removed_and_reset_empties() {
    let Some(browser) = browser_or_skip("contract faults").await else {
        return;
    };
    let (origin, app) = start().await;
    let page = browser.new_page().await.step("tab");
    signed_in(&origin, &page).await;
    flows::add_fault_rule(&page, "POST", "^/scim/v2/Users", 503).await;
    let rule = app.lock().faults[0].clone();
    assert_eq!(
        rule["match"],
        json!({"method": "POST", "path": "^/scim/v2/Users"})
    );
    assert_eq!(rule["action"], json!({"status": 503}));
    assert_eq!(rule["fire"], json!({"always": true}));

    assert_eq!(create_from_outside(&origin).await, 503, "the rule fires");
    flows::fault_rule_fired(&page, 1).await;
    screenshot(&page, "contract-controls").await;
    flows::remove_the_fault_rule(&page).await;
    assert_eq!(create_from_outside(&origin).await, 201);

    flows::reset_to_empty(&page).await;

    flows::open_view(
        &page,
        "controls",
        "document.querySelector('#tenant-select')",
    )
    .await;
    page.eval("document.querySelector('#tenant-select').value = 'entra'")
        .await
        .step("pick");
    page.click("#switch-tenant").await.step("switch");
    page.wait_for("document.querySelector('#tenant-name').textContent === 'Tenant: entra'")
        .await
        .step("switched");
    flows::open_view(&page, "journal", "document.querySelector('#journal-count')").await;
    // The count element is drawn before the listing's fetch reaches the
    // stand-in, so the query log is polled rather than read once.
    let listed_for_entra = |queries: &[String]| {
        queries
            .iter()
            .any(|q| q.contains("tenant=entra") && q.contains("limit=200"))
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !listed_for_entra(&app.lock().queries) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let queries = app.lock().queries.clone();
    assert!(
        listed_for_entra(&queries),
        "the journal listing names the switched-to tenant: {queries:?}"
    );
    assert_eq!(page.exceptions(), Vec::<String>::new());
    browser.close().await;
}
