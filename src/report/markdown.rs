//! The Markdown summary (`--markdown FILE`), fit for a CI job summary: a totals table, a table by
//! area, and each failure with its rule and its full evidence (`report::evidence`).

use std::fmt::Write as _;
use std::path::Path;

use crate::harness::{Level, Outcome, ScenarioResult, Status};

use super::{areas, counted_suffix, evidence, tally_line, tolerance_note, verdict};

fn count(
    list: &[&ScenarioResult],
    level: Option<Level>,
    f: impl Fn(&ScenarioResult) -> bool,
) -> usize {
    list.iter()
        .filter(|s| level.is_none_or(|l| s.level == l) && f(s))
        .count()
}

/// The Markdown text.
pub fn render(outcome: &Outcome) -> String {
    let mut out = String::from("# SCIM conformance\n\n");
    if !outcome.target.is_empty() {
        let _ = writeln!(out, "Target: `{}`\n", outcome.target);
    }
    let _ = writeln!(out, "**{}**\n", verdict(outcome));
    if outcome.aborted.is_some() {
        return out;
    }
    let all: Vec<&ScenarioResult> = outcome.scenarios.iter().collect();
    out.push_str("## Totals\n\n| level | passed | failed | could not test | skipped |\n|---|---:|---:|---:|---:|\n");
    for level in Level::ALL {
        let l = Some(level);
        let _ = writeln!(
            out,
            "| {level} | {} | {} | {} | {} |",
            count(&all, l, ScenarioResult::conformant),
            count(&all, l, |s| matches!(s.status, Status::Failed(_))
                && !s.could_not_test()
                && !s.drifted()),
            count(&all, l, ScenarioResult::could_not_test),
            count(&all, l, |s| matches!(s.status, Status::Skipped(_))),
        );
    }
    let _ = writeln!(
        out,
        "| **total** | {} | {} | {} | {} |\n",
        count(&all, None, ScenarioResult::conformant),
        count(&all, None, |s| matches!(s.status, Status::Failed(_))
            && !s.could_not_test()
            && !s.drifted()),
        count(&all, None, ScenarioResult::could_not_test),
        count(&all, None, |s| matches!(s.status, Status::Skipped(_))),
    );
    out.push_str("## By area\n\n| area | result |\n|---|---|\n");
    for (area, list) in areas(outcome) {
        let _ = writeln!(out, "| {area} | {} |", tally_line(list.into_iter()));
    }
    let failed: Vec<_> = outcome.failed().collect();
    if !failed.is_empty() {
        out.push_str("\n## Failures\n\n");
        for s in failed {
            let counted = counted_suffix(s, outcome.strict);
            let _ = writeln!(
                out,
                "### ✗ [{}] {}{counted}\n\n`{}:{}`\n\n```text",
                s.level, s.name, s.path, s.line
            );
            let _ = writeln!(
                out,
                "{}\n```\n",
                evidence::failure_text(s).replace("```", "'''")
            );
            if let Some(note) = tolerance_note(s) {
                let _ = writeln!(out, "_{note}_\n");
            }
        }
    }
    let drifted: Vec<_> = outcome.drifted().collect();
    if !drifted.is_empty() {
        out.push_str("\n## Behaviour changed (regression snapshots)\n\nThese scenarios passed every rule check, but their exchanges differ from the recorded snapshots.\n\n");
        for s in drifted {
            let _ = writeln!(
                out,
                "### ~ {}\n\n`{}:{}`\n\n```text\n{}\n```\n",
                s.name,
                s.path,
                s.line,
                s.failure
                    .as_deref()
                    .unwrap_or("(no message)")
                    .replace("```", "'''")
            );
        }
    }
    let skipped: Vec<_> = outcome.skipped().collect();
    if !skipped.is_empty() {
        out.push_str("\n## Skipped\n\n");
        for s in skipped {
            if let Status::Skipped(reason) = &s.status {
                let _ = writeln!(out, "- `{}:{}` {} — {reason}", s.path, s.line, s.name);
            }
        }
    }
    let leftovers: Vec<_> = outcome.leftovers().collect();
    if !leftovers.is_empty() {
        out.push_str("\n## Leftovers (created but not deleted)\n\n");
        for l in leftovers {
            let _ = writeln!(out, "- `{l}`");
        }
    }
    out
}

/// Write the Markdown summary to `path`.
pub fn write(outcome: &Outcome, path: &Path) -> std::io::Result<()> {
    std::fs::write(path, render(outcome))
}
