//! The web console (`/_console`) in a real headless Chromium, on what every server has: the
//! tenants endpoint and the SCIM API. Sign in, see users and groups, page and search, the XSS
//! test (a hostile `displayName` renders as text), keyboard use, a narrow window, the token
//! kept out of the page, and no request beyond the server. Screenshots go to
//! `target/screenshots/` (see `browser_support::screenshot_dir`).
//!
//! The views that need the journal, faults, seed and roles are tested in
//! `tests/browser_console_admin.rs`.

mod browser_support;

use serde_json::{Value, json};

use browser_support::console as flows;
use browser_support::{Page, Step as _, browser_or_skip, screenshot};
use scim_harness::config::{Auth, Secret, ServeConfig};
use scim_harness::server::{self, ServerHandle};

const TOKEN: &str = "c0nsole-t0ken";
const XSS: &str = "<img src=x onerror=alert(1)>";

async fn post(server: &ServerHandle, path: &str, body: Value) -> Value {
    let res = reqwest::Client::new()
        .post(format!("{}{path}", server.base_url()))
        .bearer_auth(TOKEN)
        .header("content-type", "application/scim+json")
        .body(body.to_string())
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), 201, "POST {path}");
    res.json().await.expect("json")
}

/// A server with 25 users (one with a hostile displayName) and a group of two.
async fn server_with_people() -> (ServerHandle, String) {
    let server = server::start(ServeConfig::for_tests(Auth::Token(Secret::new(TOKEN))))
        .await
        .expect("start");
    let mut ids = Vec::new();
    for i in 1..=24 {
        let u = post(
            &server,
            "/Users",
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": format!("user{i:02}@example.com"),
                "name": {"givenName": "User", "familyName": format!("{i:02}")},
                "active": i % 5 != 0,
            }),
        )
        .await;
        ids.push(u["id"].as_str().expect("id").to_owned());
    }
    let hostile = post(
        &server,
        "/Users",
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "mallory@example.com",
            "displayName": XSS,
            "name": {"formatted": XSS},
        }),
    )
    .await;
    let hostile = hostile["id"].as_str().expect("id").to_owned();
    post(
        &server,
        "/Groups",
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Eppo Admin",
            "members": [{"value": ids[0]}, {"value": hostile}],
        }),
    )
    .await;
    (server, hostile)
}

fn origin(server: &ServerHandle) -> String {
    format!("http://{}", server.local_addr())
}

async fn sign_in(page: &Page, server: &ServerHandle) {
    browser_support::sign_in(page, &origin(server), TOKEN).await;
}

#[tokio::test]
async fn the_console_signs_in_and_shows_users_paged_searchable_and_groups() {
    let Some(browser) = browser_or_skip("console users").await else {
        return;
    };
    let (server, _) = server_with_people().await;
    let page = browser.new_page().await.step("tab");
    sign_in(&page, &server).await;

    let range = page.text("#range").await.step("range");
    assert_eq!(range.as_deref(), Some("Users 1–20 of 25"));
    let first = page
        .text("#users-table tbody tr td a")
        .await
        .step("first row");
    assert_eq!(
        first.as_deref(),
        Some("mallory@example.com"),
        "sorted by userName"
    );
    let inactive = page
        .eval("[...document.querySelectorAll('#users-table tbody tr')].filter(r => r.textContent.includes('inactive')).length")
        .await
        .step("inactive rows");
    assert!(inactive.as_u64() >= Some(3), "status as text: {inactive}");
    screenshot(&page, "console-users").await;

    page.click("#next").await.step("next page");
    page.wait_for("document.querySelector('#range')?.textContent === 'Users 21–25 of 25'")
        .await
        .step("page 2");

    page.type_into("#search", "user07").await.step("search");
    page.press("Enter").await.step("submit search");
    page.wait_for("document.querySelector('#range')?.textContent === 'Users 1–1 of 1'")
        .await
        .step("one match");

    flows::open_view(&page, "groups", "document.querySelector('#groups-table')").await;
    let row = page.text("#groups-table tbody tr").await.step("group row");
    assert!(
        row.as_deref()
            .is_some_and(|r| r.contains("Eppo Admin") && r.contains('2')),
        "{row:?}"
    );
    page.click("#groups-table tbody a").await.step("open group");
    page.wait_for("document.querySelector('#detail-title')?.textContent === 'Eppo Admin'")
        .await
        .step("group detail");
    screenshot(&page, "console-group").await;

    assert_eq!(
        page.exceptions(),
        Vec::<String>::new(),
        "uncaught exceptions"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_hostile_display_name_renders_as_text_in_list_and_detail() {
    let Some(browser) = browser_or_skip("console xss").await else {
        return;
    };
    let (server, hostile) = server_with_people().await;
    let page = browser.new_page().await.step("tab");
    sign_in(&page, &server).await;
    let name = page
        .text("#users-table tbody tr td:nth-child(2)")
        .await
        .step("name cell");
    assert_eq!(name.as_deref(), Some(XSS), "the markup is shown as text");

    page.goto(&format!("{}/_console#/users/{hostile}", origin(&server)))
        .await
        .step("user detail");
    page.wait_for("document.querySelector('#detail-title')")
        .await
        .step("detail");
    let pre = page.text("pre").await.step("json").unwrap_or_default();
    assert!(pre.contains(XSS), "{pre}");
    let images = page
        .eval("document.querySelectorAll('img').length")
        .await
        .step("count img");
    assert_eq!(images, 0, "no <img> element was created from data");
    // Give a would-be onerror time to fire.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(page.dialogs(), Vec::<String>::new(), "alert() ran");
    screenshot(&page, "console-user-detail").await;
    browser.close().await;
}

#[tokio::test]
async fn the_token_stays_out_of_the_page_and_no_request_leaves_the_server() {
    let Some(browser) = browser_or_skip("console token").await else {
        return;
    };
    let (server, _) = server_with_people().await;
    let page = browser.new_page().await.step("tab");
    sign_in(&page, &server).await;
    let source = reqwest::get(format!("{}/_console", origin(&server)))
        .await
        .expect("GET /_console")
        .text()
        .await
        .expect("page");
    assert!(!source.contains(TOKEN), "the token is in the page source");
    let dom = page
        .eval("document.documentElement.outerHTML")
        .await
        .step("dom");
    assert!(
        !dom.as_str().unwrap_or_default().contains(TOKEN),
        "the token is in the DOM"
    );
    let stored = page
        .eval("[sessionStorage.length, localStorage.length, document.cookie]")
        .await
        .step("storage");
    assert_eq!(stored, json!([1, 0, ""]), "session storage only");

    // A reload keeps the session; signing out forgets it.
    page.goto(&format!("{}/_console#/users", origin(&server)))
        .await
        .step("reload");
    page.wait_for("document.querySelector('#users-table')")
        .await
        .step("still signed in");
    page.click("#signout").await.step("sign out");
    page.wait_for("document.querySelector('#token') && sessionStorage.length === 0")
        .await
        .step("signed out");

    let here = origin(&server);
    let elsewhere: Vec<String> = page
        .requested_urls()
        .into_iter()
        .filter(|u| !u.starts_with(&here) && u != "about:blank" && !u.starts_with("blob:"))
        .collect();
    assert_eq!(elsewhere, Vec::<String>::new(), "requests beyond {here}");
    browser.close().await;
}

#[tokio::test]
async fn a_wrong_token_is_refused_with_a_message_and_the_console_works_narrow_and_by_keyboard() {
    let Some(browser) = browser_or_skip("console keyboard").await else {
        return;
    };
    let (server, _) = server_with_people().await;
    let page = browser.new_page().await.step("tab");
    page.set_viewport(390, 800).await.step("narrow");
    page.goto(&format!("{}/_console", origin(&server)))
        .await
        .step("load");
    page.wait_for("document.querySelector('#token')")
        .await
        .step("form");
    page.type_into("#token", "wrong").await.step("type");
    page.press("Enter").await.step("submit");
    page.wait_for("document.querySelector('[role=alert]')?.textContent.includes('Sign-in failed')")
        .await
        .step("refusal shown as text");
    page.eval("document.querySelector('#token').value = ''")
        .await
        .step("clear");
    page.type_into("#token", TOKEN).await.step("type");
    page.press("Enter").await.step("submit");
    page.wait_for("document.querySelector('#users-table')")
        .await
        .step("signed in");
    let overflow = page
        .eval("document.documentElement.scrollWidth <= window.innerWidth + 1")
        .await
        .step("width");
    assert_eq!(
        overflow, true,
        "the page fits a 390 px window (tables scroll inside)"
    );
    screenshot(&page, "console-users-narrow").await;

    // Keyboard: "/" jumps to search; Tab reaches the Groups link and Enter follows it.
    page.eval("document.activeElement.blur()")
        .await
        .step("blur");
    page.press("/").await.step("slash");
    let focused = page.eval("document.activeElement.id").await.step("focus");
    assert_eq!(focused, "search");
    page.eval("document.querySelector('nav a').focus()")
        .await
        .step("focus nav");
    page.press("Tab").await.step("tab");
    let focused = page
        .eval("document.activeElement.getAttribute('href')")
        .await
        .step("focus");
    assert_eq!(focused, "#/groups");
    page.press("Enter").await.step("enter");
    page.wait_for("document.querySelector('#groups-table')")
        .await
        .step("groups by keyboard");
    browser.close().await;
}
