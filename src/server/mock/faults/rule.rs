//! A fault rule as `POST /_admin/faults` takes it: what it matches, what it does and when it
//! fires. Parsed once from its JSON (every mistake a message naming the field), then matched
//! and fired per request; [`Rule::to_json`] gives the body back with `id` and `fired`.

use std::time::Duration;

use axum::http::Method;
use regex::Regex;
use serde_json::{Map, Value, json};

use super::flags::{self, Latency, MAX_HANG};

/// The longest path regex a rule may carry, and what its compiled program may cost.
const MAX_REGEX_LEN: usize = 1000;
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// The client names `match.client` may use: those the journal recognises (ADMIN_API Entry).
pub const CLIENTS: &[&str] = &[
    "okta",
    "entra",
    "entra-validator",
    "ping",
    "rippling",
    "onelogin",
    "jumpcloud",
    "unknown",
];

/// What a request must be for the rule to apply; every part optional.
#[derive(Debug, Default)]
pub struct Match {
    pub method: Option<Method>,
    pub path: Option<Regex>,
    pub tenant: Option<String>,
    pub client: Option<&'static str>,
}

/// The facts of a request a rule matches on.
pub struct Facts<'a> {
    pub request: &'a axum::extract::Request,
    pub tenant: &'a str,
    /// The client name, recognised on first use: only a rule that matches on `client` pays
    /// for recognition, not every request.
    client: std::cell::OnceCell<&'static str>,
}

impl<'a> Facts<'a> {
    pub fn new(request: &'a axum::extract::Request, tenant: &'a str) -> Self {
        Facts {
            request,
            tenant,
            client: std::cell::OnceCell::new(),
        }
    }

    fn client(&self) -> &'static str {
        self.client.get_or_init(|| super::client_of(self.request))
    }
}

impl Match {
    pub fn accepts(&self, facts: &Facts<'_>) -> bool {
        self.method
            .as_ref()
            .is_none_or(|m| m == facts.request.method())
            && self
                .path
                .as_ref()
                .is_none_or(|r| r.is_match(facts.request.uri().path()))
            && self.tenant.as_deref().is_none_or(|t| t == facts.tenant)
            && self.client.is_none_or(|c| c == facts.client())
    }
}

/// The SCIM errors a rule can stand in for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScimFault {
    /// 409 `uniqueness` (RFC 7644 §3.3).
    Uniqueness,
    /// 412: the `If-Match` version is stale (RFC 7644 §3.14).
    StaleVersion,
    /// 400 `invalidFilter` (RFC 7644 §3.4.2.2).
    InvalidFilter,
}

impl ScimFault {
    pub const NAMES: &[&str] = &["uniqueness", "stale-version", "invalid-filter"];

    pub fn parse(name: &str) -> Option<ScimFault> {
        Some(match name {
            "uniqueness" => ScimFault::Uniqueness,
            "stale-version" => ScimFault::StaleVersion,
            "invalid-filter" => ScimFault::InvalidFilter,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            ScimFault::Uniqueness => "uniqueness",
            ScimFault::StaleVersion => "stale-version",
            ScimFault::InvalidFilter => "invalid-filter",
        }
    }
}

/// What a firing rule does to the request.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Answer with this status and a SCIM Error; `Retry-After: N` when given.
    Status {
        status: u16,
        retry_after: Option<u64>,
    },
    /// Wait, then answer normally.
    Latency(Latency),
    /// Answer nothing for so long, then drop the connection.
    Hang(Duration),
    /// Drop the connection at once with a TCP reset.
    Reset,
    /// Answer with a SCIM error.
    Scim(ScimFault),
}

impl Action {
    /// How the journal and the log name the fault.
    pub fn describe(&self) -> String {
        match self {
            Action::Status {
                status,
                retry_after: Some(s),
            } => format!("{status} (Retry-After: {s})"),
            Action::Status { status, .. } => status.to_string(),
            Action::Latency(l) => format!("latency {l}"),
            Action::Hang(d) => format!("hang {} s", d.as_secs()),
            Action::Reset => "connection reset".to_owned(),
            Action::Scim(f) => f.name().to_owned(),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Action::Status {
                status,
                retry_after: Some(s),
            } => json!({"status": status, "retry_after": s}),
            Action::Status { status, .. } => json!({ "status": status }),
            Action::Latency(Latency::Fixed(d)) => json!({"latency_ms": d.as_millis()}),
            Action::Latency(Latency::Range(a, b)) => {
                json!({"latency_ms": [a.as_millis(), b.as_millis()]})
            }
            Action::Hang(d) => json!({"hang_s": d.as_secs()}),
            Action::Reset => json!({"reset": true}),
            Action::Scim(f) => json!({"scim": f.name()}),
        }
    }
}

/// When a matching request gets the action.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fire {
    Always,
    Probability(f64),
    /// The first N matches; the rule then stays listed, spent, with `fired: N`.
    First(u64),
    /// The next N matches; the rule then removes itself.
    Next(u64),
    /// Every Kth match (the Kth, 2Kth, …).
    Every(u64),
}

impl Fire {
    fn to_json(self) -> Value {
        match self {
            Fire::Always => json!({"always": true}),
            Fire::Probability(p) => json!({ "probability": p }),
            Fire::First(n) => json!({ "first": n }),
            Fire::Next(n) => json!({ "next": n }),
            Fire::Every(k) => json!({ "every": k }),
        }
    }
}

/// One rule of a tenant.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub matcher: Match,
    pub action: Action,
    pub fire: Fire,
    /// The seed of this rule's own draws (`seed` in the body), for repeatable tests.
    pub seed: Option<u64>,
    /// Requests that matched.
    pub matched: u64,
    /// Requests the action was applied to.
    pub fired: u64,
    /// The rule's own random state, when it has a seed.
    pub rng: Option<super::Rng>,
    /// The body's `match`, echoed as given.
    match_json: Value,
}

/// What [`Rule::consider`] decided for one matching request.
#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    Skip,
    Fire,
    /// Fire, and the rule is spent and removes itself (`next`).
    FireAndRemove,
}

impl Rule {
    /// Count a matching request and decide whether it fires; `draw` is a uniform [0, 1) draw
    /// from the tenant's generator (used when the rule has no seed of its own).
    pub fn consider(&mut self, draw: impl FnOnce() -> f64) -> Decision {
        self.matched += 1;
        let fire = match self.fire {
            Fire::Always => true,
            Fire::Probability(p) => {
                let u = match &mut self.rng {
                    Some(rng) => rng.unit(),
                    None => draw(),
                };
                u < p
            }
            Fire::First(n) | Fire::Next(n) => self.fired < n,
            Fire::Every(k) => self.matched.is_multiple_of(k),
        };
        if !fire {
            return Decision::Skip;
        }
        self.fired += 1;
        match self.fire {
            Fire::Next(n) if self.fired >= n => Decision::FireAndRemove,
            _ => Decision::Fire,
        }
    }

    pub fn to_json(&self) -> Value {
        let mut doc = json!({
            "id": self.id,
            "match": self.match_json,
            "action": self.action.to_json(),
            "fire": self.fire.to_json(),
            "fired": self.fired,
            "matched": self.matched,
        });
        if let Some(seed) = self.seed {
            doc["seed"] = json!(seed);
        }
        doc
    }
}

/// Parse a rule body. `tenant` is the tenant the call is about: a `match.tenant` naming
/// another one is a mistake (rules live in their tenant).
pub fn parse(body: &Value, id: String, tenant: &str) -> Result<Rule, String> {
    let doc = object(body, "the rule")?;
    only(
        doc,
        "the rule",
        &["match", "action", "fire", "seed", "id", "fired", "matched"],
    )?;
    let empty = Value::Object(Map::new());
    let match_json = doc.get("match").unwrap_or(&empty);
    let matcher = parse_match(match_json, tenant)?;
    let action = parse_action(doc.get("action").ok_or(
        "the rule has no \"action\"; e.g. {\"status\": 503}, {\"status\": 429, \"retry_after\": 2}, \
         {\"latency_ms\": 200}, {\"hang_s\": 5}, {\"reset\": true} or {\"scim\": \"uniqueness\"}",
    )?)?;
    let fire = match doc.get("fire") {
        None => Fire::Always,
        Some(v) => parse_fire(v)?,
    };
    let seed = match doc.get("seed") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .ok_or("\"seed\" must be a non-negative whole number")?,
        ),
    };
    Ok(Rule {
        id,
        matcher,
        action,
        fire,
        seed,
        matched: 0,
        fired: 0,
        rng: seed.map(super::Rng::new),
        match_json: match_json.clone(),
    })
}

fn object<'a>(v: &'a Value, what: &str) -> Result<&'a Map<String, Value>, String> {
    v.as_object()
        .ok_or_else(|| format!("{what} must be a JSON object, not {v}"))
}

fn only(doc: &Map<String, Value>, what: &str, known: &[&str]) -> Result<(), String> {
    match doc.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(format!(
            "{what} has an unknown field {k:?}; it takes {}",
            known.join(", ")
        )),
        None => Ok(()),
    }
}

fn string<'a>(doc: &'a Map<String, Value>, field: &str) -> Result<Option<&'a str>, String> {
    match doc.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("\"match.{field}\" must be a string, not {other}")),
    }
}

fn parse_match(v: &Value, tenant: &str) -> Result<Match, String> {
    let doc = object(v, "\"match\"")?;
    only(doc, "\"match\"", &["method", "path", "tenant", "client"])?;
    let method = match string(doc, "method")? {
        None => None,
        Some(m) => Some(
            Method::from_bytes(m.to_ascii_uppercase().as_bytes())
                .map_err(|_| format!("\"match.method\" {m:?} is not an HTTP method"))?,
        ),
    };
    let path = match string(doc, "path")? {
        None => None,
        Some(p) if p.len() > MAX_REGEX_LEN => {
            return Err(format!(
                "\"match.path\" is longer than {MAX_REGEX_LEN} characters"
            ));
        }
        Some(p) => Some(
            regex::RegexBuilder::new(p)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| format!("\"match.path\" is not a valid regex: {e}"))?,
        ),
    };
    let tenant_field = string(doc, "tenant")?.map(str::to_owned);
    if let Some(t) = &tenant_field
        && t != tenant
    {
        return Err(format!(
            "\"match.tenant\" is {t:?} but this call is about tenant {tenant:?}; rules live in \
             their tenant: POST to /_admin/faults?tenant={t}"
        ));
    }
    let client = match string(doc, "client")? {
        None => None,
        Some(c) => Some(
            CLIENTS
                .iter()
                .copied()
                .find(|k| k.eq_ignore_ascii_case(c))
                .ok_or_else(|| {
                    format!(
                        "\"match.client\" {c:?} is not a client the mock recognises; use one of {}",
                        CLIENTS.join(", ")
                    )
                })?,
        ),
    };
    Ok(Match {
        method,
        path,
        tenant: tenant_field,
        client,
    })
}

fn whole(doc: &Map<String, Value>, field: &str, what: &str) -> Result<u64, String> {
    doc.get(field)
        .and_then(Value::as_u64)
        .ok_or_else(|| format!("\"{what}.{field}\" must be a non-negative whole number"))
}

fn parse_action(v: &Value) -> Result<Action, String> {
    let doc = object(v, "\"action\"")?;
    let kinds = ["status", "latency_ms", "hang_s", "reset", "scim"];
    let present: Vec<&str> = kinds
        .iter()
        .copied()
        .filter(|k| doc.contains_key(*k))
        .collect();
    let [kind] = present.as_slice() else {
        return Err(format!(
            "\"action\" must have exactly one of {} (found {})",
            kinds.join(", "),
            if present.is_empty() {
                "none".to_owned()
            } else {
                present.join(", ")
            }
        ));
    };
    let allowed: &[&str] = if *kind == "status" {
        &["status", "retry_after"]
    } else {
        std::slice::from_ref(kind)
    };
    only(doc, "\"action\"", allowed)?;
    Ok(match *kind {
        "status" => {
            let status = flags::check_fault_status(whole(doc, "status", "action")?)
                .map_err(|e| format!("\"action.status\": {e}"))?;
            let retry_after = match doc.get("retry_after") {
                None | Some(Value::Null) => None,
                Some(_) if !matches!(status, 429 | 503) => {
                    return Err(format!(
                        "\"action.retry_after\" goes with status 429 or 503 (RFC 9110 §10.2.3), not {status}"
                    ));
                }
                Some(_) => Some(whole(doc, "retry_after", "action")?),
            };
            Action::Status {
                status,
                retry_after,
            }
        }
        "latency_ms" => {
            let ms = |v: &Value| {
                v.as_u64().map(Duration::from_millis).ok_or_else(|| {
                    "\"action.latency_ms\" must be milliseconds or [low, high]".to_owned()
                })
            };
            let latency = match &doc["latency_ms"] {
                Value::Array(pair) if pair.len() == 2 => {
                    Latency::new(ms(&pair[0])?, Some(ms(&pair[1])?))
                }
                other => Latency::new(ms(other)?, None),
            }
            .map_err(|e| format!("\"action.latency_ms\": {e}"))?;
            Action::Latency(latency)
        }
        "hang_s" => {
            let s = whole(doc, "hang_s", "action")?;
            if s == 0 || s > MAX_HANG.as_secs() {
                return Err(format!(
                    "\"action.hang_s\" must be 1 to {} seconds",
                    MAX_HANG.as_secs()
                ));
            }
            Action::Hang(Duration::from_secs(s))
        }
        "reset" => match doc["reset"] {
            Value::Bool(true) => Action::Reset,
            _ => return Err("\"action.reset\" must be true".to_owned()),
        },
        _ => {
            let name = doc["scim"].as_str().unwrap_or_default();
            Action::Scim(ScimFault::parse(name).ok_or_else(|| {
                format!(
                    "\"action.scim\" {} is not a SCIM fault; use one of {}",
                    doc["scim"],
                    ScimFault::NAMES.join(", ")
                )
            })?)
        }
    })
}

fn parse_fire(v: &Value) -> Result<Fire, String> {
    let doc = object(v, "\"fire\"")?;
    let kinds = ["always", "probability", "first", "next", "every"];
    let present: Vec<&String> = doc.keys().collect();
    let [kind] = present.as_slice() else {
        return Err(format!(
            "\"fire\" must have exactly one of {}",
            kinds.join(", ")
        ));
    };
    let count = |field: &str| match doc[field].as_u64() {
        Some(n) if n >= 1 => Ok(n),
        _ => Err(format!("\"fire.{field}\" must be a whole number from 1")),
    };
    Ok(match kind.as_str() {
        "always" => match doc["always"] {
            Value::Bool(true) => Fire::Always,
            _ => return Err("\"fire.always\" must be true".to_owned()),
        },
        "probability" => match doc["probability"].as_f64() {
            Some(p) if (0.0..=1.0).contains(&p) => Fire::Probability(p),
            _ => return Err("\"fire.probability\" must be a number from 0 to 1".to_owned()),
        },
        "first" => Fire::First(count("first")?),
        "next" => Fire::Next(count("next")?),
        "every" => Fire::Every(count("every")?),
        other => {
            return Err(format!(
                "\"fire\" has an unknown mode {other:?}; use one of {}",
                kinds.join(", ")
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(body: Value) -> Result<Rule, String> {
        parse(&body, "f1".into(), "default")
    }

    #[test]
    fn a_full_rule_parses_and_echoes() {
        let r = rule(json!({
            "match": {"method": "post", "path": "^/scim/v2/Users", "tenant": "default", "client": "okta"},
            "action": {"status": 429, "retry_after": 2},
            "fire": {"first": 3}
        }))
        .expect("parses");
        assert_eq!(r.matcher.method, Some(Method::POST));
        assert_eq!(
            r.to_json()["action"],
            json!({"status": 429, "retry_after": 2})
        );
        assert_eq!(r.to_json()["fire"], json!({"first": 3}));
    }

    #[test]
    fn mistakes_name_the_field() {
        for (body, needle) in [
            (json!({"action": {"status": 200}}), "action.status"),
            (json!({"action": {}}), "exactly one"),
            (
                json!({"action": {"status": 503, "reset": true}}),
                "exactly one",
            ),
            (
                json!({"match": {"path": "(["}, "action": {"reset": true}}),
                "regex",
            ),
            (
                json!({"match": {"client": "netscape"}, "action": {"reset": true}}),
                "match.client",
            ),
            (
                json!({"match": {"tenant": "other"}, "action": {"reset": true}}),
                "?tenant=other",
            ),
            (json!({"action": {"hang_s": 0}}), "hang_s"),
            (json!({"action": {"scim": "teapot"}}), "action.scim"),
            (
                json!({"action": {"status": 500, "retry_after": 1}}),
                "retry_after",
            ),
            (
                json!({"action": {"reset": true}, "fire": {"every": 0}}),
                "fire.every",
            ),
            (
                json!({"action": {"reset": true}, "fire": {"probability": 2}}),
                "fire.probability",
            ),
            (
                json!({"action": {"reset": true}, "fire": {"often": 1}}),
                "unknown mode",
            ),
            (json!({"action": {"reset": true}, "colour": 1}), "colour"),
            (json!({"match": {}}), "no \"action\""),
            (json!([1]), "JSON object"),
        ] {
            let e = rule(body.clone()).expect_err(&body.to_string());
            assert!(e.contains(needle), "{body}: {e}");
        }
    }

    #[test]
    fn firing_modes_count_matches() {
        let mut first = rule(json!({"action": {"reset": true}, "fire": {"first": 2}})).expect("ok");
        let d: Vec<Decision> = (0..3).map(|_| first.consider(|| 0.0)).collect();
        assert_eq!(d, [Decision::Fire, Decision::Fire, Decision::Skip]);
        let mut next = rule(json!({"action": {"reset": true}, "fire": {"next": 2}})).expect("ok");
        assert_eq!(next.consider(|| 0.0), Decision::Fire);
        assert_eq!(next.consider(|| 0.0), Decision::FireAndRemove);
        let mut every = rule(json!({"action": {"reset": true}, "fire": {"every": 3}})).expect("ok");
        let d: Vec<Decision> = (0..6).map(|_| every.consider(|| 0.0)).collect();
        assert_eq!(
            d.iter().filter(|d| **d == Decision::Fire).count(),
            2,
            "{d:?}"
        );
        assert_eq!(d[2], Decision::Fire);
        let mut never =
            rule(json!({"action": {"reset": true}, "fire": {"probability": 0.0}})).expect("ok");
        assert_eq!(never.consider(|| 0.0), Decision::Skip);
    }
}
