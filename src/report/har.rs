//! `--evidence DIR`: one HAR 1.2 file per scenario (`<scenario id>.har`, named like its
//! regression snapshot) holding every exchange it made, so browser devtools and HAR viewers open
//! it. Written for failed scenarios, or for every scenario that ran with `--evidence-all`.
//!
//! The shape is [`crate::har`]'s, shared with the mock's journal export. Bodies are whole (the
//! harness reads at most 16 MiB of one). Exchanges arrive redacted from the harness.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::{Exchange, Outcome, ScenarioResult, Status};

/// The HAR document of one scenario.
pub fn document(s: &ScenarioResult) -> Value {
    let outcome = match &s.status {
        Status::Passed => "passed".to_owned(),
        Status::Failed(_) => format!(
            "failed: {}",
            s.failure
                .as_deref()
                .and_then(|f| f.lines().next())
                .unwrap_or("")
        ),
        Status::Skipped(reason) => format!("skipped: {reason}"),
    };
    crate::har::log(
        "scim-harness",
        s.exchanges.iter().map(entry).collect(),
        Some(format!(
            "[{}] {}:{} {} — {outcome}",
            s.level, s.path, s.line, s.name
        )),
    )
}

fn entry(x: &Exchange) -> Value {
    let started = time::OffsetDateTime::from(x.started)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned());
    crate::har::entry(&crate::har::Exchange {
        started: &started,
        time_ms: x.elapsed.as_secs_f64() * 1000.0,
        method: &x.method,
        url: &x.url,
        http_version: http_version(&x.url),
        request_headers: &x.request_headers,
        request_body: x.request_body.as_deref(),
        request_body_size: x.request_body.as_ref().map_or(0, String::len),
        status: x.status,
        response_headers: &x.response_headers,
        response_body: &x.body,
        response_body_size: x.body_size,
        comment: None,
    })
}

/// The harness speaks HTTP/1.1 to `http://` targets (no HTTP/2 without TLS); over TLS the version
/// is negotiated (ALPN) and the exchange does not record it, so the file says `unknown`.
fn http_version(url: &str) -> &'static str {
    if url.starts_with("http://") {
        "HTTP/1.1"
    } else {
        "unknown"
    }
}

/// Which scenarios get a file: the failed ones, or every one that ran with `all`.
pub fn selected(outcome: &Outcome, all: bool) -> impl Iterator<Item = &ScenarioResult> {
    outcome.scenarios.iter().filter(move |s| match s.status {
        Status::Failed(_) => true,
        Status::Passed => all,
        Status::Skipped(_) => false,
    })
}

/// Write the HAR files into `dir` (created if missing); the paths written.
pub fn write(outcome: &Outcome, dir: &Path, all: bool) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for s in selected(outcome, all) {
        let path = dir.join(format!("{}.har", s.id));
        let text = serde_json::to_string_pretty(&document(s)).map_err(std::io::Error::other)?;
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::report::evidence::tests::{failed_scenario, patch_exchange};
    use serde_json::json;

    /// The HAR 1.2 spec (http://www.softwareishard.com/blog/har-12-spec/) as required fields and
    /// their JSON types: every violation found, as `pointer: what`.
    fn har_violations(doc: &Value) -> Vec<String> {
        fn need(v: &Value, at: &str, fields: &[(&str, &str)], out: &mut Vec<String>) {
            for (name, ty) in fields {
                let ok = match (v.get(name), *ty) {
                    (Some(Value::String(_)), "string") => true,
                    (Some(Value::Number(_)), "number") => true,
                    (Some(Value::Number(n)), "integer") => n.is_i64(),
                    (Some(Value::Array(_)), "array") => true,
                    (Some(Value::Object(_)), "object") => true,
                    _ => false,
                };
                if !ok {
                    out.push(format!("{at}/{name}: expected {ty}, got {:?}", v.get(name)));
                }
            }
        }
        fn name_values(v: &Value, at: &str, out: &mut Vec<String>) {
            for (i, p) in v.as_array().into_iter().flatten().enumerate() {
                need(
                    p,
                    &format!("{at}/{i}"),
                    &[("name", "string"), ("value", "string")],
                    out,
                );
            }
        }
        let mut out = Vec::new();
        let log = &doc["log"];
        need(doc, "", &[("log", "object")], &mut out);
        need(
            log,
            "/log",
            &[
                ("version", "string"),
                ("creator", "object"),
                ("entries", "array"),
            ],
            &mut out,
        );
        if log["version"] != "1.2" {
            out.push("/log/version: expected \"1.2\"".into());
        }
        need(
            &log["creator"],
            "/log/creator",
            &[("name", "string"), ("version", "string")],
            &mut out,
        );
        for (i, e) in log["entries"].as_array().into_iter().flatten().enumerate() {
            let at = format!("/log/entries/{i}");
            need(
                e,
                &at,
                &[
                    ("startedDateTime", "string"),
                    ("time", "number"),
                    ("request", "object"),
                    ("response", "object"),
                    ("cache", "object"),
                    ("timings", "object"),
                ],
                &mut out,
            );
            let started = e["startedDateTime"].as_str().unwrap_or("");
            if time::OffsetDateTime::parse(started, &time::format_description::well_known::Rfc3339)
                .is_err()
            {
                out.push(format!("{at}/startedDateTime: not ISO 8601: {started:?}"));
            }
            let rq = &e["request"];
            need(
                rq,
                &format!("{at}/request"),
                &[
                    ("method", "string"),
                    ("url", "string"),
                    ("httpVersion", "string"),
                    ("cookies", "array"),
                    ("headers", "array"),
                    ("queryString", "array"),
                    ("headersSize", "integer"),
                    ("bodySize", "integer"),
                ],
                &mut out,
            );
            name_values(&rq["headers"], &format!("{at}/request/headers"), &mut out);
            name_values(
                &rq["queryString"],
                &format!("{at}/request/queryString"),
                &mut out,
            );
            if let Some(post) = rq.get("postData") {
                need(
                    post,
                    &format!("{at}/request/postData"),
                    &[("mimeType", "string"), ("text", "string")],
                    &mut out,
                );
            }
            let rs = &e["response"];
            need(
                rs,
                &format!("{at}/response"),
                &[
                    ("status", "integer"),
                    ("statusText", "string"),
                    ("httpVersion", "string"),
                    ("cookies", "array"),
                    ("headers", "array"),
                    ("content", "object"),
                    ("redirectURL", "string"),
                    ("headersSize", "integer"),
                    ("bodySize", "integer"),
                ],
                &mut out,
            );
            name_values(&rs["headers"], &format!("{at}/response/headers"), &mut out);
            need(
                &rs["content"],
                &format!("{at}/response/content"),
                &[("size", "integer"), ("mimeType", "string")],
                &mut out,
            );
            let t = &e["timings"];
            need(
                t,
                &format!("{at}/timings"),
                &[
                    ("send", "number"),
                    ("wait", "number"),
                    ("receive", "number"),
                ],
                &mut out,
            );
            // `time` is the sum of the timings that are not -1.
            let sum: f64 = ["blocked", "dns", "connect", "send", "wait", "receive"]
                .iter()
                .filter_map(|k| t[*k].as_f64())
                .filter(|v| *v >= 0.0)
                .sum();
            if (sum - e["time"].as_f64().unwrap_or(-1.0)).abs() > 0.001 {
                out.push(format!(
                    "{at}/time: {} is not the sum of the timings {sum}",
                    e["time"]
                ));
            }
        }
        out
    }

    #[test]
    fn a_scenario_s_har_is_valid_har_1_2_with_every_exchange() {
        let s = failed_scenario(vec![patch_exchange("{}"), patch_exchange("")], Some(1));
        let doc = document(&s);
        assert_eq!(har_violations(&doc), Vec::<String>::new(), "{doc:#}");
        let entries = doc["log"]["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 2);
        let e = &entries[0];
        assert_eq!(e["startedDateTime"], "2023-11-14T22:13:20Z");
        assert_eq!(e["time"], 12.0);
        assert_eq!(e["request"]["method"], "PATCH");
        assert_eq!(
            e["request"]["queryString"][0],
            json!({"name": "attributes", "value": "userName"})
        );
        assert_eq!(
            e["request"]["postData"]["mimeType"],
            "application/scim+json"
        );
        assert_eq!(
            e["request"]["headers"][1],
            json!({"name": "Authorization", "value": "Bearer ***"})
        );
        assert_eq!(e["response"]["status"], 400);
        assert_eq!(e["response"]["statusText"], "Bad Request");
        assert_eq!(e["response"]["content"]["text"], "{}");
    }

    #[test]
    fn the_validator_catches_a_missing_field() {
        let s = failed_scenario(vec![patch_exchange("{}")], Some(0));
        let mut doc = document(&s);
        doc["log"]["entries"][0]["response"]
            .as_object_mut()
            .unwrap()
            .remove("redirectURL");
        doc["log"]["entries"][0]["time"] = json!(1);
        let v = har_violations(&doc);
        assert_eq!(v.len(), 2, "{v:?}");
    }

    #[test]
    fn files_are_written_for_failures_or_for_all_and_named_like_snapshots() {
        let dir = std::env::temp_dir().join(format!("scim-har-unit-{}", std::process::id()));
        let mut passed = failed_scenario(vec![patch_exchange("{}")], None);
        passed.status = Status::Passed;
        passed.id = "okta__x__passes".into();
        let outcome = Outcome {
            scenarios: vec![failed_scenario(vec![patch_exchange("{}")], Some(0)), passed],
            ..Outcome::default()
        };
        let written = write(&outcome, &dir, false).unwrap();
        assert_eq!(
            written,
            vec![dir.join("okta__x__deactivate_user_quote.har")]
        );
        let text = std::fs::read_to_string(&written[0]).unwrap();
        assert!(har_violations(&serde_json::from_str(&text).unwrap()).is_empty());
        assert_eq!(write(&outcome, &dir, true).unwrap().len(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
