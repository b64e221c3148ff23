//! Defective targets for `harness_detects`: a wiremock server that forwards every request to an
//! in-process reference server and applies one [`Defect`] on the way in or out, plus the helpers
//! that run the harness against it and read its [`Outcome`].
//!
//! Why forwarding rather than canned responses: a defect is then exactly one rule broken on top
//! of a server that passes everything, so a failure can only come from that rule.

#![allow(dead_code)]

use std::future::Future;
use std::io::Read as _;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method};
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use tower::ServiceExt as _;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use scim_harness::config::{Auth, RunConfig, Secret, ServeConfig};
use scim_harness::harness::{self, FailureKind, Level, Outcome, ScenarioResult, Status};
use scim_harness::server::{AppState, router};

/// The token the reference server behind every target accepts.
pub const TOKEN: &str = "detects-t0ken-9f2c";
/// Base path of the SCIM API on the targets (the reference server's default).
pub const BASE: &str = "/scim/v2";

/// A request as the target received it; `before` hooks may rewrite it before it is forwarded.
#[derive(Clone, Debug)]
pub struct Req {
    pub method: Method,
    /// The path below [`BASE`] (`/Users/123`), percent-encoded as sent.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Req {
    pub fn is(&self, method: &str, path_prefix: &str) -> bool {
        self.method.as_str() == method && self.path.starts_with(path_prefix)
    }

    /// `/Users/{id}` or `/Groups/{id}` (not `/.search`).
    pub fn is_resource(&self, method: &str, endpoint: &str) -> bool {
        self.method.as_str() == method
            && self
                .path
                .strip_prefix(endpoint)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|id| !id.is_empty() && !id.contains('/') && !id.starts_with('.'))
    }

    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    pub fn set_json(&mut self, value: &Value) {
        self.body = serde_json::to_vec(value).unwrap_or_default();
    }

    /// The decoded value of a query parameter (form decoding: `+` is a space).
    pub fn param(&self, name: &str) -> Option<String> {
        self.params()
            .into_iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    pub fn params(&self) -> Vec<(String, String)> {
        let query = self.query.as_deref().unwrap_or("");
        query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(decode_pair)
            .collect()
    }

    /// Drop the query parameters `keep` refuses (compared without case), keeping the rest as sent.
    pub fn retain_params(&mut self, keep: impl Fn(&str, &str) -> bool) {
        let Some(query) = &self.query else { return };
        let kept: Vec<&str> = query
            .split('&')
            .filter(|pair| {
                let (k, v) = decode_pair(pair);
                keep(&k, &v)
            })
            .collect();
        self.query = if kept.is_empty() {
            None
        } else {
            Some(kept.join("&"))
        };
    }
}

fn decode_pair(pair: &str) -> (String, String) {
    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
    (form_decode(k), form_decode(v))
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte.
pub fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(b) => {
                    out.push(b);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A response on its way back to the harness; `after` hooks may rewrite it.
#[derive(Clone, Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// Held back this long before it is sent (wiremock's delay).
    pub delay: Option<Duration>,
}

impl Resp {
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// Replace the body, keeping the content type.
    pub fn set_json(&mut self, value: &Value) {
        self.body = serde_json::to_vec(value).unwrap_or_default();
    }

    /// Rewrite the JSON body in place (no-op when the body is not JSON).
    pub fn edit_json(&mut self, edit: impl FnOnce(&mut Value)) {
        if let Some(mut value) = self.json() {
            edit(&mut value);
            self.set_json(&value);
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn set_header(&mut self, name: &'static str, value: &str) {
        if let Ok(v) = HeaderValue::from_str(value) {
            self.headers.insert(HeaderName::from_static(name), v);
        }
    }

    /// A correct SCIM Error response (what the reference server would answer).
    pub fn scim_error(status: u16, scim_type: Option<&str>, detail: &str) -> Resp {
        let mut body = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "status": status.to_string(),
            "detail": detail,
        });
        if let Some(t) = scim_type {
            body["scimType"] = json!(t);
        }
        let mut resp = Resp {
            status,
            headers: HeaderMap::new(),
            body: Vec::new(),
            delay: None,
        };
        resp.set_header("content-type", "application/scim+json");
        resp.set_json(&body);
        resp
    }
}

/// The reference server, as a defect sees it: forward a request, get its response.
pub type Forwarder<'a> = &'a dyn Fn(&Req) -> Resp;
type Around = Arc<dyn Fn(&mut Req, Forwarder<'_>) -> Resp + Send + Sync>;

/// One broken rule: what the target does with a request instead of forwarding it as it came
/// and returning the reference server's answer unchanged.
#[derive(Clone)]
pub struct Defect {
    around: Around,
}

impl Defect {
    /// No defect: the reference server's behaviour, through wiremock.
    pub fn none() -> Self {
        Defect::around(|req, forward| forward(req))
    }

    /// Full control: rewrite the request, forward it (or other requests) any number of times,
    /// and answer anything.
    pub fn around(f: impl Fn(&mut Req, Forwarder<'_>) -> Resp + Send + Sync + 'static) -> Self {
        Defect {
            around: Arc::new(f),
        }
    }

    /// The server ignores query parameter `name` (any case): it never reaches the reference.
    pub fn ignoring_param(name: &'static str) -> Self {
        Defect::before(move |req| {
            req.retain_params(|k, _| !k.eq_ignore_ascii_case(name));
            None
        })
    }

    /// Rewrite the request, or answer it in the server's place by returning `Some`.
    pub fn before(f: impl Fn(&mut Req) -> Option<Resp> + Send + Sync + 'static) -> Self {
        Defect::around(move |req, forward| f(req).unwrap_or_else(|| forward(req)))
    }

    /// Rewrite the response (the request is given as forwarded).
    pub fn after(f: impl Fn(&Req, &mut Resp) + Send + Sync + 'static) -> Self {
        Defect::around(move |req, forward| {
            let mut resp = forward(req);
            f(req, &mut resp);
            resp
        })
    }
}

type Job = (axum::http::Request<Body>, mpsc::Sender<Resp>);

/// The reference server on its own thread and current-thread runtime: `Respond::respond` is
/// synchronous and runs inside wiremock's runtime, where it cannot drive a future itself.
struct Upstream {
    jobs: mpsc::Sender<Job>,
}

impl Upstream {
    fn start(config: ServeConfig) -> Upstream {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let app = router(AppState::new(&config));
        std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            // Ends when the target (the only sender) is dropped.
            while let Ok((request, reply)) = inbox.recv() {
                let resp = runtime.block_on(async {
                    let response = match app.clone().oneshot(request).await {
                        Ok(r) => r,
                        Err(never) => match never {},
                    };
                    let (parts, body) = response.into_parts();
                    let body = body
                        .collect()
                        .await
                        .map(|b| b.to_bytes().to_vec())
                        .unwrap_or_default();
                    Resp {
                        status: parts.status.as_u16(),
                        headers: parts.headers,
                        body,
                        delay: None,
                    }
                });
                let _ = reply.send(resp);
            }
        });
        Upstream { jobs }
    }

    fn call(&self, req: &Req) -> Resp {
        let uri = match &req.query {
            Some(q) => format!("{BASE}{}?{q}", req.path),
            None => format!("{BASE}{}", req.path),
        };
        let mut builder = axum::http::Request::builder()
            .method(req.method.clone())
            .uri(uri);
        if let Some(headers) = builder.headers_mut() {
            headers.extend(req.headers.clone());
        }
        let Ok(request) = builder.body(Body::from(req.body.clone())) else {
            return Resp::scim_error(400, None, "the test target could not rebuild the request");
        };
        let (tx, rx) = mpsc::channel();
        if self.jobs.send((request, tx)).is_err() {
            return Resp::scim_error(500, None, "the reference server thread is gone");
        }
        rx.recv()
            .unwrap_or_else(|_| Resp::scim_error(500, None, "the reference server thread is gone"))
    }
}

struct Forward {
    upstream: Upstream,
    defect: Defect,
}

impl Respond for Forward {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let full = request.url.path();
        let path = full.strip_prefix(BASE).unwrap_or(full).to_owned();
        let mut req = Req {
            method: request.method.clone(),
            path,
            query: request.url.query().map(str::to_owned),
            headers: request.headers.clone(),
            body: request.body.clone(),
        };
        let forward = |r: &Req| self.upstream.call(r);
        let resp = (self.defect.around)(&mut req, &forward);
        let mut template = ResponseTemplate::new(resp.status);
        for (name, value) in &resp.headers {
            // hyper frames the body again.
            if name != "content-length" && name != "transfer-encoding" {
                template = template.append_header(name.clone(), value.clone());
            }
        }
        template = template.set_body_bytes(resp.body);
        if let Some(delay) = resp.delay {
            template = template.set_delay(delay);
        }
        template
    }
}

/// A wiremock target serving the reference server at [`BASE`] with `defect` applied.
pub struct Target {
    pub mock: MockServer,
}

impl Target {
    pub async fn start(defect: Defect) -> Target {
        Self::start_with(defect, |_| {}).await
    }

    /// The same with the reference server's configuration adjusted (e.g. `me` set).
    pub async fn start_with(defect: Defect, adjust: impl FnOnce(&mut ServeConfig)) -> Target {
        let mut config = ServeConfig::for_tests(Auth::Token(Secret::new(TOKEN)));
        adjust(&mut config);
        let mock = MockServer::start().await;
        Mock::given(any())
            .respond_with(Forward {
                upstream: Upstream::start(config),
                defect,
            })
            .mount(&mock)
            .await;
        Target { mock }
    }

    pub fn url(&self) -> String {
        format!("{}{BASE}", self.mock.uri())
    }
}

/// A run of the embedded features selected by `tags` against `url`: strict (so a SHOULD
/// failure fails the run too), no reports, no snapshots.
pub fn config(url: &str, tags: &str, timeout: Duration) -> RunConfig {
    // From `RunConfig::new`, so fields added later keep their defaults here.
    let mut config = RunConfig::new(url, Secret::new(TOKEN));
    // wiremock's HTTP server (hyper) refuses a raw `"` in the request target before any defect
    // runs, as any server built on it does: the reference server's own accept path is what
    // those scenarios test (tests/server_socket.rs), not the defects here.
    config.tags = Some(format!("({tags}) and not @raw-request"));
    config.concurrency = 4;
    config.timeout = timeout;
    config.strict = true;
    config
}

pub async fn run(url: &str, tags: &str) -> Outcome {
    harness::run(&config(url, tags, Duration::from_secs(10))).await
}

pub async fn run_with_timeout(url: &str, tags: &str, timeout: Duration) -> Outcome {
    harness::run(&config(url, tags, timeout)).await
}

/// One line per scenario, for assertion messages.
pub fn summary(outcome: &Outcome) -> String {
    let mut out = format!(
        "exit {} aborted {:?}\n",
        outcome.exit_code(),
        outcome.aborted
    );
    for s in &outcome.scenarios {
        out.push_str(&format!("  {:?} {}: {}\n", s.status, s.path, s.name));
        if let Some(f) = &s.failure {
            for line in f.lines() {
                out.push_str(&format!("      {line}\n"));
            }
        }
    }
    out
}

pub fn find<'a>(outcome: &'a Outcome, path: &str, name: &str) -> Option<&'a ScenarioResult> {
    outcome
        .scenarios
        .iter()
        .find(|s| s.path == path && s.name == name)
}

pub fn passed(s: &ScenarioResult) -> bool {
    s.status == Status::Passed
}

/// Apply `f` to each resource of a body: the body itself, or each of a ListResponse's Resources.
pub fn each_resource(body: &mut Value, mut f: impl FnMut(&mut Value)) {
    match body.get_mut("Resources").and_then(Value::as_array_mut) {
        Some(list) => list.iter_mut().for_each(f),
        None => f(body),
    }
}

/// The value of a simple `ATTR eq "value"` filter (attribute and operator in any case).
pub fn eq_value(filter: &str, attr: &str) -> Option<String> {
    let (name, rest) = filter.trim().split_once(' ')?;
    let (op, value) = rest.trim_start().split_once(' ')?;
    if !name.eq_ignore_ascii_case(attr) || !op.eq_ignore_ascii_case("eq") {
        return None;
    }
    serde_json::from_str::<Value>(value.trim())
        .ok()?
        .as_str()
        .map(str::to_owned)
}

/// The PATCH operations of a request body (empty when there are none).
pub fn operations(body: &Value) -> Vec<Value> {
    body.get("Operations")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// A GET of the resource a request addresses, with the request's credentials.
pub fn get_of(req: &Req) -> Req {
    let mut get = req.clone();
    get.method = Method::GET;
    get.query = None;
    get.body.clear();
    get.headers.remove("content-type");
    get.headers.remove("if-match");
    get
}

const CHILD: &str = "HARNESS_DETECTS_CHILD";

/// Run `body` in a child process of this test binary (`NAME --exact`), because cucumber's
/// progress goes straight to the process's stdout, which libtest does not capture: the parent
/// keeps that output and shows its tail only when the child fails.
pub fn isolated(name: &str, limit: Duration, body: impl Future<Output = ()>) {
    let in_process = |body| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        runtime.block_on(body);
    };
    if std::env::var(CHILD).as_deref() == Ok(name) {
        in_process(body);
        return;
    }
    let exe = std::env::current_exe().expect("the test binary's path");
    let spawned = std::process::Command::new(exe)
        .args([
            name,
            "--exact",
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, name)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => {
            // E.g. the binary was relinked under us by a concurrent build: run here, noisily.
            eprintln!("{name}: cannot start a child process ({e}); running in this process");
            in_process(body);
            return;
        }
    };
    drop(body);
    // Drain both pipes while the child runs: a full pipe would block it.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let started = std::time::Instant::now();
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    let tail: Vec<&str> = stdout
        .lines()
        .rev()
        .take(60)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let report = format!(
        "{stderr}\n--- last lines of the child's stdout ---\n{}",
        tail.join("\n")
    );
    match status {
        None => panic!("{name} did not finish within {limit:?}\n{report}"),
        Some(s) if !s.success() => panic!("{name} failed in its child process\n{report}"),
        Some(_) => assert!(
            stdout.contains("1 passed"),
            "{name}: the child ran no test (is the name right?)\n{report}"
        ),
    }
}

/// The scenario written to catch a defect, and the rule its failure text must name.
pub struct Catch {
    pub path: &'static str,
    pub scenario: &'static str,
    pub rule: &'static str,
}

pub const fn catch(path: &'static str, scenario: &'static str, rule: &'static str) -> Catch {
    Catch {
        path,
        scenario,
        rule,
    }
}

pub const LIMIT: Duration = Duration::from_secs(180);

/// A `#[test]` whose body runs in its own child process (the name is the test's own).
#[allow(unused_macros)]
macro_rules! detect {
    ($name:ident, $body:expr) => {
        #[test]
        fn $name() {
            $crate::defects::isolated(stringify!($name), $crate::defects::LIMIT, $body);
        }
    };
}
#[allow(unused_imports)]
pub(crate) use detect;

/// Baseline and defect runs of `tags` (two independent targets), then the three assertions for
/// every expected catch.
pub async fn detects(defect: Defect, tags: &str, catches: &[Catch]) {
    let good = Target::start(Defect::none()).await;
    let bad = Target::start(defect).await;
    let (good_url, bad_url) = (good.url(), bad.url());
    // One after the other: cucumber swaps the process's panic hook for the length of a run, and
    // two overlapping runs can leave its silent hook installed, hiding this test's own panics.
    let baseline = run(&good_url, tags).await;
    let outcome = run(&bad_url, tags).await;

    // The baseline: the selection passes against a correct target, so the catch is real.
    assert_eq!(
        baseline.exit_code(),
        0,
        "baseline of {tags} does not pass:\n{}",
        summary(&baseline)
    );
    for c in catches {
        let s = find(&baseline, c.path, c.scenario).unwrap_or_else(|| {
            panic!(
                "{tags} does not select {}: {}\n{}",
                c.path,
                c.scenario,
                summary(&baseline)
            )
        });
        assert!(
            passed(s),
            "baseline: {}\n{}",
            c.scenario,
            summary(&baseline)
        );
    }

    // The defect: the run fails, with the expected scenario, naming the rule.
    for c in catches {
        let s = find(&outcome, c.path, c.scenario)
            .unwrap_or_else(|| panic!("{} not run:\n{}", c.scenario, summary(&outcome)));
        assert_eq!(
            s.status,
            Status::Failed(Some(FailureKind::Violation)),
            "{}: {} should fail as a violation\n{}",
            c.path,
            c.scenario,
            summary(&outcome)
        );
        let text = s.failure.as_deref().unwrap_or_default();
        // Shown when the test runs alone (`HARNESS_DETECTS_CHILD=NAME … NAME --exact --nocapture`).
        eprintln!("caught by {}: {}\n{text}\n", c.path, c.scenario);
        assert!(
            text.contains(c.rule),
            "the failure of {} does not name {:?}:\n{text}",
            c.scenario,
            c.rule
        );
        // MAY scenarios never fail a run, even with --strict; the others must.
        if s.level != Level::May {
            assert_eq!(outcome.exit_code(), 1, "{}", summary(&outcome));
        }
    }
}
