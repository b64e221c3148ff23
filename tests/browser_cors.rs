//! CORS proven in a real browser: a page served from another origin (a second loopback port)
//! calls the SCIM API with `fetch` and an `Authorization` header — GET, then PATCH with
//! `If-Match` — and reads `ETag`. Allowed for any origin by default and for an origin that
//! `--cors-origin` lists; blocked by the browser when `--cors-origin` names another one.
//!
//! Needs Chromium (see `tests/browser_support`): skipped loudly without it, failed under CI.

mod browser_support;

use axum::response::Html;
use serde_json::{Value, json};

use browser_support::{Step as _, browser_or_skip, js_string};
use scim_harness::config::{Auth, Secret, ServeConfig};
use scim_harness::server;

const TOKEN: &str = "cors-t0ken";

/// The other origin's page: `roundTrip(base, token, id)` does what a browser app would.
const PAGE: &str = r#"<!doctype html><meta charset="utf-8"><title>another origin</title>
<script>
async function roundTrip(base, token, id) {
  const auth = { Authorization: 'Bearer ' + token };
  try {
    const got = await fetch(base + '/Users/' + id, { headers: auth });
    const etag = got.headers.get('ETag');
    const user = await got.json();
    const patch = (ifMatch) => fetch(base + '/Users/' + id, {
      method: 'PATCH',
      headers: Object.assign({ 'Content-Type': 'application/scim+json', 'If-Match': ifMatch }, auth),
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'displayName', value: 'Patched from ' + location.origin }],
      }),
    });
    const patched = await patch(etag);
    const stale = await patch(etag);
    return {
      get: got.status, etag, userName: user.userName,
      patch: patched.status, newEtag: patched.headers.get('ETag'),
      displayName: (await patched.json()).displayName,
      stale: stale.status,
    };
  } catch (e) {
    return { error: String(e) };
  }
}
</script><p>another origin</p>"#;

/// A SCIM server with one user (`cors.user`), allowing `cors_origins` (empty: any).
async fn scim_server(cors_origins: Vec<String>) -> (server::ServerHandle, String) {
    let mut config = ServeConfig::for_tests(Auth::Token(Secret::new(TOKEN)));
    config.cors_origins = cors_origins;
    let handle = server::start(config).await.expect("start the SCIM server");
    let created: Value = reqwest::Client::new()
        .post(format!("{}/Users", handle.base_url()))
        .bearer_auth(TOKEN)
        .header("content-type", "application/scim+json")
        .body(
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": "cors.user",
                "displayName": "Before",
            })
            .to_string(),
        )
        .send()
        .await
        .expect("POST /Users")
        .json()
        .await
        .expect("created user");
    let id = created["id"].as_str().expect("id").to_owned();
    (handle, id)
}

/// The page above on a second loopback port; returns its origin.
async fn other_origin() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the page server");
    let origin = format!("http://{}", listener.local_addr().expect("addr"));
    let app = axum::Router::new().route("/", axum::routing::get(|| async { Html(PAGE) }));
    tokio::spawn(async move { axum::serve(listener, app).await });
    origin
}

async fn display_name(handle: &server::ServerHandle, id: &str) -> Value {
    let user: Value = reqwest::Client::new()
        .get(format!("{}/Users/{id}", handle.base_url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("json");
    user["displayName"].clone()
}

/// Run the page's round trip from `origin` against `handle`.
async fn round_trip(
    test: &str,
    origin: &str,
    handle: &server::ServerHandle,
    id: &str,
) -> Option<Value> {
    let browser = browser_or_skip(test).await?;
    let page = browser.new_page().await.step("open a tab");
    page.goto(&format!("{origin}/"))
        .await
        .step("load the other origin's page");
    let result = page
        .eval(&format!(
            "roundTrip({}, {}, {})",
            js_string(handle.base_url()),
            js_string(TOKEN),
            js_string(id)
        ))
        .await
        .step("run the round trip");
    browser.close().await;
    Some(result)
}

fn assert_round_trip_succeeded(result: &Value, origin: &str) {
    assert_eq!(
        result["error"],
        Value::Null,
        "the browser refused: {result}"
    );
    assert_eq!(result["get"], 200, "{result}");
    assert_eq!(result["userName"], "cors.user", "{result}");
    let etag = result["etag"].as_str().unwrap_or_else(|| {
        panic!("ETag not readable from another origin (not exposed?): {result}")
    });
    assert!(etag.starts_with("W/\""), "{result}");
    assert_eq!(result["patch"], 200, "PATCH with If-Match: {result}");
    assert_eq!(
        result["displayName"],
        format!("Patched from {origin}"),
        "{result}"
    );
    let new = result["newEtag"].as_str().expect("new ETag readable");
    assert_ne!(new, etag, "the version moves on a PATCH: {result}");
    assert_eq!(
        result["stale"], 412,
        "the old ETag no longer matches: {result}"
    );
}

#[tokio::test]
async fn a_page_on_another_origin_gets_and_patches_with_if_match_and_reads_the_etag() {
    let (handle, id) = scim_server(Vec::new()).await;
    let origin = other_origin().await;
    let Some(result) = round_trip("cors any origin", &origin, &handle, &id).await else {
        return;
    };
    assert_round_trip_succeeded(&result, &origin);
}

#[tokio::test]
async fn a_page_on_an_origin_that_cors_origin_lists_is_allowed() {
    let origin = other_origin().await;
    let (handle, id) = scim_server(vec![origin.clone()]).await;
    let Some(result) = round_trip("cors listed origin", &origin, &handle, &id).await else {
        return;
    };
    assert_round_trip_succeeded(&result, &origin);
}

#[tokio::test]
async fn the_browser_blocks_a_page_when_cors_origin_names_another_origin() {
    let origin = other_origin().await;
    let (handle, id) = scim_server(vec!["http://127.0.0.1:1".to_owned()]).await;
    let Some(result) = round_trip("cors other origin", &origin, &handle, &id).await else {
        return;
    };
    let error = result["error"].as_str().unwrap_or_else(|| {
        panic!(
            "the browser let {origin} through although --cors-origin names another origin: {result}"
        )
    });
    assert!(
        error.contains("TypeError"),
        "a CORS refusal is a network error: {error}"
    );
    // The preflight failed, so no PATCH reached the server.
    assert_eq!(display_name(&handle, &id).await, "Before");
}
