//! Keeping the bearer token out of everything the harness writes out, and only there.
//!
//! Checks, templates and snapshots read exchanges exactly as received: a token such as `test` or
//! `user` is also an ordinary word, and masking it inside data turns a correct server's answers
//! into false failures. Redaction happens where text leaves the process (failure texts, reports,
//! evidence files), and it redacts the credential, not substrings:
//!
//! - an `Authorization` value is always shown as `Bearer ***` (or `***`);
//! - anywhere else the token is replaced only where it stands as a whole token: not adjacent to a
//!   letter, a digit or one of `-._~+` (the word characters of RFC 6750 §2.1 `b64token`; its `/`
//!   and `=` also separate URL parts, so they count as boundaries), so `test` inside
//!   `testuser.com` or `com` in `example.com` stay as they are, while `?t=<token>` is masked.
//!
//! A response that carries the token as a whole token where the request did not send it is the
//! target echoing the credential: a finding the summary reports, not something to hide silently.

use std::borrow::Cow;

use crate::config::Secret;

use super::exchange::Exchange;

/// What stands in for the token.
pub const MASK: &str = "***";

/// The shortest token whose bare appearance in a response counts as an echo of the credential.
pub const ECHO_MIN_TOKEN_LEN: usize = 16;

/// Redacts one run's token (see the module docs).
#[derive(Clone, Debug)]
pub struct Redactor {
    token: Secret,
}

/// A word character of a bearer token (RFC 6750 §2.1 `b64token`, less the URL separators).
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '+')
}

impl Redactor {
    pub fn new(token: Secret) -> Self {
        Redactor { token }
    }

    /// Byte ranges where the token stands as a whole token in `text`.
    fn whole_occurrences<'t>(&self, text: &'t str) -> impl Iterator<Item = usize> + 't {
        let token = self.token.expose().to_owned();
        let len = token.len();
        let mut from = 0;
        std::iter::from_fn(move || {
            if len == 0 {
                return None;
            }
            while let Some(pos) = text.get(from..).and_then(|rest| rest.find(&token)) {
                let start = from + pos;
                let end = start + len;
                from = start + 1;
                while !text.is_char_boundary(from) {
                    from += 1;
                }
                let before = text[..start].chars().next_back();
                let after = text[end..].chars().next();
                if !before.is_some_and(is_token_char) && !after.is_some_and(is_token_char) {
                    from = end;
                    return Some(start);
                }
            }
            None
        })
    }

    /// Whether the token stands as a whole token in `text`.
    pub fn occurs_in(&self, text: &str) -> bool {
        self.whole_occurrences(text).next().is_some()
    }

    /// `text` with every whole-token occurrence of the token replaced by [`MASK`].
    pub fn text<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let starts: Vec<usize> = self.whole_occurrences(text).collect();
        if starts.is_empty() {
            return Cow::Borrowed(text);
        }
        let len = self.token.expose().len();
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for start in starts {
            out.push_str(&text[copied..start]);
            out.push_str(MASK);
            copied = start + len;
        }
        out.push_str(&text[copied..]);
        Cow::Owned(out)
    }

    /// An owned redacted copy of `text`.
    pub fn string(&self, text: &str) -> String {
        self.text(text).into_owned()
    }

    /// A copy of `exchange` fit to be written out: the token masked wherever it stands whole.
    /// (The `Authorization` header was recorded masked already; see [`authorization`].)
    pub fn exchange(&self, exchange: &Exchange) -> Exchange {
        let headers = |list: &[(String, String)]| {
            list.iter()
                .map(|(n, v)| (n.clone(), self.string(v)))
                .collect()
        };
        Exchange {
            url: self.string(&exchange.url),
            request_headers: headers(&exchange.request_headers),
            request_body: exchange.request_body.as_deref().map(|b| self.string(b)),
            response_headers: headers(&exchange.response_headers),
            body: self.string(&exchange.body),
            // The JSON is re-read from the redacted text: a masked value must not survive in it.
            json: if self.occurs_in(&exchange.body) {
                serde_json::from_str(&self.text(&exchange.body)).ok()
            } else {
                exchange.json.clone()
            },
            ..exchange.clone()
        }
    }

    /// Whether the response carries the credential where the request did not send it: the whole
    /// `Bearer <token>` value anywhere, or, for a token of [`ECHO_MIN_TOKEN_LEN`] characters or
    /// more, the token as a whole token. A shorter token (`test`, `user`) is also an ordinary word
    /// that data may hold; reporting it would be a false finding. `WWW-Authenticate` is left out:
    /// its scheme word (`Bearer`) is a name, not the credential.
    pub fn echoed_by(&self, exchange: &Exchange) -> bool {
        let credential = format!("Bearer {}", self.token.expose());
        let response_texts = || {
            std::iter::once(exchange.body.as_str()).chain(
                exchange
                    .response_headers
                    .iter()
                    .filter(|(n, _)| !n.eq_ignore_ascii_case("www-authenticate"))
                    .map(|(_, v)| v.as_str()),
            )
        };
        if response_texts().any(|t| t.contains(&credential)) {
            return true;
        }
        if self.token.expose().len() < ECHO_MIN_TOKEN_LEN {
            return false;
        }
        let sent = self.occurs_in(&exchange.url)
            || exchange
                .request_body
                .as_deref()
                .is_some_and(|b| self.occurs_in(b));
        !sent && response_texts().any(|t| self.occurs_in(t))
    }
}

/// What an `Authorization` value looks like in evidence: `Bearer ***` or `***`.
pub fn authorization(value: &str) -> String {
    match value.split_once(' ') {
        Some((scheme, _)) => format!("{scheme} {MASK}"),
        None => MASK.to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn r(token: &str) -> Redactor {
        Redactor::new(Secret::new(token))
    }

    #[test]
    fn only_whole_tokens_are_masked() {
        assert_eq!(
            r("test").text("Test_User_x@testuser.com test"),
            "Test_User_x@testuser.com ***"
        );
        assert_eq!(r("com").text("a@example.com"), "a@example.com");
        assert_eq!(r("e").text("\"e\": \"three\""), "\"***\": \"three\"");
        assert_eq!(
            r("user").text("\"userName\":\"user\""),
            "\"userName\":\"***\""
        );
        assert_eq!(
            r("secret").text("x.secret@example.com"),
            "x.secret@example.com"
        );
        assert_eq!(r("Bearer").text("Bearer realm"), "*** realm");
        assert_eq!(r("abc").text("abc abc,abcd"), "*** ***,abcd");
        assert_eq!(r("t0k").text("é t0k é"), "é *** é");
    }

    #[test]
    fn a_run_id_that_starts_with_the_token_is_left_alone() {
        assert_eq!(r("sh12").text("sh12ab34.alice@x"), "sh12ab34.alice@x");
    }

    #[test]
    fn authorization_values_are_always_masked() {
        assert_eq!(authorization("Bearer abc"), "Bearer ***");
        assert_eq!(authorization("abc"), "***");
    }

    fn exchange(url: &str, body: &str, headers: &[(&str, &str)]) -> Exchange {
        Exchange {
            method: "GET".into(),
            url: url.into(),
            request_headers: Vec::new(),
            request_body: None,
            started: std::time::SystemTime::UNIX_EPOCH,
            status: 200,
            response_headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.into(),
            body_size: body.len(),
            json: serde_json::from_str(body).ok(),
            elapsed: std::time::Duration::ZERO,
        }
    }

    #[test]
    fn an_echo_is_the_token_in_the_response_that_the_request_did_not_send() {
        let red = r("0123456789abcdef");
        assert!(red.echoed_by(&exchange("/Users", "{\"t\":\"0123456789abcdef\"}", &[])));
        assert!(!red.echoed_by(&exchange(
            "/Users?filter=userName eq \"0123456789abcdef\"",
            "{\"t\":\"0123456789abcdef\"}",
            &[]
        )));
        // A short token is also a word: only the whole `Bearer <token>` value is an echo.
        assert!(!r("user").echoed_by(&exchange("/Users", "{\"type\":\"user\"}", &[])));
        assert!(r("user").echoed_by(&exchange("/Users", "{\"h\":\"Bearer user\"}", &[])));
        let bearer = r("Bearer");
        assert!(!bearer.echoed_by(&exchange(
            "/Users",
            "",
            &[("www-authenticate", "Bearer realm=\"scim\"")]
        )));
        let masked = red.exchange(&exchange("/Users", "{\"t\":\"0123456789abcdef\"}", &[]));
        assert_eq!(masked.json.unwrap()["t"], "***");
    }
}
