//! Regression snapshots: a scenario's exchanges, normalised, kept as insta-format `.snap` files.
//!
//! Conformance checks catch broken rules; snapshots catch every other change in a server's
//! behaviour (a lost `meta.location`, a renamed field, 201 becoming 200). A snapshot is the
//! sequence of exchanges a scenario made — method, path, request body, status, the headers that
//! matter and the response body — normalised so that it is identical from run to run:
//!
//! - the base URL and host:port become `[base]` / `[host]`, the scenario's `{{run}}` token `[run]`;
//! - ids the server assigned become their role: the name the scenario saved the resource under
//!   (`[alice.id]`), else the resource type and order of appearance (`[user-1.id]`); saved GUIDs
//!   become `[name]`;
//! - timestamps become `[timestamp]`, versions and ETags `[version]`;
//! - `members` and `groups` (unordered sets in SCIM) are sorted;
//! - lists answering a request without `filter`, or holding resources this scenario did not
//!   create, depend on what else is on the target: their totals and foreign resources are
//!   redacted.
//!
//! Files are named after the feature and scenario (`okta__group_push__push_now_replaces_members`),
//! never a counter, so concurrent scenarios cannot collide. They use insta's file format, so
//! `scim-harness snapshots review` ([`review`]) — or `cargo insta review` in a Rust project —
//! works on the `.snap.new` files a changed run leaves outside CI.

mod diff;
mod lines;
mod normalise;
pub mod review;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

use super::exchange::Exchange;
use diff::diff;
pub use normalise::normalise;

/// How many changed pointers a drift report lists before summarising.
const MAX_LISTED_CHANGES: usize = 25;

/// What a scenario recorded, as the snapshot layer needs it.
#[derive(Clone, Copy, Debug)]
pub struct Recording<'a> {
    /// Feature file path (`features/okta/group_push.feature`).
    pub path: &'a str,
    /// Scenario name.
    pub scenario: &'a str,
    /// 1 for the first scenario of that name in its feature, 2 for the next (outlines).
    pub ordinal: usize,
    /// The target's base URL.
    pub base_url: &'a str,
    /// The scenario's `{{run}}` token.
    pub run_token: &'a str,
    /// Values the scenario saved (`alice` → the created user).
    pub saved: &'a BTreeMap<String, Value>,
    pub exchanges: &'a [Exchange],
}

/// The result of comparing a recording with its stored snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Identical to the stored snapshot.
    Matches,
    /// Written (update mode), new or changed.
    Written,
    /// No stored snapshot (check mode).
    Missing { file: PathBuf },
    /// Different from the stored snapshot: each changed JSON pointer with old and new value.
    Changed { file: PathBuf, changes: Vec<String> },
}

impl Verdict {
    /// True when the behaviour drifted from (or has no) baseline.
    pub fn is_drift(&self) -> bool {
        matches!(self, Verdict::Missing { .. } | Verdict::Changed { .. })
    }

    /// A message that stands alone, for failure text and reports.
    pub fn describe(&self, name: &str) -> String {
        match self {
            Verdict::Matches => format!("snapshot {name}: unchanged"),
            Verdict::Written => format!("snapshot {name}: written"),
            Verdict::Missing { file } => format!(
                "behaviour changed (not an RFC violation): no snapshot {} yet\n  hint:     record a baseline with --update-snapshots (or accept the .snap.new with scim-harness snapshots accept) and commit it",
                file.display()
            ),
            Verdict::Changed { file, changes } => {
                let mut out = format!(
                    "behaviour changed (not an RFC violation): {} differs from the recorded exchanges\n",
                    file.display()
                );
                for change in changes {
                    let _ = writeln!(out, "  {change}");
                }
                out.push_str(
                    "  hint:     if the change is intended, accept it with --update-snapshots (or scim-harness snapshots review)",
                );
                out
            }
        }
    }
}

/// Where snapshots live and what to do with them.
#[derive(Debug)]
pub struct Store {
    pub dir: PathBuf,
    /// Write snapshots instead of checking them.
    pub update: bool,
    /// Write `.snap.new` beside a missing or changed snapshot (insta's pending file). Never
    /// under CI.
    pub write_pending: bool,
    /// What [`Store::check`] found so far: the update run reports it ([`Store::written`]).
    new: AtomicUsize,
    updated: AtomicUsize,
    unchanged: AtomicUsize,
}

/// What an update run did to the snapshot directory (`recorded 12 new, updated 3, unchanged 358`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub dir: PathBuf,
    /// Snapshots that had no file before.
    pub new: usize,
    /// Snapshots whose file was rewritten because the exchanges changed.
    pub updated: usize,
    /// Snapshots whose file already matched (left untouched).
    pub unchanged: usize,
}

impl Store {
    /// A store over `dir` that checks (`update` false) or writes snapshots.
    pub fn new(dir: PathBuf, update: bool, write_pending: bool) -> Store {
        Store {
            dir,
            update,
            write_pending,
            new: AtomicUsize::new(0),
            updated: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        }
    }

    /// In update mode, what the run wrote so far; `None` for a check run.
    pub fn written(&self) -> Option<Written> {
        self.update.then(|| Written {
            dir: self.dir.clone(),
            new: self.new.load(Ordering::Relaxed),
            updated: self.updated.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        })
    }

    /// Compare (or, in update mode, write) the snapshot of `recording`.
    pub fn check(&self, recording: &Recording<'_>) -> Result<(String, Verdict), String> {
        let name = name(recording.path, recording.scenario, recording.ordinal);
        let file = self.dir.join(format!("{name}.snap"));
        let pending = file.with_extension("snap.new");
        let document = normalise(recording);
        let text = render(recording, &document);
        let stored = match std::fs::read_to_string(&file) {
            Ok(s) => Some(s),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(format!("cannot read snapshot {}: {e}", file.display())),
        };
        let stored_doc = stored.as_deref().map(parse_contents).transpose()?;
        if stored_doc.as_ref() == Some(&document) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            // A `.snap.new` left by an earlier run is stale now (insta removes it too).
            if self.update || self.write_pending {
                remove_stale(&pending)?;
            }
            return Ok((name, Verdict::Matches));
        }
        if self.update {
            write_file(&file, &text)?;
            remove_stale(&pending)?;
            let count = if stored_doc.is_some() {
                &self.updated
            } else {
                &self.new
            };
            count.fetch_add(1, Ordering::Relaxed);
            return Ok((name, Verdict::Written));
        }
        // Never create the directory in check mode: a missing baseline is the user's to record.
        if self.write_pending && self.dir.is_dir() {
            write_file(&pending, &text)?;
        }
        let verdict = match stored_doc {
            None => Verdict::Missing { file },
            Some(old) => {
                let mut changes = Vec::new();
                diff("", &old, &document, &mut changes);
                if changes.len() > MAX_LISTED_CHANGES {
                    let more = changes.len() - MAX_LISTED_CHANGES;
                    changes.truncate(MAX_LISTED_CHANGES);
                    changes.push(format!("… and {more} more changes"));
                }
                Verdict::Changed { file, changes }
            }
        };
        Ok((name, verdict))
    }
}

/// Why `dir` cannot serve as a baseline to check against (`None` when it holds a `.snap` file).
pub fn baseline_problem(dir: &Path) -> Option<String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Some("no such directory".to_owned());
        }
        Err(_) if dir.exists() && !dir.is_dir() => return Some("not a directory".to_owned()),
        Err(e) => return Some(format!("cannot read it: {e}")),
    };
    let has_snap = entries
        .flatten()
        .any(|e| e.file_name().to_string_lossy().ends_with(".snap"));
    (!has_snap).then(|| "it holds no .snap file".to_owned())
}

fn remove_stale(pending: &Path) -> Result<(), String> {
    match std::fs::remove_file(pending) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(format!(
            "cannot remove the stale {}: {e}",
            pending.display()
        )),
        _ => Ok(()),
    }
}

fn write_file(file: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(file, text).map_err(|e| format!("cannot write snapshot {}: {e}", file.display()))
}

/// The snapshot name: `<folder>__<feature file stem>__<scenario slug>[_<ordinal>]`.
pub fn name(path: &str, scenario: &str, ordinal: usize) -> String {
    let p = Path::new(path);
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = p
        .parent()
        .and_then(Path::file_name)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = [slug(&folder, 40), slug(&stem, 60), slug(scenario, 80)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("__");
    if ordinal > 1 {
        let _ = write!(out, "_{ordinal}");
    }
    out
}

/// Lower-case ASCII letters and digits, everything else one `_`, at most `max` bytes.
fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let mut out = out.trim_matches('_').to_owned();
    if out.len() > max {
        out.truncate(max);
        out = out.trim_end_matches('_').to_owned();
    }
    out
}

/// insta's `.snap` format: a YAML front matter, then the contents (pretty JSON here).
fn render(recording: &Recording<'_>, document: &Value) -> String {
    let pretty = serde_json::to_string_pretty(document).unwrap_or_else(|_| document.to_string());
    format!(
        "---\nsource: {}\nexpression: {}\n---\n{pretty}\n",
        display_path(recording.path),
        serde_json::to_string(recording.scenario).unwrap_or_default()
    )
}

/// `features/okta/x.feature` for any path that contains a `features/` directory, else as given.
fn display_path(path: &str) -> &str {
    path.rfind("features/").map_or(path, |i| &path[i..])
}

/// The JSON contents of a `.snap` file (after the front matter).
fn parse_contents(text: &str) -> Result<Value, String> {
    serde_json::from_str(split_front_matter(text).1)
        .map_err(|e| format!("snapshot file is not JSON after its header: {e}"))
}

/// insta's layout: `---\n<front matter>\n---\n<contents>`; a file without front matter is all
/// contents.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (None, text);
    };
    if let Some(body) = rest.strip_prefix("---\n") {
        return (Some(""), body);
    }
    rest.split_once("\n---\n")
        .map_or((None, text), |(header, body)| (Some(header), body))
}

#[cfg(test)]
mod tests;
