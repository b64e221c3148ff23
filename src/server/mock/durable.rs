//! The HTTP side of durable state (`--data`): no response leaves before the state it shows is
//! on disk (see `store::durable`). The front door ([`crate::server::Front`]) awaits it around
//! every answer, so SCIM requests, admin writes (reset, seeding) and reads all wait for the
//! writes that came before them.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::admin::AdminError;
use crate::scim::ScimError;
use crate::server::error::ApiError;
use crate::server::store::durable::Durable;

/// `response`, once every write queued up to now is on disk; if the file failed, a 503 that
/// says so replaces it (a JSON error on the admin API, a SCIM Error elsewhere).
pub async fn settled(durable: &Durable, admin: bool, response: Response) -> Response {
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
