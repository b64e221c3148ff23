//! The admin API under `/_admin`: who may call it, which tenant a call is about
//! ([`TenantRef`]), its JSON errors ([`AdminError`]), and the one list of endpoints
//! ([`Endpoint`]) from which both the router and `/_admin/openapi.json` are built — so the
//! description cannot drift from the routes.
//!
//! Auth: `Authorization: Bearer <token>` with the selected tenant's token or `--admin-token`.
//! The tenant is `?tenant=NAME`, else the one whose token is presented, else `default`. A
//! server without any token (`--no-auth`, no `--admin-token`) opens the admin API on loopback
//! only: beyond loopback anyone could reset or read its data.

use std::sync::Arc;

use crate::server::auth::Credentials;
use axum::Json;
use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use serde_json::{Value, json};

use super::{Mock, Tenant};
use crate::config::Auth;

/// The path prefix of the admin API.
pub const ADMIN_PREFIX: &str = "/_admin";

/// An admin API error: `{"error": "…"}` with its status.
#[derive(Debug)]
pub struct AdminError {
    pub status: StatusCode,
    pub message: String,
}

impl AdminError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        AdminError {
            status,
            message: message.into(),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
}

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(json!({ "error": self.message }))).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"scim-harness admin\""),
            );
        }
        response
    }
}

/// The tenant an admin call is about, its caller authenticated for it.
pub struct TenantRef(pub Arc<Tenant>);

/// Whether the caller presented `--admin-token` (sees every tenant).
pub struct AdminCaller {
    pub admin: bool,
    token: Option<String>,
}

impl AdminCaller {
    /// Whether this caller may act on `tenant`.
    pub fn may(&self, tenant: &Tenant, mock: &Mock) -> bool {
        self.admin
            || match (tenant.auth(), &self.token) {
                (Auth::Token(_), Some(t)) => tenant.accepts(t),
                (Auth::Disabled, _) => open_without_token(mock),
                (Auth::Token(_), None) => false,
            }
    }
}

/// A server with no token at all serves its admin API on loopback only.
fn open_without_token(mock: &Mock) -> bool {
    mock.config().admin_token.is_none() && mock.config().host.is_loopback()
}

impl FromRequestParts<Mock> for AdminCaller {
    type Rejection = AdminError;

    async fn from_request_parts(parts: &mut Parts, mock: &Mock) -> Result<Self, AdminError> {
        // The admin API is not an IdP's: it reads `Bearer` only, whatever the tolerances.
        let token = match Credentials::in_headers(&parts.headers) {
            Some(Credentials::Bearer(t)) => Some(t.to_owned()),
            _ => None,
        };
        let admin = match (&mock.config().admin_token, &token) {
            (Some(admin), Some(t)) => admin.matches(t),
            _ => false,
        };
        Ok(AdminCaller { admin, token })
    }
}

impl FromRequestParts<Mock> for TenantRef {
    type Rejection = AdminError;

    async fn from_request_parts(parts: &mut Parts, mock: &Mock) -> Result<Self, AdminError> {
        let caller = AdminCaller::from_request_parts(parts, mock).await?;
        let named = parts
            .uri
            .query()
            .and_then(|q| query_pairs(q).find(|(k, _)| k == "tenant").map(|(_, v)| v));
        let tenant = match named {
            Some(name) => mock
                .tenant_or_create(&name)
                .map_err(AdminError::not_found)?,
            None => caller
                .token
                .as_deref()
                .and_then(|t| mock.tenant_by_token(t))
                .unwrap_or_else(|| mock.default_tenant()),
        };
        if caller.may(&tenant, mock) {
            return Ok(TenantRef(tenant));
        }
        Err(match (tenant.auth(), &caller.token) {
            (Auth::Disabled, _) => AdminError::new(
                StatusCode::FORBIDDEN,
                "the admin API of a server without a token is open on loopback only; start \
                 serve with --admin-token TOKEN to use it beyond loopback",
            ),
            (_, None) => AdminError::new(
                StatusCode::UNAUTHORIZED,
                "send `Authorization: Bearer <token>` with the tenant's token or --admin-token",
            ),
            (_, Some(_)) => AdminError::new(
                StatusCode::UNAUTHORIZED,
                format!(
                    "the token is neither tenant {:?}'s token nor --admin-token",
                    tenant.name
                ),
            ),
        })
    }
}

/// The decoded `k=v&…` pairs of a query string (`+` is a space).
pub fn query_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned()))
}

/// One admin endpoint: its route and its OpenAPI description, defined together.
pub struct Endpoint {
    pub method: Method,
    /// Below `/_admin`, in axum's syntax: `/requests/{id}`.
    pub path: &'static str,
    pub route: MethodRouter<Mock>,
    /// The OpenAPI 3.1 operation object (`summary`, `parameters`, `responses`, …).
    pub operation: Value,
}

impl Endpoint {
    pub fn new(
        method: Method,
        path: &'static str,
        route: MethodRouter<Mock>,
        operation: Value,
    ) -> Self {
        Endpoint {
            method,
            path,
            route,
            operation,
        }
    }
}

/// Every admin endpoint, from each module's list.
pub fn endpoints() -> Vec<Endpoint> {
    let mut all = own_endpoints();
    all.extend(super::seed::endpoints());
    all.extend(super::roles::endpoints());
    all.extend(super::journal::endpoints());
    all.extend(super::faults::endpoints());
    all
}

fn own_endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::new(
            Method::GET,
            "/tenants",
            axum::routing::get(tenants_list),
            json!({
                "summary": "The tenants the caller's token may use",
                "responses": {"200": {"description": "`{\"tenants\": [{\"name\", \"root\", \"path\", \"users\", \"groups\"}]}`"}}
            }),
        ),
        Endpoint::new(
            Method::GET,
            "/openapi.json",
            axum::routing::get(openapi_get),
            json!({
                "summary": "This description (OpenAPI 3.1)",
                "security": [],
                "responses": {"200": {"description": "The OpenAPI document"}}
            }),
        ),
    ]
}

/// The admin router, mounted at [`ADMIN_PREFIX`].
pub fn router() -> Router<Mock> {
    let mut router = Router::new();
    for e in endpoints() {
        router = router.route(e.path, e.route);
    }
    router.fallback(|uri: axum::http::Uri| async move {
        AdminError::not_found(format!(
            "no admin endpoint at {}; see {ADMIN_PREFIX}/openapi.json",
            uri.path()
        ))
    })
}

/// The OpenAPI 3.1 document of [`endpoints`].
pub fn openapi() -> Value {
    let mut paths = serde_json::Map::new();
    for e in endpoints() {
        let path = format!("{ADMIN_PREFIX}{}", e.path);
        let item = paths
            .entry(path)
            .or_insert_with(|| Value::Object(Default::default()));
        let mut op = e.operation;
        if let (Some(params), Some(op)) = (path_parameters(e.path), op.as_object_mut()) {
            let list = op
                .entry("parameters")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Some(list) = list.as_array_mut() {
                list.extend(params);
            }
        }
        item[e.method.as_str().to_ascii_lowercase()] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "scim-harness mock admin API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Tenants, seed and reset, request journal, fault rules and role map of `scim-harness serve`. Every call takes `?tenant=NAME` (default: the tenant whose token is presented)."
        },
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "paths": paths,
    })
}

/// `{id}` segments as OpenAPI path parameters.
fn path_parameters(path: &str) -> Option<Vec<Value>> {
    let params: Vec<Value> = path
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    (!params.is_empty()).then_some(params)
}

async fn openapi_get() -> Json<Value> {
    Json(openapi())
}

async fn tenants_list(
    State(mock): State<Mock>,
    caller: AdminCaller,
) -> Result<Json<Value>, AdminError> {
    let tenants: Vec<Value> = mock
        .tenants()
        .into_iter()
        .filter(|t| caller.may(t, &mock))
        .map(|t| {
            let (root, path) = t.base_paths();
            json!({
                "name": t.name,
                "root": root,
                "path": path,
                "users": t.store().count(crate::server::Kind::User),
                "groups": t.store().count(crate::server::Kind::Group),
            })
        })
        .collect();
    if tenants.is_empty() {
        return Err(AdminError::new(
            StatusCode::UNAUTHORIZED,
            "send `Authorization: Bearer <token>` with a tenant's token or --admin-token",
        ));
    }
    Ok(Json(json!({ "tenants": tenants })))
}
