//! Reports: turn a harness [`Outcome`] into the terminal summary and the Markdown summary.
//! JUnit XML and Cucumber JSON are cucumber's own writers, fed by the same run. This module reads
//! results only; adding a format never touches `harness/`.

pub mod markdown;
pub mod snapshots;
pub mod summary;

use crate::harness::{Aborted, Level, Outcome, ScenarioResult, Status};

/// `MUST 41/42 · SHOULD 9/12 · MAY 3/3 · skipped 6` for a set of scenarios.
pub fn tally_line<'a>(scenarios: impl Iterator<Item = &'a ScenarioResult> + Clone) -> String {
    let mut parts = Vec::new();
    for level in Level::ALL {
        let run = scenarios
            .clone()
            .filter(|s| s.level == level && !matches!(s.status, Status::Skipped(_)));
        let total = run.clone().count();
        if total == 0 {
            continue;
        }
        // A drifted scenario passed every rule check: it counts here, its drift is listed apart.
        let passed = run.filter(|s| s.conformant()).count();
        parts.push(format!("{level} {passed}/{total}"));
    }
    let skipped = scenarios
        .clone()
        .filter(|s| matches!(s.status, Status::Skipped(_)))
        .count();
    if skipped > 0 {
        parts.push(format!("skipped {skipped}"));
    }
    let changed = scenarios.clone().filter(|s| s.drifted()).count();
    if changed > 0 {
        parts.push(format!("behaviour changed {changed}"));
    }
    let untested = scenarios.filter(|s| s.could_not_test()).count();
    if untested > 0 {
        parts.push(format!("could not test {untested}"));
    }
    if parts.is_empty() {
        return "no scenarios selected".to_owned();
    }
    parts.join(" · ")
}

/// The verdict sentence for the exit code.
pub fn verdict(outcome: &Outcome) -> String {
    let code = outcome.exit_code();
    match (&outcome.aborted, code) {
        (Some(Aborted::Usage(reason)), _) => format!("error (exit 2): {reason}"),
        (Some(Aborted::CouldNotTest(reason)), _) => format!("could not test (exit 3): {reason}"),
        (None, 2) => format!(
            "error (exit 2): {} feature file(s) could not be parsed",
            outcome.parse_errors
        ),
        (None, 1) => {
            let n = outcome
                .failed()
                .filter(|s| s.counts_as_failure(outcome.strict))
                .count();
            let changed = outcome.drifted().count();
            if n == 0 {
                return format!(
                    "FAIL (exit 1): behaviour changed in {changed} scenario(s) (snapshot drift, not an RFC violation)"
                );
            }
            let what = if outcome.strict {
                "MUST/SHOULD"
            } else {
                "MUST"
            };
            let drift = if changed > 0 {
                format!("; behaviour changed in {changed}")
            } else {
                String::new()
            };
            format!("FAIL (exit 1): {n} {what} scenario(s) failed{drift}")
        }
        (None, 3) => {
            "could not test (exit 3): some scenarios got no response from the target".to_owned()
        }
        _ => {
            if outcome.strict {
                "PASS (exit 0): every selected MUST and SHOULD scenario passed".to_owned()
            } else {
                "PASS (exit 0): every selected MUST scenario passed".to_owned()
            }
        }
    }
}

/// ` (not counted)` for a failure that does not decide the exit code (a MAY, or a SHOULD without
/// `--strict`); empty otherwise.
pub fn counted_suffix(scenario: &ScenarioResult, strict: bool) -> &'static str {
    if scenario.counts_as_failure(strict) {
        ""
    } else {
        " (not counted)"
    }
}

/// For a scenario that relies on reference-server tolerances (`@tolerance-<name>` tags): the line
/// that names them, so a failure against a strict server says which deviation it needs.
pub fn tolerance_note(scenario: &ScenarioResult) -> Option<String> {
    let names: Vec<&str> = scenario
        .tags
        .iter()
        .filter_map(|t| t.strip_prefix("tolerance-"))
        .collect();
    (!names.is_empty()).then(|| {
        format!(
            "relies on: the {} tolerance{} of an identity-provider deviation (README: Tolerances and serve --strict)",
            names.join(", "),
            if names.len() > 1 { "s" } else { "" }
        )
    })
}

/// Areas in order, each with its scenarios.
pub fn areas(outcome: &Outcome) -> Vec<(String, Vec<&ScenarioResult>)> {
    let mut out: Vec<(String, Vec<&ScenarioResult>)> = Vec::new();
    for s in &outcome.scenarios {
        match out.iter_mut().find(|(a, _)| *a == s.area) {
            Some((_, list)) => list.push(s),
            None => out.push((s.area.clone(), vec![s])),
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::harness::FailureKind;

    fn scenario(area: &str, level: Level, status: Status, failure: Option<&str>) -> ScenarioResult {
        ScenarioResult {
            path: format!("features/{area}/x.feature"),
            area: area.to_owned(),
            feature: "X".to_owned(),
            name: format!("{level} scenario"),
            line: 3,
            tags: Vec::new(),
            level,
            status,
            failure: failure.map(str::to_owned),
            exchanges: Vec::new(),
            leftovers: Vec::new(),
        }
    }

    fn outcome() -> Outcome {
        let violation = Status::Failed(Some(FailureKind::Violation));
        Outcome {
            target: "http://127.0.0.1:1/scim/v2".to_owned(),
            scenarios: vec![
                scenario("okta", Level::Must, Status::Passed, None),
                scenario(
                    "okta",
                    Level::Must,
                    violation.clone(),
                    Some(
                        "response status: expected 201 Created, got 200 OK\n  rule:     RFC 7644 §3.3",
                    ),
                ),
                scenario("protocol", Level::Should, Status::Passed, None),
                scenario(
                    "protocol",
                    Level::Must,
                    Status::Skipped("the target declares etag.supported = false".to_owned()),
                    None,
                ),
            ],
            ..Outcome::default()
        }
    }

    #[test]
    fn the_summary_reads_by_level_and_area_with_failures_and_skips() {
        let text = summary::render(&outcome());
        assert!(text.contains("MUST 1/2 · SHOULD 1/1 · skipped 1"), "{text}");
        assert!(text.contains("  okta      MUST 1/2"), "{text}");
        assert!(
            text.contains("✗ [MUST] features/okta/x.feature:3 MUST scenario"),
            "{text}"
        );
        assert!(
            text.contains("    response status: expected 201 Created, got 200 OK"),
            "{text}"
        );
        assert!(
            text.contains("skipped: the target declares etag.supported = false"),
            "{text}"
        );
        assert!(
            text.contains("FAIL (exit 1): 1 MUST scenario(s) failed"),
            "{text}"
        );
    }

    #[test]
    fn the_markdown_has_totals_and_failures() {
        let md = markdown::render(&outcome());
        assert!(md.contains("| level | passed | failed |"), "{md}");
        assert!(md.contains("| MUST | 1 | 1 |"), "{md}");
        assert!(
            md.contains("```text\nresponse status: expected 201 Created"),
            "{md}"
        );
    }
}
