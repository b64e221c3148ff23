//! Validated, clap-free configuration: what the library takes from the CLI (or from tests).
//!
//! The CLI (`cli.rs`) turns flags and environment variables into these types; library code and
//! tests build them directly, so nothing below `main.rs` parses arguments.

use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::scim::Compliance;

/// A secret (a bearer token): its `Debug` and `Display` print `***`, never the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    /// The secret itself: call only where it is sent or compared.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// Whether `presented` is this secret, compared in constant time (the one place a token is
    /// checked: the SCIM API, tenant choice and the admin API all ask here).
    pub fn matches(&self, presented: &str) -> bool {
        use subtle::ConstantTimeEq as _;
        bool::from(presented.as_bytes().ct_eq(self.0.as_bytes()))
    }
    /// A fresh random token (244 bits from two v4 UUIDs), for `serve` without `--token`.
    pub fn generate() -> Self {
        Secret(format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        ))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// How the reference server authenticates requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer <token>` (or the bare token) must match.
    Token(Secret),
    /// Every request is accepted (`--no-auth`).
    Disabled,
}

/// Configuration of `scim-harness serve`.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    pub host: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Base path of the SCIM API, `/scim/v2` by default; normalised to start with `/` and not
    /// end with one (the root is the empty string).
    pub base_path: String,
    pub auth: Auth,
    /// Whether the Okta and Entra tolerances are on (`--strict` turns them off).
    pub compliance: Compliance,
    /// True when the token was generated at start-up and must be shown to the user once.
    pub token_generated: bool,
    /// Browser origins allowed by CORS (`--cors-origin`); empty means any origin.
    pub cors_origins: Vec<String>,
    /// How long a client may take to send a request head, from its first byte
    /// (`server::limits::HEAD_TIMEOUT`; tests lower it).
    pub head_timeout: Duration,
    /// How long a client may take to send a request body once its head is in
    /// (`server::limits::BODY_TIMEOUT`; tests lower it).
    pub body_timeout: Duration,
    /// How long a connection may sit without sending a request (`server::limits::IDLE_TIMEOUT`).
    pub idle_timeout: Duration,
    /// The userName the token stands for at `/Me` (RFC 7644 §3.11), created at start-up when
    /// absent (`--me`); `None` leaves `/Me` at 501.
    pub me: Option<String>,
    /// How long a paging cursor stays valid after the page that issued it (RFC 9865
    /// `cursorTimeout`; `--cursor-timeout`).
    pub cursor_timeout: Duration,
    /// More tenants at the base path, each chosen by its token (`--tenant NAME=TOKEN`).
    pub tenants: Vec<(String, Secret)>,
    /// Create a tenant the first time `/tenants/NAME/…` is used (`--dynamic-tenants`).
    pub dynamic_tenants: bool,
    /// A token for the admin API of every tenant (`--admin-token`).
    pub admin_token: Option<Secret>,
    /// What every tenant starts with and `POST /_admin/reset` goes back to (`--seed FILE`,
    /// `--demo[=N]`).
    pub seed: crate::server::mock::seed::SeedSource,
    /// The group → role map (`--roles FILE`, `--role GROUP=ROLE`); `None` when none is given
    /// (then `--demo` installs Eppo's).
    pub roles: Option<crate::server::mock::roles::RoleConfig>,
    /// Faults injected into every tenant's requests (`--latency`, `--fail-rate`, …).
    pub faults: crate::server::mock::faults::FaultFlags,
    /// The SQLite file every tenant's state is kept in (`--data`); `None` keeps it in memory
    /// only (`server::store::durable`).
    pub data: Option<PathBuf>,
    /// Entries each tenant's request journal keeps (`--journal N`); 0 turns it off.
    pub journal: usize,
}

/// The default `cursorTimeout`: one hour (RFC 9865 §4 gives 3600 as its example).
pub const DEFAULT_CURSOR_TIMEOUT: Duration = Duration::from_secs(3600);

impl ServeConfig {
    /// Loopback, a free port, `/scim/v2`, the given auth, tolerant: what tests start.
    pub fn for_tests(auth: Auth) -> Self {
        ServeConfig {
            host: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            base_path: "/scim/v2".to_owned(),
            auth,
            compliance: Compliance::Tolerant,
            token_generated: false,
            cors_origins: Vec::new(),
            head_timeout: crate::server::limits::HEAD_TIMEOUT,
            body_timeout: crate::server::limits::BODY_TIMEOUT,
            idle_timeout: crate::server::limits::IDLE_TIMEOUT,
            me: None,
            cursor_timeout: DEFAULT_CURSOR_TIMEOUT,
            tenants: Vec::new(),
            dynamic_tenants: false,
            admin_token: None,
            seed: crate::server::mock::seed::SeedSource::Empty,
            roles: None,
            faults: crate::server::mock::faults::FaultFlags::default(),
            data: None,
            journal: crate::server::mock::journal::DEFAULT_CAPACITY,
        }
    }
}

/// How regression snapshots are treated by a harness run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SnapshotMode {
    /// Compare with the stored snapshots; a missing or different one is reported as drift.
    #[default]
    Check,
    /// Write the snapshots (never under `CI=true`).
    Update,
    /// Do not record or compare snapshots.
    Off,
}

/// Configuration of `scim-harness test`.
///
/// [`RunConfig::new`] gives the defaults of the CLI for a target; tests adjust fields from there.
#[derive(Clone, Debug)]
pub struct RunConfig {
    /// Base URL of the SCIM API under test; `None` starts the in-memory reference server.
    pub target: Option<String>,
    /// Bearer token for the target (`None` with an embedded target: one is generated).
    pub token: Option<Secret>,
    /// Cucumber tag expression selecting scenarios (`@okta and not @may`).
    pub tags: Option<String>,
    /// Regular expression a scenario's name must match (`--name`), with `tags`.
    pub name: Option<String>,
    /// Extra directories of feature files (the embedded features always run unless `only_features` is set).
    pub features: Vec<PathBuf>,
    /// Run only the features in `features`, not the embedded ones.
    pub only_features: bool,
    /// Scenarios run at once.
    pub concurrency: usize,
    /// Per-request timeout: connect to last body byte.
    pub timeout: Duration,
    /// The whole run's bound: no request starts, and none waits, past it.
    pub deadline: Duration,
    pub junit: Option<PathBuf>,
    pub json: Option<PathBuf>,
    pub markdown: Option<PathBuf>,
    /// Directory for one HAR file per scenario (`--evidence`).
    pub evidence: Option<PathBuf>,
    /// HAR files for every scenario that ran, not only the failed ones (`--evidence-all`).
    pub evidence_all: bool,
    /// SHOULD failures also fail the run.
    pub strict: bool,
    pub snapshots: SnapshotMode,
    /// Where snapshots live; `None` turns them off. The embedded reference server uses
    /// `snapshots/scenarios` of the project; a user's own target needs `--snapshots DIR`.
    pub snapshot_dir: Option<PathBuf>,
    /// Colour on the terminal.
    pub color: bool,
    /// cucumber's step-by-step progress on the terminal (off with `--quiet`).
    pub progress: bool,
}

/// How long a run may take by default (`--deadline`): far beyond a whole suite against a slow
/// server (minutes), short enough that a CI job against a silent one ends.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(15 * 60);

/// `90`, `90s`, `15m`, `1h` as a duration (whole seconds, minutes or hours; at least 1 s).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration such as 90s, 15m or 1h"))?;
    let seconds = match unit {
        "s" => n,
        "m" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        _ => return Err(format!("{text:?} is not a duration such as 90s, 15m or 1h")),
    };
    if seconds == 0 {
        return Err("a duration must be at least 1s".to_owned());
    }
    Ok(Duration::from_secs(seconds))
}

impl RunConfig {
    /// Whether the run narrows the scenarios by tags or name (then selecting none is a mistake).
    pub fn selects_some(&self) -> bool {
        self.tags.is_some() || self.name.is_some()
    }

    /// A run of every built-in feature against `target` with the CLI's defaults: concurrency 8,
    /// a 10 s timeout, no reports, not `--strict`, snapshots off, no colour.
    pub fn new(target: impl Into<String>, token: Secret) -> Self {
        RunConfig {
            target: Some(target.into()),
            token: Some(token),
            tags: None,
            name: None,
            features: Vec::new(),
            only_features: false,
            concurrency: 8,
            timeout: Duration::from_secs(10),
            deadline: DEFAULT_DEADLINE,
            junit: None,
            json: None,
            markdown: None,
            evidence: None,
            evidence_all: false,
            strict: false,
            snapshots: SnapshotMode::Off,
            snapshot_dir: None,
            color: false,
            progress: true,
        }
    }
}

/// What `scim-harness snapshots` does with the pending snapshot changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnapshotTask {
    List,
    /// Ask about each one; `interactive` asks even when stdin is not a terminal.
    Review {
        interactive: bool,
    },
    Accept,
    Reject,
}

/// Configuration of `scim-harness snapshots`.
#[derive(Clone, Debug)]
pub struct SnapshotsConfig {
    /// The snapshot directory (it exists).
    pub dir: crate::harness::snapshot::review::Dir,
    pub task: SnapshotTask,
    /// `--name`: only the snapshots whose scenario or file name matches.
    pub name: Option<regex::Regex>,
}
