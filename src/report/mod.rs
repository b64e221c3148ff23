//! Reports: turn a harness [`Outcome`] into the terminal summary, Markdown, JUnit XML, Cucumber
//! JSON (cucumber's own, cleaned) and HAR evidence files. Every failure is shown with the same
//! full evidence ([`evidence`]). This module reads results only; adding a format never touches
//! `harness/`.

pub mod cucumber_json;
pub mod evidence;
pub mod har;
pub mod junit;
pub mod markdown;
pub mod snapshots;
pub mod summary;

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};

use crate::config::RunConfig;
use crate::harness::{Aborted, Level, Outcome, ScenarioResult, Status};

/// Check, before anything runs, that every report the run is asked for can be written:
/// `--junit`, `--json` and `--markdown` files, the `--evidence` directory (created if missing).
/// The error names the flag and the reason (a usage error, exit 2).
pub fn check_paths(config: &RunConfig) -> Result<(), String> {
    for (flag, path) in [
        ("--junit", &config.junit),
        ("--json", &config.json),
        ("--markdown", &config.markdown),
    ] {
        if let Some(path) = path {
            check_file(path).map_err(|e| format!("{flag} {}: {e}", path.display()))?;
        }
    }
    if let Some(dir) = &config.evidence {
        check_dir(dir).map_err(|e| format!("--evidence {}: {e}", dir.display()))?;
    }
    Ok(())
}

/// Open the file for writing without touching its content; one that did not exist is removed.
fn check_file(path: &Path) -> Result<(), String> {
    if path.is_dir() {
        return Err("is a directory".to_owned());
    }
    let existed = path.exists();
    OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| format!("cannot write: {e}"))?;
    if !existed {
        let _ = std::fs::remove_file(path);
    }
    Ok(())
}

/// Create the directory if needed and write (then remove) a probe file in it.
fn check_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() && !dir.is_dir() {
        return Err("is not a directory".to_owned());
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create: {e}"))?;
    let probe = dir.join(format!(".scim-harness-probe-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(|e| format!("cannot write: {e}"))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// Write every report file `config` asks for; what was written, one line each, or the first
/// error with its flag.
pub fn write_files(outcome: &Outcome, config: &RunConfig) -> Result<Vec<String>, String> {
    let mut notes = Vec::new();
    let failed =
        |flag: &str, path: &Path, e: std::io::Error| format!("{flag} {}: {e}", path.display());
    if let Some(path) = &config.markdown {
        markdown::write(outcome, path).map_err(|e| failed("--markdown", path, e))?;
    }
    if let Some(path) = &config.junit {
        junit::write(outcome, path).map_err(|e| failed("--junit", path, e))?;
    }
    if let (Some(path), Some(raw)) = (&config.json, &outcome.cucumber_json) {
        cucumber_json::write(outcome, raw, path).map_err(|e| failed("--json", path, e))?;
    }
    if let Some(dir) = &config.evidence {
        let written: Vec<PathBuf> = har::write(outcome, dir, config.evidence_all)
            .map_err(|e| failed("--evidence", dir, e))?;
        let which = if config.evidence_all {
            "scenario"
        } else {
            "failed scenario"
        };
        notes.push(format!(
            "evidence: {} HAR file(s), one per {which}, in {}",
            written.len(),
            dir.display()
        ));
    }
    Ok(notes)
}

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
        (None, 3) => match &outcome.stopped {
            Some(reason) => {
                let ran = outcome
                    .scenarios
                    .iter()
                    .filter(|s| !matches!(s.status, Status::Skipped(_)) && !s.could_not_test())
                    .count();
                format!(
                    "could not test (exit 3): {reason}; {ran} scenario(s) ran before that (listed above)"
                )
            }
            None => {
                "could not test (exit 3): some scenarios got no response from the target".to_owned()
            }
        },
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
            rule: None,
            exchanges: Vec::new(),
            cited: None,
            id: format!("{area}__x__{level}"),
            duration: std::time::Duration::ZERO,
            leftovers: Vec::new(),
            token_echo: None,
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
