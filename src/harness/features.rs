//! Where features come from: the files embedded at build time (`features/**/*.feature`) and the
//! `--features DIR`s on disk, parsed by one cucumber [`Parser`] so both run in the same pass.

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

/// Parses embedded and on-disk features with gherkin, expanding Scenario Outlines.
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

impl cucumber::Parser<Sources> for FeatureParser {
    type Cli = cli::Empty;
    type Output = futures::stream::Iter<std::vec::IntoIter<parser::Result<gherkin::Feature>>>;

    fn parse(self, input: Sources, _cli: cli::Empty) -> Self::Output {
        let mut out = Vec::new();
        if input.embedded {
            for (path, text) in EMBEDDED_FEATURES {
                out.push(parse_text(Path::new(path), text));
            }
        }
        for dir in &input.dirs {
            let mut files = Vec::new();
            collect(dir, &mut files);
            files.sort();
            for file in files {
                out.push(parse_file(&file));
            }
        }
        if self.snapshots {
            for feature in out.iter_mut().flatten() {
                append_snapshot_step(feature);
            }
        }
        futures::stream::iter(out)
    }
}

fn parse_text(path: &Path, text: &str) -> parser::Result<gherkin::Feature> {
    let mut feature =
        gherkin::Feature::parse(text, gherkin::GherkinEnv::default()).map_err(|source| {
            parser::Error::from(gherkin::ParseFileError::Parsing {
                path: path.to_path_buf(),
                error: None,
                source,
            })
        })?;
    feature.path = Some(path.to_path_buf());
    Ok(feature.expand_examples()?)
}

fn parse_file(path: &Path) -> parser::Result<gherkin::Feature> {
    let feature = gherkin::Feature::parse_path(path, gherkin::GherkinEnv::default())?;
    Ok(feature.expand_examples()?)
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
