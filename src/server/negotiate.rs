//! Content negotiation of the response media type (RFC 7644 §3.8, RFC 9110 §12.5.1).
//!
//! Every handler answers `application/scim+json`. A client whose `Accept` admits
//! `application/json` but not `application/scim+json` (not even through `application/*` or
//! `*/*`) gets the same body labelled `application/json`: RFC 7644 §3.8 says servers SHOULD
//! support `Accept: application/json`, and OneLogin documents that every response it reads must
//! be `application/json` (docs/idp/onelogin.md §0.3). Without an `Accept`, or when the SCIM type
//! is acceptable, nothing changes. This is RFC behaviour, not a tolerance: `--strict` does it too.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;

use super::error::SCIM_JSON;

/// The plain JSON media type some clients ask for instead of SCIM's.
pub const PLAIN_JSON: &str = "application/json";

/// Does the `Accept` value admit only `application/json` of the two JSON types?
pub fn wants_plain_json(accept: &str) -> bool {
    let mut scim = false;
    let mut plain = false;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        // `q=0` means "not acceptable" (RFC 9110 §12.4.2).
        let refused = parts.any(|p| {
            p.split_once('=').is_some_and(|(k, v)| {
                k.trim().eq_ignore_ascii_case("q")
                    && v.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)
            })
        });
        if refused {
            continue;
        }
        match essence.as_str() {
            "application/scim+json" | "application/*" | "*/*" => scim = true,
            "application/json" => plain = true,
            _ => {}
        }
    }
    plain && !scim
}

/// Whether the request's `Accept` admits only plain JSON (every `Accept` header counted).
pub fn request_wants_plain_json(headers: &HeaderMap) -> bool {
    let mut accept = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok());
    match (accept.next(), accept.next()) {
        (None, _) => false,
        (Some(one), None) => wants_plain_json(one),
        (Some(first), Some(second)) => {
            let all = [first, second]
                .into_iter()
                .chain(accept)
                .collect::<Vec<_>>();
            wants_plain_json(&all.join(","))
        }
    }
}

/// Relabel an `application/scim+json` response `application/json` (for a request that
/// [`request_wants_plain_json`]).
pub fn relabel_plain_json(response: &mut Response) {
    let is_scim = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.trim().eq_ignore_ascii_case(SCIM_JSON));
    if is_scim {
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PLAIN_JSON));
    }
}

#[cfg(test)]
mod tests {
    use super::wants_plain_json;

    #[test]
    fn only_an_accept_that_excludes_the_scim_type_gets_plain_json() {
        for (accept, plain) in [
            ("application/json", true),
            ("application/json; charset=utf-8", true),
            ("Application/JSON", true),
            ("application/json, text/plain", true),
            ("application/json, application/scim+json;q=0", true),
            ("application/scim+json", false),
            ("application/scim+json, application/json", false),
            ("application/json, */*", false),
            ("application/json, application/*;q=0.5", false),
            ("*/*", false),
            ("text/html", false),
            ("application/json;q=0", false),
        ] {
            assert_eq!(wants_plain_json(accept), plain, "{accept}");
        }
    }
}
