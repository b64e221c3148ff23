//! The fault rules' admin endpoints: `GET/POST/DELETE /_admin/faults`, `DELETE
//! /_admin/faults/{id}`, each declared once as an [`Endpoint`] with its OpenAPI operation.

use axum::Json;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::server::mock::admin::{AdminError, Endpoint, TenantRef};

/// The fault rules' admin endpoints.
pub fn endpoints() -> Vec<Endpoint> {
    let rule_schema = json!({
        "type": "object",
        "required": ["action"],
        "properties": {
            "match": {"type": "object", "description": "Every field optional: `method`, `path` (a regex on the request path), `tenant`, `client` (okta, entra, entra-validator, ping, rippling, onelogin, jumpcloud, unknown)"},
            "action": {"type": "object", "description": "Exactly one of `{\"status\": 503}`, `{\"status\": 429, \"retry_after\": 2}`, `{\"latency_ms\": 200}`, `{\"latency_ms\": [200, 800]}`, `{\"hang_s\": 5}`, `{\"reset\": true}`, `{\"scim\": \"uniqueness\" | \"stale-version\" | \"invalid-filter\"}`"},
            "fire": {"type": "object", "description": "One of `{\"always\": true}` (default), `{\"probability\": 0.5}`, `{\"first\": 3}` (stays listed once spent), `{\"next\": 3}` (removed once spent), `{\"every\": 2}`"},
            "seed": {"type": "integer", "description": "Seed of this rule's probability draws, for repeatable tests"}
        }
    });
    let tenant_param = json!({"name": "tenant", "in": "query", "required": false, "schema": {"type": "string"}, "description": "The tenant (default: the one whose token is presented)"});
    vec![
        Endpoint::new(
            Method::GET,
            "/faults",
            axum::routing::get(faults_list),
            json!({
                "summary": "The tenant's fault rules, in the order they are tried",
                "parameters": [tenant_param],
                "responses": {"200": {"description": "`{\"faults\": [Rule with `id`, `fired`, `matched`]}`"}}
            }),
        ),
        Endpoint::new(
            Method::POST,
            "/faults",
            axum::routing::post(faults_create),
            json!({
                "summary": "Add a fault rule",
                "parameters": [tenant_param],
                "requestBody": {"required": true, "content": {"application/json": {"schema": rule_schema}}},
                "responses": {
                    "201": {"description": "The rule with its `id` and `fired` count"},
                    "400": {"description": "`{\"error\"}` naming the field that is wrong (a bad regex quotes the regex error)"}
                }
            }),
        ),
        Endpoint::new(
            Method::DELETE,
            "/faults",
            axum::routing::delete(faults_clear),
            json!({
                "summary": "Remove every fault rule of the tenant (the flags stay)",
                "parameters": [tenant_param],
                "responses": {"204": {"description": "No rules left"}}
            }),
        ),
        Endpoint::new(
            Method::DELETE,
            "/faults/{id}",
            axum::routing::delete(fault_delete),
            json!({
                "summary": "Remove one fault rule",
                "parameters": [tenant_param],
                "responses": {
                    "204": {"description": "Removed"},
                    "404": {"description": "`{\"error\"}`: no such rule"}
                }
            }),
        ),
    ]
}

async fn faults_list(TenantRef(tenant): TenantRef) -> Json<Value> {
    Json(json!({ "faults": tenant.faults.list() }))
}

async fn faults_create(
    TenantRef(tenant): TenantRef,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), AdminError> {
    let body: Value = serde_json::from_slice(&body).map_err(|e| {
        AdminError::bad_request(format!(
            "the rule is not JSON ({e}); see /_admin/openapi.json"
        ))
    })?;
    let rule = tenant
        .faults
        .add(&body, &tenant.name)
        .map_err(AdminError::bad_request)?;
    tracing::info!(tenant = %tenant.name, rule = %rule, "fault rule added");
    Ok((StatusCode::CREATED, Json(rule)))
}

async fn faults_clear(TenantRef(tenant): TenantRef) -> StatusCode {
    tenant.faults.clear();
    StatusCode::NO_CONTENT
}

async fn fault_delete(
    TenantRef(tenant): TenantRef,
    Path(id): Path<String>,
) -> Result<StatusCode, AdminError> {
    if tenant.faults.remove(&id) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AdminError::not_found(format!(
            "no fault rule {id:?} in tenant {:?}; GET /_admin/faults lists them",
            tenant.name
        )))
    }
}
