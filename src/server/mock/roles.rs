//! Group → role mapping (issue 11 §5). Skeleton.

use super::admin::Endpoint;
use crate::config::ServeConfig;

/// `--roles FILE` / `--role GROUP=ROLE` as given.
#[derive(Clone, Debug, Default)]
pub struct RoleConfig {}

/// A tenant's role map.
#[derive(Debug, Default)]
pub struct Roles {}

impl Roles {
    pub fn new(_config: &ServeConfig) -> Self {
        Roles {}
    }
}

/// The role map's admin endpoints.
pub fn endpoints() -> Vec<Endpoint> {
    Vec::new()
}

/// The journal's notes on what a request did to effective roles ("alice: Viewer → Admin
/// (added to Eppo Admin)"), computed from the changes it committed. The seam the journal
/// calls for every entry; the role map fills it in.
pub fn notes(_tenant: &super::Tenant, _scope: &super::scope::Scope) -> Vec<String> {
    Vec::new()
}
