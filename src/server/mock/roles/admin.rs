//! The role map's admin endpoints: `GET /_admin/roles` (each role with its users) and
//! `GET /_admin/users/{id}/roles` (one user's roles and the groups that grant them).

use axum::Json;
use axum::extract::Path as UrlPath;
use axum::http::Method;
use serde_json::{Value, json};

use super::{Effective, Mode, effective_in_store, fold};
use crate::server::mock::admin::{AdminError, Endpoint, TenantRef};
use crate::server::store::Kind;

fn user_ref(id: &str, user_name: &str) -> Value {
    json!({ "id": id, "userName": user_name })
}

async fn roles_list(TenantRef(tenant): TenantRef) -> Json<Value> {
    let map = tenant.roles.map();
    let store = tenant.store();
    // Every user's roles, once.
    let users: Vec<(String, String, Effective)> = store
        .select(Kind::User, None)
        .iter()
        .map(|u| {
            let name = u
                .body()
                .get("userName")
                .and_then(Value::as_str)
                .unwrap_or_default();
            (
                u.id.clone(),
                name.to_owned(),
                effective_in_store(&map, store, &u.id),
            )
        })
        .collect();
    let holders = |role: &str| -> Vec<Value> {
        users
            .iter()
            .filter(|(_, _, e)| e.roles.iter().any(|r| fold(r) == fold(role)))
            .map(|(id, name, _)| user_ref(id, name))
            .collect()
    };
    let mut roles: Vec<Value> = Vec::new();
    let mut listed: Vec<String> = Vec::new();
    match map.mode {
        Mode::EachGroup => {
            for g in store.select(Kind::Group, None) {
                let Some(name) = g.body().get("displayName").and_then(Value::as_str) else {
                    continue;
                };
                roles.push(json!({"role": name, "priority": null, "groups": [name],
                    "users": holders(name)}));
                listed.push(fold(name));
            }
        }
        Mode::Single | Mode::Multi => {
            for r in &map.rules {
                roles.push(
                    json!({"role": r.role, "priority": r.priority, "groups": r.groups,
                    "users": holders(&r.role)}),
                );
                listed.push(fold(&r.role));
            }
        }
    }
    if let Some(d) = &map.default
        && !listed.contains(&fold(d))
    {
        roles.push(json!({"role": d, "priority": null, "groups": [], "users": holders(d)}));
    }
    let (mode, default) = map.describe();
    Json(json!({ "mode": mode, "default": default, "roles": roles }))
}

async fn user_roles_get(
    TenantRef(tenant): TenantRef,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<Value>, AdminError> {
    let store = tenant.store();
    let user = store.get(Kind::User, &id).ok_or_else(|| {
        AdminError::not_found(format!(
            "no user with id {id:?} in tenant {:?}; list users with GET /Users",
            tenant.name
        ))
    })?;
    let map = tenant.roles.map();
    let e = effective_in_store(&map, store, &id);
    let via: Vec<Value> = e
        .via
        .iter()
        .map(|(role, group)| json!({ "role": role, "group": group }))
        .collect();
    Ok(Json(json!({
        "id": user.id,
        "userName": user.body().get("userName").and_then(Value::as_str),
        "roles": e.roles,
        "via": via,
    })))
}

/// The role map's admin endpoints.
pub fn endpoints() -> Vec<Endpoint> {
    let tenant = json!({"name": "tenant", "in": "query", "required": false,
        "description": "The tenant (default: the one whose token is presented, else `default`)",
        "schema": {"type": "string"}});
    let user_ref = json!({"type": "object", "properties": {"id": {"type": "string"}, "userName": {"type": "string"}}});
    vec![
        Endpoint::new(
            Method::GET,
            "/roles",
            axum::routing::get(roles_list),
            json!({
                "summary": "The tenant's role map, each role with the users who have it now",
                "parameters": [tenant],
                "responses": {
                    "200": {"description": "`{\"mode\", \"default\", \"roles\": [{\"role\", \"priority\", \"groups\", \"users\": [{\"id\", \"userName\"}]}]}`",
                        "content": {"application/json": {"schema": {"type": "object", "properties": {
                            "mode": {"enum": ["single", "multi", "each-group"]},
                            "default": {"type": ["string", "null"]},
                            "roles": {"type": "array", "items": {"type": "object", "properties": {
                                "role": {"type": "string"}, "priority": {"type": ["integer", "null"]},
                                "groups": {"type": "array", "items": {"type": "string"}},
                                "users": {"type": "array", "items": user_ref}}}}}}}}},
                    "401": {"description": "No or wrong token"}
                }
            }),
        ),
        Endpoint::new(
            Method::GET,
            "/users/{id}/roles",
            axum::routing::get(user_roles_get),
            json!({
                "summary": "One user's effective roles and the groups that grant them (`via` is empty when the default role applies)",
                "parameters": [tenant],
                "responses": {
                    "200": {"description": "`{\"id\", \"userName\", \"roles\": [\"Admin\"], \"via\": [{\"role\", \"group\"}]}`",
                        "content": {"application/json": {"schema": {"type": "object", "properties": {
                            "id": {"type": "string"}, "userName": {"type": "string"},
                            "roles": {"type": "array", "items": {"type": "string"}},
                            "via": {"type": "array", "items": {"type": "object", "properties": {
                                "role": {"type": "string"}, "group": {"type": "string"}}}}}}}}},
                    "401": {"description": "No or wrong token"},
                    "404": {"description": "No user with that id"}
                }
            }),
        ),
    ]
}
