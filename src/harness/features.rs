//! Where features come from: the files embedded at build time (`features/**/*.feature`) and the
//! `--features DIR`s on disk. [`Sources::load`] parses them all before the run, so a broken file
//! stops it with its path, line and the parser's reason ([`ParseProblem`]) before any request;
//! the cucumber [`Parser`] then hands the parsed features to the run in one pass.

use std::path::{Path, PathBuf};

use cucumber::feature::Ext as _;
use cucumber::{cli, gherkin, parser};

include!(concat!(env!("OUT_DIR"), "/embedded_features.rs"));

/// The features one run reads.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// Run the embedded features.
    pub embedded: bool,
    /// Directories (or single files) of features on disk.
    pub dirs: Vec<PathBuf>,
}

impl Sources {
    /// Check that every directory can be read (a usage error otherwise).
    pub fn check(&self) -> Result<(), String> {
        for dir in &self.dirs {
            if dir.is_dir() {
                std::fs::read_dir(dir)
                    .map_err(|e| format!("--features {}: cannot read: {e}", dir.display()))?;
            } else if !dir.is_file() {
                return Err(format!(
                    "--features {}: no such file or directory",
                    dir.display()
                ));
            }
        }
        Ok(())
    }
}

/// Feeds the features [`Sources::load`] parsed (outlines expanded) to cucumber.
#[derive(Clone, Copy, Debug, Default)]
pub struct FeatureParser {
    /// Append [`SNAPSHOT_STEP`] to every scenario (regression snapshots are on).
    pub snapshots: bool,
}

/// The step the parser appends to every scenario when regression snapshots are on, so that a
/// change in behaviour shows up in every report as that step's failure.
pub const SNAPSHOT_STEP: &str = "its exchanges match the regression snapshot";

/// Append [`SNAPSHOT_STEP`] to each scenario (also inside rules), at its last step's position.
fn append_snapshot_step(feature: &mut gherkin::Feature) {
    let scenarios = feature.scenarios.iter_mut().chain(
        feature
            .rules
            .iter_mut()
            .flat_map(|r| r.scenarios.iter_mut()),
    );
    for scenario in scenarios {
        let Some(last) = scenario.steps.last() else {
            continue;
        };
        let step = gherkin::Step {
            keyword: "Then ".to_owned(),
            ty: gherkin::StepType::Then,
            value: SNAPSHOT_STEP.to_owned(),
            docstring: None,
            table: None,
            span: last.span,
            position: last.position,
        };
        scenario.steps.push(step);
    }
}

impl Sources {
    /// Parse every feature (embedded first, then each directory's files in path order), with
    /// Scenario Outlines expanded; every file that does not parse is a [`ParseProblem`].
    pub fn load(&self) -> Result<Vec<gherkin::Feature>, Vec<ParseProblem>> {
        let mut features = Vec::new();
        let mut problems = Vec::new();
        let mut take = |parsed: Result<gherkin::Feature, ParseProblem>| match parsed {
            Ok(f) => features.push(f),
            Err(p) => problems.push(p),
        };
        if self.embedded {
            for (path, text) in EMBEDDED_FEATURES {
                take(parse_text(Path::new(path), text));
            }
        }
        for dir in &self.dirs {
            let mut files = Vec::new();
            collect(dir, &mut files);
            files.sort();
            for file in files {
                take(parse_file(&file));
            }
        }
        if problems.is_empty() {
            Ok(features)
        } else {
            Err(problems)
        }
    }
}

/// A feature file that cannot be run: where (`path:line:column`) and the parser's reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseProblem {
    pub path: PathBuf,
    /// Line and column, when the parser names them (a file that cannot be read has none).
    pub position: Option<(usize, usize)>,
    pub reason: String,
}

impl std::fmt::Display for ParseProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl ParseProblem {
    fn from_gherkin(path: &Path, error: &gherkin::ParseFileError) -> ParseProblem {
        match error {
            gherkin::ParseFileError::Reading { source, .. } => ParseProblem {
                path: path.to_path_buf(),
                position: None,
                reason: format!("cannot read: {source}"),
            },
            gherkin::ParseFileError::Parsing { error, source, .. } => {
                let (position, expected) = split_parse_error(&source.to_string());
                // The environment's error (`Unknown keyword: 'Exam'.`) is the precise reason; the
                // expected tokens are the fallback.
                let reason = match (error, expected) {
                    (Some(env), _) => env.to_string(),
                    (None, Some(expected)) => format!("the parser expected {expected}"),
                    (None, None) => source.to_string(),
                };
                ParseProblem {
                    path: path.to_path_buf(),
                    position,
                    reason,
                }
            }
        }
    }
}

/// gherkin's `ParseError` keeps its position private and shows it only as
/// `Error at LINE:COL: {"token", …}` (a set, in no stable order): the position, and the expected
/// tokens sorted (`one of "Given", "Scenario"`). `None`s when the text has another shape.
fn split_parse_error(text: &str) -> (Option<(usize, usize)>, Option<String>) {
    let Some((at, expected)) = text
        .strip_prefix("Error at ")
        .and_then(|rest| rest.split_once(": "))
    else {
        return (None, None);
    };
    let position = at
        .split_once(':')
        .and_then(|(l, c)| Some((l.parse().ok()?, c.parse().ok()?)));
    let mut tokens: Vec<&str> = expected
        .trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .split(", ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    tokens.sort_unstable();
    tokens.dedup();
    let expected = match tokens.as_slice() {
        [] => None,
        [one] => Some((*one).to_owned()),
        many => Some(format!("one of {}", many.join(", "))),
    };
    (position, expected)
}

impl cucumber::Parser<Vec<gherkin::Feature>> for FeatureParser {
    type Cli = cli::Empty;
    type Output = futures::stream::Iter<std::vec::IntoIter<parser::Result<gherkin::Feature>>>;

    fn parse(self, input: Vec<gherkin::Feature>, _cli: cli::Empty) -> Self::Output {
        let mut out = input;
        if self.snapshots {
            out.iter_mut().for_each(append_snapshot_step);
        }
        futures::stream::iter(out.into_iter().map(Ok).collect::<Vec<_>>())
    }
}

fn parse_text(path: &Path, text: &str) -> Result<gherkin::Feature, ParseProblem> {
    let mut feature =
        gherkin::Feature::parse(text, gherkin::GherkinEnv::default()).map_err(|source| {
            ParseProblem::from_gherkin(
                path,
                &gherkin::ParseFileError::Parsing {
                    path: path.to_path_buf(),
                    error: None,
                    source,
                },
            )
        })?;
    feature.path = Some(path.to_path_buf());
    expand(path, feature)
}

fn parse_file(path: &Path) -> Result<gherkin::Feature, ParseProblem> {
    let feature = gherkin::Feature::parse_path(path, gherkin::GherkinEnv::default())
        .map_err(|e| ParseProblem::from_gherkin(path, &e))?;
    expand(path, feature)
}

/// Expand Scenario Outlines; a `<name>` no Examples column defines is the feature's mistake.
fn expand(path: &Path, feature: gherkin::Feature) -> Result<gherkin::Feature, ParseProblem> {
    feature.expand_examples().map_err(|e| ParseProblem {
        path: path.to_path_buf(),
        position: Some((e.pos.line, e.pos.col)),
        reason: format!(
            "<{}> is used in a Scenario Outline but no Examples column is named so",
            e.name
        ),
    })
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_file() {
        files.push(path.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            collect(&p, files);
        } else if p.extension().is_some_and(|e| e == "feature") {
            files.push(p);
        }
    }
}

/// The number of embedded feature files (for the summary and tests).
pub fn embedded_count() -> usize {
    EMBEDDED_FEATURES.len()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn problem(text: &str) -> ParseProblem {
        parse_text(Path::new("features/x/broken.feature"), text).unwrap_err()
    }

    #[test]
    fn a_broken_feature_is_reported_with_its_line_and_the_parser_s_reason() {
        let p = problem("Feature: x\n\n  Scenario: a\n    Given a\n  Oops this is not gherkin\n");
        let text = p.to_string();
        assert_eq!(p.position.map(|(l, _)| l), Some(5), "{text}");
        assert!(text.starts_with("features/x/broken.feature:5:"), "{text}");
        assert!(text.contains("the parser expected"), "{text}");
    }

    #[test]
    fn an_outline_placeholder_without_a_column_is_a_parse_problem() {
        let p = problem(
            "Feature: x\n\n  Scenario Outline: a\n    Given <nope>\n\n    Examples:\n      | yes |\n      | 1   |\n",
        );
        assert!(p.reason.contains("<nope>"), "{p}");
        assert_eq!(p.position.map(|(l, _)| l), Some(4), "{p}");
    }

    #[test]
    fn gherkin_s_error_text_is_split_into_position_and_sorted_tokens() {
        assert_eq!(
            split_parse_error("Error at 3:7: {\"b\", \"a\"}"),
            (Some((3, 7)), Some("one of \"a\", \"b\"".to_owned()))
        );
        assert_eq!(split_parse_error("something else"), (None, None));
    }

    #[test]
    fn every_embedded_feature_parses() {
        let sources = Sources {
            embedded: true,
            dirs: Vec::new(),
        };
        assert_eq!(sources.load().unwrap().len(), embedded_count());
    }
}
