//! The Cucumber JSON report (`--json FILE`): cucumber's own `writer::Json` output (steps, timings,
//! tags — what Cucumber JSON tools expect), with each failed step's `error_message` replaced by
//! the harness's text for that scenario.
//!
//! cucumber writes `Matched: src/harness/steps/json.rs:47:1\nStep panicked. Captured output: …`
//! (hard-coded in its writer); the replacement opens with the level and whether it counts
//! (`[SHOULD, not counted]`), then the failure text and its evidence (`report::evidence`).

use std::path::Path;

use serde_json::Value;

use crate::harness::{Outcome, ScenarioResult, Status};

use super::evidence;

/// What cucumber puts before a step's error text.
const PANIC_PREFIX: &str = "Step panicked. Captured output: ";

/// The cleaned document; `raw` is cucumber's JSON text. `None` when it is not JSON.
pub fn clean(outcome: &Outcome, raw: &str) -> Option<Value> {
    let mut doc: Value = serde_json::from_str(raw).ok()?;
    for feature in doc.as_array_mut().into_iter().flatten() {
        let uri = feature
            .get("uri")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let Some(elements) = feature.get_mut("elements").and_then(Value::as_array_mut) else {
            continue;
        };
        for element in elements {
            let line = element
                .get("line")
                .and_then(Value::as_u64)
                .and_then(|l| usize::try_from(l).ok());
            let scenario = line.and_then(|l| find(outcome, &uri, l));
            let steps = element.get_mut("steps").and_then(Value::as_array_mut);
            for step in steps.into_iter().flatten() {
                let Some(message) = step
                    .pointer_mut("/result/error_message")
                    .filter(|m| m.is_string())
                else {
                    continue;
                };
                let text = match scenario {
                    Some(s) if s.failure.is_some() => message_for(s, outcome.strict),
                    _ => strip_noise(message.as_str().unwrap_or_default()).to_owned(),
                };
                *message = Value::String(text);
            }
        }
    }
    Some(doc)
}

/// The scenario cucumber reported at `uri:line` (its `uri` may be trimmed of the working
/// directory, so a path ending in it matches).
fn find<'a>(outcome: &'a Outcome, uri: &str, line: usize) -> Option<&'a ScenarioResult> {
    let uri = uri.trim_start_matches(['/', '\\']);
    outcome
        .scenarios
        .iter()
        .find(|s| s.line == line && !uri.is_empty() && s.path.ends_with(uri))
}

fn message_for(s: &ScenarioResult, strict: bool) -> String {
    let counted = if matches!(s.status, Status::Failed(_)) && !s.counts_as_failure(strict) {
        ", not counted"
    } else {
        ""
    };
    format!("[{}{counted}] {}", s.level, evidence::failure_text(s))
}

/// cucumber's text without its `Matched: …` line and `Step panicked…` prefix.
fn strip_noise(message: &str) -> &str {
    let message = match message.strip_prefix("Matched: ") {
        Some(rest) => rest.split_once('\n').map_or("", |(_, m)| m),
        None => message,
    };
    message.strip_prefix(PANIC_PREFIX).unwrap_or(message)
}

/// Write the cleaned report to `path` (cucumber's text as is when it is not JSON).
pub fn write(outcome: &Outcome, raw: &str, path: &Path) -> std::io::Result<()> {
    let text = match clean(outcome, raw) {
        Some(doc) => serde_json::to_string(&doc).map_err(std::io::Error::other)?,
        None => raw.to_owned(),
    };
    std::fs::write(path, text)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::harness::Level;
    use crate::report::evidence::tests::{failed_scenario, patch_exchange};
    use serde_json::json;

    fn raw(message: &str) -> String {
        json!([{
            "uri": "features/okta/x.feature", "keyword": "Feature", "name": "X", "tags": [],
            "elements": [{
                "keyword": "Scenario", "type": "scenario", "id": "x/y", "line": 7, "name": "y", "tags": [],
                "steps": [
                    {"keyword": "When ", "line": 8, "name": "a", "result": {"status": "passed", "duration": 1}},
                    {"keyword": "Then ", "line": 9, "name": "b",
                     "result": {"status": "failed", "duration": 1, "error_message": message}}
                ]
            }, {
                "keyword": "Scenario", "type": "scenario", "id": "x/z", "line": 20, "name": "z", "tags": [],
                "steps": [{"keyword": "Then ", "line": 21, "name": "c",
                     "result": {"status": "failed", "duration": 1,
                                "error_message": "Matched: src/harness/steps/json.rs:47:1\nStep panicked. Captured output: boom"}}]
            }]
        }])
        .to_string()
    }

    #[test]
    fn failed_steps_carry_the_harness_text_and_evidence_without_cucumber_s_noise() {
        let mut s = failed_scenario(vec![patch_exchange("{}")], Some(0));
        s.level = Level::Should;
        let outcome = Outcome {
            scenarios: vec![s],
            ..Outcome::default()
        };
        let doc = clean(
            &outcome,
            &raw("Matched: src/harness/steps/http.rs:12:1\nStep panicked. Captured output: response status: …"),
        )
        .unwrap();
        let message = doc
            .pointer("/0/elements/0/steps/1/result/error_message")
            .and_then(Value::as_str)
            .unwrap();
        assert!(
            message.starts_with("[SHOULD, not counted] response status: expected 204"),
            "{message}"
        );
        assert!(
            message.contains("  > PATCH http://127.0.0.1:1/scim/v2/Users/42"),
            "{message}"
        );
        assert!(!message.contains("Matched:"), "{message}");
        // A scenario the outcome does not know keeps cucumber's text, minus the noise.
        assert_eq!(
            doc.pointer("/0/elements/1/steps/0/result/error_message"),
            Some(&json!("boom"))
        );
        assert_eq!(
            doc.pointer("/0/elements/0/steps/0/result/error_message"),
            None
        );
    }
}
