//! The request journal of a tenant (issue 11 §3). Skeleton: passes requests through.

use std::future::Future;
use std::sync::Arc;

use axum::extract::Request;
use axum::response::Response;

use super::admin::Endpoint;
use super::{Tenant, scope};
use crate::config::ServeConfig;

/// The bounded ring of a tenant's exchanges.
#[derive(Debug, Default)]
pub struct Journal {}

impl Journal {
    pub fn new(_config: &ServeConfig) -> Self {
        Journal {}
    }

    /// Run `inner` on `request` and record the exchange.
    pub async fn record<F, Fut>(
        &self,
        _tenant: &Arc<Tenant>,
        request: Request,
        inner: F,
    ) -> Response
    where
        F: FnOnce(Request) -> Fut,
        Fut: Future<Output = Response>,
    {
        let (response, _scope) = scope::within(inner(request)).await;
        response
    }
}

/// The journal's admin endpoints.
pub fn endpoints() -> Vec<Endpoint> {
    Vec::new()
}
