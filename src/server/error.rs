//! [`ApiError`]: every error the server answers, and the one conversion to a SCIM Error
//! response (RFC 7644 §3.12), `application/scim+json` like every other response.
//!
//! Client mistakes arrive as [`ScimError`]s from the model layer or from the extractors
//! (which replace axum's plain-text rejections); internal errors say "internal error" to the
//! client and go to `tracing` with their cause.

use std::borrow::Cow;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::store::StoreError;
use crate::scim::ScimError;

/// The media type of every response body.
pub const SCIM_JSON: &str = "application/scim+json";

/// An error response.
#[derive(Debug)]
pub enum ApiError {
    /// A client error with its status, `scimType` and detail.
    Scim(ScimError),
    /// 401: no or wrong credentials (adds `WWW-Authenticate`).
    Unauthorized(Cow<'static, str>),
    /// 405 with the methods the resource does allow.
    MethodNotAllowed(&'static str),
    /// A bug or an invariant broken on our side; the cause is logged, not sent.
    Internal(String),
}

impl ApiError {
    pub fn not_found(detail: impl Into<String>) -> Self {
        ApiError::Scim(ScimError::not_found(detail))
    }
    pub fn status(&self) -> u16 {
        match self {
            ApiError::Scim(e) => e.status,
            ApiError::Unauthorized(_) => 401,
            ApiError::MethodNotAllowed(_) => 405,
            ApiError::Internal(_) => 500,
        }
    }
}

impl From<ScimError> for ApiError {
    fn from(e: ScimError) -> Self {
        ApiError::Scim(e)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::Scim(e.into_scim())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let error = match &self {
            ApiError::Scim(e) => e.clone(),
            ApiError::Unauthorized(detail) => ScimError::new(401, None, detail.clone()),
            ApiError::MethodNotAllowed(allow) => {
                ScimError::new(405, None, format!("this endpoint supports only {allow}"))
            }
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                ScimError::new(500, None, "internal error")
            }
        };
        let mut response = error_response(&error);
        let headers = response.headers_mut();
        match self {
            ApiError::Unauthorized(_) => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"scim-harness\""),
                );
            }
            ApiError::MethodNotAllowed(allow) => {
                headers.insert(header::ALLOW, HeaderValue::from_static(allow));
            }
            _ => {}
        }
        response
    }
}

/// The Error document of `error` with its status.
pub fn error_response(error: &ScimError) -> Response {
    let status = StatusCode::from_u16(error.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = error.to_json().to_string();
    let mut response = super::routes::scim_json(status, body);
    // For the request log (`server::router`), which names scimType and detail, never bodies.
    response.extensions_mut().insert(LoggedError {
        scim_type: error.scim_type.map(|t| t.as_str()),
        detail: error.detail.clone(),
    });
    response
}

/// What the request log says about an error response.
#[derive(Clone, Debug)]
pub struct LoggedError {
    pub scim_type: Option<&'static str>,
    pub detail: String,
}
