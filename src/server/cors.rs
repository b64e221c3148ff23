//! The CORS rule for browser apps (Fetch standard, CORS protocol), the one home of the header
//! lists: the SCIM pipeline applies it to every answer, the fault injector to its own, and the
//! connection guard to the refusals it writes itself.
//!
//! The request headers a SCIM call carries are listed by name (the `*` wildcard does not cover
//! `Authorization`), the response headers a client reads (`ETag`, `Location`, …) are exposed,
//! and preflights are cached for [`CORS_MAX_AGE`]. Any origin unless `--cors-origin` names
//! some; no cookies are involved (the token is a header). Every header value is built once,
//! when the server starts: answering adds them without allocating.

use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::response::Response;

/// How long a browser may cache a preflight answer.
pub const CORS_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(600);

/// The methods a preflight allows.
const ALLOW_METHODS: &str = "GET,POST,PUT,PATCH,DELETE";

/// The request headers a preflight allows; `prefer` carries `Prefer: scim-fault=…`, a browser
/// test asking the mock for a fault (`mock::faults`).
const ALLOW_HEADERS: &str = "authorization,content-type,if-match,if-none-match,accept,prefer";

/// The response headers a script may read: `www-authenticate` of a 401, and `retry-after` and
/// `preference-applied` of an injected 429 (`mock::faults`).
const EXPOSE_HEADERS: &str = "etag,location,www-authenticate,retry-after,preference-applied";

/// Every answer depends on these request headers (what a cache must key on).
const VARY: &str = "origin, access-control-request-method, access-control-request-headers";

/// The CORS headers of one server, built once.
#[derive(Clone, Debug)]
pub struct Cors {
    /// `None`: any origin (`Access-Control-Allow-Origin: *`); else the origins allowed, each
    /// echoed back when a request comes from it.
    origins: Option<Vec<HeaderValue>>,
    max_age: HeaderValue,
}

impl Cors {
    /// Any origin when `origins` is empty (`--cors-origin` not given).
    pub fn new(origins: &[String]) -> Self {
        let origins = (!origins.is_empty()).then(|| {
            origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o).ok())
                .collect()
        });
        Cors {
            origins,
            max_age: HeaderValue::from(CORS_MAX_AGE.as_secs()),
        }
    }

    /// Every `OPTIONS` request is a preflight: it is answered here, before authentication
    /// (a browser sends no token with it).
    pub fn preflight(&self, request: &HeaderMap) -> Response {
        let mut response = Response::default();
        let headers = response.headers_mut();
        headers.insert(header::VARY, HeaderValue::from_static(VARY));
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOW_METHODS),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOW_HEADERS),
        );
        headers.insert(header::ACCESS_CONTROL_MAX_AGE, self.max_age.clone());
        if let Some(origin) = self.allowed_origin(request.get(header::ORIGIN)) {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        }
        response
    }

    /// Add the CORS headers of an actual request's answer; `origin` is the request's `Origin`.
    pub fn decorate(&self, origin: Option<&HeaderValue>, response: &mut Response) {
        let headers = response.headers_mut();
        // A Vary the answer already has is kept: the lists add up.
        headers.append(header::VARY, HeaderValue::from_static(VARY));
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSE_HEADERS),
        );
        if let Some(allowed) = self.allowed_origin(origin) {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
        }
    }

    /// The CORS header lines (each ending `\r\n`) of an answer written as raw bytes: the
    /// connection guard's refusals of heads that never became a request. `origin` is the
    /// `Origin` field if it arrived before the refusal; without it only a wildcard can be sent,
    /// so the script behind a listed origin sees a network error rather than the SCIM Error.
    pub fn raw_lines(&self, origin: Option<&[u8]>) -> String {
        let mut out =
            format!("vary: {VARY}\r\naccess-control-expose-headers: {EXPOSE_HEADERS}\r\n");
        let origin = origin.and_then(|o| HeaderValue::from_bytes(o).ok());
        if let Some(allowed) = self.allowed_origin(origin.as_ref())
            && let Ok(allowed) = allowed.to_str()
        {
            out.push_str("access-control-allow-origin: ");
            out.push_str(allowed);
            out.push_str("\r\n");
        }
        out
    }

    fn allowed_origin(&self, origin: Option<&HeaderValue>) -> Option<HeaderValue> {
        match &self.origins {
            None => Some(HeaderValue::from_static("*")),
            Some(list) => origin.filter(|o| list.contains(o)).cloned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
        response.headers().get(name).and_then(|v| v.to_str().ok())
    }

    #[test]
    fn a_listed_origin_is_echoed_and_another_gets_no_allow_origin() {
        let cors = Cors::new(&["https://app.example".to_owned()]);
        let mut request = HeaderMap::new();
        request.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://app.example"),
        );
        let preflight = cors.preflight(&request);
        assert_eq!(
            header(&preflight, "access-control-allow-origin"),
            Some("https://app.example")
        );
        let mut answer = Response::default();
        cors.decorate(
            Some(&HeaderValue::from_static("https://evil.example")),
            &mut answer,
        );
        assert_eq!(header(&answer, "access-control-allow-origin"), None);
        assert_eq!(
            header(&answer, "access-control-expose-headers"),
            Some(EXPOSE_HEADERS)
        );
        let raw = cors.raw_lines(Some(b"https://app.example"));
        assert!(raw.contains("access-control-allow-origin: https://app.example\r\n"));
        for unknown in [Some(&b"https://evil.example"[..]), None] {
            assert!(!cors.raw_lines(unknown).contains("allow-origin"));
        }
    }

    #[test]
    fn any_origin_is_a_wildcard_and_an_answers_own_vary_is_kept() {
        let cors = Cors::new(&[]);
        let mut answer = Response::default();
        answer
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("accept"));
        cors.decorate(None, &mut answer);
        assert_eq!(header(&answer, "access-control-allow-origin"), Some("*"));
        let vary: Vec<_> = answer.headers().get_all(header::VARY).iter().collect();
        assert!(
            cors.raw_lines(None)
                .contains("access-control-allow-origin: *\r\n")
        );
        assert_eq!(vary, ["accept", VARY]);
        let preflight = cors.preflight(&HeaderMap::new());
        assert_eq!(header(&preflight, "access-control-max-age"), Some("600"));
        assert_eq!(
            header(&preflight, "access-control-allow-methods"),
            Some(ALLOW_METHODS)
        );
        assert_eq!(
            header(&preflight, "access-control-allow-headers"),
            Some(ALLOW_HEADERS)
        );
    }
}
