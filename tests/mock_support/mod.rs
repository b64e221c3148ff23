//! What the mock's HTTP-level tests share: a server on a real socket and a client that
//! speaks SCIM and the admin API with a token.
#![allow(dead_code)]

use reqwest::{Method, StatusCode};
use serde_json::Value;

use scim_harness::config::{Auth, Secret, ServeConfig};
use scim_harness::server::{self, ServerHandle};

/// The default tenant's token in these tests.
pub const TOKEN: &str = "m0ck-t0ken";

/// A loopback server with `TOKEN` and whatever `adjust` changes.
pub async fn start(adjust: impl FnOnce(&mut ServeConfig)) -> ServerHandle {
    let mut config = ServeConfig::for_tests(Auth::Token(Secret::new(TOKEN)));
    adjust(&mut config);
    server::start(config).await.expect("start the mock")
}

/// `http://127.0.0.1:PORT` of a running server.
pub fn origin(server: &ServerHandle) -> String {
    format!("http://{}", server.local_addr())
}

/// One answer: status, headers and body (JSON when it parses).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {:?}", self.status, self.text))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// Assert the status, showing the body when it differs.
    pub fn expect(self, status: u16) -> Self {
        assert_eq!(
            self.status.as_u16(),
            status,
            "{} {}",
            self.status,
            self.text
        );
        self
    }
}

/// Send `method origin+path` with `Authorization: Bearer token` (when given) and a JSON body.
pub async fn call(
    server: &ServerHandle,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Answer {
    let client = reqwest::Client::new();
    let mut req = client.request(method, format!("{}{path}", origin(server)));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req
            .header("content-type", "application/scim+json")
            .body(b.to_string());
    }
    let res = req.send().await.expect("send");
    let status = res.status();
    let headers = res.headers().clone();
    let text = res.text().await.expect("body");
    Answer {
        status,
        headers,
        text,
    }
}

/// `POST path` with a minimal user named `user_name`; returns the created resource.
pub async fn create_user(server: &ServerHandle, path: &str, token: &str, user_name: &str) -> Value {
    call(
        server,
        Method::POST,
        path,
        Some(token),
        Some(serde_json::json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": user_name,
        })),
    )
    .await
    .expect(201)
    .json()
}
