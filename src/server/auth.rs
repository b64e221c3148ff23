//! Bearer-token authentication (RFC 6750 §2.1), checked by the SCIM pipeline ([`super::pipeline`]).
//!
//! Accepted: `Authorization: Bearer <token>` (scheme in any case) and, unless the server is
//! strict, the bare token (Okta's "HTTP Header" mode sends what the admin typed) and the token
//! after another scheme word than `Bearer` (tolerance `auth-scheme`: Ping lets the admin choose
//! the word, `oauth2` or a custom one, docs/idp/ping.md §0.3). `Basic` is never read as a
//! token: its credentials are `user:password` (RFC 7617). Tokens are
//! compared in constant time and never logged; anything else is 401 with a SCIM Error and
//! `WWW-Authenticate: Bearer realm="scim-harness"`.

use axum::http::{HeaderMap, HeaderValue, header};

use super::error::ApiError;
use super::state::AppState;
use crate::config::Auth;
use crate::scim::{Compliance, ScimType, Tolerance};

/// What an `Authorization` value presents: the one parser of that header, for the SCIM API's
/// check, the choice of tenant, the journal and the admin API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credentials<'a> {
    /// `Bearer <token>`, the scheme in any case (RFC 6750 §2.1).
    Bearer(&'a str),
    /// A value without a scheme word: Okta's "HTTP Header" mode sends what the admin typed
    /// (tolerance `bare-token`).
    Bare(&'a str),
    /// `<word> <token>` with a word other than `Bearer` or `Basic`: Ping's custom scheme word
    /// (tolerance `auth-scheme`).
    OtherScheme(&'a str),
    /// Nothing usable: `Basic` credentials (`user:password`, RFC 7617, never a token), a lone
    /// scheme word, an empty value, or a value that is not visible ASCII.
    Unusable,
}

impl<'a> Credentials<'a> {
    /// The request's credentials; `None` when it has no `Authorization` header.
    pub fn in_headers(headers: &'a HeaderMap) -> Option<Self> {
        headers.get(header::AUTHORIZATION).map(Self::of_header)
    }

    /// One header value's credentials.
    pub fn of_header(value: &'a HeaderValue) -> Self {
        value.to_str().map_or(Credentials::Unusable, Self::of)
    }

    /// One `Authorization` value's credentials.
    pub fn of(value: &'a str) -> Self {
        let value = value.trim();
        match value.split_once(char::is_whitespace) {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => match rest.trim() {
                "" => Credentials::Unusable,
                token => Credentials::Bearer(token),
            },
            Some((scheme, _)) if scheme.eq_ignore_ascii_case("basic") => Credentials::Unusable,
            Some((_, rest)) => match rest.trim() {
                token if !token.is_empty() && !token.contains(char::is_whitespace) => {
                    Credentials::OtherScheme(token)
                }
                _ => Credentials::Unusable,
            },
            None if value.is_empty() || value.eq_ignore_ascii_case("bearer") => {
                Credentials::Unusable
            }
            None => Credentials::Bare(value),
        }
    }

    /// The token presented, in whatever form: which tenant it names, what the journal shows.
    pub fn presented(self) -> Option<&'a str> {
        match self {
            Credentials::Bearer(t) | Credentials::Bare(t) | Credentials::OtherScheme(t) => Some(t),
            Credentials::Unusable => None,
        }
    }

    /// The token the SCIM API reads from these credentials under `compliance`: a bearer token
    /// always, the other forms only when tolerant.
    pub fn accepted(self, compliance: Compliance) -> Option<&'a str> {
        let tolerance = match self {
            Credentials::Bearer(t) => return Some(t),
            Credentials::Bare(_) => Tolerance::BareToken,
            Credentials::OtherScheme(_) => Tolerance::AuthScheme,
            Credentials::Unusable => return None,
        };
        compliance
            .tolerate(tolerance, ScimType::InvalidValue, String::new)
            .ok()
            .and_then(|()| self.presented())
    }
}

/// Check the request's credentials: `Err` is the 401 to answer instead.
pub fn check(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Auth::Token(secret) = state.auth() else {
        return Ok(());
    };
    let Some(credentials) = Credentials::in_headers(headers) else {
        return Err(ApiError::Unauthorized(
            "missing Authorization header: send `Authorization: Bearer <token>`".into(),
        ));
    };
    let compliance = state.compliance();
    if credentials
        .accepted(compliance)
        .is_some_and(|t| secret.matches(t))
    {
        return Ok(());
    }
    // Saying the scheme is missing or another reveals nothing about the token itself.
    let detail = match (credentials, compliance) {
        (Credentials::Bare(_), Compliance::Strict) => Tolerance::BareToken
            .refusal("the Authorization header has no Bearer scheme")
            .into(),
        (Credentials::OtherScheme(_), Compliance::Strict) => Tolerance::AuthScheme
            .refusal("the Authorization scheme is not Bearer")
            .into(),
        _ => "invalid bearer token".into(),
    };
    Err(ApiError::Unauthorized(detail))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token_of(value: &str, compliance: Compliance) -> Option<&str> {
        Credentials::of(value).accepted(compliance)
    }

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
        assert_eq!(Credentials::of("Bearer abc"), Credentials::Bearer("abc"));
        assert_eq!(
            Credentials::of("oauth2 abc"),
            Credentials::OtherScheme("abc")
        );
    }

    #[test]
    fn basic_credentials_and_lone_scheme_words_present_no_token() {
        for value in ["Basic dXNlcjpwdw==", "Bearer", "bearer   ", "", "   "] {
            assert_eq!(Credentials::of(value), Credentials::Unusable, "{value:?}");
            assert_eq!(Credentials::of(value).presented(), None, "{value:?}");
        }
        let not_text = HeaderValue::from_bytes(b"Bearer \xff").expect("obs-text is a valid value");
        assert_eq!(Credentials::of_header(&not_text), Credentials::Unusable);
    }

    #[test]
    fn every_form_presents_its_token_for_choosing_a_tenant() {
        assert_eq!(Credentials::of("Bearer t1").presented(), Some("t1"));
        assert_eq!(Credentials::of("t1").presented(), Some("t1"));
        assert_eq!(Credentials::of("oauth2 t1").presented(), Some("t1"));
    }
}
