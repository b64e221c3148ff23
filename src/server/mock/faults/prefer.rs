//! `Prefer: scim-fault=VALUE` (a preference in the sense of RFC 7240): one request of a
//! frontend test asks for its own fault. The values: a status `400`–`599` (`429` comes with
//! `Retry-After: 1`), `latency-500ms`, `hang-5s`, `reset`, `uniqueness`, `stale-version`,
//! `invalid-filter`. Other preferences in the header are left alone; a `scim-fault` whose value
//! is not one of these is a 400, so a typo in a test does not pass silently.

use std::time::Duration;

use axum::http::HeaderMap;

use super::flags::{self, Latency, MAX_HANG};
use super::rule::{Action, ScimFault};

/// The preference's name.
pub const PREFERENCE: &str = "scim-fault";

/// The `Retry-After` of a `Prefer: scim-fault=429`.
pub const PREFER_RETRY_AFTER: u64 = 1;

/// The fault the request asks for, with the value as written (for `Preference-Applied`).
pub fn fault(headers: &HeaderMap) -> Result<Option<(String, Action)>, String> {
    for value in headers.get_all("prefer") {
        let Ok(value) = value.to_str() else { continue };
        for preference in value.split(',') {
            let token = preference.split(';').next().unwrap_or_default();
            let (name, value) = token.split_once('=').unwrap_or((token, ""));
            if !name.trim().eq_ignore_ascii_case(PREFERENCE) {
                continue;
            }
            let value = value.trim().trim_matches('"');
            return parse(value).map(|a| Some((value.to_owned(), a)));
        }
    }
    Ok(None)
}

fn parse(value: &str) -> Result<Action, String> {
    let bad = |why: String| {
        format!(
            "Prefer: {PREFERENCE}={value:?}: {why}; use a status 400-599 (e.g. 429, 503), \
             latency-500ms, hang-5s, reset, {}",
            ScimFault::NAMES.join(", ")
        )
    };
    if let Ok(status) = value.parse::<u64>() {
        let status = flags::check_fault_status(status).map_err(bad)?;
        return Ok(Action::Status {
            status,
            retry_after: (status == 429).then_some(PREFER_RETRY_AFTER),
        });
    }
    if let Some(d) = value.strip_prefix("latency-") {
        let d = flags::parse_duration(d).map_err(bad)?;
        return Latency::new(d, None).map(Action::Latency).map_err(bad);
    }
    if let Some(d) = value.strip_prefix("hang-") {
        let d = flags::parse_duration(d).map_err(bad)?;
        if d.is_zero() || d > MAX_HANG {
            return Err(bad(format!("a hang is up to {} s", MAX_HANG.as_secs())));
        }
        return Ok(Action::Hang(Duration::from_secs(d.as_secs().max(1))));
    }
    if value == "reset" {
        return Ok(Action::Reset);
    }
    ScimFault::parse(value)
        .map(Action::Scim)
        .ok_or_else(|| bad("not a fault the mock knows".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(value: &str) -> Result<Option<(String, Action)>, String> {
        let mut h = HeaderMap::new();
        h.insert("prefer", value.parse().expect("header value"));
        fault(&h)
    }

    #[test]
    fn reads_the_fault_among_other_preferences() {
        assert_eq!(
            of("return=minimal, scim-fault=429").expect("ok"),
            Some((
                "429".into(),
                Action::Status {
                    status: 429,
                    retry_after: Some(1)
                }
            ))
        );
        assert_eq!(
            of("SCIM-Fault=\"uniqueness\"").expect("ok").map(|f| f.1),
            Some(Action::Scim(ScimFault::Uniqueness))
        );
        assert_eq!(
            of("scim-fault=latency-500ms").expect("ok").map(|f| f.1),
            Some(Action::Latency(Latency::Fixed(Duration::from_millis(500))))
        );
        assert_eq!(
            of("scim-fault=reset").expect("ok").map(|f| f.1),
            Some(Action::Reset)
        );
        assert_eq!(of("return=minimal").expect("ok"), None);
    }

    #[test]
    fn a_bad_value_is_refused_with_the_list() {
        for v in [
            "scim-fault=200",
            "scim-fault=teapot",
            "scim-fault=hang-900s",
        ] {
            let e = of(v).expect_err(v);
            assert!(e.contains("latency-500ms"), "{e}");
        }
    }
}
