//! One HTTP exchange with the target, kept as evidence: request, response and timing.
//!
//! Exchanges are recorded as received, so that checks, templates and snapshots see what the
//! target said; only the `Authorization` header is recorded masked. Whatever writes an exchange
//! out redacts it first (`super::redact`).

use std::fmt::Write as _;
use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::scim::schema::ERROR_SCHEMA;

/// How much of a response body a failure message quotes.
pub const EVIDENCE_BYTES: usize = 300;
/// How much of a response (or request) body the harness keeps once an exchange is only evidence:
/// the earlier exchanges of a scenario, and every exchange in the results. With
/// `client::MAX_RESPONSE_BYTES` for the one response a step reads, this bounds a run's memory
/// whatever the target sends (README "Limits").
pub const KEPT_BODY_BYTES: usize = 64 * 1024;
/// How much of a SCIM Error's `detail` a failure message quotes when the body was truncated.
const DETAIL_BYTES: usize = 1000;

/// A request sent to the target and what came back.
#[derive(Clone, Debug, PartialEq)]
pub struct Exchange {
    pub method: String,
    pub url: String,
    /// The request headers as sent, `Authorization` redacted.
    pub request_headers: Vec<(String, String)>,
    pub request_body: Option<String>,
    /// When the request was sent.
    pub started: SystemTime,
    pub status: u16,
    /// The response headers (lower-case names, in arrival order).
    pub response_headers: Vec<(String, String)>,
    /// The response body as text (lossy UTF-8); cut to a bound once the exchange is kept only as
    /// evidence (see [`Exchange::retain`]).
    pub body: String,
    /// The size of the body as received, in bytes (more than `body.len()` once cut).
    pub body_size: usize,
    /// The body parsed as JSON, when it is JSON.
    pub json: Option<Value>,
    pub elapsed: Duration,
}

impl Exchange {
    /// `POST http://127.0.0.1:8080/scim/v2/Users`
    pub fn request_line(&self) -> String {
        format!("{} {}", self.method, self.url)
    }

    /// The first response header called `name` (case-insensitive).
    pub fn first_header(&self, name: &str) -> Option<&str> {
        self.response_headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `201 Created`
    pub fn status_line(&self) -> String {
        status_text(self.status)
    }

    /// The response as failure evidence: status, then the body truncated to `EVIDENCE_BYTES`.
    pub fn response_summary(&self) -> String {
        let mut out = self.status_line();
        if self.body.is_empty() {
            out.push_str(", no body");
            return out;
        }
        let body = self.body.replace(['\n', '\r'], " ");
        let _ = write!(out, ", {}", truncate(&body, EVIDENCE_BYTES));
        if self.body_size > EVIDENCE_BYTES {
            let _ = write!(out, " ({} bytes, truncated)", self.body_size);
            // An error's `detail` is the server's own explanation: never lose it to truncation.
            if let Some(detail) = self.error_detail() {
                let _ = write!(
                    out,
                    "\n            detail: {}",
                    truncate(detail, DETAIL_BYTES)
                );
            }
        }
        out
    }

    /// Keep this exchange as evidence only: a body past `max_bytes` is cut (its size stays in
    /// `body_size`) and its parsed JSON dropped, so a long run's memory does not grow with what
    /// the target sends. A SCIM Error's `detail` survives the cut in [`Exchange::response_summary`]
    /// only while the JSON is kept, so small bodies are left whole.
    pub fn retain(&mut self, max_bytes: usize) {
        if self.body.len() > max_bytes {
            self.body = truncate(&self.body, max_bytes);
            self.json = None;
        }
        if let Some(body) = &mut self.request_body
            && body.len() > max_bytes
        {
            *body = truncate(body, max_bytes);
        }
    }

    /// The `detail` of a SCIM Error response body.
    fn error_detail(&self) -> Option<&str> {
        let json = self.json.as_ref()?;
        let is_error = json
            .get("schemas")
            .and_then(Value::as_array)
            .is_some_and(|s| s.iter().any(|u| u.as_str() == Some(ERROR_SCHEMA)));
        json.get("detail")
            .and_then(Value::as_str)
            .filter(|_| is_error)
    }
}

/// `404 Not Found`; an unknown code is shown bare.
pub fn status_text(code: u16) -> String {
    match reqwest::StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("{code} {reason}"),
        None => code.to_string(),
    }
}

/// The first `max` bytes of `text` (on a char boundary), with `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn truncation_respects_char_boundaries() {
        assert_eq!(truncate("héllo", 2), "h…");
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(status_text(201), "201 Created");
    }
}
