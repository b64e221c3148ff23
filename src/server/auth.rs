//! Bearer-token authentication (RFC 6750 §2.1), checked by the SCIM pipeline ([`super::pipeline`]).
//!
//! Accepted: `Authorization: Bearer <token>` (scheme in any case) and, unless the server is
//! strict, the bare token (Okta's "HTTP Header" mode sends what the admin typed) and the token
//! after another scheme word than `Bearer` (tolerance `auth-scheme`: Ping lets the admin choose
//! the word, `oauth2` or a custom one, docs/idp/ping.md §0.3). `Basic` is never read as a
//! token: its credentials are `user:password` (RFC 7617). Tokens are
//! compared in constant time and never logged; anything else is 401 with a SCIM Error and
//! `WWW-Authenticate: Bearer realm="scim-harness"`.

use axum::http::{HeaderMap, header};
use subtle::ConstantTimeEq;

use super::error::ApiError;
use super::state::AppState;
use crate::config::Auth;
use crate::scim::{Compliance, ScimType, Tolerance};

/// Check the request's credentials: `Err` is the 401 to answer instead.
pub fn check(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Auth::Token(secret) = state.auth() else {
        return Ok(());
    };
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::Unauthorized(
            "missing Authorization header: send `Authorization: Bearer <token>`".into(),
        ));
    };
    let presented = value
        .to_str()
        .ok()
        .and_then(|v| token_of(v, state.compliance()));
    let ok = presented.is_some_and(|t| bool::from(t.as_bytes().ct_eq(secret.expose().as_bytes())));
    if ok {
        return Ok(());
    }
    let bare = value.to_str().is_ok_and(|v| {
        let v = v.trim();
        !v.is_empty() && !v.contains(char::is_whitespace)
    });
    // Saying the scheme is missing reveals nothing about the token itself.
    let other_scheme = value.to_str().is_ok_and(|v| other_scheme(v).is_some());
    let detail = if bare && state.compliance() == Compliance::Strict {
        Tolerance::BareToken
            .refusal("the Authorization header has no Bearer scheme")
            .into()
    } else if other_scheme && state.compliance() == Compliance::Strict {
        Tolerance::AuthScheme
            .refusal("the Authorization scheme is not Bearer")
            .into()
    } else {
        "invalid bearer token".into()
    };
    Err(ApiError::Unauthorized(detail))
}

/// The credentials after a scheme word that is neither `Bearer` nor `Basic` (`oauth2 <token>`).
fn other_scheme(value: &str) -> Option<&str> {
    let (scheme, rest) = value.trim().split_once(char::is_whitespace)?;
    let rest = rest.trim();
    let named = ["bearer", "basic"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s));
    (!named && !rest.is_empty() && !rest.contains(char::is_whitespace)).then_some(rest)
}

/// The token in an `Authorization` value: after `Bearer ` (any case), or, when tolerant, the
/// whole value if it has no scheme and the credentials after another scheme word than `Basic`.
fn token_of(value: &str, compliance: Compliance) -> Option<&str> {
    let value = value.trim();
    match value.split_once(char::is_whitespace) {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => Some(rest.trim()),
        Some(_) => other_scheme(value).filter(|_| {
            compliance
                .tolerate(Tolerance::AuthScheme, ScimType::InvalidValue, String::new)
                .is_ok()
        }),
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

    #[test]
    fn other_scheme_words_only_when_tolerant_and_never_basic() {
        assert_eq!(token_of("oauth2 abc", Compliance::Tolerant), Some("abc"));
        assert_eq!(token_of("MyScheme  abc", Compliance::Tolerant), Some("abc"));
        assert_eq!(token_of("oauth2 abc", Compliance::Strict), None);
        assert_eq!(token_of("basic abc", Compliance::Tolerant), None);
        assert_eq!(token_of("oauth2 a b", Compliance::Tolerant), None);
        assert_eq!(other_scheme("Bearer abc"), None);
        assert_eq!(other_scheme("oauth2 abc"), Some("abc"));
    }
}
