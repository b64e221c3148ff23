//! The evidence of a failure as text, the one rendering every report uses (terminal summary,
//! Markdown, JUnit, Cucumber JSON): the full request (method, URL, headers, body) and response
//! (status, headers, body) of an exchange and the time it took, in the `>` / `<` shape of
//! `curl -v`. Bodies longer than [`BODY_BYTES`] are cut, with their size stated.
//!
//! Exchanges reach the reports with the credential already redacted (harness layer); nothing here
//! sees the token.

use std::fmt::Write as _;

use crate::harness::{Exchange, FailureKind, ScenarioResult, Status};

/// The most of one request or response body a text report quotes (the HAR files of `--evidence`
/// hold bodies whole).
pub const BODY_BYTES: usize = 8 * 1024;

/// One exchange: a header line, then the request and the response, each line indented by `indent`.
///
/// ```text
/// exchange 2 of 3 (12 ms):
/// > POST http://127.0.0.1:8080/scim/v2/Users
/// > Content-Type: application/scim+json
/// > Authorization: Bearer ***
/// >
/// > {"userName":"a"}
/// < 200 OK
/// < content-type: application/scim+json
/// <
/// < {"id":"1", …}
/// ```
pub fn exchange(x: &Exchange, label: &str, indent: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{indent}{label} ({}):", millis(x));
    let _ = writeln!(out, "{indent}> {} {}", x.method, x.url);
    for (name, value) in &x.request_headers {
        let _ = writeln!(out, "{indent}> {name}: {value}");
    }
    if let Some(body) = &x.request_body {
        let _ = writeln!(out, "{indent}>");
        body_lines(&mut out, body, body.len(), indent, "> ");
    }
    let _ = writeln!(out, "{indent}< {}", x.status_line());
    for (name, value) in &x.response_headers {
        let _ = writeln!(out, "{indent}< {name}: {value}");
    }
    if x.body.is_empty() {
        let _ = writeln!(out, "{indent}< (no body)");
    } else {
        let _ = writeln!(out, "{indent}<");
        body_lines(&mut out, &x.body, x.body_size, indent, "< ");
    }
    out
}

/// `12 ms` (`0.4 ms` under one millisecond).
fn millis(x: &Exchange) -> String {
    let ms = x.elapsed.as_secs_f64() * 1000.0;
    if ms < 1.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// A body as received, cut at [`BODY_BYTES`] (on a char boundary) with its size (`total`, as
/// received: the kept body may already be cut) stated.
fn body_lines(out: &mut String, body: &str, total: usize, indent: &str, mark: &str) {
    let mut end = body.len().min(BODY_BYTES);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    for line in body[..end].lines() {
        let _ = writeln!(out, "{indent}{mark}{line}");
    }
    if end < total {
        let _ = writeln!(
            out,
            "{indent}{}(body cut: {} of {} bytes shown)",
            mark.trim_end(),
            end,
            total
        );
    }
}

/// The exchange a failure is evidenced by, if it names one.
pub fn cited(s: &ScenarioResult) -> Option<(usize, &Exchange)> {
    let i = s.cited?;
    s.exchanges.get(i).map(|x| (i, x))
}

/// The evidence block of a failed scenario: the exchange its failure cites, in full; or a line
/// saying why there is none.
pub fn of_failure(s: &ScenarioResult, indent: &str) -> String {
    if let Some((i, x)) = cited(s) {
        let label = format!("evidence: exchange {} of {}", i + 1, s.exchanges.len());
        return exchange(x, &label, indent);
    }
    let why = match &s.status {
        Status::Failed(Some(FailureKind::CouldNotTest)) => {
            "the request got no response (see the request line above)"
        }
        Status::Failed(Some(FailureKind::Drift)) => return String::new(),
        Status::Failed(None) => return String::new(),
        _ if s.exchanges.is_empty() => "no request was sent before the failure",
        _ => "the failure quotes no exchange",
    };
    format!("{indent}evidence: {why}\n")
}

/// The failure text followed by its evidence: what every report shows for a failure.
pub fn failure_text(s: &ScenarioResult) -> String {
    let mut out = s.failure.as_deref().unwrap_or("(no message)").to_owned();
    let evidence = of_failure(s, "  ");
    if !evidence.is_empty() {
        out.push('\n');
        out.push_str(evidence.trim_end_matches('\n'));
    }
    out
}

/// Every exchange of a scenario, numbered (JUnit's `system-out`).
pub fn all(s: &ScenarioResult) -> String {
    let n = s.exchanges.len();
    s.exchanges
        .iter()
        .enumerate()
        .map(|(i, x)| exchange(x, &format!("exchange {} of {n}", i + 1), ""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use super::*;
    use crate::harness::Level;
    use std::time::{Duration, SystemTime};

    pub fn patch_exchange(response_body: &str) -> Exchange {
        Exchange {
            method: "PATCH".into(),
            url: "http://127.0.0.1:1/scim/v2/Users/42?attributes=userName".into(),
            request_headers: vec![
                ("Content-Type".into(), "application/scim+json".into()),
                ("Authorization".into(), "Bearer ***".into()),
            ],
            request_body: Some(
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}"
                    .into(),
            ),
            status: 400,
            response_headers: vec![("content-type".into(), "application/scim+json".into())],
            body: response_body.into(),
            body_size: response_body.len(),
            json: serde_json::from_str(response_body).ok(),
            started: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            elapsed: Duration::from_millis(12),
        }
    }

    pub fn failed_scenario(exchanges: Vec<Exchange>, cited: Option<usize>) -> ScenarioResult {
        ScenarioResult {
            path: "features/okta/x.feature".into(),
            area: "okta".into(),
            feature: "X".into(),
            name: "Deactivate <user> & \"quote\"".into(),
            line: 7,
            tags: vec!["must".into(), "okta-oin".into()],
            level: Level::Must,
            status: Status::Failed(Some(FailureKind::Violation)),
            failure: Some("response status: expected 204 No Content, got 400 Bad Request\n  request:  PATCH http://127.0.0.1:1/scim/v2/Users/42\n  rule:     RFC 7644 §3.5.2 MUST".into()),
            rule: Some("RFC 7644 §3.5.2 MUST".into()),
            exchanges,
            cited,
            id: "okta__x__deactivate_user_quote".into(),
            duration: Duration::from_millis(30),
            leftovers: Vec::new(),
        token_echo: None,
        }
    }

    #[test]
    fn a_failure_shows_the_full_request_and_response_and_the_time() {
        let s = failed_scenario(
            vec![
                patch_exchange("{}"),
                patch_exchange("{\"detail\":\"active must be a boolean\"}"),
            ],
            Some(1),
        );
        let text = failure_text(&s);
        assert!(text.starts_with("response status: expected 204"), "{text}");
        for line in [
            "  evidence: exchange 2 of 2 (12 ms):",
            "  > PATCH http://127.0.0.1:1/scim/v2/Users/42?attributes=userName",
            "  > Content-Type: application/scim+json",
            "  > Authorization: Bearer ***",
            "  > {\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}",
            "  < 400 Bad Request",
            "  < content-type: application/scim+json",
            "  < {\"detail\":\"active must be a boolean\"}",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "missing {line:?} in\n{text}"
            );
        }
    }

    #[test]
    fn bodies_past_the_bound_are_cut_with_their_size() {
        let big = format!("{{\"x\":\"{}\"}}", "é".repeat(BODY_BYTES));
        let text = exchange(&patch_exchange(&big), "exchange", "");
        assert!(
            text.contains(&format!(
                "<(body cut: {} of {} bytes shown)",
                BODY_BYTES,
                big.len()
            )) || text.contains(&format!(
                "<(body cut: {} of {} bytes shown)",
                BODY_BYTES - 1,
                big.len()
            )),
            "{}",
            &text[text.len() - 200..]
        );
        assert!(text.len() < BODY_BYTES + 1000);
    }

    #[test]
    fn a_failure_without_a_cited_exchange_says_why() {
        let mut s = failed_scenario(Vec::new(), None);
        assert!(failure_text(&s).ends_with("  evidence: no request was sent before the failure"));
        s.status = Status::Failed(Some(FailureKind::CouldNotTest));
        assert!(failure_text(&s).contains("got no response"));
    }
}
