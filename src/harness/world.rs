//! The per-scenario World: the run's shared context, saved values, the exchanges made so far and
//! the clean-up ledger. Its `Debug` is printed on failure, so it is hand-written: redacted and short.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde_json::Value;

use super::capabilities::Capabilities;
use super::client::{Authorization, Request, Target};
use super::exchange::{Exchange, KEPT_BODY_BYTES, truncate};
use super::failure::{CheckFailure, FailureKind};
use super::ledger::Ledger;
use super::schema::{Schemas, expected_document};
use super::template;

/// What every scenario of a run shares.
#[derive(Debug)]
pub struct RunContext {
    pub target: Target,
    pub capabilities: Capabilities,
    /// Where regression snapshots are checked or written; `None` when they are off.
    pub snapshots: Option<super::snapshot::Store>,
}

/// Which scenario a World runs: what names its regression snapshot.
#[derive(Clone, Debug, Default)]
pub struct ScenarioRef {
    /// Feature file path (`features/okta/group_push.feature`).
    pub path: String,
    pub name: String,
    /// 1 for the first scenario of this name in its feature, 2 for the next (outline rows).
    pub ordinal: usize,
}

/// One scenario's state.
#[derive(cucumber::World)]
#[world(init = Self::new)]
pub struct ScimWorld {
    /// Set by the before hook; `None` only if the hook did not run.
    pub ctx: Option<Arc<RunContext>>,
    /// Set by the before hook.
    pub scenario: ScenarioRef,
    /// The `{{run}}` token: unique to this scenario execution.
    pub run: String,
    /// `rule:` line of failure messages: the scenario's sentence and its level/source tags.
    pub rule: Option<String>,
    pub saved: BTreeMap<String, Value>,
    /// Every exchange, in order; the last one is what assertions read.
    pub exchanges: Vec<Exchange>,
    pub ledger: Ledger,
    /// Whether requests carry the token without the `Bearer` prefix.
    pub bare_token: bool,
    /// A scheme word requests send before the token instead of `Bearer` (Ping's `oauth2`).
    pub auth_scheme: Option<String>,
    /// The failure the scenario stopped on (read by the after hook for the verdict).
    pub failure: Option<CheckFailure>,
}

impl ScimWorld {
    fn new() -> Self {
        let id = uuid::Uuid::new_v4().simple().to_string();
        ScimWorld {
            ctx: None,
            scenario: ScenarioRef::default(),
            run: format!("sh{}", &id[..8]),
            rule: None,
            saved: BTreeMap::new(),
            exchanges: Vec::new(),
            ledger: Ledger::default(),
            bare_token: false,
            auth_scheme: None,
            failure: None,
        }
    }

    /// The run context (an error only if the world was built outside a run).
    pub fn ctx(&self) -> Result<Arc<RunContext>, CheckFailure> {
        self.ctx.clone().ok_or_else(|| {
            CheckFailure::new(FailureKind::CouldNotTest, "the harness context is missing")
        })
    }

    /// Remember and return a failure (the after hook reads its kind).
    pub fn fail(&mut self, failure: CheckFailure) -> CheckFailure {
        let failure = failure.with_rule(self.rule.as_deref());
        self.keep(failure)
    }

    /// Remember and return a failure as it stands (no `rule:` line added), its text redacted:
    /// this is the text every report writes out.
    pub fn keep(&mut self, failure: CheckFailure) -> CheckFailure {
        let failure = match &self.ctx {
            Some(ctx) => failure.redacted(&ctx.target.redactor),
            None => failure,
        };
        self.failure = Some(failure.clone());
        failure
    }

    /// A rule violation evidenced by the last exchange.
    pub fn violation(&mut self, headline: impl Into<String>) -> CheckFailure {
        let f = CheckFailure::new(FailureKind::Violation, headline)
            .with_exchange(self.exchanges.last());
        self.fail(f)
    }

    /// A mistake in the feature file (unknown name, bad pointer, no request yet).
    pub fn feature_error(&mut self, headline: impl Into<String>) -> CheckFailure {
        let f = CheckFailure::new(FailureKind::Feature, headline);
        self.fail(f)
    }

    /// Expand `{{…}}` templates.
    pub fn expand(&mut self, text: &str) -> Result<String, CheckFailure> {
        self.expand_text(text).map_err(|e| self.feature_error(e))
    }

    /// Expand `{{…}}` templates; the error is the feature file's mistake, as text.
    pub fn expand_text(&self, text: &str) -> Result<String, String> {
        let builtins = template::Builtins {
            run: &self.run,
            base: self.ctx.as_ref().map_or("", |c| c.target.base_url.as_str()),
        };
        template::expand(text, &builtins, &self.saved)
    }

    /// The last exchange.
    pub fn last(&mut self) -> Result<&Exchange, CheckFailure> {
        if self.exchanges.is_empty() {
            return Err(self.feature_error("no request has been sent yet in this scenario"));
        }
        self.exchanges
            .last()
            .ok_or_else(|| CheckFailure::new(FailureKind::Feature, "no request"))
    }

    /// The JSON body of the last response (a violation if it is not JSON).
    pub fn last_json(&mut self) -> Result<Value, CheckFailure> {
        let json = self.last()?.json.clone();
        json.ok_or_else(|| self.violation("response body: expected JSON, got something else"))
    }

    /// The authorization mode for a normal request of this scenario.
    pub fn authorization(&self) -> Authorization {
        if let Some(scheme) = &self.auth_scheme {
            Authorization::Scheme(scheme.clone())
        } else if self.bare_token {
            Authorization::Bare
        } else {
            Authorization::Bearer
        }
    }

    /// Send a request, record it, register what it created, and validate its body.
    pub async fn send(&mut self, request: Request) -> Result<&Exchange, CheckFailure> {
        let ctx = self.ctx()?;
        let exchange = match ctx.target.send(&request).await {
            Ok(x) => x,
            Err(e) => {
                let mut f = CheckFailure::new(
                    FailureKind::CouldNotTest,
                    format!("no response: {}", e.message),
                );
                f.evidence.request = Some(e.request_line);
                f.evidence.hint = Some(
                    "check that the target is up and reachable, or raise --timeout".to_owned(),
                );
                return Err(self.fail(f));
            }
        };
        self.ledger.observe(&request.path, &exchange);
        // Only the newest exchange is read in full; the earlier ones are evidence.
        if let Some(previous) = self.exchanges.last_mut() {
            previous.retain(KEPT_BODY_BYTES);
        }
        self.exchanges.push(exchange);
        self.validate_last(&request.method, &request.path)?;
        self.last()
    }

    /// Validate the last body against the schema its request implies.
    fn validate_last(&mut self, method: &str, path: &str) -> Result<(), CheckFailure> {
        let Some(exchange) = self.exchanges.last() else {
            return Ok(());
        };
        let Some((kind, item)) = expected_document(method, path, exchange.status) else {
            return Ok(());
        };
        if exchange.body.trim().is_empty() {
            // 200 and 201 carry the document (RFC 7644 §3.3, §3.4.1, §3.5.1, §3.5.2: a write
            // without one answers 204); an empty one is not the document the rule expects.
            if matches!(exchange.status, 200 | 201) && kind != super::schema::Kind::Error {
                return Err(self
                    .violation(format!(
                        "response body: expected a JSON {kind}, got an empty {} body",
                        exchange.status
                    ))
                    .with_hint("answer 200/201 with the resource (or 204 with no body)"));
            }
            return Ok(());
        }
        let Some(json) = exchange.json.clone() else {
            if exchange.status >= 400 {
                return Ok(());
            }
            return Err(self
                .violation(format!(
                    "response body: expected a JSON {kind}, got a body that is not JSON"
                ))
                .with_hint("send application/scim+json bodies (RFC 7644 §3.1)"));
        };
        check_document(self, &json, kind, item)
    }
}

/// Validate `json` as `kind` (and its `Resources` as `item`); a violation lists pointers.
pub fn check_document(
    world: &mut ScimWorld,
    json: &Value,
    kind: super::schema::Kind,
    item: Option<super::schema::Kind>,
) -> Result<(), CheckFailure> {
    let schemas =
        Schemas::get().map_err(|e| world.feature_error(format!("the embedded schemas: {e}")))?;
    let mut violations = if kind == super::schema::Kind::ListResponse {
        schemas.list_violations(json, item)
    } else {
        schemas.violations(kind, json, "")
    };
    // `allOf` branches can report the same violation twice.
    let mut seen = std::collections::HashSet::new();
    violations.retain(|v| seen.insert(v.clone()));
    if violations.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = violations.iter().take(3).map(String::as_str).collect();
    let more = if violations.len() > 3 {
        format!(" (+{} more)", violations.len() - 3)
    } else {
        String::new()
    };
    let what = match item {
        Some(i) => format!("{kind} of {i}"),
        None => kind.to_string(),
    };
    let f = CheckFailure::new(
        FailureKind::Violation,
        format!(
            "response body is not a valid {what}: {}{more}",
            shown.join("; ")
        ),
    )
    .with_exchange(world.exchanges.last())
    .with_rule(Some(&match world.rule.as_deref() {
        // The schema's section is the rule broken; the scenario's sentence says where it was met.
        Some(scenario) => format!("{}, checked on every response; in: {scenario}", kind.rule()),
        None => kind.rule().to_owned(),
    }))
    .with_hint(format!(
        "compare the body with schemas/{} of this harness",
        kind_file(kind)
    ));
    let f = world.keep(f);
    Err(f)
}

fn kind_file(kind: super::schema::Kind) -> String {
    let name = kind.to_string();
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    format!("{out}.json")
}

impl fmt::Debug for ScimWorld {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let last = self.exchanges.last().map(|x| {
            format!(
                "{} -> {}",
                x.request_line(),
                truncate(&x.response_summary(), 200)
            )
        });
        f.debug_struct("ScimWorld")
            .field("run", &self.run)
            .field("saved", &self.saved.keys().collect::<Vec<_>>())
            .field("exchanges", &self.exchanges.len())
            .field("last", &last)
            .field("created", &self.ledger.created_count())
            .field(
                "authorization",
                &match (&self.auth_scheme, self.bare_token) {
                    (Some(scheme), _) => format!("{scheme} ***"),
                    (None, true) => "*** (no Bearer prefix)".to_owned(),
                    (None, false) => "Bearer ***".to_owned(),
                },
            )
            .finish()
    }
}
