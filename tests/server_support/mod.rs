//! Shared by the `server_*` test targets: an in-process reference server driven through
//! `oneshot`, and snapshot helpers that normalise ids and timestamps.

#![allow(dead_code)]

use std::sync::Mutex;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt as _;
use serde_json::Value;
use tower::ServiceExt as _;

use scim_harness::config::{Auth, Secret, ServeConfig};
use scim_harness::server::{AppState, Kind, router};

pub const TOKEN: &str = "t0ken";
pub const BASE: &str = "/scim/v2";

/// One response, read completely.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
    /// The body as JSON (`Null` when empty or not JSON).
    pub json: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A reference server (token `t0ken`, base `/scim/v2`, requests to `Host: scim.test`).
pub struct Api {
    pub app: Router,
    pub state: AppState,
    /// Ids seen in responses, in order, with their placeholder (`[User-1]`).
    ids: Mutex<Vec<(String, String)>>,
}

impl Api {
    pub fn new() -> Self {
        Self::with(|_| {})
    }

    pub fn with(adjust: impl FnOnce(&mut ServeConfig)) -> Self {
        let mut config = ServeConfig::for_tests(Auth::Token(Secret::new(TOKEN)));
        adjust(&mut config);
        let state = AppState::new(&config);
        Api {
            app: router(state.clone()),
            state,
            ids: Mutex::new(Vec::new()),
        }
    }

    pub fn store_count(&self, kind: Kind) -> usize {
        self.state.store().count(kind)
    }

    /// A request to exactly `uri` with exactly these headers (plus `Host`).
    pub async fn raw(
        &self,
        method: Method,
        uri: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(uri);
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            req = req.header("host", "scim.test");
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let body = match body {
            Some(v) => {
                req = req.header("content-type", "application/scim+json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.send(req.body(body).expect("request")).await
    }

    /// An authenticated request with a raw body and content type (empty: no Content-Type).
    pub async fn raw_body(
        &self,
        method: Method,
        path: &str,
        body: &str,
        content_type: &str,
    ) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(format!("{BASE}{path}"))
            .header("host", "scim.test")
            .header("authorization", format!("Bearer {TOKEN}"));
        if !content_type.is_empty() {
            req = req.header("content-type", content_type);
        }
        self.send(req.body(Body::from(body.to_owned())).expect("request"))
            .await
    }

    /// An authenticated request to `BASE + path`.
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        self.call_with(method, path, body, &[]).await
    }

    pub async fn call_with(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        extra: &[(&str, &str)],
    ) -> Reply {
        let auth = format!("Bearer {TOKEN}");
        let mut headers = vec![("authorization", auth.as_str())];
        headers.extend_from_slice(extra);
        self.raw(method, &format!("{BASE}{path}"), body, &headers)
            .await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(body)).await
    }

    async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.app.clone().oneshot(req).await.expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let body = res
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        let json = serde_json::from_slice(&body).unwrap_or(Value::Null);
        self.learn_ids(&json);
        Reply {
            status,
            headers,
            body,
            json,
        }
    }

    /// Remember the ids of resources in a response (a resource or a ListResponse).
    fn learn_ids(&self, json: &Value) {
        let mut ids = self.ids.lock().expect("ids");
        let mut learn = |r: &Value| {
            if let (Some(id), Some(rt)) = (r["id"].as_str(), r["meta"]["resourceType"].as_str())
                && (rt == "User" || rt == "Group")
                && !ids.iter().any(|(i, _)| i == id)
            {
                let n = ids
                    .iter()
                    .filter(|(_, l)| l.starts_with(&format!("[{rt}-")))
                    .count()
                    + 1;
                ids.push((id.to_owned(), format!("[{rt}-{n}]")));
            }
        };
        learn(json);
        for r in json["Resources"].as_array().into_iter().flatten() {
            learn(r);
        }
    }

    /// `json` with known ids replaced by their placeholders and timestamps by `[timestamp]`.
    pub fn normalise(&self, json: &Value) -> Value {
        let ids = self.ids.lock().expect("ids").clone();
        normalise(json, &ids)
    }
}

fn normalise(v: &Value, ids: &[(String, String)]) -> Value {
    match v {
        Value::String(s) => {
            let mut s = s.clone();
            for (id, label) in ids {
                s = s.replace(id.as_str(), label);
            }
            Value::String(s)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| normalise(x, ids)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| {
                    let x = if k == "created" || k == "lastModified" {
                        Value::String("[timestamp]".into())
                    } else {
                        normalise(x, ids)
                    };
                    (k.clone(), x)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Assert `value` against `snapshots/server/<name>.snap`.
pub fn snap(name: &str, value: &Value) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots/server"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_json_snapshot!(name, value));
}
