//! Command-line interface: clap types with `SCIM_*` environment fallbacks, turned into the
//! validated configs of `config.rs`. Only this module and `main.rs` know about flags.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::config::{Auth, RunConfig, Secret, ServeConfig, SnapshotMode};
use crate::harness::running_in_ci;
use crate::scim::Compliance;

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
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (loopback unless you ask otherwise).
    #[arg(long, env = "SCIM_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,
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
    /// The userName the token stands for at /Me (created at start-up if absent); without it
    /// /Me answers 501.
    #[arg(long, env = "SCIM_ME", value_name = "USERNAME")]
    pub me: Option<String>,
    /// Seconds a paging cursor stays valid between pages (RFC 9865 cursorTimeout).
    #[arg(long, env = "SCIM_CURSOR_TIMEOUT", default_value_t = 3600,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub cursor_timeout: u64,
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
    /// Write a JUnit XML report here.
    #[arg(long, env = "SCIM_JUNIT")]
    pub junit: Option<PathBuf>,
    /// Write a Cucumber JSON report here.
    #[arg(long, env = "SCIM_JSON")]
    pub json: Option<PathBuf>,
    /// Write a Markdown summary here (fit for a CI job summary).
    #[arg(long, env = "SCIM_MARKDOWN")]
    pub markdown: Option<PathBuf>,
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
        let me = match self.me.as_deref().map(str::trim) {
            None => None,
            Some("") => return Err(UsageError("--me must name a userName".into())),
            Some(name) => Some(name.to_owned()),
        };
        Ok(ServeConfig {
            me,
            cursor_timeout: Duration::from_secs(self.cursor_timeout),
            host: self.host,
            port: self.port,
            base_path,
            auth,
            compliance: if self.strict {
                Compliance::Strict
            } else {
                Compliance::Tolerant
            },
            token_generated,
        })
    }
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
        Ok(RunConfig {
            target,
            token: self.token.map(|t| Secret::new(t.trim())),
            tags: self.tags.filter(|t| !t.trim().is_empty()),
            name: self.name.filter(|n| !n.is_empty()),
            features: self.features,
            only_features: self.only_features,
            concurrency: usize::from(self.concurrency),
            timeout: Duration::from_secs(self.timeout),
            junit: self.junit,
            json: self.json,
            markdown: self.markdown,
            strict: self.strict,
            snapshots,
            snapshot_dir,
            color: !self.no_color,
            progress: !self.quiet,
        })
    }
}

/// `/scim/v2/` → `/scim/v2`; `scim` → `/scim`; `/` → `` (the root).
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
