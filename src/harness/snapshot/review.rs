//! Pending snapshot changes and what a person does with them (`scim-harness snapshots …`): list
//! them, show each as a line diff, accept (the `.snap.new` replaces the `.snap`) or reject (the
//! `.snap.new` is deleted), one by one or all at once.
//!
//! The files are insta's (`<name>.snap` and the pending `<name>.snap.new`, each a `---` front
//! matter then the contents), so a Rust project can still use `cargo insta review` on the same
//! directory; this module needs no Cargo project and no cargo-insta. The interactive loop reads
//! and writes through the handles it is given, so it runs the same on a terminal and in tests.

use std::fmt;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use regex::Regex;

use super::lines::unified;
use super::split_front_matter;

/// insta's extension of a pending snapshot.
const PENDING_SUFFIX: &str = ".snap.new";

/// Unchanged lines shown around each change of a diff.
const DIFF_CONTEXT: usize = 3;

/// Whether a pending snapshot adds a baseline or changes one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// No `.snap` yet: accepting records the first baseline.
    New,
    /// A `.snap` exists: accepting replaces it.
    Changed,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Change::New => "new",
            Change::Changed => "changed",
        })
    }
}

/// One `.snap.new` waiting for a decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    /// The snapshot's name: the file name without `.snap.new`.
    pub name: String,
    /// The scenario it records (from the front matter's `expression`).
    pub scenario: String,
    pub change: Change,
    /// `<name>.snap.new`.
    pub pending: PathBuf,
    /// `<name>.snap`, which may not exist yet.
    pub baseline: PathBuf,
}

/// A snapshot directory that exists, checked once.
#[derive(Clone, Debug)]
pub struct Dir(PathBuf);

impl Dir {
    /// `dir`, or why it cannot be reviewed (the message names it).
    pub fn open(dir: &Path) -> Result<Dir, String> {
        if dir.is_dir() {
            Ok(Dir(dir.to_path_buf()))
        } else if dir.exists() {
            Err(format!("{}: not a directory", dir.display()))
        } else {
            Err(format!("{}: no such snapshot directory", dir.display()))
        }
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Every pending snapshot in the directory, by name.
    pub fn pending(&self) -> Result<Vec<Pending>, String> {
        let entries = std::fs::read_dir(&self.0)
            .map_err(|e| format!("cannot read {}: {e}", self.0.display()))?;
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", self.0.display()))?;
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let Some(name) = file_name.strip_suffix(PENDING_SUFFIX) else {
                continue;
            };
            if name.is_empty() || !entry.path().is_file() {
                continue;
            }
            let pending = entry.path();
            let baseline = self.0.join(format!("{name}.snap"));
            let text = std::fs::read_to_string(&pending)
                .map_err(|e| format!("cannot read {}: {e}", pending.display()))?;
            out.push(Pending {
                name: name.to_owned(),
                scenario: scenario_of(&text).unwrap_or_else(|| "(scenario not named)".to_owned()),
                change: if baseline.is_file() {
                    Change::Changed
                } else {
                    Change::New
                },
                pending,
                baseline,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}

/// The scenario a snapshot file records: its front matter's `expression` (a JSON / YAML
/// double-quoted string, or a plain one), else the contents' `scenario` field.
fn scenario_of(text: &str) -> Option<String> {
    let (header, body) = split_front_matter(text);
    let from_header = header.and_then(|h| {
        let value = h
            .lines()
            .find_map(|l| l.strip_prefix("expression:"))?
            .trim();
        if value.starts_with('"') {
            serde_json::from_str::<String>(value).ok()
        } else {
            Some(value.trim_matches('\'').to_owned())
        }
    });
    from_header.filter(|s| !s.is_empty()).or_else(|| {
        serde_json::from_str::<serde_json::Value>(body)
            .ok()?
            .get("scenario")?
            .as_str()
            .map(str::to_owned)
    })
}

impl Pending {
    /// Whether `--name REGEX` selects this snapshot: it matches the scenario or the file name.
    pub fn is_selected_by(&self, name: Option<&Regex>) -> bool {
        name.is_none_or(|re| re.is_match(&self.scenario) || re.is_match(&self.name))
    }

    /// Make the pending version the baseline: `<name>.snap.new` replaces `<name>.snap`.
    pub fn accept(&self) -> Result<(), String> {
        std::fs::rename(&self.pending, &self.baseline).map_err(|e| {
            format!(
                "cannot move {} to {}: {e}",
                self.pending.display(),
                self.baseline.display()
            )
        })
    }

    /// Drop the pending version: `<name>.snap.new` is deleted, the baseline stays.
    pub fn reject(&self) -> Result<(), String> {
        std::fs::remove_file(&self.pending)
            .map_err(|e| format!("cannot delete {}: {e}", self.pending.display()))
    }

    /// Old and new contents (front matter left out) as a unified line diff; a new snapshot is
    /// all added lines.
    pub fn diff(&self) -> Result<String, String> {
        let read = |p: &Path| {
            std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
        };
        let new = read(&self.pending)?;
        let old = match self.change {
            Change::New => String::new(),
            Change::Changed => read(&self.baseline)?,
        };
        let diff = unified(
            split_front_matter(&old).1,
            split_front_matter(&new).1,
            DIFF_CONTEXT,
        );
        Ok(if diff.is_empty() {
            "(the contents are the same; only the front matter differs)\n".to_owned()
        } else {
            diff
        })
    }

    /// `changed  okta__user_push__push_a_new_user  "Push a new user"`: one line of a listing.
    pub fn line(&self) -> String {
        format!(
            "{:<8} {}  {:?}",
            self.change.to_string(),
            self.name,
            self.scenario
        )
    }
}

/// One decision of a review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Reject,
    Skip,
    /// Stop reviewing; the rest stays pending.
    Quit,
}

impl Decision {
    /// `a`, `r`, `s`, `q` (or the words), any case.
    fn parse(answer: &str) -> Option<Decision> {
        match answer.trim().to_ascii_lowercase().as_str() {
            "a" | "accept" => Some(Decision::Accept),
            "r" | "reject" => Some(Decision::Reject),
            "s" | "skip" => Some(Decision::Skip),
            "q" | "quit" => Some(Decision::Quit),
            _ => None,
        }
    }
}

/// What was done: `accepted 3, rejected 1, skipped 2`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub accepted: usize,
    pub rejected: usize,
    /// Left pending: skipped in a review, or not selected by `--name`.
    pub skipped: usize,
    /// Left pending because the review was quit before reaching them.
    pub not_reviewed: usize,
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "accepted {}, rejected {}, skipped {}",
            self.accepted, self.rejected, self.skipped
        )?;
        if self.not_reviewed > 0 {
            write!(f, ", not reviewed {} (quit)", self.not_reviewed)?;
        }
        Ok(())
    }
}

/// Carry out `decision` on `item` and count it (a quit is counted by the caller).
pub fn apply(item: &Pending, decision: Decision, tally: &mut Tally) -> Result<(), String> {
    match decision {
        Decision::Accept => {
            item.accept()?;
            tally.accepted += 1;
        }
        Decision::Reject => {
            item.reject()?;
            tally.rejected += 1;
        }
        Decision::Skip => tally.skipped += 1,
        Decision::Quit => {}
    }
    Ok(())
}

/// Review `items` one by one: show each diff on `output`, read a decision from `input`
/// (`a`/`r`/`s`/`q` and Enter; the end of input quits), carry it out.
pub fn review(
    items: &[Pending],
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> Result<Tally, String> {
    let io = |e: std::io::Error| format!("cannot talk to the terminal: {e}");
    let mut tally = Tally::default();
    for (i, item) in items.iter().enumerate() {
        writeln!(
            output,
            "\n[{}/{}] {} snapshot {}\n  scenario: {}\n  file:     {}",
            i + 1,
            items.len(),
            item.change,
            item.name,
            item.scenario,
            item.baseline.display()
        )
        .map_err(io)?;
        output.write_all(item.diff()?.as_bytes()).map_err(io)?;
        let decision = loop {
            write!(output, "accept, reject, skip or quit? [a/r/s/q] ").map_err(io)?;
            output.flush().map_err(io)?;
            let mut answer = String::new();
            if input.read_line(&mut answer).map_err(io)? == 0 {
                writeln!(output).map_err(io)?;
                break Decision::Quit;
            }
            match Decision::parse(&answer) {
                Some(d) => break d,
                None => writeln!(
                    output,
                    "answer a (accept), r (reject), s (skip) or q (quit)"
                )
                .map_err(io)?,
            }
        };
        if decision == Decision::Quit {
            tally.not_reviewed = items.len() - i;
            break;
        }
        apply(item, decision, &mut tally)?;
        let done = match decision {
            Decision::Accept => "accepted",
            Decision::Reject => "rejected",
            _ => "skipped",
        };
        writeln!(output, "{done} {}", item.name).map_err(io)?;
    }
    Ok(tally)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn snap(scenario: &str, status: u16) -> String {
        format!(
            "---\nsource: features/okta/x.feature\nexpression: {}\n---\n{{\n  \"scenario\": {0},\n  \"status\": {status}\n}}\n",
            serde_json::to_string(scenario).unwrap()
        )
    }

    /// A directory with `a` changed (201 → 200), `b` new, `c` settled (no pending file).
    fn fixture() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "scim-harness-review-{}",
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.snap"), snap("Alpha \"one\"", 201)).unwrap();
        std::fs::write(dir.join("a.snap.new"), snap("Alpha \"one\"", 200)).unwrap();
        std::fs::write(dir.join("b.snap.new"), snap("Beta", 201)).unwrap();
        std::fs::write(dir.join("c.snap"), snap("Gamma", 201)).unwrap();
        dir
    }

    #[test]
    fn pending_snapshots_are_listed_new_or_changed_with_their_scenario() {
        let dir = fixture();
        let pending = Dir::open(&dir).unwrap().pending().unwrap();
        let seen: Vec<(&str, &str, Change)> = pending
            .iter()
            .map(|p| (p.name.as_str(), p.scenario.as_str(), p.change))
            .collect();
        assert_eq!(
            seen,
            [
                ("a", "Alpha \"one\"", Change::Changed),
                ("b", "Beta", Change::New)
            ]
        );
        let diff = pending[0].diff().unwrap();
        assert!(
            diff.contains("-  \"status\": 201\n+  \"status\": 200\n"),
            "{diff}"
        );
        assert!(
            !diff.contains("source:"),
            "front matter is not diffed: {diff}"
        );
        assert!(
            pending[1]
                .diff()
                .unwrap()
                .starts_with("@@ -0,0 +1,4 @@\n+{")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_scripted_review_accepts_rejects_skips_and_quits() {
        let dir = fixture();
        std::fs::write(dir.join("d.snap.new"), snap("Delta", 201)).unwrap();
        let pending = Dir::open(&dir).unwrap().pending().unwrap();
        // a: a typo, then accept; b: reject; d: quit.
        let mut input: &[u8] = b"x\na\nR\nq\n";
        let mut output = Vec::new();
        let tally = review(&pending, &mut input, &mut output).unwrap();
        let shown = String::from_utf8(output).unwrap();
        assert_eq!(
            tally,
            Tally {
                accepted: 1,
                rejected: 1,
                skipped: 0,
                not_reviewed: 1
            }
        );
        assert_eq!(
            tally.to_string(),
            "accepted 1, rejected 1, skipped 0, not reviewed 1 (quit)"
        );
        assert!(shown.contains("[1/3] changed snapshot a"), "{shown}");
        assert!(shown.contains("answer a (accept)"), "{shown}");
        assert!(shown.contains("+  \"status\": 200"), "{shown}");
        assert!(
            std::fs::read_to_string(dir.join("a.snap"))
                .unwrap()
                .contains("200")
        );
        assert!(!dir.join("a.snap.new").exists());
        assert!(!dir.join("b.snap.new").exists() && !dir.join("b.snap").exists());
        assert!(
            dir.join("d.snap.new").exists(),
            "quit leaves the rest pending"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_end_of_input_quits_and_skip_leaves_the_file() {
        let dir = fixture();
        let pending = Dir::open(&dir).unwrap().pending().unwrap();
        let mut input: &[u8] = b"s\n";
        let tally = review(&pending, &mut input, &mut Vec::new()).unwrap();
        assert_eq!((tally.skipped, tally.not_reviewed), (1, 1));
        assert!(dir.join("a.snap.new").exists() && dir.join("b.snap.new").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn name_selects_by_scenario_or_file_name() {
        let dir = fixture();
        let pending = Dir::open(&dir).unwrap().pending().unwrap();
        let re = Regex::new("^Beta$").unwrap();
        assert!(!pending[0].is_selected_by(Some(&re)) && pending[1].is_selected_by(Some(&re)));
        let by_file = Regex::new("^a$").unwrap();
        assert!(pending[0].is_selected_by(Some(&by_file)));
        assert!(pending[0].is_selected_by(None));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_missing_directory_is_named() {
        let err = Dir::open(Path::new("/nonexistent/snaps")).unwrap_err();
        assert_eq!(err, "/nonexistent/snaps: no such snapshot directory");
    }

    #[test]
    fn the_scenario_is_read_from_insta_style_front_matter() {
        assert_eq!(
            scenario_of("---\nsource: x\nassertion_line: 3\nexpression: plain name\n---\n{}\n"),
            Some("plain name".to_owned())
        );
        assert_eq!(
            scenario_of("{\"scenario\": \"from body\"}"),
            Some("from body".to_owned())
        );
    }
}
