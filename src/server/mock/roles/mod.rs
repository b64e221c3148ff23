//! Group → role mapping (issue 11 §5): the app roles a user has because of the groups an IdP
//! pushed, as Eppo and Fennel assign them (and as WorkOS sells it).
//!
//! A role map ([`RoleConfig`], from `--roles FILE` or `--role 'GROUP=ROLE'`) lists roles with a
//! priority (1 is highest) and the groups that grant them, matched by displayName or externalId
//! without regard to case (Unicode lower-casing, the store's rule for names). Three modes:
//! - `single`: the mapped group of highest priority wins — one role;
//! - `multi`: every mapped group counts — the union, by priority;
//! - `each-group` (Fennel): every group the user is in is a role named after its displayName.
//!
//! A user in no mapped group has the `default` role, if there is one. Memberships count
//! **through nested groups** too: a user in `Team A`, itself a member of `Eppo Admin`, is an
//! Admin. Roles are computed from the store when asked (nothing is cached, so they follow every
//! membership change), and [`notes`] says for the journal whose role a request changed.

mod admin;
mod effective;
mod notes;

pub use admin::endpoints;
pub use effective::{Effective, effective_in_store};
pub use notes::notes;

use std::path::Path;
use std::sync::{Arc, PoisonError, RwLock};

use serde::Deserialize;
use serde_json::{Value, json};

use super::seed::SeedSource;
use super::seed::demo::EPPO_ROLE_GROUPS;
use crate::config::ServeConfig;

/// How group memberships become roles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// The highest-priority mapped group wins.
    #[default]
    Single,
    /// The union of every mapped group's role.
    Multi,
    /// Each group is a role named after it (Fennel).
    EachGroup,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Single => "single",
            Mode::Multi => "multi",
            Mode::EachGroup => "each-group",
        }
    }
}

impl std::str::FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "single" => Ok(Mode::Single),
            "multi" => Ok(Mode::Multi),
            "each-group" => Ok(Mode::EachGroup),
            other => Err(format!(
                "role mode {other:?} is not one of single, multi, each-group"
            )),
        }
    }
}

/// One role and the groups that grant it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub role: String,
    /// 1 is the highest; unique within a map.
    pub priority: u32,
    /// displayNames or externalIds, as written.
    pub groups: Vec<String>,
}

/// A role map: `--roles FILE` / `--role GROUP=ROLE`, or Eppo's (`--demo`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleConfig {
    pub mode: Mode,
    pub default: Option<String>,
    /// By priority, highest first.
    pub rules: Vec<Rule>,
}

/// The file format of `--roles`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleFile {
    #[serde(default)]
    mode: Mode,
    #[serde(default)]
    default: Option<String>,
    #[serde(default)]
    roles: Vec<RoleFileEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleFileEntry {
    role: String,
    #[serde(default)]
    priority: Option<u32>,
    #[serde(default)]
    groups: Vec<String>,
}

/// The case rule for group names and role names.
pub(crate) fn fold(name: &str) -> String {
    name.to_lowercase()
}

impl RoleConfig {
    /// Eppo's map: Admin, Data Owner, Experiment Editor, Viewer by priority, default Viewer.
    pub fn eppo() -> Self {
        RoleConfig {
            mode: Mode::Single,
            default: Some("Viewer".to_owned()),
            rules: EPPO_ROLE_GROUPS
                .iter()
                .zip(1..)
                .map(|((role, group), priority)| Rule {
                    role: (*role).to_owned(),
                    priority,
                    groups: vec![(*group).to_owned()],
                })
                .collect(),
        }
    }

    /// Whether the map can give anyone a role.
    pub fn is_empty(&self) -> bool {
        self.mode != Mode::EachGroup && self.rules.is_empty() && self.default.is_none()
    }

    /// Read `--roles FILE`.
    pub fn load(path: &Path) -> Result<Self, String> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{origin}: {e}"))?;
        Self::from_json(&text).map_err(|e| format!("{origin}: {e}"))
    }

    /// Parse the `--roles` JSON: `{"mode", "default", "roles": [{"role", "priority", "groups"}]}`.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let file: RoleFile = serde_json::from_str(text).map_err(|e| {
            format!(
                "{e} (a role map is {{\"mode\": \"single\"|\"multi\"|\"each-group\", \
                 \"default\": \"ROLE\", \"roles\": [{{\"role\", \"priority\", \"groups\"}}]}})"
            )
        })?;
        let mut rules = Vec::new();
        for (i, e) in file.roles.into_iter().enumerate() {
            let at = format!("roles[{i}] (role {:?})", e.role);
            if e.groups.is_empty() && file.mode != Mode::EachGroup {
                return Err(format!("{at}: groups must name at least one group"));
            }
            let priority = match e.priority {
                Some(0) => return Err(format!("{at}: priority starts at 1 (the highest)")),
                Some(p) => p,
                None => u32::try_from(i + 1).unwrap_or(u32::MAX),
            };
            rules.push((
                at,
                Rule {
                    role: e.role,
                    priority,
                    groups: e.groups,
                },
            ));
        }
        let config = Self::build(file.mode, file.default, rules)?;
        if config.mode == Mode::EachGroup && !config.rules.is_empty() {
            return Err("mode each-group makes every group a role: leave \"roles\" out".to_owned());
        }
        Ok(config)
    }

    /// `--role 'GROUP=ROLE'` (priority in the order given; a role given twice gathers its
    /// groups), with `--role-mode` and `--role-default`.
    pub fn from_flags(
        pairs: &[String],
        mode: Mode,
        default: Option<String>,
    ) -> Result<Self, String> {
        let mut rules: Vec<(String, Rule)> = Vec::new();
        for pair in pairs {
            // The role is after the last '=': group names are the ones IdPs let people type.
            let Some((group, role)) = pair.rsplit_once('=') else {
                return Err(format!("--role {pair:?} must be GROUP=ROLE"));
            };
            let (group, role) = (group.trim(), role.trim());
            if group.is_empty() || role.is_empty() {
                return Err(format!(
                    "--role {pair:?}: both GROUP and ROLE must be given"
                ));
            }
            match rules.iter_mut().find(|(_, r)| fold(&r.role) == fold(role)) {
                Some((_, r)) => r.groups.push(group.to_owned()),
                None => {
                    let priority = u32::try_from(rules.len() + 1).unwrap_or(u32::MAX);
                    rules.push((
                        format!("--role {pair:?}"),
                        Rule {
                            role: role.to_owned(),
                            priority,
                            groups: vec![group.to_owned()],
                        },
                    ));
                }
            }
        }
        if mode == Mode::EachGroup && !rules.is_empty() {
            return Err("--role-mode each-group makes every group a role: leave out --role".into());
        }
        Self::build(mode, default, rules).map_err(|e| format!("--role: {e}"))
    }

    fn build(
        mode: Mode,
        default: Option<String>,
        rules: Vec<(String, Rule)>,
    ) -> Result<Self, String> {
        let default = match default.as_deref().map(str::trim) {
            None => None,
            Some("") => return Err("the default role must not be empty".to_owned()),
            Some(d) => Some(d.to_owned()),
        };
        let mut sorted: Vec<Rule> = Vec::new();
        for (at, rule) in &rules {
            if rule.role.trim().is_empty() {
                return Err(format!("{at}: role must not be empty"));
            }
            if rule.groups.iter().any(|g| g.trim().is_empty()) {
                return Err(format!("{at}: a group name must not be empty"));
            }
            if let Some(other) = sorted.iter().find(|r| fold(&r.role) == fold(&rule.role)) {
                return Err(format!(
                    "{at}: role {:?} is listed twice; list all its groups in one entry",
                    other.role
                ));
            }
            if let Some(other) = sorted.iter().find(|r| r.priority == rule.priority) {
                return Err(format!(
                    "{at}: priority {} is also {:?}'s; each role needs its own",
                    rule.priority, other.role
                ));
            }
            sorted.push(rule.clone());
        }
        sorted.sort_by_key(|r| r.priority);
        Ok(RoleConfig {
            mode,
            default,
            rules: sorted,
        })
    }

    /// `{"mode", "default"}` of the admin answers.
    pub(crate) fn describe(&self) -> (Value, Value) {
        (json!(self.mode.as_str()), json!(self.default))
    }
}

/// A tenant's role map.
#[derive(Debug)]
pub struct Roles {
    map: RwLock<Arc<RoleConfig>>,
    /// Given with `--roles` / `--role`: the demo does not replace it.
    explicit: bool,
}

impl Roles {
    /// The configured map; with `--demo` and none given, Eppo's.
    pub fn new(config: &ServeConfig) -> Self {
        let (map, explicit) = match (&config.roles, &config.seed) {
            (Some(map), _) => (map.clone(), true),
            (None, SeedSource::Demo(_)) => (RoleConfig::eppo(), false),
            (None, _) => (RoleConfig::default(), false),
        };
        Roles {
            map: RwLock::new(Arc::new(map)),
            explicit,
        }
    }

    /// The map in force.
    pub fn map(&self) -> Arc<RoleConfig> {
        self.map
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// `POST /_admin/demo`: Eppo's map, unless one was given at start-up.
    pub fn install_demo(&self) {
        if !self.explicit {
            *self.map.write().unwrap_or_else(PoisonError::into_inner) =
                Arc::new(RoleConfig::eppo());
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
