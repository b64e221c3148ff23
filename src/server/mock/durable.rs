//! The HTTP side of durable state (`--data`): no response leaves before the state it shows is
//! on disk (see `store::durable`). One layer around the whole app, so SCIM requests, admin
//! writes (reset, seeding) and reads all wait for the writes that came before them.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::admin::{ADMIN_PREFIX, AdminError};
use crate::scim::ScimError;
use crate::server::error::ApiError;
use crate::server::store::durable::Durable;

/// Answer, then wait until every write queued up to now is on disk; if the file failed, a 503
/// that says so replaces the answer (a JSON error on the admin API, a SCIM Error elsewhere).
pub async fn barrier(
    State(durable): State<Arc<Durable>>,
    request: Request,
    next: Next,
) -> Response {
    let admin = request.uri().path().starts_with(ADMIN_PREFIX);
    let response = next.run(request).await;
    match durable.settle().await {
        Ok(()) => response,
        Err(failed) if admin => {
            AdminError::new(StatusCode::SERVICE_UNAVAILABLE, failed.to_string()).into_response()
        }
        Err(failed) => {
            ApiError::Scim(ScimError::new(503, None, failed.to_string())).into_response()
        }
    }
}
