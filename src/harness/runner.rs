//! `run`: one harness run from a [`RunConfig`] to an [`Outcome`].
//!
//! cucumber's own writers print progress and write JUnit / Cucumber JSON; the hooks collect the
//! per-scenario results that the verdict and our other reports read.

use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use cucumber::gherkin::tagexpr::TagOperation;
use cucumber::tag::Ext as _;
use cucumber::{StatsWriter as _, World as _, WriterExt as _, cli, event, gherkin, writer};
use futures::FutureExt as _;

use crate::config::{RunConfig, SnapshotMode};

use super::capabilities::preflight;
use super::client::Target;
use super::failure::FailureKind;
use super::features::{FeatureParser, Sources};
use super::ledger::clean_up;
use super::results::{Aborted, Level, Outcome, ScenarioResult, Status};
use super::snapshot::{self, Store};
use super::world::{RunContext, ScenarioRef, ScimWorld};

type Results = Arc<Mutex<Vec<ScenarioResult>>>;

/// One run at a time per process: cucumber swaps the process-wide panic hook while it runs, so
/// two overlapping runs could leave its silent hook installed for everything after them.
static ONE_RUN_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Run the features of `config` against `config.target` (which must be set, with a token).
///
/// Runs in one process are serialised (cucumber swaps the process-wide panic hook while it runs);
/// start several processes to test several targets at once.
pub async fn run(config: &RunConfig) -> Outcome {
    let _one_at_a_time = ONE_RUN_AT_A_TIME.lock().await;
    let target_url = config.target.clone().unwrap_or_default();
    match prepare(config).await {
        Ok((ctx, selection, sources)) => execute(config, ctx, selection, sources).await,
        Err(reason) => Outcome::aborted(&target_url, reason),
    }
}

/// Which scenarios a run selects: a tag expression and a name pattern, both optional.
struct Selection {
    tags: Option<TagOperation>,
    name: Option<regex::Regex>,
}

impl Selection {
    fn from(config: &RunConfig) -> Result<Selection, Aborted> {
        let tags = match &config.tags {
            None => None,
            Some(expr) => Some(expr.parse::<TagOperation>().map_err(|e| {
                Aborted::Usage(format!("--tags {expr:?} is not a tag expression: {e}"))
            })?),
        };
        let name = match &config.name {
            None => None,
            Some(pattern) => Some(regex::Regex::new(pattern).map_err(|e| {
                Aborted::Usage(format!(
                    "--name {pattern:?} is not a regular expression: {e}"
                ))
            })?),
        };
        Ok(Selection { tags, name })
    }

    fn selects(&self, tags: &[String], scenario_name: &str) -> bool {
        self.tags.as_ref().is_none_or(|op| op.eval(tags.iter()))
            && self
                .name
                .as_ref()
                .is_none_or(|re| re.is_match(scenario_name))
    }
}

async fn prepare(config: &RunConfig) -> Result<(Arc<RunContext>, Selection, Sources), Aborted> {
    let (Some(url), Some(token)) = (&config.target, &config.token) else {
        return Err(Aborted::Usage(
            "a target URL and a token are required".into(),
        ));
    };
    let selection = Selection::from(config)?;
    let sources = Sources {
        embedded: !config.only_features,
        dirs: config.features.clone(),
    };
    sources.check().map_err(Aborted::Usage)?;
    let target = Target::new(url, token.clone(), config.timeout).map_err(Aborted::CouldNotTest)?;
    let capabilities = preflight(&target).await.map_err(Aborted::CouldNotTest)?;
    Ok((
        Arc::new(RunContext {
            target,
            capabilities,
            snapshots: snapshot_store(config),
        }),
        selection,
        sources,
    ))
}

/// The snapshot store of this run: `None` when snapshots are off or no directory is set.
fn snapshot_store(config: &RunConfig) -> Option<Store> {
    let dir = config.snapshot_dir.clone()?;
    match config.snapshots {
        SnapshotMode::Off => None,
        SnapshotMode::Check => Some(Store {
            dir,
            update: false,
            write_pending: !running_in_ci(),
        }),
        SnapshotMode::Update => Some(Store {
            dir,
            update: true,
            write_pending: false,
        }),
    }
}

/// `CI` set to anything but empty, `0` or `false` (insta's rule): nothing is ever written.
pub fn running_in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// Where cucumber's progress goes: the terminal, or nowhere (`--quiet`).
fn progress_output(progress: bool) -> Box<dyn io::Write> {
    if progress {
        Box::new(io::stdout())
    } else {
        Box::new(io::sink())
    }
}

fn report_file(path: Option<&Path>, flag: &str) -> Result<Box<dyn io::Write>, Aborted> {
    match path {
        None => Ok(Box::new(io::sink())),
        Some(p) => File::create(p)
            .map(|f| Box::new(io::BufWriter::new(f)) as Box<dyn io::Write>)
            .map_err(|e| Aborted::Usage(format!("{flag} {}: cannot write: {e}", p.display()))),
    }
}

async fn execute(
    config: &RunConfig,
    ctx: Arc<RunContext>,
    selection: Selection,
    sources: Sources,
) -> Outcome {
    let target_url = ctx.target.base_url.clone();
    let files = report_file(config.junit.as_deref(), "--junit")
        .and_then(|j| Ok((j, report_file(config.json.as_deref(), "--json")?)));
    let (junit, json) = match files {
        Ok(f) => f,
        Err(reason) => return Outcome::aborted(&target_url, reason),
    };
    let results: Results = Arc::default();
    let coloring = if config.color {
        writer::Coloring::Auto
    } else {
        writer::Coloring::Never
    };

    let before_ctx = Arc::clone(&ctx);
    let after_ctx = Arc::clone(&ctx);
    let after_results = Arc::clone(&results);
    let filter_results = Arc::clone(&results);
    let capabilities = ctx.capabilities.clone();
    let collection = Arc::new(ScimWorld::collection());

    let writer = ScimWorld::cucumber::<std::path::PathBuf>()
        .with_parser(FeatureParser { snapshots: ctx.snapshots.is_some() })
        .max_concurrent_scenarios(config.concurrency.max(1))
        .before(move |feature, rule, scenario, world| {
            world.ctx = Some(Arc::clone(&before_ctx));
            world.scenario = scenario_ref(feature, scenario);
            world.rule = Some(rule_text(&all_tags(feature, rule, scenario), scenario));
            async {}.boxed_local()
        })
        .after(move |feature, rule, scenario, finished, world| {
            let ctx = Arc::clone(&after_ctx);
            let results = Arc::clone(&after_results);
            let mut result = new_result(feature, rule, scenario);
            let undefined = undefined_steps(&collection, feature, rule, scenario);
            async move {
                result.status = Status::Passed;
                if let Some(world) = world {
                    result.leftovers = clean_up(&ctx.target, &world.ledger).await;
                    result.exchanges = std::mem::take(&mut world.exchanges);
                    let (status, text) = verdict(finished, world);
                    result.status = status;
                    result.failure = text;
                } else {
                    let (status, text) = verdict_without_world(finished);
                    result.status = status;
                    result.failure = text;
                }
                if result.status == Status::Failed(None) && !undefined.is_empty() {
                    result.failure = Some(format!(
                        "undefined step: {} matches no definition of the step library (features/STEPS.md)",
                        undefined.join("; ")
                    ));
                }
                results
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(result);
            }
            .boxed_local()
        })
        .with_writer(
            // Quiet runs drop cucumber's step-by-step progress; the summary (`report`) still
            // prints every failure in full.
            writer::Basic::raw(progress_output(config.progress), coloring, 0)
                .summarized()
                .tee::<ScimWorld, _>(writer::JUnit::for_tee(junit, 0))
                .tee::<ScimWorld, _>(writer::Json::for_tee(json))
                .normalized(),
        )
        .fail_on_skipped()
        .with_cli(cli::Opts::<_, _, _, cli::Empty>::default())
        .filter_run(sources, move |feature, rule, scenario| {
            let scenario_tags = all_tags(feature, rule, scenario);
            if !selection.selects(&scenario_tags, &scenario.name) {
                return false;
            }
            match capabilities.skip_reason(&scenario_tags) {
                None => true,
                Some(reason) => {
                    let mut result = new_result(feature, rule, scenario);
                    result.status = Status::Skipped(reason);
                    filter_results
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(result);
                    false
                }
            }
        })
        .await;

    let mut scenarios =
        std::mem::take(&mut *results.lock().unwrap_or_else(PoisonError::into_inner));
    scenarios.sort_by(|a, b| (a.path.as_str(), a.line).cmp(&(b.path.as_str(), b.line)));
    Outcome {
        target: target_url,
        strict: config.strict,
        aborted: None,
        parse_errors: writer.parsing_errors(),
        scenarios,
    }
}

/// The steps of a scenario (with its backgrounds) that match no step definition.
fn undefined_steps(
    collection: &cucumber::step::Collection<ScimWorld>,
    feature: &gherkin::Feature,
    rule: Option<&gherkin::Rule>,
    scenario: &gherkin::Scenario,
) -> Vec<String> {
    feature
        .background
        .iter()
        .flat_map(|b| &b.steps)
        .chain(
            rule.and_then(|r| r.background.as_ref())
                .iter()
                .flat_map(|b| &b.steps),
        )
        .chain(&scenario.steps)
        .filter(|step| matches!(collection.find(step), Ok(None)))
        .map(|step| {
            format!(
                "`{}{}` (line {})",
                step.keyword, step.value, step.position.line
            )
        })
        .collect()
}

/// Which scenario this is, for naming its snapshot: same-named scenarios of a feature (outline
/// rows) are told apart by their order in the file.
fn scenario_ref(feature: &gherkin::Feature, scenario: &gherkin::Scenario) -> ScenarioRef {
    let siblings = feature
        .scenarios
        .iter()
        .chain(feature.rules.iter().flat_map(|r| &r.scenarios));
    // Names that differ only in case or punctuation share a file name: number by that.
    let path = feature_path(feature);
    let file = snapshot::name(&path, &scenario.name, 1);
    let ordinal = 1 + siblings
        .filter(|s| s.position.line < scenario.position.line)
        .filter(|s| snapshot::name(&path, &s.name, 1) == file)
        .count();
    ScenarioRef {
        path,
        name: scenario.name.clone(),
        ordinal,
    }
}

/// The feature's path with `/` separators (its name when it has no path).
fn feature_path(feature: &gherkin::Feature) -> String {
    feature
        .path
        .as_ref()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|| feature.name.clone())
}

/// Feature, rule and scenario tags (without `@`), in that order.
fn all_tags(
    feature: &gherkin::Feature,
    rule: Option<&gherkin::Rule>,
    scenario: &gherkin::Scenario,
) -> Vec<String> {
    feature
        .tags
        .iter()
        .chain(rule.iter().flat_map(|r| &r.tags))
        .chain(&scenario.tags)
        .cloned()
        .collect()
}

/// The `rule:` line: the scenario's first description line and its level and source tags.
fn rule_text(tags: &[String], scenario: &gherkin::Scenario) -> String {
    let sentence = scenario
        .description
        .as_deref()
        .and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()))
        .unwrap_or("(the scenario states no rule)");
    let sources: Vec<String> = tags
        .iter()
        .filter(|t| {
            matches!(t.as_str(), "must" | "should" | "may")
                || t.starts_with("rfc")
                || t.starts_with("okta-")
                || t.starts_with("entra-")
                || t.starts_with("ping-")
                || t.starts_with("rippling-")
        })
        .map(|t| format!("@{t}"))
        .collect();
    if sources.is_empty() {
        sentence.to_owned()
    } else {
        format!("{sentence} [{}]", sources.join(" "))
    }
}

fn new_result(
    feature: &gherkin::Feature,
    rule: Option<&gherkin::Rule>,
    scenario: &gherkin::Scenario,
) -> ScenarioResult {
    let tags = all_tags(feature, rule, scenario);
    let path = feature_path(feature);
    let area = Path::new(&path)
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    ScenarioResult {
        path,
        area,
        feature: feature.name.clone(),
        name: scenario.name.clone(),
        line: scenario.position.line,
        level: Level::from_tags(&tags),
        tags,
        status: Status::Passed,
        failure: None,
        exchanges: Vec::new(),
        leftovers: Vec::new(),
    }
}

/// A scenario's status and failure text from cucumber's event and the failure the world kept.
fn verdict(finished: &event::ScenarioFinished, world: &ScimWorld) -> (Status, Option<String>) {
    match finished {
        event::ScenarioFinished::StepPassed => (Status::Passed, None),
        event::ScenarioFinished::StepFailed(_, _, _) if world.failure.is_some() => {
            let f = world.failure.as_ref();
            (
                Status::Failed(f.map(|f| f.kind)),
                f.map(ToString::to_string),
            )
        }
        other => verdict_without_world(other),
    }
}

fn verdict_without_world(finished: &event::ScenarioFinished) -> (Status, Option<String>) {
    match finished {
        event::ScenarioFinished::StepPassed => (Status::Passed, None),
        event::ScenarioFinished::StepSkipped => (
            Status::Failed(None),
            Some("undefined step: a step matches no definition of the step library (features/STEPS.md)".into()),
        ),
        event::ScenarioFinished::StepFailed(_, _, err) => {
            let kind = match err {
                event::StepError::NotFound => None,
                _ => Some(FailureKind::Feature),
            };
            (Status::Failed(kind), Some(err.to_string()))
        }
        event::ScenarioFinished::BeforeHookFailed(_) => (
            Status::Failed(Some(FailureKind::CouldNotTest)),
            Some("could not test: the harness's before hook failed".into()),
        ),
    }
}
