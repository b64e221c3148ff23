//! Sending requests to the target as one of the actors of features/STEPS.md, and recording each
//! exchange (redacted) as evidence. One `reqwest::Client` is shared by the whole run.

use std::str::FromStr;
use std::time::{Duration, Instant};

use crate::config::Secret;

use super::exchange::{Exchange, redact, redact_authorization};

/// Who sends a request: decides the headers it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Client,
    Okta,
    OktaSpecTest,
    Entra,
    ScimValidator,
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
            Actor::Okta => {
                let mut h = vec![
                    ("Accept", "application/scim+json"),
                    ("Accept-Charset", "utf-8"),
                    ("User-Agent", "Okta SCIM Client 1.0.0"),
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
}

/// The target and the shared HTTP client.
#[derive(Clone, Debug)]
pub struct Target {
    pub base_url: String,
    pub token: Secret,
    pub http: reqwest::Client,
}

/// The most of one response body the harness reads: a hostile or broken target cannot make it
/// hold more than this in memory (the request timeout bounds a slow one).
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

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
    pub fn new(base_url: &str, token: Secret, timeout: Duration) -> Result<Target, String> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Target {
            base_url: base_url.trim_end_matches('/').to_owned(),
            token,
            http,
        })
    }

    /// Send `request` and record the exchange.
    pub async fn send(&self, request: &Request) -> Result<Exchange, TransportError> {
        let url = format!("{}{}", self.base_url, request.path);
        let request_line = format!("{} {}", request.method, url);
        let transport = |message: String| TransportError {
            request_line: request_line.clone(),
            message,
        };
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
        };
        let mut builder = self.http.request(method, &url);
        for (name, value) in &headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let mut recorded = headers.clone();
        if !headers
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
                Authorization::Verbatim(_) => redact(auth, self.token.expose()),
                _ => redact_authorization(auth),
            };
            recorded.push(("Authorization".to_owned(), shown));
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let started = Instant::now();
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
        let secret = self.token.expose();
        let body = redact(&String::from_utf8_lossy(&bytes), secret);
        let json = serde_json::from_str(&body).ok();
        Ok(Exchange {
            method: request.method.clone(),
            url: redact(&url, secret),
            request_headers: recorded,
            request_body: request.body.as_ref().map(|b| redact(b, secret)),
            status,
            response_headers: response_headers
                .into_iter()
                .map(|(n, v)| (n, redact(&v, secret)))
                .collect(),
            body,
            json,
            elapsed,
        })
    }
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
        }
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
            err.message.contains("larger than 16 MiB"),
            "{}",
            err.message
        );
    }

    #[tokio::test]
    async fn the_token_never_enters_the_recorded_exchange() {
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
        let recorded = format!("{exchange:?}");
        assert!(!recorded.contains("t0ken-secret"), "{recorded}");
    }
}
