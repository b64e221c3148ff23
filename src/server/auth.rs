//! Bearer-token authentication (RFC 6750 §2.1) as an axum middleware.
//!
//! Accepted: `Authorization: Bearer <token>` (scheme in any case) and, unless the server is
//! strict, the bare token (Okta's "HTTP Header" mode sends what the admin typed). Tokens are
//! compared in constant time and never logged; anything else is 401 with a SCIM Error and
//! `WWW-Authenticate: Bearer realm="scim-harness"`.

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use super::error::ApiError;
use super::state::AppState;
use crate::config::Auth;
use crate::scim::{Compliance, ScimType, Tolerance};

pub async fn require_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let Auth::Token(secret) = state.auth() else {
        return next.run(request).await;
    };
    let Some(value) = request.headers().get(header::AUTHORIZATION) else {
        return ApiError::Unauthorized(
            "missing Authorization header: send `Authorization: Bearer <token>`".into(),
        )
        .into_response();
    };
    let presented = value
        .to_str()
        .ok()
        .and_then(|v| token_of(v, state.compliance()));
    let ok = presented.is_some_and(|t| bool::from(t.as_bytes().ct_eq(secret.expose().as_bytes())));
    if !ok {
        let bare = value.to_str().is_ok_and(|v| {
            let v = v.trim();
            !v.is_empty() && !v.contains(char::is_whitespace)
        });
        // Saying the scheme is missing reveals nothing about the token itself.
        let detail = if bare && state.compliance() == Compliance::Strict {
            Tolerance::BareToken
                .refusal("the Authorization header has no Bearer scheme")
                .into()
        } else {
            "invalid bearer token".into()
        };
        return ApiError::Unauthorized(detail).into_response();
    }
    next.run(request).await
}

/// The token in an `Authorization` value: after `Bearer ` (any case), or the whole value when
/// tolerant and it has no scheme.
fn token_of(value: &str, compliance: Compliance) -> Option<&str> {
    let value = value.trim();
    match value.split_once(char::is_whitespace) {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => Some(rest.trim()),
        Some(_) => None,
        None if !value.is_empty() => compliance
            .tolerate(Tolerance::BareToken, ScimType::InvalidValue, String::new)
            .ok()
            .map(|()| value),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_in_any_case_and_bare_tokens_when_tolerant() {
        assert_eq!(token_of("Bearer abc", Compliance::Tolerant), Some("abc"));
        assert_eq!(token_of("bearer  abc ", Compliance::Strict), Some("abc"));
        assert_eq!(token_of("abc", Compliance::Tolerant), Some("abc"));
        assert_eq!(token_of("abc", Compliance::Strict), None);
        assert_eq!(token_of("Basic abc", Compliance::Tolerant), None);
        assert_eq!(token_of("", Compliance::Tolerant), None);
    }
}
