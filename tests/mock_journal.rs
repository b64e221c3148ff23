//! The request journal over HTTP (issue 11 §3): what an entry holds (redacted headers, bodies,
//! changes, tolerances, labels), the filters, clear, the live stream, HAR, the body limit, and
//! the two "done when" runs: every request of the built-in Okta and Entra features is labelled
//! with its client and operation, and a recording exported as a feature replays green against a
//! fresh tenant — and red against a server that answers differently.

// A panic in a test is the failure report; `unwrap` on shapes the assertions then check.
#![allow(clippy::unwrap_used)]

mod mock_support;

use std::path::PathBuf;
use std::time::Duration;

use mock_support::{TOKEN, call, create_user, origin, start};
use reqwest::Method;
use serde_json::{Value, json};

use scim_harness::config::{RunConfig, Secret, SnapshotMode};
use scim_harness::harness;
use scim_harness::scim::Compliance;

async fn entries(server: &scim_harness::server::ServerHandle, query: &str) -> Value {
    call(
        server,
        Method::GET,
        &format!("/_admin/requests{query}"),
        Some(TOKEN),
        None,
    )
    .await
    .expect(200)
    .json()
}

#[tokio::test]
async fn an_entry_holds_the_exchange_with_the_credential_redacted() {
    let server = start(|_| {}).await;
    let user = call(
        &server,
        Method::POST,
        "/scim/v2/Users",
        Some(TOKEN),
        Some(json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "alice@example.com",
            "active": true
        })),
    )
    .await
    .expect(201)
    .json();
    let id = user["id"].as_str().unwrap().to_owned();
    // Entra's default dialect: a capitalised op and a string boolean (two tolerances).
    call(
        &server,
        Method::PATCH,
        &format!("/scim/v2/Users/{id}"),
        Some(TOKEN),
        Some(json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "Replace", "path": "active", "value": "False"}]
        })),
    )
    .await
    .expect(200);

    let list = entries(&server, "").await;
    assert_eq!(list["total"], 2, "{list}");
    let newest = &list["entries"][0];
    assert_eq!(newest["method"], "PATCH");
    assert_eq!(newest["path"], format!("/scim/v2/Users/{id}"));
    assert_eq!(newest["status"], 200);
    assert_eq!(newest["tenant"], "default");
    assert_eq!(newest["client"], "entra");
    assert_eq!(
        newest["operation"],
        "Entra: disable user (Replace active \"False\")"
    );
    let tolerances: Vec<&str> = newest["tolerances"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(tolerances.contains(&"op-case"), "{tolerances:?}");
    assert!(tolerances.contains(&"string-boolean"), "{tolerances:?}");
    assert_eq!(
        newest["changes"],
        json!([{"resource": format!("User {id}"), "pointer": "/active", "before": true, "after": false}])
    );
    assert!(
        newest["request"].get("body").is_none(),
        "the list has no bodies"
    );
    assert!(newest["time"].as_str().unwrap().ends_with('Z'));

    let one = call(
        &server,
        Method::GET,
        &format!("/_admin/requests/{}", newest["id"]),
        Some(TOKEN),
        None,
    )
    .await
    .expect(200)
    .json();
    assert!(one["request"]["body"].as_str().unwrap().contains("Replace"));
    assert!(one["response"]["body"].as_str().unwrap().contains(&id));
    let auth: Vec<&Value> = one["request"]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h[0] == "authorization")
        .collect();
    assert_eq!(auth, vec![&json!(["authorization", "Bearer ***"])]);

    // The token appears in no view of the journal.
    for path in [
        "/_admin/requests".to_owned(),
        format!("/_admin/requests/{}", newest["id"]),
        "/_admin/requests/har".to_owned(),
        "/_admin/requests/feature".to_owned(),
    ] {
        let text = call(&server, Method::GET, &path, Some(TOKEN), None)
            .await
            .expect(200)
            .text;
        assert!(!text.contains(TOKEN), "{path} shows the token");
    }

    // The creation's changes: every attribute from null.
    let created = &list["entries"][1];
    assert!(
        created["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["pointer"] == "/userName" && c["after"] == "alice@example.com"),
        "{created}"
    );

    call(
        &server,
        Method::GET,
        "/_admin/requests/999",
        Some(TOKEN),
        None,
    )
    .await
    .expect(404);
    call(
        &server,
        Method::DELETE,
        "/_admin/requests",
        Some(TOKEN),
        None,
    )
    .await
    .expect(204);
    assert_eq!(entries(&server, "").await["total"], 0);
    call(&server, Method::GET, "/_admin/requests", None, None)
        .await
        .expect(401);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn filters_select_entries_and_bad_values_say_what_to_send() {
    let server = start(|_| {}).await;
    let user = create_user(&server, "/scim/v2/Users", TOKEN, "bob@example.com").await;
    let id = user["id"].as_str().unwrap();
    call(
        &server,
        Method::GET,
        "/scim/v2/Users/nope",
        Some(TOKEN),
        None,
    )
    .await
    .expect(404);
    call(
        &server,
        Method::GET,
        &format!("/scim/v2/Users/{id}"),
        Some(TOKEN),
        None,
    )
    .await
    .expect(200);
    call(&server, Method::GET, "/scim/v2/Groups", Some(TOKEN), None)
        .await
        .expect(200);

    assert_eq!(entries(&server, "?method=get").await["total"], 3);
    assert_eq!(entries(&server, "?status=404").await["total"], 1);
    assert_eq!(entries(&server, "?status=2xx").await["total"], 3);
    assert_eq!(entries(&server, "?path=/scim/v2/Groups").await["total"], 1);
    assert_eq!(entries(&server, "?q=create%20user").await["total"], 1);
    // A bare HTTP client sends what Entra sends: no User-Agent, no Accept of its own.
    assert_eq!(entries(&server, "?client=entra").await["total"], 4);
    assert_eq!(entries(&server, "?client=unknown").await["total"], 0);
    assert_eq!(entries(&server, "?client=okta").await["total"], 0);
    let since = entries(&server, "?since=2").await;
    assert_eq!(since["total"], 2);
    let limited = entries(&server, "?limit=1").await;
    assert_eq!(limited["total"], 4);
    assert_eq!(limited["entries"].as_array().unwrap().len(), 1);
    assert_eq!(limited["entries"][0]["path"], "/scim/v2/Groups");
    assert_eq!(
        entries(&server, "?since=2000-01-01T00:00:00Z").await["total"],
        4
    );
    for bad in [
        "status=4yy",
        "since=yesterday",
        "client=netscape",
        "limit=x",
    ] {
        let a = call(
            &server,
            Method::GET,
            &format!("/_admin/requests?{bad}"),
            Some(TOKEN),
            None,
        )
        .await
        .expect(400);
        let msg = a.json()["error"].as_str().unwrap().to_owned();
        assert!(msg.contains(bad.split('=').next().unwrap()), "{bad}: {msg}");
    }
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn tenants_have_their_own_journal_and_zero_turns_it_off() {
    let server = start(|c| c.dynamic_tenants = true).await;
    create_user(&server, "/tenants/t1/scim/v2/Users", TOKEN, "c@example.com").await;
    assert_eq!(entries(&server, "?tenant=t1").await["total"], 1);
    assert_eq!(entries(&server, "").await["total"], 0);
    server.shutdown().await.unwrap();

    let off = start(|c| c.journal = 0).await;
    create_user(&off, "/scim/v2/Users", TOKEN, "d@example.com").await;
    assert_eq!(entries(&off, "").await["total"], 0);
    off.shutdown().await.unwrap();

    let small = start(|c| c.journal = 2).await;
    for n in 0..3 {
        create_user(
            &small,
            "/scim/v2/Users",
            TOKEN,
            &format!("e{n}@example.com"),
        )
        .await;
    }
    let list = entries(&small, "").await;
    assert_eq!(list["total"], 2, "the ring keeps the newest two");
    assert_eq!(list["entries"][0]["id"], 3);
    small.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_body_over_the_limit_still_gets_the_servers_413() {
    let server = start(|_| {}).await;
    let big = "x".repeat(scim_harness::server::extract::MAX_BODY_BYTES + 10);
    let body = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": big});
    let answer = call(
        &server,
        Method::POST,
        "/scim/v2/Users",
        Some(TOKEN),
        Some(body),
    )
    .await
    .expect(413);
    let error = answer.json();
    assert_eq!(error["status"], "413", "{error}");
    assert!(error["schemas"][0].as_str().unwrap().ends_with("2.0:Error"));
    let list = entries(&server, "").await;
    assert_eq!(list["entries"][0]["status"], 413);
    assert_eq!(list["entries"][0]["request"]["body_truncated"], true);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_stream_sends_each_new_entry_as_an_event() {
    let server = start(|_| {}).await;
    let response = reqwest::Client::new()
        .get(format!("{}/_admin/requests/stream", origin(&server)))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let mut body = response;
    create_user(&server, "/scim/v2/Users", TOKEN, "f@example.com").await;
    let mut seen = String::new();
    let read = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(chunk) = body.chunk().await.unwrap() {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains("\n\n") && seen.contains("event: entry") {
                break;
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no event within 5 s: {seen:?}");
    assert!(seen.contains("event: entry"), "{seen}");
    assert!(seen.contains("id: 1"), "{seen}");
    let data = seen.lines().find_map(|l| l.strip_prefix("data: ")).unwrap();
    let entry: Value = serde_json::from_str(data).unwrap();
    assert_eq!(entry["method"], "POST");
    assert!(entry["request"].get("body").is_none());
    drop(body);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn har_export_is_har_1_2_with_every_entry() {
    let server = start(|_| {}).await;
    create_user(&server, "/scim/v2/Users", TOKEN, "g@example.com").await;
    call(
        &server,
        Method::GET,
        "/scim/v2/Users?filter=userName%20eq%20%22g%40example.com%22",
        Some(TOKEN),
        None,
    )
    .await
    .expect(200);
    let har = call(
        &server,
        Method::GET,
        "/_admin/requests/har",
        Some(TOKEN),
        None,
    )
    .await
    .expect(200)
    .json();
    assert_eq!(har["log"]["version"], "1.2");
    let list = har["log"]["entries"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["request"]["method"], "POST");
    assert!(
        list[0]["request"]["postData"]["text"]
            .as_str()
            .unwrap()
            .contains("g@example.com")
    );
    assert_eq!(list[1]["response"]["status"], 200);
    assert_eq!(
        list[1]["request"]["queryString"][0]["value"],
        "userName eq \"g@example.com\""
    );
    for e in list {
        for field in [
            "startedDateTime",
            "time",
            "request",
            "response",
            "cache",
            "timings",
        ] {
            assert!(e.get(field).is_some(), "HAR entry without {field}");
        }
    }
    let filtered = call(
        &server,
        Method::GET,
        "/_admin/requests/har?method=GET",
        Some(TOKEN),
        None,
    )
    .await
    .expect(200)
    .json();
    assert_eq!(filtered["log"]["entries"].as_array().unwrap().len(), 1);
    server.shutdown().await.unwrap();
}

fn features_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("features")
}

/// A harness run over built-in features selected by `tags`, against `target`.
fn run_config(target: String, tags: &str) -> RunConfig {
    RunConfig {
        tags: Some(tags.to_owned()),
        features: vec![features_root()],
        only_features: true,
        snapshots: SnapshotMode::Off,
        progress: false,
        concurrency: 1,
        ..RunConfig::new(target, Secret::new(TOKEN))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_of_the_okta_and_entra_features_is_labelled() {
    let server = start(|c| c.journal = 100_000).await;
    let outcome = harness::run(&run_config(
        server.base_url().to_string(),
        "@okta or @entra",
    ))
    .await;
    assert!(outcome.scenarios.len() > 20, "too few scenarios ran");
    let all = call(
        &server,
        Method::GET,
        "/_admin/requests?limit=100000",
        Some(TOKEN),
        None,
    )
    .await
    .expect(200)
    .json();
    let list = all["entries"].as_array().unwrap();
    assert!(list.len() > 200, "only {} requests recorded", list.len());
    let mut unlabelled = Vec::new();
    let mut by_client = std::collections::BTreeMap::<String, usize>::new();
    for e in list {
        let client = e["client"].as_str().unwrap();
        *by_client.entry(client.to_owned()).or_default() += 1;
        let op = e["operation"].as_str().unwrap();
        let generic = op.starts_with("unknown") || op.contains("unrecognised");
        if client == "unknown" || generic {
            unlabelled.push(format!(
                "{} {} {:?} → {op}",
                e["method"], e["path"], e["query"]
            ));
        }
    }
    assert!(
        unlabelled.is_empty(),
        "not labelled:\n{}",
        unlabelled.join("\n")
    );
    for client in ["okta", "entra", "entra-validator"] {
        assert!(
            by_client.get(client).copied().unwrap_or(0) > 10,
            "{by_client:?}"
        );
    }
    // Okta's own wire shapes are named as such.
    let ops: Vec<&str> = list
        .iter()
        .filter_map(|e| e["operation"].as_str())
        .collect();
    for expected in [
        "Okta: deactivate user (path-less PATCH replace active=false)",
        "Okta: Push Now, replace members",
        "Entra: disable user (Replace active \"False\")",
        "SCIM Validator: set primary role (roles[primary eq \"True\"].value)",
    ] {
        assert!(ops.contains(&expected), "no {expected:?} among the labels");
    }
    server.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recording_replays_as_a_feature_on_a_fresh_tenant_and_fails_on_a_different_server() {
    let server = start(|c| {
        c.dynamic_tenants = true;
        c.journal = 100_000;
    })
    .await;
    // Every built-in Okta and Entra scenario: over a thousand exchanges.
    let tags = "@okta or @entra";
    let recorded = harness::run(&run_config(
        format!("{}/tenants/rec/scim/v2", origin(&server)),
        tags,
    ))
    .await;
    assert!(recorded.scenarios.len() > 20, "too few scenarios recorded");
    let text = call(
        &server,
        Method::GET,
        "/_admin/requests/feature?tenant=rec",
        Some(TOKEN),
        None,
    )
    .await
    .expect(200)
    .text;
    assert!(
        text.contains("And the value at \"/id\" is saved as \"user1\""),
        "{text}"
    );
    assert!(text.contains("{{run}}"), "unique values are not templated");
    assert!(!text.contains(TOKEN));
    let dir = std::env::temp_dir().join(format!("scim-journal-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("recorded.feature"), &text).unwrap();

    let replay = |target: String| RunConfig {
        tags: None,
        features: vec![dir.clone()],
        only_features: true,
        snapshots: SnapshotMode::Off,
        progress: false,
        ..RunConfig::new(target, Secret::new(TOKEN))
    };
    let fresh = harness::run(&replay(format!(
        "{}/tenants/fresh/scim/v2",
        origin(&server)
    )))
    .await;
    let failures: Vec<String> = fresh
        .scenarios
        .iter()
        .filter_map(|s| s.failure.clone())
        .collect();
    assert_eq!(fresh.scenarios.len(), 1);
    assert_eq!(
        fresh.exit_code(),
        0,
        "replay failed:\n{}",
        failures.join("\n")
    );
    // Twice on the same tenant: the run token keeps the values apart.
    let again = harness::run(&replay(format!(
        "{}/tenants/fresh/scim/v2",
        origin(&server)
    )))
    .await;
    assert_eq!(again.exit_code(), 0);

    // A server that refuses the tolerated shapes answers some request differently: red.
    let strict = start(|c| c.compliance = Compliance::Strict).await;
    let against_strict = harness::run(&replay(strict.base_url().to_string())).await;
    assert_eq!(against_strict.exit_code(), 1, "a replay that cannot fail");
    let failure = against_strict.scenarios[0]
        .failure
        .clone()
        .unwrap_or_default();
    assert!(failure.contains("response status"), "{failure}");
    strict.shutdown().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    server.shutdown().await.unwrap();
}
