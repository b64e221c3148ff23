//! Fault injection (issue 11 §4). Skeleton: no faults.

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::response::Response;
use tower::ServiceExt as _;

use super::Tenant;
use super::admin::Endpoint;
use crate::config::ServeConfig;

/// The `--latency`, `--fail-rate`, `--fail-status`, `--rate-limit` flags.
#[derive(Clone, Debug, Default)]
pub struct FaultFlags {}

/// A tenant's fault rules.
#[derive(Debug, Default)]
pub struct Faults {}

impl Faults {
    pub fn new(_config: &ServeConfig) -> Self {
        Faults {}
    }

    /// Answer `request` through `app`, unless a fault takes its place.
    pub async fn apply(&self, _tenant: &Arc<Tenant>, request: Request, app: Router) -> Response {
        match app.oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        }
    }
}

/// The fault rules' admin endpoints.
pub fn endpoints() -> Vec<Endpoint> {
    Vec::new()
}
