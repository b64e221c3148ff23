//! HTTP handlers, grouped by SCIM concept: discovery (`/ServiceProviderConfig`,
//! `/ResourceTypes`, `/Schemas`), resources (`/Users`, `/Groups` CRUD), search (lists and
//! `/.search`, with RFC 9865 cursors), bulk (`/Bulk`) and me (`/Me`). This module holds what they share: the JSON response and the projection.

pub mod bulk;
pub mod discovery;
pub mod me;
pub mod resources;
pub mod search;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Serialize;

use super::error::{ApiError, SCIM_JSON};
use super::extract::QueryParams;
use crate::scim::filter::AttrPath;
use crate::scim::projection::{self, View};
use crate::scim::schema::{Registry, ResourceType};

/// A SCIM JSON response.
pub fn json_response(status: StatusCode, body: &impl Serialize) -> Response {
    // `serde_json::to_vec` writes bytes directly; `Value::to_string` goes through `fmt`'s
    // per-fragment writer, a measurable cost on every response (issue 10 item 16). A `Value`
    // or a `View` with string keys always serialises.
    // Sized for a typical resource: growing from empty reallocates several times.
    let mut bytes = Vec::with_capacity(1024);
    if serde_json::to_writer(&mut bytes, body).is_err() {
        bytes.clear();
    }
    scim_json(status, bytes)
}

/// The headers an answer ends up with: content type and length, `ETag`, `Location`, the CORS
/// three, a fault's `Preference-Applied` and a few to spare. Reserved at once: a header map
/// grows from empty by reallocating, a measurable cost on every response (issue 10 item 16).
const ANSWER_HEADERS: usize = 12;

/// An `application/scim+json` response of `body`.
pub fn scim_json(status: StatusCode, body: impl Into<axum::body::Body>) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.reserve(ANSWER_HEADERS);
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(SCIM_JSON));
    response
}

/// `attributes` / `excludedAttributes` of a request (RFC 7644 §3.4.2.5, §3.9).
#[derive(Clone, Debug, Default)]
pub struct Projection {
    pub attributes: Option<Vec<AttrPath>>,
    pub excluded: Option<Vec<AttrPath>>,
}

impl Projection {
    pub fn from_query(q: &QueryParams) -> Result<Self, ApiError> {
        Self::from_lists(q.get("attributes"), q.get("excludedAttributes"))
    }

    pub fn from_lists(attributes: Option<&str>, excluded: Option<&str>) -> Result<Self, ApiError> {
        let parse = |s: Option<&str>| -> Result<Option<Vec<AttrPath>>, ApiError> {
            match s.map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => Ok(Some(projection::parse_attribute_list(s)?)),
            }
        };
        Ok(Projection {
            attributes: parse(attributes)?,
            excluded: parse(excluded)?,
        })
    }

    /// Project `resource` in place (a borrowed member is copied only if it changes).
    pub fn apply<'a>(
        &self,
        mut resource: View<'a>,
        rt: &ResourceType,
        registry: &Registry,
    ) -> View<'a> {
        projection::project_view(
            &mut resource,
            rt,
            registry,
            self.attributes.as_deref(),
            self.excluded.as_deref(),
        );
        resource
    }
}
