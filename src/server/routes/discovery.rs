//! Discovery (RFC 7644 §4): `/ServiceProviderConfig`, `/ResourceTypes[/{id}]` and
//! `/Schemas[/{id}]`, served from the schema registry so that what the server advertises is
//! exactly what it does. Filtering them is 403, as §4 recommends.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::bulk::{MAX_OPERATIONS, MAX_PAYLOAD_SIZE};
use super::json_response;
use super::search::MAX_RESULTS;
use crate::scim::ScimError;
use crate::scim::schema::{
    LIST_RESPONSE, RESOURCE_TYPE_SCHEMA, ResourceType, SCHEMA_SCHEMA,
    SERVICE_PROVIDER_CONFIG_SCHEMA, Schema,
};
use crate::server::error::ApiError;
use crate::server::extract::{BaseUrl, QueryParams, ResourceId};
use crate::server::state::AppState;

fn refuse_filter(query: &QueryParams) -> Result<(), ApiError> {
    if query.get("filter").is_some() {
        return Err(ScimError::new(
            403,
            None,
            "discovery endpoints cannot be filtered (RFC 7644 §4)",
        )
        .into());
    }
    Ok(())
}

/// `schemas` first, then the serialised definition, then `meta`.
fn document(schema_urn: &str, definition: Value, resource_type: &str, location: String) -> Value {
    let mut out = Map::new();
    out.insert("schemas".into(), json!([schema_urn]));
    if let Value::Object(fields) = definition {
        out.extend(fields);
    }
    out.insert(
        "meta".into(),
        json!({"resourceType": resource_type, "location": location}),
    );
    Value::Object(out)
}

fn list(resources: Vec<Value>) -> Value {
    json!({
        "schemas": [LIST_RESPONSE],
        "totalResults": resources.len(),
        "itemsPerPage": resources.len(),
        "startIndex": 1,
        "Resources": resources,
    })
}

fn serialise(value: impl serde::Serialize) -> Result<Value, ApiError> {
    serde_json::to_value(value)
        .map_err(|e| ApiError::Internal(format!("cannot serialise the registry: {e}")))
}

/// `GET /ServiceProviderConfig` (RFC 7643 §5).
pub async fn service_provider_config_get(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    query: QueryParams,
) -> Result<Response, ApiError> {
    refuse_filter(&query)?;
    // With --no-auth no scheme is required: the bearer scheme is still listed (the attribute
    // is REQUIRED, RFC 7643 §5) but not as primary, and says so.
    let (description, primary) = match state.auth() {
        crate::config::Auth::Token(_) => (
            "Authentication with a static bearer token: `Authorization: Bearer <token>`.",
            true,
        ),
        crate::config::Auth::Disabled => (
            "Not required: this server runs with --no-auth and accepts requests without a token.",
            false,
        ),
    };
    let config = json!({
        "documentationUri": "https://www.rfc-editor.org/rfc/rfc7644",
        "patch": {"supported": true},
        "bulk": {
            "supported": true,
            "maxOperations": MAX_OPERATIONS,
            "maxPayloadSize": MAX_PAYLOAD_SIZE,
        },
        "filter": {"supported": true, "maxResults": MAX_RESULTS},
        // RFC 9865 §4: both methods; index stays the default so that RFC 7644 clients that
        // send no paging parameter see what they always saw.
        "pagination": {
            "cursor": true,
            "index": true,
            "defaultPaginationMethod": "index",
            "defaultPageSize": MAX_RESULTS,
            "maxPageSize": MAX_RESULTS,
            "cursorTimeout": state.cursors().timeout().as_secs(),
        },
        // The password is writable (writeOnly) through PUT and PATCH, which is what
        // changePassword advertises (RFC 7643 §5).
        "changePassword": {"supported": true},
        "sort": {"supported": true},
        "etag": {"supported": true},
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "OAuth Bearer Token",
            "description": description,
            "specUri": "https://www.rfc-editor.org/rfc/rfc6750",
            "primary": primary,
        }],
    });
    let doc = document(
        SERVICE_PROVIDER_CONFIG_SCHEMA,
        config,
        "ServiceProviderConfig",
        format!("{base}/ServiceProviderConfig"),
    );
    Ok(json_response(StatusCode::OK, &doc))
}

fn resource_type_doc(base: &str, rt: &ResourceType) -> Result<Value, ApiError> {
    Ok(document(
        RESOURCE_TYPE_SCHEMA,
        serialise(rt)?,
        "ResourceType",
        format!("{base}/ResourceTypes/{}", rt.id),
    ))
}

/// `GET /ResourceTypes`: a ListResponse of every resource type.
pub async fn resource_types_list(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    query: QueryParams,
) -> Result<Response, ApiError> {
    refuse_filter(&query)?;
    let docs = state
        .registry()
        .resource_types
        .iter()
        .map(|rt| resource_type_doc(&base, rt))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json_response(StatusCode::OK, &list(docs)))
}

/// `GET /ResourceTypes/{id}` (`User`, `Group`; any case).
pub async fn resource_type_get(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    ResourceId(id): ResourceId,
) -> Result<Response, ApiError> {
    let rt = state.registry().resource_type(&id).ok_or_else(|| {
        ApiError::not_found(format!("no resource type {id:?}; see /ResourceTypes"))
    })?;
    Ok(json_response(
        StatusCode::OK,
        &resource_type_doc(&base, rt)?,
    ))
}

fn schema_doc(base: &str, schema: &Schema) -> Result<Value, ApiError> {
    Ok(document(
        SCHEMA_SCHEMA,
        serialise(schema)?,
        "Schema",
        format!("{base}/Schemas/{}", schema.id),
    ))
}

/// `GET /Schemas`: a ListResponse of every schema.
pub async fn schemas_list(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    query: QueryParams,
) -> Result<Response, ApiError> {
    refuse_filter(&query)?;
    let docs = state
        .registry()
        .schemas
        .iter()
        .map(|schema| schema_doc(&base, schema))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json_response(StatusCode::OK, &list(docs)))
}

/// `GET /Schemas/{urn}` (any case).
pub async fn schema_get(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    ResourceId(id): ResourceId,
) -> Result<Response, ApiError> {
    let schema = state
        .registry()
        .schema(&id)
        .ok_or_else(|| ApiError::not_found(format!("no schema {id:?}; see /Schemas")))?;
    Ok(json_response(StatusCode::OK, &schema_doc(&base, schema)?))
}
