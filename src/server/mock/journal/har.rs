//! Journal entries as a HAR 1.2 document (`GET /_admin/requests/har`), so browser devtools and
//! HAR viewers open what an IdP sent. The same shape as the harness's evidence files
//! (`report::har`): what the server does not measure is `-1`, the whole exchange is `wait`.
//! Credentials are already masked in the entries.

use std::sync::Arc;

use serde_json::{Value, json};

use super::{Entry, Message};

/// The HAR document of `entries` (oldest first).
pub fn document(entries: &[Arc<Entry>]) -> Value {
    json!({
        "log": {
            "version": "1.2",
            "creator": {"name": "scim-harness serve", "version": env!("CARGO_PKG_VERSION")},
            "pages": [],
            "entries": entries.iter().map(|e| entry(e)).collect::<Vec<_>>(),
        }
    })
}

fn entry(e: &Entry) -> Value {
    let host = e.request.header("host").unwrap_or("localhost");
    let url = match &e.query {
        Some(q) => format!("http://{host}{}?{q}", e.path),
        None => format!("http://{host}{}", e.path),
    };
    let mut request = json!({
        "method": e.method,
        "url": url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": pairs(&e.request),
        "queryString": query_string(e.query.as_deref()),
        "headersSize": -1,
        "bodySize": e.request.body_bytes,
    });
    if let Some(body) = &e.request.body {
        request["postData"] = json!({
            "mimeType": e.request.header("content-type").unwrap_or(""),
            "text": body,
        });
    }
    let reason = axum::http::StatusCode::from_u16(e.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let mut comment = e.operation.clone();
    if let Some(f) = &e.fault {
        comment.push_str(&format!("; fault: {f}"));
    }
    if !e.tolerances.is_empty() {
        comment.push_str(&format!("; tolerances: {}", e.tolerances.join(", ")));
    }
    json!({
        "startedDateTime": e.time,
        "time": e.duration_ms,
        "request": request,
        "response": {
            "status": e.status,
            "statusText": reason,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": pairs(&e.response),
            "content": {
                "size": e.response.body_bytes,
                "mimeType": e.response.header("content-type").unwrap_or(""),
                "text": e.response.body.clone().unwrap_or_default(),
            },
            "redirectURL": e.response.header("location").unwrap_or(""),
            "headersSize": -1,
            "bodySize": e.response.body_bytes,
        },
        "cache": {},
        "timings": {"blocked": -1, "dns": -1, "connect": -1, "ssl": -1, "send": 0, "wait": e.duration_ms, "receive": 0},
        "comment": comment,
    })
}

fn pairs(m: &Message) -> Vec<Value> {
    m.headers
        .iter()
        .map(|(name, value)| json!({"name": name, "value": value}))
        .collect()
}

fn query_string(query: Option<&str>) -> Vec<Value> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .map(|(name, value)| json!({"name": name, "value": value}))
        .collect()
}
