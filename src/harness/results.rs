//! The results of a run, as the reports read them, and the verdict: which exit code they earn.
//!
//! The rule (README "Exit codes"): 2 when the run could not start (bad tag expression, unreadable
//! `--features`, unparsable feature, unwritable report); 3 when the preflight read of
//! `/ServiceProviderConfig` failed; 1 when a counted scenario failed (any `@must` — or untagged —
//! scenario; with `--strict` any `@should`; any scenario with an undefined step); 3 when no counted
//! scenario failed but some scenario could not be tested (transport error); 0 otherwise. A run
//! that stopped sending before its end (the target went silent, or `--deadline`) is a 3 before
//! the scenario rule: its verdicts are incomplete.

use std::fmt;
use std::time::Duration;

use super::exchange::Exchange;
use super::failure::FailureKind;
use super::snapshot::Written;

/// Requirement level of a scenario (RFC 2119), from its `@must` / `@should` / `@may` tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Must,
    Should,
    May,
}

impl Level {
    /// The level a set of tags (without `@`) declares; untagged scenarios count as MUST.
    pub fn from_tags<'a>(tags: impl IntoIterator<Item = &'a String>) -> Level {
        let mut level = None;
        for tag in tags {
            let l = match tag.as_str() {
                "must" => Level::Must,
                "should" => Level::Should,
                "may" => Level::May,
                _ => continue,
            };
            // The scenario's own tag comes last and wins over the feature's.
            level = Some(l);
        }
        level.unwrap_or(Level::Must)
    }

    pub const ALL: [Level; 3] = [Level::Must, Level::Should, Level::May];
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Must => "MUST",
            Level::Should => "SHOULD",
            Level::May => "MAY",
        })
    }
}

/// How a scenario ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Passed,
    /// Failed with the failure's kind; `None` when a step matched no definition (undefined).
    Failed(Option<FailureKind>),
    /// Not run: the target lacks a capability it needs (the reason).
    Skipped(String),
}

/// One scenario's result with its evidence.
#[derive(Clone, Debug)]
pub struct ScenarioResult {
    /// The feature file (`features/protocol/crud.feature`).
    pub path: String,
    /// Its folder (`protocol`, `okta`, `entra`, or the user's directory name).
    pub area: String,
    pub feature: String,
    pub name: String,
    pub line: usize,
    /// Feature, rule and scenario tags, without `@`.
    pub tags: Vec<String>,
    pub level: Level,
    pub status: Status,
    /// The failure text (a `CheckFailure` display, or cucumber's reason).
    pub failure: Option<String>,
    /// The rule a failure cites (its `rule:` line), else the scenario's own rule sentence.
    pub rule: Option<String>,
    /// Every exchange the scenario made (redacted), for reports and snapshots.
    pub exchanges: Vec<Exchange>,
    /// The index in `exchanges` of the exchange the failure is evidenced by, if any.
    pub cited: Option<usize>,
    /// The scenario's stable name, as its regression snapshot is named
    /// (`okta__group_push__push_now`); its evidence file is named after it too.
    pub id: String,
    /// How long the scenario ran (its steps and clean-up).
    pub duration: Duration,
    /// Resources the clean-up could not delete.
    pub leftovers: Vec<String>,
    /// The first request whose response echoed the bearer token (a finding, not a verdict).
    pub token_echo: Option<String>,
}

impl ScenarioResult {
    /// Whether this scenario's failure makes the run fail (exit code 1).
    pub fn counts_as_failure(&self, strict: bool) -> bool {
        match &self.status {
            Status::Failed(None) => true,
            Status::Failed(Some(FailureKind::CouldNotTest)) => false,
            // A changed snapshot fails the run at every level: that is what a baseline is for.
            Status::Failed(Some(FailureKind::Drift)) => true,
            Status::Failed(Some(_)) => match self.level {
                Level::Must => true,
                Level::Should => strict,
                Level::May => false,
            },
            _ => false,
        }
    }

    /// Every check passed but the exchanges differ from the regression snapshot.
    pub fn drifted(&self) -> bool {
        self.status == Status::Failed(Some(FailureKind::Drift))
    }

    /// Passed every rule check (a drifted scenario did; only its behaviour changed).
    pub fn conformant(&self) -> bool {
        self.status == Status::Passed || self.drifted()
    }

    pub fn could_not_test(&self) -> bool {
        self.status == Status::Failed(Some(FailureKind::CouldNotTest))
    }
}

/// Why a run could not start or could not test anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Aborted {
    /// Bad usage or configuration (exit code 2).
    Usage(String),
    /// The target cannot be tested (exit code 3).
    CouldNotTest(String),
}

/// Everything a run produced.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// The target's base URL (never the token).
    pub target: String,
    pub strict: bool,
    pub aborted: Option<Aborted>,
    /// Feature files that could not be parsed.
    pub parse_errors: usize,
    /// Why the run stopped sending before its end: the target went silent, or the deadline.
    pub stopped: Option<String>,
    /// cucumber's own Cucumber JSON of the run, when one was asked for (`--json`); the report
    /// layer cleans its messages and adds the evidence before writing it.
    pub cucumber_json: Option<String>,
    pub scenarios: Vec<ScenarioResult>,
    /// With `--update-snapshots`: what the run wrote (scenarios that failed wrote nothing).
    pub snapshots_written: Option<Written>,
}

impl Outcome {
    pub fn aborted(target: &str, reason: Aborted) -> Outcome {
        Outcome {
            target: target.to_owned(),
            aborted: Some(reason),
            ..Outcome::default()
        }
    }

    /// The exit code this outcome earns (see the module docs).
    pub fn exit_code(&self) -> u8 {
        match &self.aborted {
            Some(Aborted::Usage(_)) => return 2,
            Some(Aborted::CouldNotTest(_)) => return 3,
            None => {}
        }
        if self.parse_errors > 0 {
            return 2;
        }
        // An unfinished run is not a verdict on the target, whatever failed before it stopped.
        if self.stopped.is_some() {
            return 3;
        }
        if self
            .scenarios
            .iter()
            .any(|s| s.counts_as_failure(self.strict))
        {
            return 1;
        }
        if self.scenarios.iter().any(ScenarioResult::could_not_test) {
            return 3;
        }
        0
    }

    /// Passed and run counts for a level (skipped scenarios are not run).
    pub fn tally(&self, level: Level) -> (usize, usize) {
        let run: Vec<&ScenarioResult> = self
            .scenarios
            .iter()
            .filter(|s| s.level == level && !matches!(s.status, Status::Skipped(_)))
            .collect();
        (
            run.iter().filter(|s| s.status == Status::Passed).count(),
            run.len(),
        )
    }

    pub fn skipped(&self) -> impl Iterator<Item = &ScenarioResult> {
        self.scenarios
            .iter()
            .filter(|s| matches!(s.status, Status::Skipped(_)))
    }

    /// Scenarios that broke a rule or could not be tested (not snapshot drift).
    pub fn failed(&self) -> impl Iterator<Item = &ScenarioResult> {
        self.scenarios
            .iter()
            .filter(|s| matches!(s.status, Status::Failed(_)) && !s.drifted())
    }

    /// Scenarios whose exchanges differ from their regression snapshot.
    pub fn drifted(&self) -> impl Iterator<Item = &ScenarioResult> {
        self.scenarios.iter().filter(|s| s.drifted())
    }

    /// Requests whose response echoed the bearer token.
    pub fn token_echoes(&self) -> impl Iterator<Item = &String> {
        self.scenarios.iter().filter_map(|s| s.token_echo.as_ref())
    }

    pub fn leftovers(&self) -> impl Iterator<Item = &String> {
        self.scenarios.iter().flat_map(|s| &s.leftovers)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn scenario(level: Level, status: Status) -> ScenarioResult {
        ScenarioResult {
            path: "features/protocol/x.feature".into(),
            area: "protocol".into(),
            feature: "X".into(),
            name: "s".into(),
            line: 1,
            tags: Vec::new(),
            level,
            status,
            failure: None,
            rule: None,
            exchanges: Vec::new(),
            cited: None,
            id: "x__s".into(),
            duration: Duration::ZERO,
            leftovers: Vec::new(),
            token_echo: None,
        }
    }

    fn outcome(strict: bool, scenarios: Vec<ScenarioResult>) -> Outcome {
        Outcome {
            strict,
            scenarios,
            ..Outcome::default()
        }
    }

    #[test]
    fn exit_codes_follow_the_documented_rule() {
        let v = Status::Failed(Some(FailureKind::Violation));
        let t = Status::Failed(Some(FailureKind::CouldNotTest));
        assert_eq!(
            outcome(false, vec![scenario(Level::Must, Status::Passed)]).exit_code(),
            0
        );
        assert_eq!(
            outcome(false, vec![scenario(Level::Must, v.clone())]).exit_code(),
            1
        );
        assert_eq!(
            outcome(false, vec![scenario(Level::Should, v.clone())]).exit_code(),
            0
        );
        assert_eq!(
            outcome(true, vec![scenario(Level::Should, v.clone())]).exit_code(),
            1
        );
        assert_eq!(
            outcome(true, vec![scenario(Level::May, v.clone())]).exit_code(),
            0
        );
        assert_eq!(
            outcome(false, vec![scenario(Level::May, Status::Failed(None))]).exit_code(),
            1
        );
        assert_eq!(
            outcome(false, vec![scenario(Level::Must, t.clone())]).exit_code(),
            3
        );
        assert_eq!(
            outcome(
                false,
                vec![scenario(Level::Must, t), scenario(Level::Must, v)]
            )
            .exit_code(),
            1
        );
        assert_eq!(
            outcome(
                false,
                vec![scenario(Level::Must, Status::Skipped("x".into()))]
            )
            .exit_code(),
            0
        );
        assert_eq!(
            Outcome::aborted("t", Aborted::Usage("x".into())).exit_code(),
            2
        );
        assert_eq!(
            Outcome::aborted("t", Aborted::CouldNotTest("x".into())).exit_code(),
            3
        );
    }

    #[test]
    fn the_scenario_level_wins_and_untagged_is_must() {
        let tags = ["should".to_owned(), "must".to_owned()];
        assert_eq!(Level::from_tags(&tags), Level::Must);
        assert_eq!(Level::from_tags(&[]), Level::Must);
    }
}
