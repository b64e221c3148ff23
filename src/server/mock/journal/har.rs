//! Journal entries as a HAR 1.2 document (`GET /_admin/requests/har`), so browser devtools and
//! HAR viewers open what an IdP sent: [`crate::har`]'s shape, the one the harness's evidence
//! files have. Credentials are already masked in the entries; each entry's `comment` is its
//! operation label, with the fault and tolerances when there are any.

use std::sync::Arc;

use serde_json::Value;

use super::Entry;

/// The HAR document of `entries` (oldest first).
pub fn document(entries: &[Arc<Entry>]) -> Value {
    crate::har::log(
        "scim-harness serve",
        entries.iter().map(|e| entry(e)).collect(),
        None,
    )
}

fn entry(e: &Entry) -> Value {
    let host = e.request.header("host").unwrap_or("localhost");
    let url = match &e.query {
        Some(q) => format!("http://{host}{}?{q}", e.path),
        None => format!("http://{host}{}", e.path),
    };
    let mut comment = e.operation.clone();
    if let Some(f) = &e.fault {
        comment.push_str(&format!("; fault: {f}"));
    }
    if !e.tolerances.is_empty() {
        comment.push_str(&format!("; tolerances: {}", e.tolerances.join(", ")));
    }
    crate::har::entry(&crate::har::Exchange {
        started: &e.time,
        time_ms: e.duration_ms,
        method: &e.method,
        url: &url,
        // The mock's connection layer speaks HTTP/1.1 only.
        http_version: "HTTP/1.1",
        request_headers: &e.request.headers,
        request_body: e.request.body.as_deref(),
        request_body_size: e.request.body_bytes,
        status: e.status,
        response_headers: &e.response.headers,
        response_body: e.response.body.as_deref().unwrap_or(""),
        response_body_size: e.response.body_bytes,
        comment: Some(&comment),
    })
}
