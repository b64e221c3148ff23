//! The console's views over the admin API of issue 11 (`ADMIN_API.md`): demo data and roles,
//! the live journal (an entry appears when a request is sent from outside), a fault rule added
//! in Controls that fires, and reset — against the real server's admin API
//! (`tests/browser_console_contract.rs` holds the same flows against a stand-in that follows
//! the contract to the letter, so a drift of either side shows up).

mod browser_support;

use serde_json::{Value, json};

use browser_support::console as flows;
use browser_support::{Page, Step as _, browser_or_skip, screenshot};
use scim_harness::config::{Auth, Secret, ServeConfig};
use scim_harness::server::{self, ServerHandle};

const TOKEN: &str = "adm1n-c0nsole";

async fn start() -> ServerHandle {
    server::start(ServeConfig::for_tests(Auth::Token(Secret::new(TOKEN))))
        .await
        .expect("start")
}

fn origin(server: &ServerHandle) -> String {
    format!("http://{}", server.local_addr())
}

async fn send(
    server: &ServerHandle,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .request(method, format!("{}{path}", origin(server)))
        .bearer_auth(TOKEN);
    if let Some(b) = body {
        req = req
            .header("content-type", "application/scim+json")
            .body(b.to_string());
    }
    let res = req.send().await.expect("send");
    let status = res.status().as_u16();
    let text = res.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn user(name: &str) -> Value {
    json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": name})
}

async fn signed_in(server: &ServerHandle, page: &Page) {
    browser_support::sign_in(page, &origin(server), TOKEN).await;
}

#[tokio::test]
async fn demo_data_shows_users_with_their_roles_and_the_role_map() {
    let Some(browser) = browser_or_skip("console demo roles").await else {
        return;
    };
    let server = start().await;
    let (status, counts) = send(
        &server,
        reqwest::Method::POST,
        "/_admin/demo?users=30",
        None,
    )
    .await;
    assert_eq!(status, 200, "{counts}");
    let page = browser.new_page().await.step("tab");
    signed_in(&server, &page).await;
    page.wait_for("document.querySelector('#range')?.textContent === 'Users 1–20 of 30'")
        .await
        .step("demo users listed");
    let roles = page
        .eval("[...document.querySelectorAll('#users-table tbody tr td:nth-child(5)')].map(td => td.textContent)")
        .await
        .step("roles column");
    assert!(
        roles
            .as_array()
            .is_some_and(|r| r.iter().all(|t| t != "—" && t != "")),
        "every user shows an effective role: {roles}"
    );
    screenshot(&page, "console-demo-users").await;

    flows::open_view(
        &page,
        "roles",
        "document.querySelector('#roles-table tbody tr')",
    )
    .await;
    let text = page
        .text("#roles-table")
        .await
        .step("roles")
        .unwrap_or_default();
    assert!(
        text.contains("Eppo"),
        "the demo organisation's groups map to roles: {text}"
    );
    screenshot(&page, "console-roles").await;
    browser.close().await;
}

#[tokio::test]
async fn a_request_sent_from_outside_appears_in_the_live_journal_and_expands() {
    let Some(browser) = browser_or_skip("console journal").await else {
        return;
    };
    let server = start().await;
    let page = browser.new_page().await.step("tab");
    signed_in(&server, &page).await;
    flows::open_view(
        &page,
        "journal",
        "document.querySelector('#journal-count')?.textContent.includes('live')",
    )
    .await;
    page.wait_for("document.querySelector('#live')?.textContent === 'Live: connected'")
        .await
        .step("stream connected");

    let (status, created) = send(
        &server,
        reqwest::Method::POST,
        "/scim/v2/Users",
        Some(user("live.one@example.com")),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    page.wait_for("[...document.querySelectorAll('#journal-rows tr.new')].some(r => r.textContent.includes('POST /scim/v2/Users') && r.textContent.includes('201'))")
        .await
        .step("the new entry appears live");
    page.click("#journal-rows tr.new button.expand")
        .await
        .step("expand");
    page.wait_for("document.querySelector('.entry')?.textContent.includes('live.one@example.com')")
        .await
        .step("request body shown");
    let detail = page.text(".entry").await.step("detail").unwrap_or_default();
    assert!(
        detail.contains("Bearer ***"),
        "credential redacted: {detail}"
    );
    assert!(!detail.contains(TOKEN), "the token is shown");
    screenshot(&page, "console-journal").await;

    // The status filter narrows the list (server side) and the live tail (client side).
    page.type_into("#f-status", "4xx")
        .await
        .step("status filter");
    page.press("Enter").await.step("filter");
    page.wait_for(
        "location.hash.includes('status=4xx') && document.querySelector('#journal-count')",
    )
    .await
    .step("filtered");
    send(&server, reqwest::Method::GET, "/scim/v2/Users/nope", None).await;
    page.wait_for("[...document.querySelectorAll('#journal-rows tr')].some(r => r.textContent.includes('404'))")
        .await
        .step("the 404 appears");
    let rows = page
        .eval("[...document.querySelectorAll('#journal-rows tr[data-id]')].every(r => /\\b4\\d\\d\\b/.test(r.querySelector('.status').textContent))")
        .await
        .step("only 4xx rows");
    assert_eq!(rows, true);
    browser.close().await;
}

#[tokio::test]
async fn a_fault_rule_added_in_controls_fires_and_reset_empties_the_tenant() {
    let Some(browser) = browser_or_skip("console faults").await else {
        return;
    };
    let server = start().await;
    send(
        &server,
        reqwest::Method::POST,
        "/scim/v2/Users",
        Some(user("before.fault@example.com")),
    )
    .await;
    let page = browser.new_page().await.step("tab");
    signed_in(&server, &page).await;
    flows::add_fault_rule(&page, "POST", "^/scim/v2/Users", 503).await;
    screenshot(&page, "console-controls").await;

    let (status, _) = send(
        &server,
        reqwest::Method::POST,
        "/scim/v2/Users",
        Some(user("during.fault@example.com")),
    )
    .await;
    assert_eq!(status, 503, "the rule fires");
    flows::fault_rule_fired(&page, 1).await;
    flows::remove_the_fault_rule(&page).await;
    let (status, _) = send(
        &server,
        reqwest::Method::POST,
        "/scim/v2/Users",
        Some(user("after.fault@example.com")),
    )
    .await;
    assert_eq!(status, 201, "no rule, no fault");

    flows::reset_to_empty(&page).await;

    flows::open_view(&page, "journal", "[...document.querySelectorAll('#journal-rows tr')].some(r => r.querySelector('.fault')?.textContent.includes('503'))").await;
    browser.close().await;
}
