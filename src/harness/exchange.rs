//! One HTTP exchange with the target, kept as evidence: request, response and timing.
//!
//! Exchanges are recorded redacted (the bearer token never enters one), so anything that prints or
//! stores them — failure messages, reports, a later snapshot layer — is safe by construction.

use std::fmt::Write as _;
use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::scim::schema::ERROR_SCHEMA;

/// How much of a response body a failure message quotes.
pub const EVIDENCE_BYTES: usize = 300;
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
    pub status: u16,
    /// The response headers (lower-case names, in arrival order).
    pub response_headers: Vec<(String, String)>,
    /// The response body as text (lossy UTF-8).
    pub body: String,
    /// The body parsed as JSON, when it is JSON.
    pub json: Option<Value>,
    /// When the request was sent (wall clock: HAR's `startedDateTime`).
    pub started: SystemTime,
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
        if self.body.len() > EVIDENCE_BYTES {
            let _ = write!(out, " ({} bytes, truncated)", self.body.len());
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

/// Replace every occurrence of the secret in `text` by `***` (a server may echo the token).
pub fn redact(text: &str, secret: &str) -> String {
    if secret.len() < 4 || !text.contains(secret) {
        return text.to_owned();
    }
    text.replace(secret, "***")
}

/// What an `Authorization` value looks like in evidence: `Bearer ***` or `***`.
pub fn redact_authorization(value: &str) -> String {
    match value.split_once(' ') {
        Some((scheme, _)) => format!("{scheme} ***"),
        None => "***".to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn authorization_values_are_redacted() {
        assert_eq!(redact_authorization("Bearer abc"), "Bearer ***");
        assert_eq!(redact_authorization("abc"), "***");
        assert_eq!(redact("token=secret1", "secret1"), "token=***");
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        assert_eq!(truncate("héllo", 2), "h…");
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(status_text(201), "201 Created");
    }
}
