//! `run`: one harness run from a [`RunConfig`] to an [`Outcome`].
//!
//! Every feature is parsed before anything runs (a broken file stops the run, exit 2, with its
//! path, line and the parser's reason). cucumber's writers print progress and produce the raw
//! Cucumber JSON; the hooks collect the per-scenario results that the verdict and every report
//! read (`report/` writes the files).

use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use cucumber::gherkin::tagexpr::TagOperation;
use cucumber::tag::Ext as _;
use cucumber::{StatsWriter as _, World as _, WriterExt as _, cli, event, gherkin, writer};
use futures::FutureExt as _;

use crate::config::{RunConfig, SnapshotMode};

use super::capabilities::preflight;
use super::client::Target;
use super::exchange::KEPT_BODY_BYTES;
use super::failure::FailureKind;
use super::features::{FeatureParser, ParseProblem, Sources};
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
        Ok((ctx, selection, features)) => execute(config, ctx, selection, features).await,
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
        if let Some(expr) = &config.tags {
            let bare: Vec<&str> = expr
                .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
                .filter(|w| !w.is_empty() && !w.starts_with('@'))
                .filter(|w| !matches!(*w, "and" | "or" | "not"))
                .collect();
            if let Some(word) = bare.first() {
                return Err(Aborted::Usage(format!(
                    "--tags {expr:?}: {word:?} is not a tag; tags start with @ (did you mean @{word}?)"
                )));
            }
        }
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

async fn prepare(
    config: &RunConfig,
) -> Result<(Arc<RunContext>, Selection, Vec<gherkin::Feature>), Aborted> {
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
    let features = sources
        .load()
        .map_err(|p| Aborted::Usage(parse_problems(&p)))?;
    let target = Target::new(url, token.clone(), config.timeout)
        .map_err(Aborted::CouldNotTest)?
        .with_deadline(std::time::Instant::now() + config.deadline);
    let capabilities = preflight(&target).await.map_err(Aborted::CouldNotTest)?;
    Ok((
        Arc::new(RunContext {
            target,
            capabilities,
            snapshots: snapshot_store(config),
        }),
        selection,
        features,
    ))
}

/// `2 feature file(s) could not be parsed:` and one `path:line:column: reason` line each.
fn parse_problems(problems: &[ParseProblem]) -> String {
    let mut text = format!("{} feature file(s) could not be parsed:", problems.len());
    for p in problems {
        text.push_str(&format!("\n  {p}"));
    }
    text
}

/// The snapshot store of this run: `None` when snapshots are off or no directory is set.
fn snapshot_store(config: &RunConfig) -> Option<Store> {
    let dir = config.snapshot_dir.clone()?;
    match config.snapshots {
        SnapshotMode::Off => None,
        SnapshotMode::Check => Some(Store::new(dir, false, !running_in_ci())),
        SnapshotMode::Update => Some(Store::new(dir, true, false)),
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

/// An `io::Write` into memory that the run keeps a handle on (cucumber owns its writer).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

async fn execute(
    config: &RunConfig,
    ctx: Arc<RunContext>,
    selection: Selection,
    features: Vec<gherkin::Feature>,
) -> Outcome {
    let target_url = ctx.target.base_url.clone();
    // cucumber's Cucumber JSON is kept in memory: the report layer cleans it and adds evidence.
    let json = Captured::default();
    let json_out: Box<dyn io::Write> = if config.json.is_some() {
        Box::new(json.clone())
    } else {
        Box::new(io::sink())
    };
    let results: Results = Arc::default();
    // When each scenario started, by its world's run token (unique per scenario execution).
    let started: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let before_started = Arc::clone(&started);
    let coloring = if config.color {
        writer::Coloring::Auto
    } else {
        writer::Coloring::Never
    };

    let before_ctx = Arc::clone(&ctx);
    let after_ctx = Arc::clone(&ctx);
    let after_results = Arc::clone(&results);
    let filter_results = Arc::clone(&results);
    let all_seen_tags: Arc<Mutex<std::collections::BTreeSet<String>>> = Arc::default();
    let seen_tags = Arc::clone(&all_seen_tags);
    let capabilities = ctx.capabilities.clone();
    let collection = Arc::new(ScimWorld::collection());

    let writer = ScimWorld::cucumber::<std::path::PathBuf>()
        .with_parser(FeatureParser { snapshots: ctx.snapshots.is_some() })
        .max_concurrent_scenarios(config.concurrency.max(1))
        .before(move |feature, rule, scenario, world| {
            before_started
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(world.run.clone(), Instant::now());
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
            let started = Arc::clone(&started);
            async move {
                result.status = Status::Passed;
                if let Some(world) = world {
                    let began = started
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .remove(&world.run);
                    result.leftovers = clean_up(&ctx.target, &world.ledger).await;
                    result.duration = began.map_or(Duration::ZERO, |t| t.elapsed());
                    result.exchanges = std::mem::take(&mut world.exchanges);
                    let (status, text) = verdict(finished, world);
                    result.status = status;
                    result.failure = text;
                    if result.status != Status::Passed {
                        cite(&mut result, world);
                    }
                    // From here on the exchanges are only written out: redacted, bounded.
                    let redactor = &ctx.target.redactor;
                    result.token_echo = result
                        .exchanges
                        .iter()
                        .find(|x| redactor.echoed_by(x))
                        .map(|x| redactor.string(&x.request_line()));
                    for x in &mut result.exchanges {
                        x.retain(KEPT_BODY_BYTES);
                        *x = redactor.exchange(x);
                    }
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
                .tee::<ScimWorld, _>(writer::Json::for_tee(json_out))
                .normalized(),
        )
        .fail_on_skipped()
        .with_cli(cli::Opts::<_, _, _, cli::Empty>::default())
        .filter_run(features, move |feature, rule, scenario| {
            let scenario_tags = all_tags(feature, rule, scenario);
            seen_tags
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .extend(scenario_tags.iter().cloned());
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
    if scenarios.is_empty() && writer.parsing_errors() == 0 && config.selects_some() {
        let seen = all_seen_tags.lock().unwrap_or_else(PoisonError::into_inner);
        return Outcome::aborted(&target_url, Aborted::Usage(nothing_selected(config, &seen)));
    }
    scenarios.sort_by(|a, b| (a.path.as_str(), a.line).cmp(&(b.path.as_str(), b.line)));
    Outcome {
        target: target_url,
        strict: config.strict,
        aborted: None,
        parse_errors: writer.parsing_errors(),
        stopped: ctx.target.stopped().map(str::to_owned),
        cucumber_json: config
            .json
            .is_some()
            .then(|| ctx.target.redactor.string(&json.text())),
        scenarios,
        snapshots_written: ctx.snapshots.as_ref().and_then(Store::written),
    }
}

/// Why a selection that matched nothing is a usage error, with the tags that exist (those
/// closest to the ones asked for first).
fn nothing_selected(config: &RunConfig, seen: &std::collections::BTreeSet<String>) -> String {
    let asked: Vec<&str> = config
        .tags
        .as_deref()
        .unwrap_or_default()
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter_map(|w| w.strip_prefix('@'))
        .collect();
    let mut known: Vec<&String> = seen.iter().collect();
    known.sort_by_key(|t| asked.iter().map(|a| edit_distance(a, t)).min().unwrap_or(0));
    let shown: Vec<String> = known.iter().take(12).map(|t| format!("@{t}")).collect();
    let what = match (&config.tags, &config.name) {
        (Some(t), Some(n)) => format!("--tags {t:?} with --name {n:?}"),
        (Some(t), None) => format!("--tags {t:?}"),
        (None, Some(n)) => format!("--name {n:?}"),
        (None, None) => "the selection".to_owned(),
    };
    format!(
        "{what} selects no scenario; tags that exist (closest first): {}{}",
        shown.join(" "),
        if known.len() > shown.len() {
            " …"
        } else {
            ""
        }
    )
}

/// Levenshtein distance, for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The failure's rule and the exchange it quotes (found among the scenario's exchanges).
fn cite(result: &mut ScenarioResult, world: &ScimWorld) {
    let Some(failure) = &world.failure else {
        return;
    };
    if let Some(rule) = &failure.evidence.rule {
        result.rule = Some(rule.clone());
    }
    // A transport failure quotes a request that got no response: there is no exchange to show.
    if failure.kind == FailureKind::CouldNotTest {
        return;
    }
    if let Some(quoted) = &failure.evidence.exchange {
        result.cited = result.exchanges.iter().rposition(|x| x == quoted.as_ref());
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
    let rule_sentence = rule_text(&tags, scenario);
    let reference = scenario_ref(feature, scenario);
    let id = snapshot::name(&reference.path, &reference.name, reference.ordinal);
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
        rule: Some(rule_sentence),
        exchanges: Vec::new(),
        cited: None,
        id,
        duration: Duration::ZERO,
        leftovers: Vec::new(),
        token_echo: None,
    }
}

/// A scenario's status and failure text from cucumber's event and the failure the world kept.
fn verdict(finished: &event::ScenarioFinished, world: &ScimWorld) -> (Status, Option<String>) {
    match finished {
        event::ScenarioFinished::StepPassed => (Status::Passed, None),
        event::ScenarioFinished::StepFailed(_, _, err) if world.failure.is_some() => {
            let f = world.failure.as_ref();
            // The step's returned error is the whole text (the world keeps it before a step adds
            // its hint); cucumber carries it as the panic payload.
            let returned = match err {
                event::StepError::Panic(info) => info.downcast_ref::<String>().cloned(),
                _ => None,
            };
            let text = returned.or_else(|| f.map(ToString::to_string));
            let text = match &world.ctx {
                Some(ctx) => text.map(|t| ctx.target.redactor.string(&t)),
                None => text,
            };
            (Status::Failed(f.map(|f| f.kind)), text)
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
