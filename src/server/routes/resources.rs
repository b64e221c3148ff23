//! `/Users` and `/Groups`: create, read, replace, patch and delete one resource
//! (RFC 7644 §3.3–§3.6), with versions (§3.14) and projections on every response.
//!
//! Writes compute the complete new stored form (via `scim::resource` / `scim::patch`) before
//! touching the store, and hand it in with the version they started from; a request that is
//! rejected therefore leaves the store exactly as it was.

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::{Projection, json_response};
use crate::scim::resource::{WriteContext, prepare_create, prepare_replace};
use crate::scim::schema::ResourceType;
use crate::scim::{ScimError, patch};
use crate::server::error::ApiError;
use crate::server::extract::{BaseUrl, Conditions, QueryParams, ResourceId, ScimBody, etag_listed};
use crate::server::render::{location, view};
use crate::server::state::AppState;
use crate::server::store::{Kind, StoreError, Stored};

/// How often a write without `If-Match` re-reads and recomputes after losing a race.
const WRITE_RETRIES: usize = 16;

pub(crate) fn resource_type(
    state: &AppState,
    kind: Kind,
) -> Result<&'static ResourceType, ApiError> {
    kind.resource_type(state.registry()).ok_or_else(|| {
        ApiError::Internal(format!(
            "resource type {} missing from the registry",
            kind.name()
        ))
    })
}

pub(crate) fn context<'a>(state: &'a AppState, rt: &'a ResourceType) -> WriteContext<'a> {
    WriteContext {
        registry: state.registry(),
        rt,
        compliance: state.compliance(),
    }
}

/// The response for one resource: its projected representation, `ETag`, and for 201 `Location`.
pub(crate) fn resource_response(
    state: &AppState,
    status: StatusCode,
    stored: &Stored,
    base: &str,
    projection: &Projection,
) -> Result<Response, ApiError> {
    let rt = resource_type(state, stored.kind)?;
    let full = view(stored, state.store(), base);
    let body = projection.apply(full, rt, state.registry());
    let mut response = json_response(status, &body);
    let headers = response.headers_mut();
    // From the `String`s themselves: `from_str` would copy each.
    if let Ok(v) = HeaderValue::try_from(stored.etag()) {
        headers.insert(header::ETAG, v);
    }
    if status == StatusCode::CREATED
        && let Ok(v) = HeaderValue::try_from(location(stored, base))
    {
        headers.insert(header::LOCATION, v);
    }
    Ok(response)
}

pub(crate) fn not_found(kind: Kind, id: &str) -> ApiError {
    StoreError::NotFound(kind, id.to_owned()).into()
}

fn precondition_failed(if_match: &str, current: &Stored) -> ApiError {
    ScimError::new(
        412,
        None,
        format!(
            "If-Match {if_match} does not match the current version {}; GET the resource again",
            current.etag()
        ),
    )
    .into()
}

pub(crate) fn require_object(body: &Value) -> Result<(), ApiError> {
    if body.is_object() {
        Ok(())
    } else {
        Err(ScimError::invalid_syntax("the request body must be a JSON object").into())
    }
}

/// `POST /Users`, `POST /Groups`: 201 with `Location` and `ETag`.
pub async fn resources_create(
    State(state): State<AppState>,
    Extension(kind): Extension<Kind>,
    BaseUrl(base): BaseUrl,
    query: QueryParams,
    ScimBody(body): ScimBody,
) -> Result<Response, ApiError> {
    let projection = Projection::from_query(&query)?;
    let rt = resource_type(&state, kind)?;
    require_object(&body)?;
    let stored_form = prepare_create(&body, &context(&state, rt))?;
    let stored = state.store().insert(kind, stored_form)?;
    resource_response(&state, StatusCode::CREATED, &stored, &base, &projection)
}

/// `GET /Users/{id}`: 304 when `If-None-Match` names the current version.
pub async fn resources_get(
    State(state): State<AppState>,
    Extension(kind): Extension<Kind>,
    ResourceId(id): ResourceId,
    BaseUrl(base): BaseUrl,
    conditions: Conditions,
    query: QueryParams,
) -> Result<Response, ApiError> {
    let projection = Projection::from_query(&query)?;
    let stored = state
        .store()
        .get(kind, &id)
        .ok_or_else(|| not_found(kind, &id))?;
    if conditions
        .if_none_match
        .as_deref()
        .is_some_and(|l| etag_listed(l, &stored.etag()))
    {
        let mut headers = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(&stored.etag()) {
            headers.insert(header::ETAG, v);
        }
        return Ok((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    resource_response(&state, StatusCode::OK, &stored, &base, &projection)
}

/// Read the current resource, check `If-Match`, and run `write` against that version; run again
/// when another write got in between (`write` reports that as the store's `VersionMismatch`).
pub(crate) fn retrying<T>(
    state: &AppState,
    kind: Kind,
    id: &str,
    conditions: &Conditions,
    mut write: impl FnMut(&Stored) -> Result<Result<T, StoreError>, ApiError>,
) -> Result<T, ApiError> {
    for _ in 0..WRITE_RETRIES {
        let current = state
            .store()
            .get(kind, id)
            .ok_or_else(|| not_found(kind, id))?;
        if let Some(if_match) = conditions.if_match.as_deref()
            && !etag_listed(if_match, &current.etag())
        {
            return Err(precondition_failed(if_match, &current));
        }
        match write(&current)? {
            Err(StoreError::VersionMismatch { .. }) => continue,
            other => return other.map_err(ApiError::from),
        }
    }
    Err(ScimError::new(
        409,
        None,
        "the resource is being changed concurrently; retry the request",
    )
    .into())
}

/// Compute the next stored form from the current one and swap it in (see [`retrying`]).
pub(crate) fn update(
    state: &AppState,
    kind: Kind,
    id: &str,
    conditions: &Conditions,
    compute: impl Fn(&Map<String, Value>) -> Result<Map<String, Value>, ApiError>,
) -> Result<Arc<Stored>, ApiError> {
    retrying(state, kind, id, conditions, |current| {
        let next = compute(current.body())?;
        Ok(state.store().replace(kind, id, current.version, next))
    })
}

/// `PUT /Users/{id}`: replace (readOnly attributes the client echoes are ignored).
pub async fn resources_replace(
    State(state): State<AppState>,
    Extension(kind): Extension<Kind>,
    ResourceId(id): ResourceId,
    BaseUrl(base): BaseUrl,
    conditions: Conditions,
    query: QueryParams,
    ScimBody(body): ScimBody,
) -> Result<Response, ApiError> {
    let projection = Projection::from_query(&query)?;
    let rt = resource_type(&state, kind)?;
    require_object(&body)?;
    let ctx = context(&state, rt);
    let stored = update(&state, kind, &id, &conditions, |current| {
        Ok(prepare_replace(current, &body, &ctx)?)
    })?;
    resource_response(&state, StatusCode::OK, &stored, &base, &projection)
}

/// `PATCH /Users/{id}`: 200 with the patched resource.
pub async fn resources_patch(
    State(state): State<AppState>,
    Extension(kind): Extension<Kind>,
    ResourceId(id): ResourceId,
    BaseUrl(base): BaseUrl,
    conditions: Conditions,
    query: QueryParams,
    ScimBody(body): ScimBody,
) -> Result<Response, ApiError> {
    let projection = Projection::from_query(&query)?;
    let rt = resource_type(&state, kind)?;
    let ctx = context(&state, rt);
    // An unknown resource is 404 even when the body is also wrong.
    if state.store().get(kind, &id).is_none() {
        return Err(not_found(kind, &id));
    }
    // parse_request also enforces patch::MAX_OPERATIONS (413).
    let ops = patch::parse_request(&body, &ctx)?;
    let stored = update(&state, kind, &id, &conditions, |current| {
        Ok(patch::apply(current, &ops, &ctx)?)
    })?;
    resource_response(&state, StatusCode::OK, &stored, &base, &projection)
}

/// `DELETE /Users/{id}`: 204; the resource leaves every group it was a member of.
pub async fn resources_delete(
    State(state): State<AppState>,
    Extension(kind): Extension<Kind>,
    ResourceId(id): ResourceId,
    conditions: Conditions,
) -> Result<Response, ApiError> {
    // With `If-Match` the version checked is the one removed; without, any version goes.
    let conditional = conditions.if_match.is_some();
    retrying(&state, kind, &id, &conditions, |current| {
        let expected = conditional.then_some(current.version);
        Ok(state.store().remove(kind, &id, expected))
    })?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
