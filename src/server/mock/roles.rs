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
