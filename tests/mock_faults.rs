//! Fault injection over a real socket: each rule action (status, 429 + Retry-After, latency,
//! hang, reset, SCIM faults), each firing mode, matching, the `Prefer: scim-fault` header (and
//! its CORS), the flags (and their usage errors), bad rule bodies; and the harness run against
//! a target that answers 429.

mod mock_support;

use std::time::{Duration, Instant};

use mock_support::{TOKEN, call, create_user, origin, start};
use reqwest::Method;
use scim_harness::config::{RunConfig, Secret};
use scim_harness::harness;
use scim_harness::server::ServerHandle;
use scim_harness::server::mock::faults::flags::{Latency, Rate};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

async fn add_rule(server: &ServerHandle, rule: Value) -> Value {
    call(
        server,
        Method::POST,
        "/_admin/faults",
        Some(TOKEN),
        Some(rule),
    )
    .await
    .expect(201)
    .json()
}

async fn users(server: &ServerHandle) -> u16 {
    call(server, Method::GET, "/scim/v2/Users", Some(TOKEN), None)
        .await
        .status
        .as_u16()
}

async fn rules(server: &ServerHandle) -> Vec<Value> {
    call(server, Method::GET, "/_admin/faults", Some(TOKEN), None)
        .await
        .expect(200)
        .json()["faults"]
        .as_array()
        .expect("faults")
        .clone()
}

/// A SCIM Error with this status whose detail says it was injected.
fn assert_injected(answer: &mock_support::Answer, status: u16, scim_type: Option<&str>) {
    assert_eq!(answer.status.as_u16(), status, "{}", answer.text);
    let body = answer.json();
    assert_eq!(body["schemas"], json!([ERROR_SCHEMA]), "{body}");
    assert_eq!(body["status"], json!(status.to_string()), "{body}");
    assert_eq!(body.get("scimType").and_then(Value::as_str), scim_type);
    let detail = body["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("injected"), "{detail}");
}

/// Send a GET over a plain socket; what came back before the connection ended, and how it ended.
async fn raw_get(server: &ServerHandle, path: &str) -> (Vec<u8>, Option<std::io::ErrorKind>) {
    let mut socket = tokio::net::TcpStream::connect(server.local_addr())
        .await
        .expect("connect");
    let head =
        format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TOKEN}\r\n\r\n");
    socket.write_all(head.as_bytes()).await.expect("write");
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(Duration::from_secs(10), socket.read(&mut buf)).await {
            Err(_) => panic!("no end of the connection within 10 s"),
            Ok(Ok(0)) => return (received, None),
            Ok(Ok(n)) => received.extend_from_slice(&buf[..n]),
            Ok(Err(e)) => return (received, Some(e.kind())),
        }
    }
}

#[tokio::test]
async fn a_status_rule_answers_a_scim_error_and_counts_its_firings() {
    let server = start(|_| {}).await;
    let rule = add_rule(
        &server,
        json!({"match": {"method": "GET", "path": "^/scim/v2/Users$"}, "action": {"status": 503}}),
    )
    .await;
    assert_eq!(rule["id"], "f1");
    assert_eq!(rule["fired"], 0);
    let answer = call(&server, Method::GET, "/scim/v2/Users", Some(TOKEN), None).await;
    assert_injected(&answer, 503, None);
    assert!(
        answer.json()["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("rule f1")
    );
    // The method and the path regex decide: a POST and another path are untouched.
    create_user(&server, "/scim/v2/Users", TOKEN, "alice@example.com").await;
    let groups = call(&server, Method::GET, "/scim/v2/Groups", Some(TOKEN), None).await;
    assert_eq!(groups.status, 200);
    assert_eq!(rules(&server).await[0]["fired"], 1);
}

#[tokio::test]
async fn a_429_rule_sends_retry_after_in_whole_seconds() {
    let server = start(|_| {}).await;
    add_rule(
        &server,
        json!({"match": {"path": "/Users"}, "action": {"status": 429, "retry_after": 2}}),
    )
    .await;
    let answer = call(&server, Method::GET, "/scim/v2/Users", Some(TOKEN), None).await;
    assert_injected(&answer, 429, None);
    assert_eq!(answer.header("retry-after"), Some("2"));
}

#[tokio::test]
async fn the_scim_faults_are_proper_scim_errors() {
    let server = start(|_| {}).await;
    for (name, status, scim_type) in [
        ("uniqueness", 409, Some("uniqueness")),
        ("stale-version", 412, None),
        ("invalid-filter", 400, Some("invalidFilter")),
    ] {
        call(&server, Method::DELETE, "/_admin/faults", Some(TOKEN), None)
            .await
            .expect(204);
        add_rule(&server, json!({"action": {"scim": name}})).await;
        let answer = call(&server, Method::GET, "/scim/v2/Users", Some(TOKEN), None).await;
        assert_injected(&answer, status, scim_type);
    }
}

#[tokio::test]
async fn a_latency_rule_delays_the_normal_answer() {
    let server = start(|_| {}).await;
    add_rule(&server, json!({"action": {"latency_ms": 300}})).await;
    let started = Instant::now();
    assert_eq!(users(&server).await, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    // Latencies add up with a later rule that answers.
    add_rule(&server, json!({"action": {"latency_ms": [100, 200]}})).await;
    add_rule(&server, json!({"action": {"status": 500}})).await;
    let started = Instant::now();
    assert_eq!(users(&server).await, 500);
    assert!(started.elapsed() >= Duration::from_millis(400));
}

#[tokio::test]
async fn a_reset_rule_resets_the_connection_without_an_answer() {
    let server = start(|_| {}).await;
    add_rule(&server, json!({"action": {"reset": true}})).await;
    let (received, ended) = raw_get(&server, "/scim/v2/Users").await;
    assert!(
        received.is_empty(),
        "{}",
        String::from_utf8_lossy(&received)
    );
    assert_eq!(ended, Some(std::io::ErrorKind::ConnectionReset));
    // The server goes on serving other connections.
    call(&server, Method::DELETE, "/_admin/faults", Some(TOKEN), None)
        .await
        .expect(204);
    assert_eq!(users(&server).await, 200);
}

#[tokio::test]
async fn a_hang_answers_nothing_then_drops_the_connection() {
    let server = start(|_| {}).await;
    add_rule(&server, json!({"action": {"hang_s": 1}})).await;
    let started = Instant::now();
    let (received, ended) = raw_get(&server, "/scim/v2/Users").await;
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert!(
        received.is_empty(),
        "{}",
        String::from_utf8_lossy(&received)
    );
    assert_eq!(ended, Some(std::io::ErrorKind::ConnectionReset));
}

#[tokio::test]
async fn a_hanging_request_does_not_hold_shutdown_past_the_drain() {
    let server = start(|_| {}).await;
    add_rule(&server, json!({"action": {"hang_s": 300}})).await;
    let addr = server.local_addr();
    let hanging = tokio::spawn(async move {
        let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
        let head = format!(
            "GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\r\n"
        );
        s.write_all(head.as_bytes()).await.expect("write");
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf).await;
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    tokio::time::timeout(Duration::from_secs(30), server.shutdown())
        .await
        .expect("shutdown ends")
        .expect("shutdown");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    let _ = tokio::time::timeout(Duration::from_secs(5), hanging).await;
}

#[tokio::test]
async fn first_fires_n_times_and_stays_listed() {
    let server = start(|_| {}).await;
    add_rule(
        &server,
        json!({"action": {"status": 503}, "fire": {"first": 2}}),
    )
    .await;
    let statuses = [
        users(&server).await,
        users(&server).await,
        users(&server).await,
    ];
    assert_eq!(statuses, [503, 503, 200]);
    let listed = rules(&server).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0]["fired"].clone(), listed[0]["matched"].clone()),
        (json!(2), json!(3))
    );
}

#[tokio::test]
async fn next_fires_n_times_and_removes_itself() {
    let server = start(|_| {}).await;
    add_rule(
        &server,
        json!({"action": {"status": 503}, "fire": {"next": 2}}),
    )
    .await;
    let statuses = [
        users(&server).await,
        users(&server).await,
        users(&server).await,
    ];
    assert_eq!(statuses, [503, 503, 200]);
    assert!(rules(&server).await.is_empty());
}

#[tokio::test]
async fn every_fires_on_each_kth_match() {
    let server = start(|_| {}).await;
    add_rule(
        &server,
        json!({"action": {"status": 502}, "fire": {"every": 3}}),
    )
    .await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(users(&server).await);
    }
    assert_eq!(statuses, [200, 200, 502, 200, 200, 502]);
}

#[tokio::test]
async fn a_seeded_probability_repeats_exactly() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let server = start(|_| {}).await;
        add_rule(
            &server,
            json!({"action": {"status": 503}, "fire": {"probability": 0.5}, "seed": 7}),
        )
        .await;
        let mut statuses = Vec::new();
        for _ in 0..20 {
            statuses.push(users(&server).await);
        }
        runs.push(statuses);
    }
    assert_eq!(runs[0], runs[1]);
    assert!(
        runs[0].contains(&503) && runs[0].contains(&200),
        "{:?}",
        runs[0]
    );
    // `always` (the default) and probability 1 always fire; probability 0 never.
    let server = start(|_| {}).await;
    add_rule(
        &server,
        json!({"action": {"status": 503}, "fire": {"probability": 0.0}}),
    )
    .await;
    assert_eq!(users(&server).await, 200);
}

#[tokio::test]
async fn client_and_tenant_narrow_a_rule() {
    let server = start(|c| c.tenants = vec![("entra".into(), Secret::new("entra-t0ken"))]).await;
    add_rule(
        &server,
        json!({"match": {"client": "okta", "tenant": "default"}, "action": {"status": 503}}),
    )
    .await;
    assert_eq!(users(&server).await, 200, "no Okta User-Agent");
    let okta = reqwest::Client::new()
        .get(format!("{}/scim/v2/Users", origin(&server)))
        .bearer_auth(TOKEN)
        .header("user-agent", "Okta SCIM Client 1.0.0")
        .send()
        .await
        .expect("send");
    assert_eq!(okta.status(), 503);
    // The other tenant has its own (empty) rules.
    let entra = call(
        &server,
        Method::GET,
        "/scim/v2/Users",
        Some("entra-t0ken"),
        None,
    )
    .await;
    assert_eq!(entra.status, 200);
    assert!(rules(&server).await.len() == 1);
}

#[tokio::test]
async fn a_client_rule_uses_the_journals_recogniser_entra_included() {
    let server = start(|_| {}).await;
    add_rule(
        &server,
        json!({"match": {"client": "entra"}, "action": {"status": 503}}),
    )
    .await;
    // Entra sends no User-Agent and no Accept of its own (docs/idp/entra.md §0.3): what a
    // bare reqwest client sends.
    assert_eq!(users(&server).await, 503, "an Entra-shaped request");
    let okta = reqwest::Client::new()
        .get(format!("{}/scim/v2/Users", origin(&server)))
        .bearer_auth(TOKEN)
        .header("user-agent", "Okta SCIM Client 1.0.0")
        .send()
        .await
        .expect("send");
    assert_eq!(okta.status(), 200, "Okta is not Entra");
}

#[tokio::test]
async fn bad_rule_bodies_are_400_with_a_message() {
    let server = start(|_| {}).await;
    for (body, needle) in [
        (
            json!({"match": {"path": "(["}, "action": {"status": 503}}),
            "not a valid regex",
        ),
        (json!({"action": {"status": 200}}), "action.status"),
        (json!({"action": {"teleport": true}}), "exactly one"),
        (
            json!({"action": {"reset": true}, "fire": {"every": 0}}),
            "fire.every",
        ),
        (
            json!({"match": {"tenant": "nope"}, "action": {"reset": true}}),
            "?tenant=nope",
        ),
        (
            json!({"match": {"client": "netscape"}, "action": {"reset": true}}),
            "okta",
        ),
    ] {
        let answer = call(
            &server,
            Method::POST,
            "/_admin/faults",
            Some(TOKEN),
            Some(body.clone()),
        )
        .await;
        assert_eq!(answer.status, 400, "{body}: {}", answer.text);
        let error = answer.json()["error"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(error.contains(needle), "{body}: {error}");
    }
    let not_json = reqwest::Client::new()
        .post(format!("{}/_admin/faults", origin(&server)))
        .bearer_auth(TOKEN)
        .body("{action")
        .send()
        .await
        .expect("send");
    assert_eq!(not_json.status(), 400);
    assert!(
        not_json
            .text()
            .await
            .unwrap_or_default()
            .contains("not JSON")
    );
    assert!(rules(&server).await.is_empty(), "nothing was added");
}

#[tokio::test]
async fn rules_are_deleted_one_by_one_or_all_at_once() {
    let server = start(|_| {}).await;
    add_rule(&server, json!({"action": {"status": 503}})).await;
    add_rule(&server, json!({"action": {"status": 504}})).await;
    call(
        &server,
        Method::DELETE,
        "/_admin/faults/f1",
        Some(TOKEN),
        None,
    )
    .await
    .expect(204);
    assert_eq!(users(&server).await, 504);
    let missing = call(
        &server,
        Method::DELETE,
        "/_admin/faults/f1",
        Some(TOKEN),
        None,
    )
    .await
    .expect(404);
    assert!(
        missing.json()["error"]
            .as_str()
            .unwrap_or_default()
            .contains("GET /_admin/faults")
    );
    call(&server, Method::DELETE, "/_admin/faults", Some(TOKEN), None)
        .await
        .expect(204);
    assert_eq!(users(&server).await, 200);
    // The rules API needs the tenant's token like every admin call.
    call(&server, Method::GET, "/_admin/faults", Some("wrong"), None)
        .await
        .expect(401);
}

async fn with_prefer(server: &ServerHandle, value: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{}/scim/v2/Users", origin(server)))
        .bearer_auth(TOKEN)
        .header("prefer", value)
        .header("origin", "http://localhost:5173")
        .send()
        .await
        .expect("send")
}

#[tokio::test]
async fn the_prefer_header_injects_a_fault_for_one_call_readable_by_a_browser() {
    let server = start(|_| {}).await;
    let answer = with_prefer(&server, "scim-fault=429").await;
    assert_eq!(answer.status(), 429);
    let h = answer.headers();
    assert_eq!(h["retry-after"], "1");
    assert_eq!(h["preference-applied"], "scim-fault=429");
    assert_eq!(h["access-control-allow-origin"], "*");
    let exposed = h["access-control-expose-headers"]
        .to_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(exposed.contains("retry-after"), "{exposed}");
    // Only that call: the next one is answered normally.
    assert_eq!(users(&server).await, 200);
    assert_eq!(
        with_prefer(&server, "scim-fault=uniqueness").await.status(),
        409
    );
    assert_eq!(
        with_prefer(&server, "scim-fault=invalid-filter")
            .await
            .status(),
        400
    );
    let started = Instant::now();
    assert_eq!(
        with_prefer(&server, "scim-fault=latency-300ms")
            .await
            .status(),
        200
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
    let typo = with_prefer(&server, "scim-fault=492x").await;
    assert_eq!(typo.status(), 400);
    assert!(
        typo.text()
            .await
            .unwrap_or_default()
            .contains("latency-500ms")
    );
    let (received, ended) = {
        let mut socket = tokio::net::TcpStream::connect(server.local_addr())
            .await
            .expect("connect");
        socket
            .write_all(format!("GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nPrefer: scim-fault=reset\r\n\r\n").as_bytes())
            .await
            .expect("write");
        let mut buf = Vec::new();
        let ended = socket.read_to_end(&mut buf).await.err().map(|e| e.kind());
        (buf, ended)
    };
    assert!(received.is_empty());
    assert_eq!(ended, Some(std::io::ErrorKind::ConnectionReset));
}

#[tokio::test]
async fn a_preflight_allows_the_prefer_header_and_is_never_faulted() {
    let server = start(|c| c.faults.fail_rate = Some(1.0)).await;
    let preflight = reqwest::Client::new()
        .request(
            Method::OPTIONS,
            format!("{}/scim/v2/Users", origin(&server)),
        )
        .header("origin", "http://localhost:5173")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization,prefer")
        .send()
        .await
        .expect("send");
    assert_eq!(preflight.status(), 200);
    let allowed = preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(allowed.contains("prefer"), "{allowed}");
}

#[tokio::test]
async fn rate_limit_answers_429_with_the_seconds_until_a_token() {
    let server = start(|c| {
        c.faults.rate_limit = Some(Rate {
            count: 3,
            per: Duration::from_secs(60),
        });
    })
    .await;
    for _ in 0..3 {
        assert_eq!(users(&server).await, 200);
    }
    let answer = call(&server, Method::GET, "/scim/v2/Users", Some(TOKEN), None).await;
    assert_injected(&answer, 429, None);
    // 3 per minute: a token every 20 s, the last one just taken.
    let seconds: u64 = answer
        .header("retry-after")
        .and_then(|s| s.parse().ok())
        .expect("integer Retry-After");
    assert!((19..=20).contains(&seconds), "{seconds}");
    assert!(
        answer.json()["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("--rate-limit 3/m")
    );
}

#[tokio::test]
async fn fail_rate_answers_the_fail_status_and_repeats_with_a_seed() {
    let server = start(|c| {
        c.faults.fail_rate = Some(1.0);
        c.faults.fail_status = 500;
    })
    .await;
    let answer = call(&server, Method::GET, "/scim/v2/Users", Some(TOKEN), None).await;
    assert_injected(&answer, 500, None);
    let mut runs = Vec::new();
    for _ in 0..2 {
        let server = start(|c| {
            c.faults.fail_rate = Some(0.3);
            c.faults.seed = Some(42);
        })
        .await;
        let mut statuses = Vec::new();
        for _ in 0..20 {
            statuses.push(users(&server).await);
        }
        runs.push(statuses);
    }
    assert_eq!(runs[0], runs[1]);
    assert!(
        runs[0].contains(&503) && runs[0].contains(&200),
        "{:?}",
        runs[0]
    );
}

#[tokio::test]
async fn latency_flag_delays_every_request() {
    let server = start(|c| {
        c.faults.latency = Some(Latency::Range(
            Duration::from_millis(200),
            Duration::from_millis(250),
        ));
    })
    .await;
    let started = Instant::now();
    assert_eq!(users(&server).await, 200);
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(200), "{took:?}");
}

#[test]
fn bad_fault_flags_are_usage_errors() {
    const BIN: &str = env!("CARGO_BIN_EXE_scim-harness");
    for (args, needle) in [
        (&["--latency", "200"][..], "--latency"),
        (&["--latency", "800ms..200ms"][..], "reversed"),
        (&["--fail-rate", "2"][..], "--fail-rate"),
        (&["--fail-status", "200"][..], "--fail-status"),
        (&["--rate-limit", "10/h"][..], "--rate-limit"),
    ] {
        let out = std::process::Command::new(BIN)
            .arg("serve")
            .args(args)
            .env("RUST_BACKTRACE", "0")
            .output()
            .expect("run the binary");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

async fn run_okta_features(server: &ServerHandle) -> harness::Outcome {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = RunConfig {
        tags: Some("@okta".to_owned()),
        features: vec![root.join("features")],
        only_features: true,
        progress: false,
        ..RunConfig::new(server.base_url(), Secret::new(TOKEN))
    };
    tokio::time::timeout(Duration::from_secs(120), harness::run(&config))
        .await
        .expect("the run ends")
}

/// The harness against a target whose every user create is throttled for longer than it waits
/// (`harness::client::MAX_RETRY_AFTER`): it reports the 429 with its Retry-After as evidence,
/// does not hang or panic, and ends with exit code 1 (a MUST failed).
#[tokio::test]
async fn the_harness_reports_a_throttling_target_with_the_429_as_evidence() {
    let server = start(|_| {}).await;
    add_rule(
        &server,
        json!({"match": {"method": "POST", "path": "/Users$"}, "action": {"status": 429, "retry_after": 30}}),
    )
    .await;
    let started = Instant::now();
    let outcome = run_okta_features(&server).await;
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "no 30 s pause was waited for"
    );
    assert_eq!(outcome.exit_code(), 1, "{:?}", outcome.aborted);
    let failed: Vec<_> = outcome
        .scenarios
        .iter()
        .filter(|s| matches!(s.status, harness::Status::Failed(_)))
        .collect();
    assert!(!failed.is_empty());
    for s in &failed {
        let text = s.failure.as_deref().unwrap_or_default();
        assert!(
            text.contains("got 429 Too Many Requests"),
            "{}: {text}",
            s.name
        );
        let cited = s
            .cited
            .and_then(|i| s.exchanges.get(i))
            .expect("a cited exchange");
        assert_eq!(cited.status, 429, "{}", s.name);
        assert!(
            cited
                .response_headers
                .iter()
                .any(|(n, v)| n == "retry-after" && v == "30"),
            "{}: {:?}",
            s.name,
            cited.response_headers
        );
    }
}

/// A short `Retry-After` is waited for and the request sent again, as Okta does
/// (docs/idp/okta.md §0.3): one throttled create costs a pause, not a failure.
#[tokio::test]
async fn the_harness_waits_out_a_short_retry_after_as_okta_does() {
    let server = start(|_| {}).await;
    add_rule(
        &server,
        json!({"match": {"method": "POST", "path": "/Users$"}, "action": {"status": 429, "retry_after": 1}, "fire": {"first": 2}}),
    )
    .await;
    let started = Instant::now();
    let outcome = run_okta_features(&server).await;
    assert_eq!(
        outcome.exit_code(),
        0,
        "{:?}",
        outcome
            .scenarios
            .iter()
            .filter_map(|s| s.failure.as_deref())
            .collect::<Vec<_>>()
    );
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(rules(&server).await[0]["fired"], 2);
}
