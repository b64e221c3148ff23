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

mod answer;
mod api;
pub mod flags;
pub mod prefer;
pub mod rule;

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::server::pipeline::Pipeline;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::response::Response;
use serde_json::Value;

use answer::{aborted, error_answer, pass, with_cors};
pub use api::endpoints;
pub use flags::FaultFlags;
use rule::{Action, Decision, Facts, Rule};

use super::Tenant;
use crate::config::ServeConfig;
use crate::scim::{ScimError, ScimType};

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
    pub async fn apply(&self, tenant: &Arc<Tenant>, request: Request, app: Pipeline) -> Response {
        if request.method() == Method::OPTIONS {
            return pass(&app, request).await;
        }
        let plan = match self.plan(tenant, &request) {
            Ok(plan) => plan,
            Err(detail) => {
                let error = ScimError::new(400, Some(ScimType::InvalidValue), detail);
                return with_cors(&app, &request, crate::server::error::error_response(&error));
            }
        };
        if plan.notes.is_empty() {
            return pass(&app, request).await;
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
            None => pass(&app, request).await,
            Some(Action::Reset) => aborted(),
            Some(Action::Hang(d)) => {
                tokio::time::sleep(d).await;
                aborted()
            }
            Some(action) => {
                let response = error_answer(&action, &description);
                with_cors(&app, &request, response)
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
        let facts = Facts::new(request, &tenant.name);
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

/// The client a request comes from, named as the journal names it (`okta`, `entra`,
/// `entra-validator`, …): the journal's recogniser on what is known before the body is read
/// (method, path, query, headers). Entra's dialect needs the body, but not its client name.
pub fn client_of(request: &Request) -> &'static str {
    use super::recognize::{Shape, recognize};
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
        .collect();
    recognize(&Shape {
        method: request.method().as_str(),
        path: request.uri().path(),
        query: request.uri().query(),
        headers: &headers,
        body: None,
    })
    .client
    .as_str()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use axum::body::Body;
    use axum::http::StatusCode;
    use serde_json::json;

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
                    Pipeline::new(tenant.state().clone()),
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
