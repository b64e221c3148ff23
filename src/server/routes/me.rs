//! `/Me` (RFC 7644 §3.11): an alias for the User the bearer token stands for.
//!
//! The reference server has one token, so the mapping is one userName (`serve --me USERNAME`),
//! looked up (without regard to case, as `userName` compares) on every request: renaming that
//! user through `/Me` ends the alias until a user has the name again. The user is created at
//! start-up when absent, so `/Me` works on a fresh server. GET, PUT, PATCH and DELETE behave as
//! on `/Users/{id}` and add `Location: /Users/{id}`, the permanent location of the aliased
//! resource. Without a mapping every method is 501, as §3.11 allows.

use axum::http::{HeaderValue, header};
use axum::response::Response;
use serde_json::json;

use super::resources::{context, resource_type};
use crate::scim::ScimError;
use crate::scim::filter;
use crate::scim::resource::prepare_create;
use crate::scim::schema::USER_SCHEMA;
use crate::server::error::ApiError;
use crate::server::state::AppState;
use crate::server::store::Kind;

/// The id of the user named `user_name`, if one exists.
fn find(state: &AppState, user_name: &str) -> Result<Option<String>, ApiError> {
    let rt = resource_type(state, Kind::User)?;
    let expr = format!("userName eq {}", json!(user_name));
    let f = filter::parse(&expr)?;
    Ok(state
        .store()
        .select(Kind::User, Some(&f))
        .into_iter()
        .find(|s| filter::matches(&f, &s.value, rt, state.registry()))
        .map(|s| s.id.clone()))
}

/// The id `/Me` stands for: 501 without a mapping, 404 when the user is gone.
pub(crate) fn me_id(state: &AppState) -> Result<String, ApiError> {
    let Some(name) = state.me() else {
        return Err(ScimError::new(
            501,
            None,
            "/Me is not supported: this server's bearer token stands for no user (start it with \
             --me USERNAME)",
        )
        .into());
    };
    find(state, name)?.ok_or_else(|| {
        ApiError::not_found(format!(
            "/Me stands for the user {name:?}, and no user has that userName now"
        ))
    })
}

/// Create the `--me` user at start-up when no user has that userName.
pub(crate) fn ensure_user(state: &AppState) {
    let Some(name) = state.me() else { return };
    let result = (|| -> Result<(), ApiError> {
        if find(state, name)?.is_some() {
            return Ok(());
        }
        let rt = resource_type(state, Kind::User)?;
        let body = json!({"schemas": [USER_SCHEMA], "userName": name, "active": true});
        let stored = prepare_create(&body, &context(state, rt))?;
        state.store().insert(Kind::User, stored)?;
        Ok(())
    })();
    if let Err(e) = result {
        tracing::warn!(error = ?e, "cannot create the --me user");
    }
}

/// `Location: {base}/Users/{id}` on a successful `/Me` answer (the pipeline routes `/Me` to
/// the aliased user's `/Users/{id}` handlers).
pub(crate) fn aliased(mut response: Response, base: &str, id: &str) -> Response {
    if response.status().is_success()
        && let Ok(v) = HeaderValue::from_str(&format!("{base}{}/{id}", Kind::User.endpoint()))
    {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}
