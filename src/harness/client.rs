//! Sending requests to the target as one of the actors of features/STEPS.md, and recording each
//! exchange as evidence (as received; the credential masked). One `reqwest::Client` is shared by
//! the whole run, and so are its bounds: a whole-response timeout, the run's deadline, and a stop
//! once the target has failed to answer several requests in a row.

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use crate::config::Secret;

use super::exchange::Exchange;
use super::raw;
use super::redact::{self, Redactor};

/// Who sends a request: decides the headers it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Client,
    Okta,
    OktaSpecTest,
    Entra,
    ScimValidator,
    /// PingFederate's SCIM Provisioner (docs/idp/ping.md §0.3).
    Ping,
    /// PingOne's SCIM outbound connection (docs/idp/ping.md §0.3).
    PingOne,
    /// Rippling's SCIM app (docs/idp/rippling.md §0.3).
    Rippling,
    OneLogin,
    JumpCloud,
}

impl FromStr for Actor {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "the client" => Actor::Client,
            "Okta" => Actor::Okta,
            "Okta's SPEC test" => Actor::OktaSpecTest,
            "Entra" => Actor::Entra,
            "the SCIM Validator" => Actor::ScimValidator,
            "Ping" => Actor::Ping,
            "PingOne" => Actor::PingOne,
            "Rippling" => Actor::Rippling,
            "OneLogin" => Actor::OneLogin,
            "JumpCloud" => Actor::JumpCloud,
            other => return Err(format!("unknown actor {other:?}")),
        })
    }
}

impl Actor {
    /// The headers this actor sends (without `Authorization`), per the reference notes.
    pub fn headers(self, has_body: bool) -> Vec<(String, String)> {
        let user_agent = format!("scim-harness/{}", env!("CARGO_PKG_VERSION"));
        let list: Vec<(&str, &str)> = match self {
            Actor::Client => {
                let mut h = vec![
                    ("Accept", "application/scim+json"),
                    ("User-Agent", user_agent.as_str()),
                ];
                if has_body {
                    h.push(("Content-Type", "application/scim+json"));
                }
                h
            }
            // docs/idp/okta.md §0.2: what Okta's provisioning client sends on every request.
            // The response is decoded when the target takes up gzip or deflate, within the same
            // size bound as any other body (a compression bomb stops at MAX_RESPONSE_BYTES).
            Actor::Okta => {
                let mut h = vec![
                    ("Accept", "application/scim+json"),
                    ("Accept-Charset", "utf-8"),
                    ("User-Agent", "Okta SCIM Client 1.0.0"),
                    ("Connection", "Keep-Alive"),
                    ("Accept-Encoding", "gzip,deflate"),
                ];
                if has_body {
                    h.push(("Content-Type", "application/scim+json; charset=utf-8"));
                }
                h
            }
            Actor::OktaSpecTest => vec![
                ("Accept", "application/scim+json; charset=utf-8"),
                ("Accept-Charset", "utf-8"),
                ("User-Agent", "OKTA SCIM Integration"),
                (
                    "Content-Type",
                    if has_body {
                        "application/json"
                    } else {
                        "application/scim+json; charset=utf-8"
                    },
                ),
            ],
            Actor::Entra => {
                if has_body {
                    vec![("Content-Type", "application/scim+json")]
                } else {
                    Vec::new()
                }
            }
            Actor::ScimValidator => {
                if has_body {
                    vec![("Content-Type", "application/scim+json; charset=utf-8")]
                } else {
                    Vec::new()
                }
            }
            // Media types unpublished for all three; no User-Agent (ping §0.3 Q6, rippling
            // §0.3): the Ping actors send the two types a server must accept, one each
            // (`application/json` as before PF 1.3, `application/scim+json` since), Rippling
            // plain JSON.
            Actor::Ping | Actor::PingOne | Actor::Rippling => {
                let media = if self == Actor::PingOne {
                    "application/scim+json"
                } else {
                    "application/json"
                };
                let mut h = vec![("Accept", media)];
                if has_body {
                    h.push(("Content-Type", media));
                }
                h
            }
            // OneLogin documents application/json as the type of every response it reads
            // (docs/idp/onelogin.md §0.3); its request headers are not published.
            Actor::OneLogin => {
                let mut h = vec![("Accept", "application/json")];
                if has_body {
                    h.push(("Content-Type", "application/json"));
                }
                h
            }
            // JumpCloud publishes no headers (docs/idp/jumpcloud.md §0.3): only the body's type.
            Actor::JumpCloud => {
                if has_body {
                    vec![("Content-Type", "application/scim+json")]
                } else {
                    Vec::new()
                }
            }
        };
        list.into_iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect()
    }
}

/// What a request carries in `Authorization`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Authorization {
    Bearer,
    /// The token without the `Bearer` prefix (Okta AIW "HTTP Header" mode).
    Bare,
    None,
    /// A value sent verbatim (`non-token`).
    Verbatim(String),
    /// The token after another scheme word (`oauth2 <token>`: Ping's admin-chosen header type).
    Scheme(String),
}

/// A request as a step describes it, after template expansion.
#[derive(Clone, Debug)]
pub struct Request {
    pub actor: Actor,
    pub method: String,
    /// Relative to the base URL, starting with `/`; sent as written.
    pub path: String,
    /// Extra headers replacing the actor's of the same name.
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub authorization: Authorization,
    /// Send the request target byte for byte (`"` and all), as some IdPs do, instead of letting
    /// the URL parser percent-encode it.
    pub raw: bool,
}

/// After this many requests in a row without a response, the target counts as gone: every
/// further request fails at once, and the run ends as "could not test".
pub const MAX_SILENT_REQUESTS: usize = 5;

/// A throttled request (`429` with an integer `Retry-After`) is sent again at most this many
/// times, each after the pause the target asked for (Okta: docs/idp/okta.md §0.3).
pub const MAX_THROTTLED_RETRIES: usize = 3;

/// The longest `Retry-After` the harness waits for before sending a request again; a target
/// asking for more gets its 429 judged as it is.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(5);

/// The target, the shared HTTP client and the run's bounds.
#[derive(Clone, Debug)]
pub struct Target {
    pub base_url: String,
    pub token: Secret,
    pub http: reqwest::Client,
    /// The same client, decoding gzip and deflate bodies: for the actors that ask for them.
    decoding: reqwest::Client,
    pub redactor: Redactor,
    timeout: Duration,
    /// No request starts after this instant (`--deadline`).
    deadline: Option<Instant>,
    /// Transport failures since the last response.
    silent: Arc<AtomicUsize>,
    /// Set once the run is to stop: why.
    stopped: Arc<std::sync::OnceLock<String>>,
}

/// The most of one response body the harness reads: a hostile or broken target cannot make it
/// hold more than this in memory (the request timeout bounds a slow one).
pub const MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// The response body, or an error once it passes [`MAX_RESPONSE_BYTES`].
async fn read_bounded(mut response: reqwest::Response) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| describe(&e))? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(format!(
                "the response body is larger than {} MiB; the harness stopped reading it",
                MAX_RESPONSE_BYTES / (1024 * 1024)
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A transport failure: no response to judge (connection, TLS, timeout, unreadable body).
#[derive(Clone, Debug)]
pub struct TransportError {
    pub request_line: String,
    pub message: String,
}

impl Target {
    /// A target whose every request (connect to last body byte) ends within `timeout`.
    pub fn new(base_url: &str, token: Secret, timeout: Duration) -> Result<Target, String> {
        let client = |decode: bool| {
            reqwest::Client::builder()
                .timeout(timeout)
                .connect_timeout(timeout)
                .redirect(reqwest::redirect::Policy::none())
                // Without this, reqwest would add its own Accept-Encoding to every actor.
                .gzip(decode)
                .deflate(decode)
                .build()
                .map_err(|e| format!("cannot build the HTTP client: {e}"))
        };
        let (http, decoding) = (client(false)?, client(true)?);
        Ok(Target {
            base_url: base_url.trim_end_matches('/').to_owned(),
            redactor: Redactor::new(token.clone()),
            token,
            http,
            decoding,
            timeout,
            deadline: None,
            silent: Arc::default(),
            stopped: Arc::default(),
        })
    }

    /// No request starts once `deadline` has passed, and none waits past it.
    pub fn with_deadline(mut self, deadline: Instant) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Why the run stopped sending (the target went silent, or the deadline passed), if it did.
    pub fn stopped(&self) -> Option<&str> {
        self.stopped.get().map(String::as_str)
    }

    /// How long the next request may take: the timeout, or what is left before the deadline.
    fn budget(&self) -> Result<Duration, String> {
        if let Some(reason) = self.stopped() {
            return Err(reason.to_owned());
        }
        let Some(deadline) = self.deadline else {
            return Ok(self.timeout);
        };
        match deadline.checked_duration_since(Instant::now()) {
            Some(left) if !left.is_zero() => Ok(left.min(self.timeout)),
            _ => {
                let reason = "the run reached its --deadline; the remaining requests were not sent"
                    .to_owned();
                let _ = self.stopped.set(reason.clone());
                Err(reason)
            }
        }
    }

    /// Count a request that got no response; after [`MAX_SILENT_REQUESTS`] in a row, stop.
    fn no_answer(&self, message: &str) {
        let silent = self.silent.fetch_add(1, Ordering::SeqCst) + 1;
        if silent >= MAX_SILENT_REQUESTS {
            let _ = self.stopped.set(format!(
                "the target stopped answering: {silent} requests in a row got no response \
                 (the last: {message})"
            ));
        }
    }

    /// Send `request` and record the exchange.
    pub async fn send(&self, request: &Request) -> Result<Exchange, TransportError> {
        let url = format!("{}{}", self.base_url, request.path);
        let request_line = format!("{} {}", request.method, self.redactor.text(&url));
        let transport = |message: String| TransportError {
            request_line: request_line.clone(),
            message,
        };
        let mut throttled = 0;
        loop {
            let budget = self.budget().map_err(&transport)?;
            let result = self.exchange(request, url.clone(), budget).await;
            match &result {
                Ok(exchange) => {
                    self.silent.store(0, Ordering::SeqCst);
                    if throttled < MAX_THROTTLED_RETRIES
                        && let Some(pause) = self.throttle_pause(exchange)
                    {
                        throttled += 1;
                        tokio::time::sleep(pause).await;
                        continue;
                    }
                }
                Err(message) => self.no_answer(message),
            }
            return result.map_err(|m| transport(self.redactor.string(&m)));
        }
    }

    /// How long to pause before sending a throttled request again, as Okta does: a `429` with
    /// an integer `Retry-After` (the only form Okta reads) is sent again after that many
    /// seconds (docs/idp/okta.md §0.3, Q20). A pause above [`MAX_RETRY_AFTER`] or past the
    /// deadline, a missing or non-integer value (Okta would wait 5 minutes) and any other
    /// status are not waited for: the answer is judged, and reported, as it is.
    fn throttle_pause(&self, exchange: &Exchange) -> Option<Duration> {
        if exchange.status != 429 {
            return None;
        }
        let seconds: u64 = exchange
            .response_headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("retry-after"))
            .and_then(|(_, v)| v.trim().parse().ok())?;
        let pause = Duration::from_secs(seconds);
        let fits = self.deadline.is_none_or(|d| Instant::now() + pause < d);
        (pause <= MAX_RETRY_AFTER && fits).then_some(pause)
    }

    async fn exchange(
        &self,
        request: &Request,
        url: String,
        budget: Duration,
    ) -> Result<Exchange, String> {
        let transport = |m: String| m;
        // Raw bytes need a plain socket; over TLS the request goes through the normal client,
        // which percent-encodes what the URL parser refuses (the same request to the server).
        let raw = request.raw && url.starts_with("http://");
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|e| transport(format!("bad method: {e}")))?;
        let mut headers = request.actor.headers(request.body.is_some());
        for (name, value) in &request.headers {
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            headers.push((name.clone(), value.clone()));
        }
        let auth = match &request.authorization {
            Authorization::Bearer => Some(format!("Bearer {}", self.token.expose())),
            Authorization::Bare => Some(self.token.expose().to_owned()),
            Authorization::None => None,
            Authorization::Verbatim(v) => Some(v.clone()),
            Authorization::Scheme(scheme) => Some(format!("{scheme} {}", self.token.expose())),
        };
        let asks_for_encoding = headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("accept-encoding"));
        let client = if asks_for_encoding {
            &self.decoding
        } else {
            &self.http
        };
        let mut builder = client.request(method, &url);
        for (name, value) in &headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let mut recorded = headers.clone();
        if !raw
            && !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("accept"))
        {
            // reqwest always sends `Accept: */*` when none is set (Entra and the SCIM Validator
            // send none); `*/*` means the same as no Accept (RFC 9110 §12.5.1). Record what is sent.
            recorded.push(("Accept".to_owned(), "*/*".to_owned()));
        }
        if let Some(auth) = &auth {
            builder = builder.header("Authorization", auth.as_str());
            let shown = match request.authorization {
                Authorization::Verbatim(_) => self.redactor.string(auth),
                _ => redact::authorization(auth),
            };
            recorded.push(("Authorization".to_owned(), shown));
        }
        let sent_at = SystemTime::now();
        let started = Instant::now();
        if raw {
            let mut sent = headers.clone();
            if let Some(auth) = &auth {
                sent.push(("Authorization".to_owned(), auth.clone()));
            }
            let head = raw::Head {
                method: &request.method,
                url: &url,
                headers: &sent,
                body: request.body.as_deref(),
            };
            let response = raw::send(&head, budget, MAX_RESPONSE_BYTES).await?;
            return Ok(Exchange {
                method: request.method.clone(),
                url,
                request_headers: recorded,
                request_body: request.body.clone(),
                started: sent_at,
                status: response.status,
                response_headers: response.headers,
                json: parse_json(&response.body),
                body_size: response.body.len(),
                body: String::from_utf8_lossy(&response.body).into_owned(),
                elapsed: started.elapsed(),
            });
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        builder = builder.timeout(budget);
        let response = builder.send().await.map_err(|e| transport(describe(&e)))?;
        let status = response.status().as_u16();
        let response_headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let bytes = read_bounded(response).await.map_err(transport)?;
        let elapsed = started.elapsed();
        Ok(Exchange {
            method: request.method.clone(),
            url,
            request_headers: recorded,
            request_body: request.body.clone(),
            started: sent_at,
            status,
            response_headers,
            json: parse_json(&bytes),
            body_size: bytes.len(),
            body: String::from_utf8_lossy(&bytes).into_owned(),
            elapsed,
        })
    }
}

/// The body as JSON, when it is JSON. serde_json's recursion limit (128 levels) bounds the
/// parse: a 100,000-level body costs no more than its bytes and is "not JSON" to every check,
/// which then fails with the evidence.
fn parse_json(bytes: &[u8]) -> Option<serde_json::Value> {
    serde_json::from_slice(bytes).ok()
}

/// A transport error by its causes (`tcp connect error: Connection refused (os error 111)`):
/// reqwest's own top-level text repeats the URL, which the evidence already shows.
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        return "timed out".to_owned();
    }
    let mut causes = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        causes.push(s.to_string());
        source = s.source();
    }
    if causes.is_empty() {
        e.to_string()
    } else {
        causes.join(": ")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn get(path: &str) -> Request {
        Request {
            actor: Actor::Client,
            method: "GET".into(),
            path: path.into(),
            headers: Vec::new(),
            body: None,
            authorization: Authorization::Bearer,
            raw: false,
        }
    }

    /// The header names and values each actor puts on the wire (wiremock sees what was sent).
    #[tokio::test]
    async fn each_actor_sends_exactly_the_headers_of_its_notes() {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200))
            .mount(&server)
            .await;
        let target =
            Target::new(&server.uri(), Secret::new("t0ken"), Duration::from_secs(10)).unwrap();
        let expected: &[(Actor, &[&str])] = &[
            (
                Actor::Okta,
                &[
                    "accept: application/scim+json",
                    "accept-charset: utf-8",
                    "accept-encoding: gzip,deflate",
                    "authorization: Bearer t0ken",
                    "connection: Keep-Alive",
                    "content-type: application/scim+json; charset=utf-8",
                    "user-agent: Okta SCIM Client 1.0.0",
                ],
            ),
            (
                Actor::OktaSpecTest,
                &[
                    "accept: application/scim+json; charset=utf-8",
                    "accept-charset: utf-8",
                    "authorization: Bearer t0ken",
                    "content-type: application/json",
                    "user-agent: OKTA SCIM Integration",
                ],
            ),
            (
                // reqwest always adds `Accept: */*`; RFC 9110 §12.5.1 reads it as no Accept.
                Actor::Entra,
                &[
                    "accept: */*",
                    "authorization: Bearer t0ken",
                    "content-type: application/scim+json",
                ],
            ),
        ];
        for (actor, headers) in expected {
            let mut request = get("/Users");
            request.actor = *actor;
            request.method = "POST".into();
            request.body = Some("{}".into());
            target.send(&request).await.unwrap();
            let received = server.received_requests().await.unwrap();
            let last = received.last().unwrap();
            let mut seen: Vec<String> = last
                .headers
                .iter()
                .map(|(n, v)| format!("{}: {}", n.as_str(), v.to_str().unwrap_or("?")))
                .filter(|h| !h.starts_with("host:") && !h.starts_with("content-length:"))
                .collect();
            seen.sort();
            let mut want: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
            want.sort();
            assert_eq!(seen, want, "{actor:?}");
        }
    }

    /// Okta asks for gzip: an answer that takes it up is read decoded, and a compression bomb
    /// stops at the size bound like any other body.
    #[tokio::test]
    async fn gzip_answers_to_okta_are_decoded_within_the_size_bound() {
        use std::io::Write as _;
        let gzip = |data: &[u8]| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        };
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::path("/small"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-encoding", "gzip")
                    .set_body_bytes(gzip(b"{\"ok\":true}")),
            )
            .mount(&server)
            .await;
        let bomb = gzip(&vec![b' '; MAX_RESPONSE_BYTES * 4]);
        assert!(bomb.len() < MAX_RESPONSE_BYTES / 100);
        Mock::given(wiremock::matchers::path("/bomb"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-encoding", "gzip")
                    .set_body_bytes(bomb),
            )
            .mount(&server)
            .await;
        let target =
            Target::new(&server.uri(), Secret::new("t0ken"), Duration::from_secs(10)).unwrap();
        let mut request = get("/small");
        request.actor = Actor::Okta;
        let x = target.send(&request).await.unwrap();
        assert_eq!(x.json.unwrap()["ok"], true);
        request.path = "/bomb".into();
        let err = target.send(&request).await.unwrap_err();
        assert!(err.message.contains("larger than"), "{}", err.message);
    }

    #[tokio::test]
    async fn a_response_body_past_the_limit_is_a_transport_error_not_memory() {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(200).set_body_bytes(vec![b'x'; MAX_RESPONSE_BYTES + 1]),
            )
            .mount(&server)
            .await;
        let target =
            Target::new(&server.uri(), Secret::new("t0ken"), Duration::from_secs(10)).unwrap();
        let err = target.send(&get("/Users")).await.unwrap_err();
        assert!(
            err.message.contains(&format!(
                "larger than {} MiB",
                MAX_RESPONSE_BYTES / (1024 * 1024)
            )),
            "{}",
            err.message
        );
    }

    #[tokio::test]
    async fn the_exchange_keeps_data_as_received_and_masks_the_credential_when_written_out() {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(200).set_body_string("{\"echo\":\"Bearer t0ken-secret\"}"),
            )
            .mount(&server)
            .await;
        let target = Target::new(
            &server.uri(),
            Secret::new("t0ken-secret"),
            Duration::from_secs(10),
        )
        .unwrap();
        let exchange = target.send(&get("/Users?x=t0ken-secret")).await.unwrap();
        // Checks read what the target said ...
        assert_eq!(
            exchange.json.as_ref().unwrap()["echo"],
            "Bearer t0ken-secret"
        );
        // The body carries the whole `Bearer <token>` credential: an echo, whatever was sent.
        assert!(target.redactor.echoed_by(&exchange));
        // ... but the credential header is never recorded, and the written-out copy is masked.
        assert!(
            exchange
                .request_headers
                .contains(&("Authorization".to_owned(), "Bearer ***".to_owned()))
        );
        let written = format!("{:?}", target.redactor.exchange(&exchange));
        assert!(!written.contains("t0ken-secret"), "{written}");
    }
}
