//! The terminal summary printed after cucumber's progress output: totals by requirement level,
//! by area, every failure's text with its full evidence, skipped scenarios with their reasons, leftovers, the verdict.

use std::fmt::Write as _;

use crate::harness::{Outcome, Status};

use super::{areas, counted_suffix, evidence, tally_line, tolerance_note, verdict};

/// The summary as text.
pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n── scim-harness summary ──");
    if !outcome.target.is_empty() {
        let _ = writeln!(out, "target: {}", outcome.target);
    }
    if outcome.aborted.is_none() {
        let _ = writeln!(out, "{}", tally_line(outcome.scenarios.iter()));
        let areas = areas(outcome);
        let width = areas.iter().map(|(a, _)| a.len()).max().unwrap_or(0);
        for (area, list) in &areas {
            let _ = writeln!(
                out,
                "  {area:<width$}  {}",
                tally_line(list.iter().copied())
            );
        }
        let failed: Vec<_> = outcome.failed().collect();
        if !failed.is_empty() {
            let _ = writeln!(out, "\nfailures:");
            for s in failed {
                let counted = counted_suffix(s, outcome.strict);
                let _ = writeln!(
                    out,
                    "✗ [{}] {}:{} {}{counted}",
                    s.level, s.path, s.line, s.name
                );
                for line in evidence::failure_text(s).lines() {
                    let _ = writeln!(out, "    {line}");
                }
                if let Some(note) = tolerance_note(s) {
                    let _ = writeln!(out, "    {note}");
                }
            }
        }
        let drifted: Vec<_> = outcome.drifted().collect();
        if !drifted.is_empty() {
            let _ = writeln!(
                out,
                "\nbehaviour changed (regression snapshots; these break no rule):"
            );
            for s in drifted {
                let _ = writeln!(out, "~ {}:{} {}", s.path, s.line, s.name);
                for line in s.failure.as_deref().unwrap_or("(no message)").lines() {
                    let _ = writeln!(out, "    {line}");
                }
            }
        }
        let skipped: Vec<_> = outcome.skipped().collect();
        if !skipped.is_empty() {
            let _ = writeln!(out, "\nskipped:");
            for s in skipped {
                if let Status::Skipped(reason) = &s.status {
                    let _ = writeln!(
                        out,
                        "- {}:{} {} — skipped: {reason}",
                        s.path, s.line, s.name
                    );
                }
            }
        }
        let echoes: Vec<_> = outcome.token_echoes().collect();
        if let Some(first) = echoes.first() {
            let _ = writeln!(
                out,
                "\nfinding: the target echoes the bearer token in {} response(s), first to {first} \
                 (masked as *** in this report; a server should never send a credential back, RFC 6750 §5.3)",
                echoes.len()
            );
        }
        let leftovers: Vec<_> = outcome.leftovers().collect();
        if !leftovers.is_empty() {
            let _ = writeln!(out, "\nleftovers (created but not deleted):");
            for l in leftovers {
                let _ = writeln!(out, "- {l}");
            }
        }
    }
    if let Some(written) = super::snapshots::render(outcome) {
        let _ = writeln!(out, "\n{written}");
    }
    let _ = writeln!(out, "\n{}", verdict(outcome));
    out
}

/// Print the summary to stdout.
pub fn print(outcome: &Outcome) {
    println!("{}", render(outcome));
}
