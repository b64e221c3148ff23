//! The answers an injected fault gives: a SCIM Error document (with `Retry-After` where asked)
//! wearing the tenant's CORS headers so a browser can read it, or no answer at all — a response
//! marked [`conn::Abort`] that the connection layer turns into a TCP reset.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::rule::{Action, ScimFault};
use crate::scim::{ScimError, ScimType};
use crate::server::conn;
use crate::server::pipeline::Pipeline;

pub(super) async fn pass(app: &Pipeline, request: Request) -> Response {
    app.answer(request).await
}

/// A response the connection layer does not send: it resets the connection instead.
pub(super) fn aborted() -> Response {
    let mut response = StatusCode::SERVICE_UNAVAILABLE.into_response();
    response.extensions_mut().insert(conn::Abort);
    response
}

/// The SCIM Error document of an injected status or SCIM fault.
pub(super) fn error_answer(action: &Action, description: &str) -> Response {
    let injected = description;
    let (error, retry_after) = match action {
        Action::Status {
            status,
            retry_after,
        } => {
            let what = match status {
                429 => "too many requests",
                503 => "service unavailable",
                _ => "the mock was told to fail this request",
            };
            let retry = retry_after.map_or(String::new(), |s| format!("; retry after {s} s"));
            (
                ScimError::new(*status, None, format!("{injected}: {what}{retry}")),
                *retry_after,
            )
        }
        Action::Scim(ScimFault::Uniqueness) => (
            ScimError::new(
                409,
                Some(ScimType::Uniqueness),
                format!("{injected}: a resource with this unique attribute already exists"),
            ),
            None,
        ),
        Action::Scim(ScimFault::StaleVersion) => (
            ScimError::new(
                412,
                None,
                format!(
                    "{injected}: the resource changed since the version in If-Match; GET it again"
                ),
            ),
            None,
        ),
        Action::Scim(ScimFault::InvalidFilter) => (
            ScimError::new(
                400,
                Some(ScimType::InvalidFilter),
                format!("{injected}: the filter cannot be evaluated"),
            ),
            None,
        ),
        Action::Latency(_) | Action::Hang(_) | Action::Reset => (
            ScimError::new(500, None, format!("{injected}: internal error")),
            None,
        ),
    };
    let mut response = crate::server::error::error_response(&error);
    if let Some(s) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(s));
    }
    response
}

/// `response` with the tenant's CORS headers for `request`, as the application would add them
/// (an `OPTIONS` preflight never gets here: it passes to the application).
pub(super) fn with_cors(app: &Pipeline, request: &Request, mut response: Response) -> Response {
    app.cors()
        .decorate(request.headers().get(header::ORIGIN), &mut response);
    response
}
