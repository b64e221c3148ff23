//! Seed data, demo data and reset (issue 11 §1). Skeleton.

use super::admin::Endpoint;
use crate::config::ServeConfig;

/// What a tenant starts with and resets to.
#[derive(Debug, Default)]
pub struct Seed {}

impl Seed {
    pub fn new(_config: &ServeConfig) -> Self {
        Seed {}
    }
}

/// Reset and demo admin endpoints.
pub fn endpoints() -> Vec<Endpoint> {
    Vec::new()
}
