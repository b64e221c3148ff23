//! Command-line interface: clap types with `SCIM_*` environment fallbacks, turned into the
//! validated configs of `config.rs`. Only this module and `main.rs` know about flags.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::config::{
    Auth, RunConfig, Secret, ServeConfig, SnapshotMode, SnapshotTask, SnapshotsConfig,
};
use crate::harness::running_in_ci;
use crate::harness::snapshot::{baseline_problem, review};
use crate::scim::Compliance;
use crate::server::mock::roles::RoleConfig;
use crate::server::mock::seed::{SeedData, SeedSource};

/// SCIM 2.0 conformance harness for Okta and Microsoft Entra provisioning, and an in-memory
/// reference SCIM server.
#[derive(Debug, Parser)]
#[command(name = "scim-harness", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the in-memory reference SCIM 2.0 server.
    Serve(ServeArgs),
    /// Run the conformance features against a SCIM server (the reference server by default).
    Test(TestArgs),
    /// List, review, accept or reject the pending snapshot changes (`.snap.new`) a run left.
    Snapshots(SnapshotsArgs),
}

#[derive(Debug, Args)]
pub struct SnapshotsArgs {
    #[command(subcommand)]
    pub action: SnapshotsAction,
    /// Directory of regression snapshots (the one given to `test --snapshots`).
    #[arg(long, env = "SCIM_SNAPSHOTS", global = true, value_name = "DIR",
          default_value = DEFAULT_SNAPSHOT_DIR)]
    pub snapshots: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum SnapshotsAction {
    /// List the pending changes: each `.snap.new`, new or changed, with its scenario.
    List(SnapshotSelection),
    /// Show each pending change as a diff and accept, reject or skip it (needs a terminal).
    Review(ReviewArgs),
    /// Accept pending changes: each `.snap.new` replaces its `.snap`.
    Accept(SnapshotSelection),
    /// Reject pending changes: each `.snap.new` is deleted, the `.snap` stays.
    Reject(SnapshotSelection),
}

#[derive(Debug, Args)]
pub struct SnapshotSelection {
    /// Only the snapshots whose scenario name or file name matches this regular expression.
    #[arg(long)]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub selection: SnapshotSelection,
    /// Ask on stdin even when it is not a terminal (scripted reviews, tests).
    #[arg(long, hide = true)]
    pub interactive: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on: an IP address, or a host name that resolves to loopback
    /// (`localhost`). Loopback unless you ask otherwise.
    #[arg(long, env = "SCIM_HOST", default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "SCIM_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Base path of the SCIM API.
    #[arg(long, env = "SCIM_BASE_PATH", default_value = "/scim/v2")]
    pub base_path: String,
    /// Bearer token clients must send; generated and printed at start-up when absent.
    #[arg(
        long,
        env = "SCIM_TOKEN",
        hide_env_values = true,
        conflicts_with = "no_auth"
    )]
    pub token: Option<String>,
    /// Accept requests without a token.
    #[arg(long, env = "SCIM_NO_AUTH")]
    pub no_auth: bool,
    /// Reject the Okta and Entra deviations from RFC 7644 instead of tolerating them.
    #[arg(long, env = "SCIM_SERVE_STRICT")]
    pub strict: bool,
    /// A browser origin allowed to call the server (`https://app.example.com`); repeatable.
    /// Without it, any origin is allowed.
    #[arg(
        long = "cors-origin",
        value_name = "ORIGIN",
        env = "SCIM_CORS_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,
    /// The userName the token stands for at /Me (created at start-up if absent); without it
    /// /Me answers 501.
    #[arg(long, env = "SCIM_ME", value_name = "USERNAME")]
    pub me: Option<String>,
    /// Seconds a paging cursor stays valid between pages (RFC 9865 cursorTimeout).
    #[arg(long, env = "SCIM_CURSOR_TIMEOUT", default_value_t = 3600,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub cursor_timeout: u64,
    /// Another tenant at the base path, chosen by its token: an isolated store (with its own
    /// journal, faults and roles) also reachable at /tenants/NAME/scim/v2; repeatable.
    #[arg(
        long = "tenant",
        value_name = "NAME=TOKEN",
        env = "SCIM_TENANTS",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub tenants: Vec<String>,
    /// Create a tenant (with --token's token) the first time /tenants/NAME/scim/v2 is used,
    /// so that parallel test runs never share state.
    #[arg(long, env = "SCIM_DYNAMIC_TENANTS")]
    pub dynamic_tenants: bool,
    /// A token for the admin API (/_admin) of every tenant; each tenant's own token also
    /// opens its own admin API.
    #[arg(long, env = "SCIM_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Users, groups and memberships every tenant starts with and POST /_admin/reset goes
    /// back to: a JSON file (README: Seed, demo and reset).
    #[arg(long, env = "SCIM_SEED", value_name = "FILE", conflicts_with = "demo")]
    pub seed: Option<PathBuf>,
    /// Start every tenant with a deterministic demo organisation of N users (default 50), with
    /// Eppo's role groups and role map.
    #[arg(long, env = "SCIM_DEMO", value_name = "N", num_args = 0..=1, require_equals = true,
          default_missing_value = "50",
          value_parser = clap::value_parser!(u32).range(1..=crate::server::mock::seed::MAX_DEMO_USERS as i64))]
    pub demo: Option<u32>,
    /// Group → role map: a JSON file with mode, default and roles (README: Group → role
    /// mapping).
    #[arg(long, env = "SCIM_ROLES", value_name = "FILE",
          conflicts_with_all = ["role", "role_mode", "role_default"])]
    pub roles: Option<PathBuf>,
    /// Map a group (displayName or externalId) to a role: 'Eppo Admin=Admin'; repeatable,
    /// highest priority first.
    #[arg(
        long = "role",
        value_name = "GROUP=ROLE",
        env = "SCIM_ROLE",
        value_delimiter = ';'
    )]
    pub role: Vec<String>,
    /// How --role maps groups: single (highest priority wins), multi (union) or each-group
    /// (every group is a role).
    #[arg(long, env = "SCIM_ROLE_MODE", value_name = "MODE")]
    pub role_mode: Option<String>,
    /// The role of users in no mapped group (with --role).
    #[arg(long, env = "SCIM_ROLE_DEFAULT", value_name = "ROLE")]
    pub role_default: Option<String>,
    /// Fault injection: every request waits this long before it is answered, fixed (`200ms`)
    /// or uniformly drawn from a range (`200ms..800ms`).
    #[arg(long, env = "SCIM_LATENCY", value_name = "DURATION[..DURATION]")]
    pub latency: Option<String>,
    /// Fault injection: answer this share of requests (0 to 1, e.g. 0.1) with --fail-status.
    #[arg(long, env = "SCIM_FAIL_RATE", value_name = "P")]
    pub fail_rate: Option<String>,
    /// The status of --fail-rate's failures (400 to 599).
    #[arg(long, env = "SCIM_FAIL_STATUS", value_name = "STATUS", default_value_t = crate::server::mock::faults::flags::DEFAULT_FAIL_STATUS)]
    pub fail_status: u16,
    /// Fault injection: at most N requests per second (`10/s`) or minute (`600/m`) per tenant;
    /// beyond that, 429 with `Retry-After` (whole seconds until a request is allowed again).
    #[arg(long, env = "SCIM_RATE_LIMIT", value_name = "N/s|N/m")]
    pub rate_limit: Option<String>,
    /// Seed of the fault injection's random draws (--fail-rate, latency ranges, probability
    /// rules), so that a run repeats exactly.
    #[arg(long, env = "SCIM_FAULT_SEED", value_name = "N", hide = true)]
    pub fault_seed: Option<u64>,
    /// Keep every tenant's users and groups in this SQLite file (created if absent), loaded
    /// at start-up; each write is on disk before it is answered. Without it, state lives in
    /// memory only.
    #[arg(long, env = "SCIM_DATA", value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Exchanges each tenant's request journal keeps (/_admin/requests); 0 turns it off.
    #[arg(long, env = "SCIM_JOURNAL", default_value_t = crate::server::mock::journal::DEFAULT_CAPACITY)]
    pub journal: usize,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Base URL of the SCIM API to test; without it the in-memory reference server is started.
    #[arg(long, env = "SCIM_TARGET")]
    pub target: Option<String>,
    /// Bearer token for the target.
    #[arg(long, env = "SCIM_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Tag expression selecting scenarios, e.g. '@okta and not @may'.
    #[arg(long, env = "SCIM_TAGS")]
    pub tags: Option<String>,
    /// Regular expression selecting scenarios by name (with --tags, both must match).
    #[arg(long, env = "SCIM_NAME")]
    pub name: Option<String>,
    /// Directory of extra feature files using the step library (repeatable).
    #[arg(long = "features", env = "SCIM_FEATURES", value_delimiter = ',')]
    pub features: Vec<PathBuf>,
    /// Run only the --features directories, not the built-in features.
    #[arg(long, env = "SCIM_ONLY_FEATURES", requires = "features")]
    pub only_features: bool,
    /// Scenarios run at once.
    #[arg(long, short = 'c', env = "SCIM_CONCURRENCY", default_value_t = 8,
          value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Per-request timeout in seconds.
    #[arg(long, env = "SCIM_TIMEOUT", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
    /// Bound on the whole run (`90s`, `15m`, `1h`): no request starts or waits past it, and the
    /// run ends as "could not test" (exit 3).
    #[arg(long, env = "SCIM_DEADLINE", default_value = "15m",
          value_parser = crate::config::parse_duration)]
    pub deadline: std::time::Duration,
    /// Write a JUnit XML report here.
    #[arg(long, env = "SCIM_JUNIT")]
    pub junit: Option<PathBuf>,
    /// Write a Cucumber JSON report here.
    #[arg(long, env = "SCIM_JSON")]
    pub json: Option<PathBuf>,
    /// Write a Markdown summary here (fit for a CI job summary).
    #[arg(long, env = "SCIM_MARKDOWN")]
    pub markdown: Option<PathBuf>,
    /// Write one HAR 1.2 file per failed scenario here, with every exchange it made.
    #[arg(long, env = "SCIM_EVIDENCE", value_name = "DIR")]
    pub evidence: Option<PathBuf>,
    /// With --evidence: a HAR file for every scenario that ran, not only the failed ones.
    #[arg(long, env = "SCIM_EVIDENCE_ALL", requires = "evidence")]
    pub evidence_all: bool,
    /// Count SHOULD failures as failures too.
    #[arg(long, env = "SCIM_TEST_STRICT")]
    pub strict: bool,
    /// Write the regression snapshots instead of checking them (refused under CI=true).
    #[arg(long, env = "SCIM_UPDATE_SNAPSHOTS", conflicts_with = "no_snapshots")]
    pub update_snapshots: bool,
    /// Do not record or compare regression snapshots.
    #[arg(long, env = "SCIM_NO_SNAPSHOTS")]
    pub no_snapshots: bool,
    /// Directory of regression snapshots [default without --target: snapshots/scenarios, when it
    /// exists; with --target: none, so snapshots are off unless this is given].
    #[arg(long, env = "SCIM_SNAPSHOTS")]
    pub snapshots: Option<PathBuf>,
    /// Print only the summary (every failure in full), not each step as it runs.
    #[arg(long, short = 'q', env = "SCIM_QUIET")]
    pub quiet: bool,
    /// Disable colours in the progress output.
    #[arg(long, env = "NO_COLOR", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_color: bool,
}

/// Where the reference server's scenario snapshots live, relative to the project root.
pub const DEFAULT_SNAPSHOT_DIR: &str = "snapshots/scenarios";

/// A configuration problem: exit code 2, with a message for the user.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

impl ServeArgs {
    /// Validate and convert to the library's [`ServeConfig`].
    pub fn into_config(self) -> Result<ServeConfig, UsageError> {
        let faults = self.fault_flags()?;
        let base_path = normalise_base_path(&self.base_path)?;
        let (auth, token_generated) = match (self.no_auth, self.token) {
            (true, _) => (Auth::Disabled, false),
            (false, Some(t)) if t.trim().is_empty() => {
                return Err(UsageError(
                    "--token must not be empty (use --no-auth to disable auth)".into(),
                ));
            }
            (false, Some(t)) => (Auth::Token(Secret::new(t.trim())), false),
            (false, None) => (Auth::Token(Secret::generate()), true),
        };
        let host = resolve_host(&self.host)?;
        let mut cors_origins = Vec::new();
        for origin in &self.cors_origins {
            cors_origins.push(normalise_origin(origin)?);
        }
        let me = match self.me.as_deref().map(str::trim) {
            None => None,
            Some("") => return Err(UsageError("--me must name a userName".into())),
            Some(name) => Some(name.to_owned()),
        };
        let tenants = parse_tenants(&self.tenants, &auth)?;
        let admin_token = match self.admin_token.as_deref().map(str::trim) {
            None => None,
            Some("") => return Err(UsageError("--admin-token must not be empty".into())),
            Some(t) => Some(Secret::new(t)),
        };
        let compliance = if self.strict {
            Compliance::Strict
        } else {
            Compliance::Tolerant
        };
        let seed = match (&self.seed, self.demo) {
            (Some(path), _) => SeedSource::File(std::sync::Arc::new(
                SeedData::load(path, compliance).map_err(|e| UsageError(format!("--seed {e}")))?,
            )),
            (None, Some(n)) => SeedSource::Demo(n as usize),
            (None, None) => SeedSource::Empty,
        };
        let roles = match &self.roles {
            Some(path) => {
                Some(RoleConfig::load(path).map_err(|e| UsageError(format!("--roles {e}")))?)
            }
            None if !self.role.is_empty()
                || self.role_mode.is_some()
                || self.role_default.is_some() =>
            {
                let mode = match &self.role_mode {
                    Some(m) => m
                        .parse()
                        .map_err(|e| UsageError(format!("--role-mode: {e}")))?,
                    None => Default::default(),
                };
                Some(
                    RoleConfig::from_flags(&self.role, mode, self.role_default.clone())
                        .map_err(UsageError)?,
                )
            }
            None => None,
        };
        Ok(ServeConfig {
            seed,
            roles,
            tenants,
            dynamic_tenants: self.dynamic_tenants,
            admin_token,
            journal: self.journal,
            me,
            cursor_timeout: Duration::from_secs(self.cursor_timeout),
            host,
            port: self.port,
            base_path,
            auth,
            compliance,
            token_generated,
            cors_origins,
            head_timeout: crate::server::limits::HEAD_TIMEOUT,
            body_timeout: crate::server::limits::BODY_TIMEOUT,
            idle_timeout: crate::server::limits::IDLE_TIMEOUT,
            data: self.data,
            faults,
        })
    }

    /// `--latency`, `--fail-rate`, `--fail-status`, `--rate-limit`, `--fault-seed`, checked.
    fn fault_flags(&self) -> Result<crate::server::mock::faults::FaultFlags, UsageError> {
        use crate::server::mock::faults::flags;
        let usage = |flag: &'static str| move |e: String| UsageError(format!("{flag}: {e}"));
        let fail_rate = self
            .fail_rate
            .as_deref()
            .map(flags::parse_probability)
            .transpose()
            .map_err(usage("--fail-rate"))?;
        let fail_status = flags::check_fault_status(u64::from(self.fail_status))
            .map_err(usage("--fail-status"))?;
        Ok(flags::FaultFlags {
            latency: self
                .latency
                .as_deref()
                .map(flags::parse_latency)
                .transpose()
                .map_err(usage("--latency"))?,
            fail_rate,
            fail_status,
            rate_limit: self
                .rate_limit
                .as_deref()
                .map(flags::parse_rate)
                .transpose()
                .map_err(usage("--rate-limit"))?,
            seed: self.fault_seed,
        })
    }
}

/// `--tenant NAME=TOKEN` values: valid names, none twice, no token shared with another
/// tenant (the token is what picks the tenant).
fn parse_tenants(values: &[String], default: &Auth) -> Result<Vec<(String, Secret)>, UsageError> {
    use crate::server::mock::{DEFAULT_TENANT, check_tenant_name};
    let mut tenants: Vec<(String, Secret)> = Vec::new();
    for value in values {
        let Some((name, token)) = value.split_once('=') else {
            return Err(UsageError(format!(
                "--tenant {:?} must be NAME=TOKEN",
                value.split('=').next().unwrap_or_default()
            )));
        };
        let (name, token) = (name.trim(), token.trim());
        check_tenant_name(name).map_err(|e| UsageError(format!("--tenant: {e}")))?;
        if name == DEFAULT_TENANT {
            return Err(UsageError(format!(
                "--tenant: {DEFAULT_TENANT:?} is the tenant of --token; choose another name"
            )));
        }
        if token.is_empty() {
            return Err(UsageError(format!(
                "--tenant {name}: the token must not be empty"
            )));
        }
        if tenants.iter().any(|(n, _)| n == name) {
            return Err(UsageError(format!("--tenant {name} is given twice")));
        }
        let clash = tenants.iter().any(|(_, t)| t.expose() == token)
            || matches!(default, Auth::Token(t) if t.expose() == token);
        if clash {
            return Err(UsageError(format!(
                "--tenant {name}: its token is another tenant's; the token picks the tenant, \
                 so each needs its own"
            )));
        }
        tenants.push((name.to_owned(), Secret::new(token)));
    }
    Ok(tenants)
}

/// `--host`: an IP address as given, or a name whose addresses are all loopback (`localhost`,
/// its IPv4 address first). A name that resolves beyond loopback is refused: listening on the
/// network is asked for with an explicit address (`0.0.0.0`).
fn resolve_host(host: &str) -> Result<IpAddr, UsageError> {
    use std::net::ToSocketAddrs as _;
    let host = host.trim();
    if let Ok(ip) = host.trim_start_matches('[').trim_end_matches(']').parse() {
        return Ok(ip);
    }
    let addrs: Vec<IpAddr> = (host, 0)
        .to_socket_addrs()
        .map_err(|e| {
            UsageError(format!(
                "--host {host:?} is neither an IP address nor a name that resolves: {e}"
            ))
        })?
        .map(|a| a.ip())
        .collect();
    if let Some(beyond) = addrs.iter().find(|ip| !ip.is_loopback()) {
        return Err(UsageError(format!(
            "--host {host:?} resolves to {beyond}, beyond loopback; to listen on the network give \
             the address itself (e.g. --host 0.0.0.0)"
        )));
    }
    addrs
        .iter()
        .find(|ip| ip.is_ipv4())
        .or(addrs.first())
        .copied()
        .ok_or_else(|| UsageError(format!("--host {host:?} resolves to no address")))
}

/// `--cors-origin`: `scheme://host[:port]`, compared as browsers send it (no path, no slash).
fn normalise_origin(origin: &str) -> Result<String, UsageError> {
    let o = origin.trim().trim_end_matches('/');
    let ok = o.split_once("://").is_some_and(|(scheme, rest)| {
        !scheme.is_empty()
            && !rest.is_empty()
            && !rest.contains('/')
            && o.bytes().all(|b| b.is_ascii_graphic())
    });
    if !ok {
        return Err(UsageError(format!(
            "--cors-origin {origin:?} is not an origin such as https://app.example.com"
        )));
    }
    Ok(o.to_ascii_lowercase())
}

impl TestArgs {
    /// Validate and convert to the library's [`RunConfig`].
    pub fn into_config(self) -> Result<RunConfig, UsageError> {
        let target = match self.target {
            None => None,
            Some(t) => {
                let t = t.trim().trim_end_matches('/').to_owned();
                if !(t.starts_with("http://") || t.starts_with("https://")) {
                    return Err(UsageError(format!(
                        "--target must be an http:// or https:// URL, got {t:?}"
                    )));
                }
                Some(t)
            }
        };
        if target.is_some() && self.token.as_deref().is_none_or(|t| t.trim().is_empty()) {
            return Err(UsageError(
                "--token (or SCIM_TOKEN) is required with --target".into(),
            ));
        }
        for dir in &self.features {
            if !dir.exists() {
                return Err(UsageError(format!(
                    "--features {}: no such file or directory",
                    dir.display()
                )));
            }
        }
        let snapshots = if self.no_snapshots {
            SnapshotMode::Off
        } else if self.update_snapshots {
            if running_in_ci() {
                return Err(UsageError(
                    "--update-snapshots is refused under CI=true: CI never writes snapshots".into(),
                ));
            }
            SnapshotMode::Update
        } else {
            SnapshotMode::Check
        };
        // The reference server's baseline ships with the project; any other target has its own,
        // which only the user can name.
        let snapshot_dir = match (&self.snapshots, &target) {
            (Some(dir), _) => Some(dir.clone()),
            (None, None) => Some(PathBuf::from(DEFAULT_SNAPSHOT_DIR))
                .filter(|d| d.is_dir() || snapshots == SnapshotMode::Update),
            (None, Some(_)) if snapshots == SnapshotMode::Update => {
                return Err(UsageError(
                    "--update-snapshots with --target needs --snapshots DIR: each server keeps its own baseline".into(),
                ));
            }
            (None, Some(_)) => None,
        };
        // Checking against nothing would report every scenario as changed: refuse before running.
        if snapshots == SnapshotMode::Check
            && let Some(dir) = &snapshot_dir
            && let Some(problem) = baseline_problem(dir)
        {
            return Err(UsageError(format!(
                "--snapshots {dir}: {problem}, so there is no baseline to compare with.\n  Record one first (then review and commit it): scim-harness test {target}--snapshots {dir} --update-snapshots\n  or run without snapshots: --no-snapshots",
                dir = dir.display(),
                target = if target.is_some() {
                    "--target URL --token T "
                } else {
                    ""
                },
            )));
        }
        Ok(RunConfig {
            target,
            token: self.token.map(|t| Secret::new(t.trim())),
            tags: self.tags.filter(|t| !t.trim().is_empty()),
            name: self.name.filter(|n| !n.is_empty()),
            features: self.features,
            only_features: self.only_features,
            concurrency: usize::from(self.concurrency),
            timeout: Duration::from_secs(self.timeout),
            deadline: self.deadline,
            junit: self.junit,
            json: self.json,
            markdown: self.markdown,
            evidence: self.evidence,
            evidence_all: self.evidence_all,
            strict: self.strict,
            snapshots,
            snapshot_dir,
            color: !self.no_color,
            progress: !self.quiet,
        })
    }
}

impl SnapshotsArgs {
    /// Validate and convert to the library's [`SnapshotsConfig`]: the directory must exist.
    pub fn into_config(self) -> Result<SnapshotsConfig, UsageError> {
        let dir = review::Dir::open(&self.snapshots).map_err(|e| {
            UsageError(format!(
                "--snapshots {e} (give the directory that `test --snapshots` wrote to)"
            ))
        })?;
        let (task, selection) = match self.action {
            SnapshotsAction::List(s) => (SnapshotTask::List, s),
            SnapshotsAction::Review(r) => (
                SnapshotTask::Review {
                    interactive: r.interactive,
                },
                r.selection,
            ),
            SnapshotsAction::Accept(s) => (SnapshotTask::Accept, s),
            SnapshotsAction::Reject(s) => (SnapshotTask::Reject, s),
        };
        let name = match selection.name.filter(|n| !n.is_empty()) {
            None => None,
            Some(pattern) => Some(regex::Regex::new(&pattern).map_err(|e| {
                UsageError(format!(
                    "--name {pattern:?} is not a regular expression: {e}"
                ))
            })?),
        };
        Ok(SnapshotsConfig { dir, task, name })
    }
}

/// `/scim/v2/` → `/scim/v2`; `scim` → `/scim`; `/` → `` (the root).
/// The words a boolean `SCIM_…` variable may hold (clap reads the first four as false, the
/// rest as true).
pub const BOOLEAN_WORDS: [&str; 8] = ["0", "false", "no", "off", "1", "true", "yes", "on"];

/// Every boolean flag's `SCIM_…` variable that is set must hold one of [`BOOLEAN_WORDS`] (in any
/// case): clap alone would read `SCIM_QUIET=maybe` as true and never say so. The flags are read
/// off the command itself, so a new flag is covered without a list to keep. `NO_COLOR` keeps its
/// own convention (any non-empty value).
pub fn check_boolean_env(lookup: impl Fn(&str) -> Option<String>) -> Result<(), UsageError> {
    use clap::CommandFactory as _;
    let command = Cli::command();
    let mut commands = vec![&command];
    while let Some(cmd) = commands.pop() {
        commands.extend(cmd.get_subcommands());
        for arg in cmd.get_arguments() {
            let is_flag = matches!(arg.get_action(), clap::ArgAction::SetTrue);
            let Some(var) = arg.get_env().and_then(|v| v.to_str()) else {
                continue;
            };
            if !is_flag || !var.starts_with("SCIM_") {
                continue;
            }
            if let Some(value) = lookup(var)
                && !BOOLEAN_WORDS.contains(&value.trim().to_ascii_lowercase().as_str())
            {
                return Err(UsageError(format!(
                    "{var}={value:?} is not a boolean: use one of {}",
                    BOOLEAN_WORDS.join(", ")
                )));
            }
        }
    }
    Ok(())
}

fn normalise_base_path(raw: &str) -> Result<String, UsageError> {
    let trimmed = raw.trim().trim_matches('/');
    if trimmed
        .chars()
        .any(|c| c.is_whitespace() || c == '?' || c == '#')
    {
        return Err(UsageError(format!(
            "--base-path {raw:?} must be a plain URL path"
        )));
    }
    Ok(if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn boolean_variables_take_the_usual_words_and_a_bad_value_names_the_variable() {
        for word in ["1", "0", "TRUE", "false", "yes", "No", "on", "off"] {
            assert!(check_boolean_env(|v| (v == "SCIM_QUIET").then(|| word.to_owned())).is_ok());
        }
        let err =
            check_boolean_env(|v| (v == "SCIM_NO_AUTH").then(|| "maybe".to_owned())).unwrap_err();
        assert!(err.0.contains("SCIM_NO_AUTH=\"maybe\""), "{}", err.0);
        // Not a flag's variable: left to its own parser.
        assert!(check_boolean_env(|v| (v == "SCIM_TOKEN").then(|| "maybe".to_owned())).is_ok());
    }

    #[test]
    fn tenants_need_a_safe_name_and_a_token_of_their_own() {
        let default = Auth::Token(Secret::new("main"));
        let ok = parse_tenants(&["okta=a".into(), "entra = b".into()], &default).unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!((ok[1].0.as_str(), ok[1].1.expose()), ("entra", "b"));
        for (values, says) in [
            (vec!["okta"], "NAME=TOKEN"),
            (vec!["a b=t"], "letters, digits"),
            (vec!["default=t"], "tenant of --token"),
            (vec!["okta="], "must not be empty"),
            (vec!["okta=a", "okta=b"], "twice"),
            (vec!["okta=a", "entra=a"], "another tenant's"),
            (vec!["okta=main"], "another tenant's"),
        ] {
            let values: Vec<String> = values.into_iter().map(String::from).collect();
            let err = parse_tenants(&values, &default).unwrap_err();
            assert!(err.0.contains(says), "{values:?}: {}", err.0);
            // A usage error never shows a token.
            assert!(
                !err.0.contains("main") && !err.0.contains("=a"),
                "{}",
                err.0
            );
        }
    }

    #[test]
    fn hosts_are_addresses_or_names_that_resolve_to_loopback() {
        assert_eq!(
            resolve_host("127.0.0.1").unwrap(),
            IpAddr::from([127, 0, 0, 1])
        );
        assert_eq!(resolve_host("0.0.0.0").unwrap(), IpAddr::from([0, 0, 0, 0]));
        assert!(resolve_host("[::1]").unwrap().is_loopback());
        assert!(resolve_host("localhost").unwrap().is_loopback());
        assert!(resolve_host("no such host name").is_err());
    }

    #[test]
    fn cors_origins_are_origins() {
        assert_eq!(
            normalise_origin("https://App.example.com/").unwrap(),
            "https://app.example.com"
        );
        assert!(normalise_origin("app.example.com").is_err());
        assert!(normalise_origin("https://app.example.com/path").is_err());
    }

    #[test]
    fn base_paths_are_normalised() {
        assert_eq!(normalise_base_path("/scim/v2/").unwrap(), "/scim/v2");
        assert_eq!(normalise_base_path("scim").unwrap(), "/scim");
        assert_eq!(normalise_base_path("/").unwrap(), "");
        assert!(normalise_base_path("/a b").is_err());
    }

    #[test]
    fn a_generated_token_is_never_printed_by_debug() {
        let cfg = Cli::try_parse_from(["scim-harness", "serve"]).unwrap();
        let Command::Serve(args) = cfg.command else {
            panic!("serve")
        };
        let config = args.into_config().unwrap();
        assert!(config.token_generated);
        let Auth::Token(secret) = &config.auth else {
            panic!("auth on by default")
        };
        assert!(!format!("{config:?}").contains(secret.expose()));
    }

    fn serve_config(args: &[&str]) -> Result<ServeConfig, UsageError> {
        let cfg = Cli::try_parse_from(["scim-harness", "serve"].iter().chain(args)).unwrap();
        let Command::Serve(args) = cfg.command else {
            panic!("serve")
        };
        args.into_config()
    }

    #[test]
    fn demo_defaults_to_its_documented_size_and_role_flags_build_a_map() {
        use crate::server::mock::roles::Mode;
        use crate::server::mock::seed::DEFAULT_DEMO_USERS;
        let config = serve_config(&["--demo"]).unwrap();
        assert!(matches!(config.seed, SeedSource::Demo(n) if n == DEFAULT_DEMO_USERS));
        let config = serve_config(&["--demo=7"]).unwrap();
        assert!(matches!(config.seed, SeedSource::Demo(7)));
        assert!(config.roles.is_none());
        assert!(Cli::try_parse_from(["scim-harness", "serve", "--demo=0"]).is_err());

        let config = serve_config(&[
            "--role",
            "Eppo Admin=Admin",
            "--role",
            "Eppo Viewer=Viewer",
            "--role-mode",
            "multi",
        ])
        .unwrap();
        let roles = config.roles.unwrap();
        assert_eq!(roles.mode, Mode::Multi);
        assert_eq!(roles.rules[1].role, "Viewer");
        assert!(
            serve_config(&["--role-default", "Viewer"])
                .unwrap()
                .roles
                .is_some()
        );
        let e = serve_config(&["--seed", "no/such/seed.json"]).unwrap_err();
        assert!(e.0.starts_with("--seed no/such/seed.json: "), "{}", e.0);
    }

    #[test]
    fn target_requires_a_token() {
        let cfg = Cli::try_parse_from([
            "scim-harness",
            "test",
            "--target",
            "http://127.0.0.1:1/scim",
        ])
        .unwrap();
        let Command::Test(args) = cfg.command else {
            panic!("test")
        };
        assert!(args.into_config().is_err());
    }
}
