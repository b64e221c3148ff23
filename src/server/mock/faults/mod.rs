//! Fault injection (issue 11 §4): what a SCIM client must survive, on demand. Three sources,
//! checked in this order for every request except CORS preflights (a browser would never send
//! the real request):
//!
//! 1. the `Prefer: scim-fault=VALUE` request header ([`prefer`]), for one call of a frontend
//!    test;
//! 2. the tenant's rules ([`rule`], `POST /_admin/faults`), in creation order: latencies add
//!    up, the first other action that fires decides the answer;
//! 3. the flags ([`flags`]): `--rate-limit` (a token bucket per tenant; beyond it 429 with an
//!    integer `Retry-After`, the only form Okta reads: docs/idp/okta.md §0.3, Q20),
//!    `--fail-rate` / `--fail-status`, and `--latency` on every request.
//!
//! Faults act before authentication, as a gateway in front of the application would. Every
//! injected fault is marked in the request's scope ([`super::scope::mark_fault`]) for the
//! journal and logged at `info` (`fault=…`). Error answers are SCIM Error documents whose
//! `detail` says they were injected, with the CORS headers a browser needs to read them. A
//! connection reset (and the end of a hang) is a response extension ([`conn::Abort`]) that
//! the connection layer turns into a TCP RST.

pub mod flags;
pub mod prefer;
pub mod rule;

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Request};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tower::{Layer as _, ServiceExt as _};

pub use flags::FaultFlags;
use rule::{Action, Decision, Facts, Rule, ScimFault};

use super::Tenant;
use super::admin::{AdminError, Endpoint, TenantRef};
use crate::config::ServeConfig;
use crate::scim::{ScimError, ScimType};
use crate::server::conn;

/// A small seeded generator (SplitMix64): repeatable draws for `--fault-seed` and rule seeds.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        // 53 random bits: every value exactly representable.
        #[allow(clippy::cast_precision_loss)]
        let u = (self.next_u64() >> 11) as f64;
        u / (1u64 << 53) as f64
    }
}

/// `--rate-limit` as a token bucket: `count` requests at once, refilled at `count` per period.
#[derive(Debug)]
struct Bucket {
    rate: flags::Rate,
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn new(rate: flags::Rate) -> Self {
        Bucket {
            rate,
            tokens: f64::from(rate.count),
            at: Instant::now(),
        }
    }

    /// Take a token, or say how many whole seconds until one is there (at least 1).
    fn take(&mut self) -> Result<(), u64> {
        let per_second = f64::from(self.rate.count) / self.rate.per.as_secs_f64();
        let now = Instant::now();
        let refill = now.duration_since(self.at).as_secs_f64() * per_second;
        self.tokens = (self.tokens + refill).min(f64::from(self.rate.count));
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return Ok(());
        }
        let wait = ((1.0 - self.tokens) / per_second).ceil();
        // A finite, small positive number: at most the period in seconds.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Err((wait as u64).max(1))
    }
}

#[derive(Debug)]
struct State {
    rules: Vec<Rule>,
    next_id: u64,
    rng: Rng,
    bucket: Option<Bucket>,
}

/// A tenant's fault rules and flags.
#[derive(Debug)]
pub struct Faults {
    flags: FaultFlags,
    state: Mutex<State>,
}

/// What to do with one request, decided under the lock, carried out after it.
#[derive(Default)]
struct Plan {
    wait: Duration,
    /// How each fault is named in the journal and the log.
    notes: Vec<String>,
    /// The answer that replaces the application's, with the note naming it.
    answer: Option<Action>,
    /// `Preference-Applied` for a `Prefer: scim-fault` that was honoured.
    applied: Option<String>,
}

impl Plan {
    fn add(&mut self, action: Action, source: &str) {
        self.notes
            .push(format!("injected {} ({source})", action.describe()));
        match action {
            Action::Latency(_) => {}
            other => self.answer = Some(other),
        }
    }
}

impl Faults {
    pub fn new(config: &ServeConfig) -> Self {
        let flags = config.faults.clone();
        let seed = flags
            .seed
            .unwrap_or_else(|| uuid::Uuid::new_v4().as_u64_pair().0);
        Faults {
            state: Mutex::new(State {
                rules: Vec::new(),
                next_id: 1,
                rng: Rng::new(seed),
                bucket: flags.rate_limit.map(Bucket::new),
            }),
            flags,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Answer `request` through `app`, unless a fault takes its place.
    pub async fn apply(&self, tenant: &Arc<Tenant>, request: Request, app: Router) -> Response {
        if request.method() == Method::OPTIONS {
            return pass(app, request).await;
        }
        let plan = match self.plan(tenant, &request) {
            Ok(plan) => plan,
            Err(detail) => {
                let error = ScimError::new(400, Some(ScimType::InvalidValue), detail);
                return with_cors(
                    tenant,
                    request,
                    crate::server::error::error_response(&error),
                )
                .await;
            }
        };
        if plan.notes.is_empty() {
            return pass(app, request).await;
        }
        let description = plan.notes.join("; ");
        tracing::info!(
            tenant = %tenant.name,
            method = %request.method(),
            path = %request.uri().path(),
            fault = %description,
            "fault injected"
        );
        super::scope::mark_fault(description.clone());
        if !plan.wait.is_zero() {
            tokio::time::sleep(plan.wait).await;
        }
        let mut response = match plan.answer {
            None => pass(app, request).await,
            Some(Action::Reset) => aborted(),
            Some(Action::Hang(d)) => {
                tokio::time::sleep(d).await;
                aborted()
            }
            Some(action) => {
                let response = error_answer(&action, &description);
                with_cors(tenant, request, response).await
            }
        };
        if let Some(applied) = plan.applied
            && let Ok(v) = HeaderValue::from_str(&format!("scim-fault={applied}"))
        {
            response
                .headers_mut()
                .insert(header::HeaderName::from_static("preference-applied"), v);
        }
        response
    }

    /// Decide the faults of one request; `Err` is a `Prefer: scim-fault` that cannot be read.
    fn plan(&self, tenant: &Tenant, request: &Request) -> Result<Plan, String> {
        let mut plan = Plan::default();
        let mut state = self.lock();
        let state = &mut *state;
        if let Some(latency) = self.flags.latency {
            let wait = latency.pick(state.rng.unit());
            plan.wait += wait;
            plan.notes.push(format!(
                "injected latency {} (--latency {latency})",
                flags::show(wait)
            ));
        }
        if let Some((value, action)) = prefer::fault(request.headers())? {
            if let Action::Latency(l) = action {
                plan.wait += l.pick(state.rng.unit());
            }
            plan.add(action, "Prefer header");
            plan.applied = Some(value);
            return Ok(plan);
        }
        let facts = Facts {
            method: request.method(),
            path: request.uri().path(),
            tenant: &tenant.name,
            client: client_of(request.headers()),
        };
        let mut spent = Vec::new();
        for rule in &mut state.rules {
            if !rule.matcher.accepts(&facts) {
                continue;
            }
            let rng = &mut state.rng;
            match rule.consider(|| rng.unit()) {
                Decision::Skip => continue,
                Decision::FireAndRemove => spent.push(rule.id.clone()),
                Decision::Fire => {}
            }
            if let Action::Latency(l) = rule.action {
                plan.wait += l.pick(state.rng.unit());
            }
            plan.add(rule.action.clone(), &format!("rule {}", rule.id));
            if plan.answer.is_some() {
                break;
            }
        }
        state.rules.retain(|r| !spent.contains(&r.id));
        if plan.answer.is_some() {
            return Ok(plan);
        }
        if let Some(bucket) = &mut state.bucket
            && let Err(seconds) = bucket.take()
        {
            let rate = bucket.rate;
            plan.add(
                Action::Status {
                    status: 429,
                    retry_after: Some(seconds),
                },
                &format!("--rate-limit {rate}"),
            );
            return Ok(plan);
        }
        if let Some(rate) = self.flags.fail_rate
            && state.rng.unit() < rate
        {
            plan.add(
                Action::Status {
                    status: self.flags.fail_status,
                    retry_after: None,
                },
                &format!("--fail-rate {rate}"),
            );
        }
        Ok(plan)
    }

    /// The rules, in creation order.
    pub fn list(&self) -> Vec<Value> {
        self.lock().rules.iter().map(Rule::to_json).collect()
    }

    /// Add a rule from its JSON body; the rule as stored, or what is wrong with the body.
    pub fn add(&self, body: &Value, tenant: &str) -> Result<Value, String> {
        let mut state = self.lock();
        let id = format!("f{}", state.next_id);
        let rule = rule::parse(body, id, tenant)?;
        state.next_id += 1;
        let doc = rule.to_json();
        state.rules.push(rule);
        Ok(doc)
    }

    /// Remove the rule `id`; whether it was there.
    pub fn remove(&self, id: &str) -> bool {
        let mut state = self.lock();
        let before = state.rules.len();
        state.rules.retain(|r| r.id != id);
        state.rules.len() != before
    }

    pub fn clear(&self) {
        self.lock().rules.clear();
    }
}

/// The client a request comes from, as far as its `User-Agent` tells: a minimal recogniser
/// (Okta's two User-Agents, docs/idp/okta.md §0.2); Entra, the validator and the others send
/// none or an unpublished one and are `unknown` here. The journal's recogniser (request
/// shape as well) replaces this function at merge time: `match.client` then matches them too.
pub fn client_of(headers: &HeaderMap) -> &'static str {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if agent.starts_with("Okta SCIM Client") || agent.starts_with("OKTA SCIM Integration") {
        "okta"
    } else {
        "unknown"
    }
}

async fn pass(app: Router, request: Request) -> Response {
    match app.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// A response the connection layer does not send: it resets the connection instead.
fn aborted() -> Response {
    let mut response = StatusCode::SERVICE_UNAVAILABLE.into_response();
    response.extensions_mut().insert(conn::Abort);
    response
}

/// The SCIM Error document of an injected status or SCIM fault.
fn error_answer(action: &Action, description: &str) -> Response {
    let injected = description;
    let (error, retry_after) = match action {
        Action::Status {
            status,
            retry_after,
        } => {
            let what = match status {
                429 => "too many requests",
                503 => "service unavailable",
                _ => "the mock was told to fail this request",
            };
            let retry = retry_after.map_or(String::new(), |s| format!("; retry after {s} s"));
            (
                ScimError::new(*status, None, format!("{injected}: {what}{retry}")),
                *retry_after,
            )
        }
        Action::Scim(ScimFault::Uniqueness) => (
            ScimError::new(
                409,
                Some(ScimType::Uniqueness),
                format!("{injected}: a resource with this unique attribute already exists"),
            ),
            None,
        ),
        Action::Scim(ScimFault::StaleVersion) => (
            ScimError::new(
                412,
                None,
                format!(
                    "{injected}: the resource changed since the version in If-Match; GET it again"
                ),
            ),
            None,
        ),
        Action::Scim(ScimFault::InvalidFilter) => (
            ScimError::new(
                400,
                Some(ScimType::InvalidFilter),
                format!("{injected}: the filter cannot be evaluated"),
            ),
            None,
        ),
        Action::Latency(_) | Action::Hang(_) | Action::Reset => (
            ScimError::new(500, None, format!("{injected}: internal error")),
            None,
        ),
    };
    let mut response = crate::server::error::error_response(&error);
    if let Some(s) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(s));
    }
    response
}

/// `response` with the tenant's CORS headers for `request`, as the application would add them.
async fn with_cors(tenant: &Tenant, request: Request, response: Response) -> Response {
    let mut response = Some(response);
    let service = tower::service_fn(move |_: Request| {
        let response = response.take().unwrap_or_default();
        async move { Ok::<_, std::convert::Infallible>(response) }
    });
    match crate::server::cors(tenant.state().cors_origins())
        .layer(service)
        .oneshot(request)
        .await
    {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// The fault rules' admin endpoints.
pub fn endpoints() -> Vec<Endpoint> {
    let rule_schema = json!({
        "type": "object",
        "required": ["action"],
        "properties": {
            "match": {"type": "object", "description": "Every field optional: `method`, `path` (a regex on the request path), `tenant`, `client` (okta, entra, entra-validator, ping, rippling, onelogin, jumpcloud, unknown)"},
            "action": {"type": "object", "description": "Exactly one of `{\"status\": 503}`, `{\"status\": 429, \"retry_after\": 2}`, `{\"latency_ms\": 200}`, `{\"latency_ms\": [200, 800]}`, `{\"hang_s\": 5}`, `{\"reset\": true}`, `{\"scim\": \"uniqueness\" | \"stale-version\" | \"invalid-filter\"}`"},
            "fire": {"type": "object", "description": "One of `{\"always\": true}` (default), `{\"probability\": 0.5}`, `{\"first\": 3}` (stays listed once spent), `{\"next\": 3}` (removed once spent), `{\"every\": 2}`"},
            "seed": {"type": "integer", "description": "Seed of this rule's probability draws, for repeatable tests"}
        }
    });
    let tenant_param = json!({"name": "tenant", "in": "query", "required": false, "schema": {"type": "string"}, "description": "The tenant (default: the one whose token is presented)"});
    vec![
        Endpoint::new(
            Method::GET,
            "/faults",
            axum::routing::get(faults_list),
            json!({
                "summary": "The tenant's fault rules, in the order they are tried",
                "parameters": [tenant_param],
                "responses": {"200": {"description": "`{\"faults\": [Rule with `id`, `fired`, `matched`]}`"}}
            }),
        ),
        Endpoint::new(
            Method::POST,
            "/faults",
            axum::routing::post(faults_create),
            json!({
                "summary": "Add a fault rule",
                "parameters": [tenant_param],
                "requestBody": {"required": true, "content": {"application/json": {"schema": rule_schema}}},
                "responses": {
                    "201": {"description": "The rule with its `id` and `fired` count"},
                    "400": {"description": "`{\"error\"}` naming the field that is wrong (a bad regex quotes the regex error)"}
                }
            }),
        ),
        Endpoint::new(
            Method::DELETE,
            "/faults",
            axum::routing::delete(faults_clear),
            json!({
                "summary": "Remove every fault rule of the tenant (the flags stay)",
                "parameters": [tenant_param],
                "responses": {"204": {"description": "No rules left"}}
            }),
        ),
        Endpoint::new(
            Method::DELETE,
            "/faults/{id}",
            axum::routing::delete(fault_delete),
            json!({
                "summary": "Remove one fault rule",
                "parameters": [tenant_param],
                "responses": {
                    "204": {"description": "Removed"},
                    "404": {"description": "`{\"error\"}`: no such rule"}
                }
            }),
        ),
    ]
}

async fn faults_list(TenantRef(tenant): TenantRef) -> Json<Value> {
    Json(json!({ "faults": tenant.faults.list() }))
}

async fn faults_create(
    TenantRef(tenant): TenantRef,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), AdminError> {
    let body: Value = serde_json::from_slice(&body).map_err(|e| {
        AdminError::bad_request(format!(
            "the rule is not JSON ({e}); see /_admin/openapi.json"
        ))
    })?;
    let rule = tenant
        .faults
        .add(&body, &tenant.name)
        .map_err(AdminError::bad_request)?;
    tracing::info!(tenant = %tenant.name, rule = %rule, "fault rule added");
    Ok((StatusCode::CREATED, Json(rule)))
}

async fn faults_clear(TenantRef(tenant): TenantRef) -> StatusCode {
    tenant.faults.clear();
    StatusCode::NO_CONTENT
}

async fn fault_delete(
    TenantRef(tenant): TenantRef,
    Path(id): Path<String>,
) -> Result<StatusCode, AdminError> {
    if tenant.faults.remove(&id) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AdminError::not_found(format!(
            "no fault rule {id:?} in tenant {:?}; GET /_admin/faults lists them",
            tenant.name
        )))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use axum::body::Body;

    use super::*;
    use crate::config::{Auth, Secret};
    use crate::server::Mock;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The journal reads the fault from the request's scope; the log has it as `fault=`.
    #[test]
    fn an_injected_fault_is_marked_in_the_scope_and_logged() {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let (status, scope) = tracing::subscriber::with_default(subscriber, || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                let config = ServeConfig::for_tests(Auth::Token(Secret::new("t0ken")));
                let mock = Mock::new(&config).expect("mock");
                let tenant = mock.default_tenant();
                tenant
                    .faults
                    .add(
                        &json!({"action": {"status": 429, "retry_after": 3}}),
                        "default",
                    )
                    .expect("rule");
                let request = Request::get("/scim/v2/Users?filter=userName%20eq%20%22a%22")
                    .body(Body::empty())
                    .expect("request");
                let (response, scope) = super::super::scope::within(tenant.faults.apply(
                    &tenant,
                    request,
                    Router::new(),
                ))
                .await;
                (response.status(), scope)
            })
        });
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            scope.fault.as_deref(),
            Some("injected 429 (Retry-After: 3) (rule f1)")
        );
        let log = String::from_utf8_lossy(&buffer.0.lock().unwrap_or_else(PoisonError::into_inner))
            .into_owned();
        assert!(
            log.contains("INFO") && log.contains("fault=injected 429 (Retry-After: 3) (rule f1)"),
            "{log}"
        );
        assert!(
            !log.contains("filter"),
            "the query string is not logged: {log}"
        );
    }
}
