//! Request extractors that answer SCIM Errors instead of axum's plain-text rejections: the
//! JSON body (media type, size limit, syntax with line and column), the resource id, the
//! query string, the conditional headers, and the base URL used in `meta.location`.

use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use http_body_util::BodyExt as _;
use serde_json::Value;

use super::conn::body::BodyTimeout;
use super::error::ApiError;
use super::pipeline::RoutedId;
use super::state::AppState;
use crate::scim::ScimError;

pub use super::limits::MAX_BODY_BYTES;

/// A JSON request body sent as `application/scim+json` or `application/json` (any
/// parameters, any case) or without a `Content-Type`; another media type is 415.
#[derive(Debug)]
pub struct ScimBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for ScimBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        if let Some(ct) = req.headers().get(header::CONTENT_TYPE) {
            let ct = ct.to_str().unwrap_or("");
            let essence = ct
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if essence != "application/scim+json" && essence != "application/json" {
                return Err(ScimError::new(
                    415,
                    None,
                    format!(
                        "unsupported Content-Type {ct:?}: send the body as application/scim+json \
                         (or application/json)"
                    ),
                )
                .into());
            }
        }
        let bytes = http_body_util::Limited::new(req.into_body(), MAX_BODY_BYTES)
            .collect()
            .await
            .map_err(|e| {
                if let Some(timeout) = BodyTimeout::in_chain(&*e) {
                    ScimError::new(408, None, timeout.to_string())
                } else if e.is::<http_body_util::LengthLimitError>() {
                    ScimError::too_large(format!(
                        "the request body exceeds the limit of {MAX_BODY_BYTES} bytes"
                    ))
                } else {
                    ScimError::invalid_syntax(format!("cannot read the request body: {e}"))
                }
            })?
            .to_bytes();
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
            ScimError::invalid_syntax(format!("the request body is not valid JSON: {e}"))
        })?;
        Ok(ScimBody(value))
    }
}

/// The `{id}` path segment.
#[derive(Debug)]
pub struct ResourceId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ResourceId {
    type Rejection = ApiError;

    /// The segment the SCIM pipeline routed on ([`RoutedId`]).
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.remove::<RoutedId>() {
            Some(RoutedId(id)) => Ok(ResourceId(id)),
            None => Err(ApiError::not_found(
                "no such resource: the path names no id",
            )),
        }
    }
}

/// The query string as decoded pairs (`+` and `%20` are spaces). Parameter names are matched
/// without regard to case; unknown parameters (Entra's `aadOptscim062020`) are ignored.
#[derive(Debug, Default)]
pub struct QueryParams(pub Vec<(String, String)>);

impl QueryParams {
    /// The first value of parameter `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(pairs) = Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|r| {
                ScimError::invalid_syntax(format!(
                    "cannot decode the query string: {}",
                    r.body_text()
                ))
            })?;
        Ok(QueryParams(pairs))
    }
}

/// `If-Match` / `If-None-Match` (RFC 7232), compared weakly as RFC 7644 §3.14 versions are.
#[derive(Debug, Default)]
pub struct Conditions {
    pub if_match: Option<String>,
    pub if_none_match: Option<String>,
}

impl Conditions {
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let get = |name| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        Conditions {
            if_match: get(header::IF_MATCH),
            if_none_match: get(header::IF_NONE_MATCH),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Conditions {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // A precondition the server cannot evaluate is never dropped (RFC 9110 §13.1.1): the
        // request is refused before anything is read or written.
        for name in [header::IF_MATCH, header::IF_NONE_MATCH] {
            for value in parts.headers.get_all(&name) {
                if !is_entity_tag_list(value.as_bytes()) {
                    return Err(ScimError::invalid_syntax(format!(
                        "{name} {:?} is not `*` or a list of entity-tags such as W/\"3\" \
                         (RFC 9110 §13.1.1, §8.8.3); nothing was changed",
                        String::from_utf8_lossy(value.as_bytes())
                    ))
                    .into());
                }
            }
        }
        Ok(Conditions::from_headers(&parts.headers))
    }
}

/// `*`, or `1#entity-tag` with `entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE` (RFC 9110 §8.8.3),
/// limited to visible ASCII: our versions are ASCII, and a header we cannot read as text is
/// one we cannot evaluate.
fn is_entity_tag_list(value: &[u8]) -> bool {
    let Ok(value) = std::str::from_utf8(value) else {
        return false;
    };
    if value.trim() == "*" {
        return true;
    }
    let mut any = false;
    for tag in value.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let opaque = tag.strip_prefix("W/").unwrap_or(tag);
        let ok = opaque.len() >= 2
            && opaque.starts_with('"')
            && opaque.ends_with('"')
            && opaque[1..opaque.len() - 1]
                .bytes()
                .all(|b| b == 0x21 || (0x23..=0x7e).contains(&b));
        if !ok {
            return false;
        }
        any = true;
    }
    any
}

/// Does the tag list of a conditional header (`*` or `W/"1", "2"`) name `etag`? Weak
/// comparison: `W/"1"` and `"1"` are the same version.
pub fn etag_listed(list: &str, etag: &str) -> bool {
    let opaque = |t: &str| {
        t.trim()
            .trim_start_matches("W/")
            .trim_start_matches("w/")
            .to_owned()
    };
    let ours = opaque(etag);
    list.split(',')
        .any(|t| t.trim() == "*" || opaque(t) == ours)
}

/// The absolute base URL of the SCIM API as the client addressed it: scheme (from
/// `X-Forwarded-Proto`, else http), the `Host` header (or the bound address), the base path.
#[derive(Clone, Debug)]
pub struct BaseUrl(pub String);

impl FromRequestParts<AppState> for BaseUrl {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(BaseUrl(base_url(&parts.headers, state)))
    }
}

pub fn base_url(headers: &HeaderMap, state: &AppState) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| is_authority(h));
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
    {
        Some(p) if p.trim().eq_ignore_ascii_case("https") => "https",
        _ => "http",
    };
    // One allocation: every request that renders a resource builds its base URL.
    let base = state.base_path();
    let mut url = String::with_capacity(host.map_or(32, str::len) + scheme.len() + 3 + base.len());
    match host {
        Some(h) => {
            url.push_str(scheme);
            url.push_str("://");
            url.push_str(h);
        }
        None => url.push_str(state.bound_origin().unwrap_or("http://localhost")),
    }
    url.push_str(base);
    url
}

/// A `Host` value safe to echo into URLs: `name`, `name:port`, `[v6]:port`.
fn is_authority(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 255
        && h.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']' | b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_compare_weakly_and_star_matches() {
        assert!(etag_listed("W/\"3\"", "W/\"3\""));
        assert!(etag_listed("\"3\"", "W/\"3\""));
        assert!(etag_listed("W/\"1\", W/\"3\"", "W/\"3\""));
        assert!(etag_listed("*", "W/\"3\""));
        assert!(!etag_listed("W/\"2\"", "W/\"3\""));
    }

    #[test]
    fn conditional_headers_must_be_entity_tag_lists() {
        for ok in [&b"*"[..], b"W/\"3\"", b"\"3\"", b"W/\"1\", \"2\""] {
            assert!(is_entity_tag_list(ok), "{ok:?}");
        }
        for bad in [
            &b""[..],
            b"3",
            b"W/3",
            b"\"3",
            b"\"\xc3\xa9\"",
            b"\xff",
            b"*, \"1\"",
            b"\"a b\"",
        ] {
            assert!(!is_entity_tag_list(bad), "{bad:?}");
        }
    }

    #[test]
    fn only_plain_authorities_are_echoed() {
        assert!(is_authority("localhost:8080"));
        assert!(is_authority("[::1]:80"));
        assert!(!is_authority("evil.com/x?"));
        assert!(!is_authority("a b"));
    }
}
