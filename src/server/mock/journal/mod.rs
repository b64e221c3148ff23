//! The request journal of a tenant (issue 11 §3): a bounded ring of its last N exchanges
//! (`--journal N`), each with the client and operation recognised ([`super::recognize`]), the
//! tolerances it relied on, the fault injected into it, the JSON-pointer changes it made and
//! the notes other parts add (the role map's "alice: Viewer → Admin").
//!
//! Recording buffers both bodies: the request's up to the server's own limit
//! ([`MAX_BODY_BYTES`]; a larger one goes on, unread, to the SCIM application, which answers
//! its usual 413), the response's whole. An entry keeps at most [`MAX_RECORDED_BODY`] bytes of
//! each and says when it cut. Credentials never reach an entry: `Authorization` is kept as
//! `Bearer ***`. Served by [`api`] as JSON, Server-Sent Events, HAR ([`har`]) and a replayable
//! feature ([`feature`]).
//!
//! Recording is on every request's path, reading is rare: a request captures only what it
//! already holds (headers with credentials masked, both bodies as shared `Bytes`, what its
//! scope collected) into an [`Exchange`]; the [`Entry`] — text bodies, client recognition,
//! JSON-pointer diffs — is worked out the first time someone reads it (issue 10 item 16).
//! The role notes are the exception: they read the role map as it is when the request ends.

pub mod api;
pub mod feature;
pub mod har;

use std::collections::VecDeque;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header;
use axum::response::Response;
use futures::StreamExt as _;
use http_body_util::BodyExt as _;
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;
use tokio::sync::broadcast;

pub use api::endpoints;

use super::recognize::{self, Client, Shape};
use super::scope::Scope;
use super::{Tenant, scope};
use crate::config::ServeConfig;
use crate::server::extract::MAX_BODY_BYTES;
use crate::server::store::Change;

/// The default `--journal` capacity (entries per tenant).
pub const DEFAULT_CAPACITY: usize = 1000;

/// The most of one body an entry keeps (the rest is counted, not kept).
pub const MAX_RECORDED_BODY: usize = 64 * 1024;

/// How many entries a live stream may fall behind before it skips ahead (it never slows a
/// request down: a full channel drops the oldest entry for that subscriber).
const STREAM_BACKLOG: usize = 256;

/// Request headers that carry credentials: kept by name, never by value.
const SECRET_HEADERS: [&str; 3] = ["authorization", "proxy-authorization", "cookie"];

/// The bounded ring of a tenant's exchanges.
#[derive(Debug)]
pub struct Journal {
    capacity: usize,
    ring: Mutex<VecDeque<Arc<Exchange>>>,
    next_id: AtomicU64,
    live: broadcast::Sender<Arc<Exchange>>,
}

/// One exchange as the request left it, and its [`Entry`] once someone has read it.
pub struct Exchange {
    id: u64,
    raw: Mutex<Option<Raw>>,
    entry: OnceLock<Arc<Entry>>,
}

impl std::fmt::Debug for Exchange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exchange")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl Exchange {
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The entry, worked out on first use.
    pub fn entry(&self) -> Arc<Entry> {
        self.entry
            .get_or_init(|| {
                let raw = self
                    .raw
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                Arc::new(raw.map_or_else(|| Entry::lost(self.id), |r| r.into_entry(self.id)))
            })
            .clone()
    }
}

/// What a request captured for its entry: nothing here is parsed, decoded or copied.
struct Raw {
    at: OffsetDateTime,
    duration: std::time::Duration,
    tenant: String,
    method: axum::http::Method,
    uri: axum::http::Uri,
    scim_path: Option<String>,
    presented: Presented,
    status: u16,
    request: RawMessage,
    response: RawMessage,
    scope: Scope,
    notes: Vec<String>,
}

/// One side of an exchange as captured: headers (credentials already masked) and the body.
struct RawMessage {
    headers: axum::http::HeaderMap,
    body: Bytes,
    /// The body's full size in bytes (`body` holds all of it unless `truncated`).
    total: usize,
    truncated: bool,
}

impl RawMessage {
    fn into_message(self) -> Message {
        let mut m = Message::new(header_pairs(&self.headers), &self.body, self.total);
        m.body_truncated |= self.truncated;
        if self.truncated && self.body.is_empty() {
            m.body = None;
        }
        m
    }
}

impl Raw {
    fn into_entry(self, id: u64) -> Entry {
        let request = self.request.into_message();
        let method = self.method.to_string();
        let path = self.uri.path().to_owned();
        let query = self.uri.query().map(str::to_owned);
        let recognized = recognize::recognize(&Shape {
            method: &method,
            path: self.scim_path.as_deref().unwrap_or(&path),
            query: query.as_deref(),
            headers: &request.headers,
            body: request.json().as_ref(),
        });
        Entry {
            id,
            time: rfc3339_millis(self.at),
            tenant: self.tenant,
            method,
            path,
            query,
            status: self.status,
            duration_ms: (self.duration.as_secs_f64() * 1_000_000.0).round() / 1000.0,
            client: recognized.client.as_str(),
            client_label: recognized.client_label,
            operation: recognized.operation,
            tolerances: self.scope.tolerances.iter().map(|t| t.name()).collect(),
            fault: self.scope.fault,
            changes: changes_of(&self.scope.changes),
            notes: self.notes,
            request,
            response: self.response.into_message(),
            scim_path: self.scim_path,
            presented: self.presented,
            at: Some(self.at),
        }
    }
}

/// How the request presented its credential (for replay: the feature says which).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Presented {
    /// No `Authorization` header.
    #[default]
    None,
    /// The tenant's token.
    Accepted,
    /// Something else.
    Refused,
}

/// One recorded exchange (the admin API's `Entry`).
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub id: u64,
    /// RFC 3339, UTC, milliseconds.
    pub time: String,
    pub tenant: String,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub status: u16,
    pub duration_ms: f64,
    pub client: &'static str,
    pub client_label: String,
    pub operation: String,
    pub tolerances: Vec<&'static str>,
    pub fault: Option<String>,
    pub changes: Vec<ChangeEntry>,
    pub notes: Vec<String>,
    pub request: Message,
    pub response: Message,
    /// The path below the tenant's base path (what a replay sends), when under it.
    #[serde(skip)]
    pub scim_path: Option<String>,
    #[serde(skip)]
    pub presented: Presented,
    #[serde(skip)]
    pub at: Option<OffsetDateTime>,
}

/// One side of an exchange.
#[derive(Clone, Debug, Serialize)]
pub struct Message {
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy UTF-8), at most [`MAX_RECORDED_BODY`] bytes of it.
    pub body: Option<String>,
    /// The body's full size in bytes.
    pub body_bytes: usize,
    /// Whether `body` is cut (`body_bytes` larger than what it holds), or not read at all.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub body_truncated: bool,
}

impl Message {
    fn new(headers: Vec<(String, String)>, bytes: &[u8], total: usize) -> Self {
        let kept = &bytes[..bytes.len().min(MAX_RECORDED_BODY)];
        Message {
            headers,
            body: (total > 0).then(|| String::from_utf8_lossy(kept).into_owned()),
            body_bytes: total,
            body_truncated: kept.len() < total,
        }
    }

    /// The body as JSON, when it is whole and parses.
    pub fn json(&self) -> Option<Value> {
        if self.body_truncated {
            return None;
        }
        serde_json::from_str(self.body.as_deref()?).ok()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One JSON-pointer change of a written resource.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ChangeEntry {
    /// `User <id>` / `Group <id>`.
    pub resource: String,
    pub pointer: String,
    pub before: Value,
    pub after: Value,
}

impl Entry {
    /// The entry as the list and the stream show it: without bodies.
    pub fn summary(&self) -> Value {
        let mut v = serde_json::to_value(self).unwrap_or(Value::Null);
        for side in ["request", "response"] {
            if let Some(m) = v.get_mut(side).and_then(Value::as_object_mut) {
                m.remove("body");
            }
        }
        v
    }

    /// The entry with both bodies.
    pub fn full(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    pub fn client(&self) -> &'static str {
        self.client
    }

    /// What stands for an exchange whose entry could not be worked out (its first reader
    /// panicked half-way): the id, and a note saying so.
    fn lost(id: u64) -> Self {
        let empty = || Message {
            headers: Vec::new(),
            body: None,
            body_bytes: 0,
            body_truncated: false,
        };
        Entry {
            id,
            time: String::new(),
            tenant: String::new(),
            method: String::new(),
            path: String::new(),
            query: None,
            status: 0,
            duration_ms: 0.0,
            client: Client::Unknown.as_str(),
            client_label: String::new(),
            operation: String::new(),
            tolerances: Vec::new(),
            fault: None,
            changes: Vec::new(),
            notes: vec!["this entry was lost while it was being read".to_owned()],
            request: empty(),
            response: empty(),
            scim_path: None,
            presented: Presented::None,
            at: None,
        }
    }
}

impl Journal {
    pub fn new(config: &ServeConfig) -> Self {
        Journal {
            capacity: config.journal,
            ring: Mutex::new(VecDeque::new()),
            next_id: AtomicU64::new(1),
            live: broadcast::channel(STREAM_BACKLOG).0,
        }
    }

    /// Whether entries are kept (`--journal 0` turns the journal off).
    pub fn enabled(&self) -> bool {
        self.capacity > 0
    }

    /// The entries, oldest first.
    pub fn entries(&self) -> Vec<Arc<Entry>> {
        let exchanges: Vec<Arc<Exchange>> = self.lock().iter().cloned().collect();
        // Worked out outside the lock: requests being recorded never wait for a reader.
        exchanges.iter().map(|x| x.entry()).collect()
    }

    pub fn get(&self, id: u64) -> Option<Arc<Entry>> {
        let exchange = self.lock().iter().find(|x| x.id == id).cloned();
        exchange.map(|x| x.entry())
    }

    /// Forget every entry (ids keep increasing).
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// New exchanges as they are recorded ([`Exchange::entry`] gives each one's entry).
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Exchange>> {
        self.live.subscribe()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Arc<Exchange>>> {
        self.ring.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn push(&self, raw: Raw) -> Arc<Exchange> {
        let (exchange, evicted) = {
            let mut ring = self.lock();
            // The id is taken under the lock, so the ring is in id order.
            let exchange = Arc::new(Exchange {
                id: self.next_id.fetch_add(1, Ordering::Relaxed),
                raw: Mutex::new(Some(raw)),
                entry: OnceLock::new(),
            });
            let evicted = (ring.len() >= self.capacity)
                .then(|| ring.pop_front())
                .flatten();
            ring.push_back(exchange.clone());
            (exchange, evicted)
        };
        // The oldest exchange is freed outside the lock.
        drop(evicted);
        // No subscriber is not an error; a slow one lags, it never blocks this request.
        if self.live.receiver_count() > 0 {
            let _ = self.live.send(exchange.clone());
        }
        exchange
    }

    /// Run `inner` on `request` and record the exchange.
    pub async fn record<F, Fut>(&self, tenant: &Arc<Tenant>, request: Request, inner: F) -> Response
    where
        F: FnOnce(Request) -> Fut,
        Fut: Future<Output = Response>,
    {
        if !self.enabled() {
            let (response, scope) = scope::within(inner(request)).await;
            log_fault(&tenant.name, None, scope.fault.as_deref());
            return response;
        }
        let started = Instant::now();
        let at = OffsetDateTime::now_utc();
        let (parts, body) = request.into_parts();
        let presented = match super::presented_token_of(&parts.headers) {
            None => Presented::None,
            Some(t) if tenant.accepts(t) => Presented::Accepted,
            Some(_) => Presented::Refused,
        };
        let request_headers = masked(&parts.headers);
        let (method, uri) = (parts.method.clone(), parts.uri.clone());
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<usize>().ok());
        let (request_body, body) = buffer_request(body, declared).await;
        let request = Request::from_parts(parts, body);

        let (response, scope) = scope::within(inner(request)).await;
        let (rparts, rbody) = response.into_parts();
        let (response_bytes, rbody) = match rbody.collect().await {
            Ok(collected) => {
                let bytes = collected.to_bytes();
                (bytes.clone(), Body::from(bytes))
            }
            // A body that fails (an injected connection reset) must fail for the client too.
            Err(e) => (
                Bytes::new(),
                Body::from_stream(futures::stream::once(async move {
                    Err::<Bytes, _>(std::io::Error::other(e.to_string()))
                })),
            ),
        };
        let response_message = RawMessage {
            headers: rparts.headers.clone(),
            total: response_bytes.len(),
            body: response_bytes,
            truncated: false,
        };
        let status = rparts.status.as_u16();
        let response = Response::from_parts(rparts, rbody);

        let (base_root, base_path) = tenant.base_paths();
        let path = uri.path();
        // The longest base path the request is under (the tenant's own one is the longer).
        let scim_path = [base_root, Some(base_path)]
            .into_iter()
            .flatten()
            .filter_map(|base| {
                let rest = path.strip_prefix(base)?;
                (rest.is_empty() || rest.starts_with('/')).then(|| (base.len(), rest.to_owned()))
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, rest)| rest);
        let notes = super::roles::notes(tenant, &scope);
        let exchange = self.push(Raw {
            at,
            duration: started.elapsed(),
            tenant: tenant.name.clone(),
            method,
            uri,
            scim_path,
            presented,
            status,
            request: RawMessage {
                headers: request_headers,
                ..request_body
            },
            response: response_message,
            scope,
            notes,
        });
        // Debug lines name the client: only then is the entry worked out here.
        if tracing::enabled!(tracing::Level::DEBUG) {
            let entry = exchange.entry();
            log_fault(&tenant.name, Some(&entry), entry.fault.as_deref());
            tracing::debug!(
                tenant = %entry.tenant,
                id = entry.id,
                client = entry.client,
                operation = %entry.operation,
                "journal entry"
            );
        }
        response
    }
}

/// An injected fault is logged at `info` by the faults part when it fires (issue 11 §4);
/// here, at `debug`, which journal entry holds it.
fn log_fault(tenant: &str, entry: Option<&Entry>, fault: Option<&str>) {
    if let Some(fault) = fault {
        tracing::debug!(
            tenant,
            id = entry.map_or(0, |e| e.id),
            client = entry.map_or("-", Entry::client),
            fault = %fault,
            "journal entry holds an injected fault"
        );
    }
}

/// Read the request body up to [`MAX_BODY_BYTES`]; past it, hand on what was read followed by
/// the rest, unread, so the SCIM application's body limit answers its usual 413. The headers
/// of the returned message are left for the caller.
async fn buffer_request(body: Body, declared: Option<usize>) -> (RawMessage, Body) {
    let unread = |total: usize| RawMessage {
        headers: axum::http::HeaderMap::new(),
        body: Bytes::new(),
        total,
        truncated: true,
    };
    if let Some(total) = declared.filter(|&n| n > MAX_BODY_BYTES) {
        return (unread(total), body);
    }
    let mut stream = body.into_data_stream();
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut total = 0usize;
    while let Some(chunk) = stream.next().await {
        match chunk {
            Ok(bytes) => {
                total += bytes.len();
                chunks.push(bytes);
                if total > MAX_BODY_BYTES {
                    let read = futures::stream::iter(chunks.into_iter().map(Ok::<_, axum::Error>));
                    return (unread(total), Body::from_stream(read.chain(stream)));
                }
            }
            Err(e) => {
                // The client broke off: the application sees the same failure.
                let read = futures::stream::iter(chunks.into_iter().map(Ok::<_, axum::Error>));
                let fail = futures::stream::once(async move { Err::<Bytes, _>(e) });
                return (unread(total), Body::from_stream(read.chain(fail)));
            }
        }
    }
    let bytes: Bytes = if chunks.len() == 1 {
        chunks.pop().unwrap_or_default()
    } else {
        chunks.concat().into()
    };
    (
        RawMessage {
            headers: axum::http::HeaderMap::new(),
            body: bytes.clone(),
            total: bytes.len(),
            truncated: false,
        },
        Body::from(bytes),
    )
}

fn header_pairs(headers: &axum::http::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// The request headers with credentials replaced: `Bearer ***` (the scheme word kept).
fn masked(headers: &axum::http::HeaderMap) -> axum::http::HeaderMap {
    use axum::http::HeaderValue;
    use axum::http::header::Entry as Slot;
    let mut out = headers.clone();
    for name in SECRET_HEADERS {
        let Slot::Occupied(mut slot) = out.entry(name) else {
            continue;
        };
        for value in slot.iter_mut() {
            let text = String::from_utf8_lossy(value.as_bytes());
            *value = match text.trim().split_once(char::is_whitespace) {
                // The usual case, without an allocation.
                Some(("Bearer", _)) if name == "authorization" => {
                    HeaderValue::from_static("Bearer ***")
                }
                Some((scheme, _)) if name != "cookie" => {
                    HeaderValue::from_str(&format!("{scheme} ***"))
                        .unwrap_or_else(|_| HeaderValue::from_static("***"))
                }
                _ => HeaderValue::from_static("***"),
            };
        }
    }
    out
}

fn rfc3339_millis(at: OffsetDateTime) -> String {
    let ms = at
        .replace_nanosecond(at.millisecond() as u32 * 1_000_000)
        .unwrap_or(at);
    ms.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

/// The JSON-pointer changes of every resource written; a write that changed nothing of the
/// stored form (a version bump from a membership change elsewhere) adds none.
pub fn changes_of(changes: &[Change]) -> Vec<ChangeEntry> {
    let mut out = Vec::new();
    for c in changes {
        let resource = format!("{:?} {}", c.kind, c.id);
        let empty = Value::Object(Default::default());
        let before = c.before.as_ref().map_or(&empty, |s| s.value.as_ref());
        let after = c.after.as_ref().map_or(&empty, |s| s.value.as_ref());
        diff(&resource, "", before, after, &mut out);
    }
    out
}

fn diff(resource: &str, pointer: &str, before: &Value, after: &Value, out: &mut Vec<ChangeEntry>) {
    if before == after {
        return;
    }
    if let (Value::Object(b), Value::Object(a)) = (before, after) {
        for (key, bv) in b {
            let p = format!("{pointer}/{}", escape(key));
            diff(resource, &p, bv, a.get(key).unwrap_or(&Value::Null), out);
        }
        for (key, av) in a {
            if !b.contains_key(key) {
                let p = format!("{pointer}/{}", escape(key));
                diff(resource, &p, &Value::Null, av, out);
            }
        }
        return;
    }
    out.push(ChangeEntry {
        resource: resource.to_owned(),
        pointer: pointer.to_owned(),
        before: before.clone(),
        after: after.clone(),
    });
}

/// RFC 6901 §3: `~` → `~0`, `/` → `~1`.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Whether a client name is one the journal uses (for `?client=`).
pub fn known_client(name: &str) -> bool {
    [
        Client::Okta,
        Client::Entra,
        Client::EntraValidator,
        Client::Ping,
        Client::Rippling,
        Client::OneLogin,
        Client::JumpCloud,
        Client::Harness,
        Client::Unknown,
    ]
    .iter()
    .any(|c| c.as_str() == name)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_gives_pointers_of_what_changed_only() {
        let mut out = Vec::new();
        diff(
            "User 1",
            "",
            &json!({"active": true, "name": {"givenName": "A", "familyName": "B"}, "a/b": 1}),
            &json!({"active": false, "name": {"givenName": "A"}, "title": "x", "a/b": 1}),
            &mut out,
        );
        let got: Vec<(String, Value, Value)> = out
            .into_iter()
            .map(|c| (c.pointer, c.before, c.after))
            .collect();
        assert_eq!(
            got,
            vec![
                ("/active".into(), json!(true), json!(false)),
                ("/name/familyName".into(), json!("B"), Value::Null),
                ("/title".into(), Value::Null, json!("x")),
            ]
        );
        let mut none = Vec::new();
        diff(
            "User 1",
            "",
            &json!({"a": [1]}),
            &json!({"a": [1]}),
            &mut none,
        );
        assert!(none.is_empty());
    }

    #[test]
    fn credentials_are_masked() {
        let mut h = axum::http::HeaderMap::new();
        h.insert("authorization", "Bearer s3cret".parse().unwrap());
        h.insert("cookie", "sid=s3cret".parse().unwrap());
        h.insert("accept", "application/scim+json".parse().unwrap());
        h.append("authorization", "oauth2 s3cret".parse().unwrap());
        h.append("authorization", "s3cret".parse().unwrap());
        h.insert("proxy-authorization", "bearer  s3cret ".parse().unwrap());
        let r = header_pairs(&masked(&h));
        let values = |name: &str| -> Vec<&str> {
            r.iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .collect()
        };
        assert_eq!(values("authorization"), ["Bearer ***", "oauth2 ***", "***"]);
        assert_eq!(values("proxy-authorization"), ["bearer ***"]);
        assert_eq!(values("cookie"), ["***"]);
        assert_eq!(values("accept"), ["application/scim+json"]);
        assert!(!format!("{r:?}").contains("s3cret"));
    }

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The faults part marks the scope; the journal records the fault, logs it as such, and
    /// the feature export leaves the exchange out (the mock did not answer it itself).
    #[test]
    fn an_injected_fault_is_recorded_logged_and_not_replayed() {
        use crate::config::{Auth, Secret};
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let mock =
            crate::server::mock::Mock::new(&ServeConfig::for_tests(Auth::Token(Secret::new("t"))))
                .unwrap();
        let tenant = mock.default_tenant();
        tracing::subscriber::with_default(subscriber, || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let request = Request::get("/scim/v2/Users")
                    .header("authorization", "Bearer t")
                    .body(Body::empty())
                    .unwrap();
                let response = tenant
                    .journal
                    .record(&tenant, request, |_| async {
                        scope::mark_fault("injected 429 (rule f1)".to_owned());
                        Response::builder()
                            .status(429)
                            .header("retry-after", "2")
                            .body(Body::empty())
                            .unwrap()
                    })
                    .await;
                assert_eq!(response.status(), 429);
            });
        });
        let log = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        assert!(
            log.contains("journal entry holds an injected fault"),
            "{log}"
        );
        assert!(log.contains("fault=injected 429 (rule f1)"), "{log}");
        let entries = tenant.journal.entries();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].fault.as_deref(), Some("injected 429 (rule f1)"));
        assert_eq!(entries[0].status, 429);
        let text = feature::render("default", &entries);
        assert!(
            text.contains("# left out: the mock injected a fault"),
            "{text}"
        );
        assert!(!text.contains("When "), "{text}");
    }

    #[test]
    fn bodies_are_cut_and_say_so() {
        let big = vec![b'a'; MAX_RECORDED_BODY + 10];
        let m = Message::new(Vec::new(), &big, big.len());
        assert!(m.body_truncated);
        assert_eq!(m.body.as_ref().unwrap().len(), MAX_RECORDED_BODY);
        assert_eq!(m.body_bytes, MAX_RECORDED_BODY + 10);
        assert!(m.json().is_none());
    }
}
