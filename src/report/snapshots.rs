//! What an `--update-snapshots` run wrote: the counts, and the scenarios left without a baseline
//! because they failed (a failing scenario stops before its snapshot step, so nothing is recorded).

use std::fmt::Write as _;

use crate::harness::{Outcome, Status};

/// `snapshots: recorded 12 new, updated 3, unchanged 358 in DIR`, then one line per scenario that
/// failed and so has no baseline from this run; `None` for a run that did not write snapshots.
pub fn render(outcome: &Outcome) -> Option<String> {
    let written = outcome.snapshots_written.as_ref()?;
    let mut out = format!(
        "snapshots: recorded {} new, updated {}, unchanged {} in {}",
        written.new,
        written.updated,
        written.unchanged,
        written.dir.display()
    );
    for s in &outcome.scenarios {
        if matches!(s.status, Status::Failed(_)) {
            let _ = write!(
                out,
                "\n  no baseline (failed): {}:{} {}",
                s.path, s.line, s.name
            );
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::snapshot::Written;
    use crate::harness::{FailureKind, Level, ScenarioResult};

    fn scenario(name: &str, status: Status) -> ScenarioResult {
        ScenarioResult {
            path: "features/okta/x.feature".to_owned(),
            area: "okta".to_owned(),
            feature: "X".to_owned(),
            name: name.to_owned(),
            line: 7,
            tags: Vec::new(),
            level: Level::Should,
            status,
            failure: None,
            rule: None,
            exchanges: Vec::new(),
            cited: None,
            id: String::new(),
            duration: std::time::Duration::ZERO,
            leftovers: Vec::new(),
            token_echo: None,
        }
    }

    #[test]
    fn an_update_run_counts_what_it_wrote_and_names_the_failed_scenarios() {
        let mut outcome = Outcome {
            scenarios: vec![
                scenario("Recorded", Status::Passed),
                scenario("Broken", Status::Failed(Some(FailureKind::Violation))),
                scenario("Skipped", Status::Skipped("no etag".to_owned())),
            ],
            ..Outcome::default()
        };
        assert_eq!(render(&outcome), None, "a check run prints no counts");
        outcome.snapshots_written = Some(Written {
            dir: "snaps".into(),
            new: 12,
            updated: 3,
            unchanged: 358,
        });
        assert_eq!(
            render(&outcome).as_deref(),
            Some(
                "snapshots: recorded 12 new, updated 3, unchanged 358 in snaps\n  no baseline (failed): features/okta/x.feature:7 Broken"
            )
        );
    }
}
