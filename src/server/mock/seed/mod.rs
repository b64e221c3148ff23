//! Seed data, demo data and reset (issue 11 §1): what a tenant starts with and goes back to.
//!
//! A seed (`serve --seed FILE`) is JSON: `{"users": [User…], "groups": [Group…]}` where each
//! user and group is written as a client would POST it, except that references are by name:
//! a group's `members` lists userNames and group displayNames, and a user's enterprise
//! `manager.value` names the manager's userName. The demo organisation ([`demo`]) is produced
//! in the same format, so both take one road.
//!
//! Decisions:
//! - **Validated once, at load, by the server's own parser** (`scim::resource::prepare_create`
//!   with the server's compliance): a seed cannot hold what `POST /Users` would refuse, and a
//!   bad seed is a usage error at start-up naming the entry (`users[3] (userName "bob")`) and
//!   the field. Names are checked too: unique without regard to case (as the store compares),
//!   every member and manager naming an entry of the seed, no name both a userName and a
//!   group displayName.
//! - **Applied through the store** ([`Store::insert`] / [`Store::replace`]), so the store's
//!   observers (durable state) see every resource. References to entries that come later are
//!   completed once those exist (a second write of the referring resource).
//! - **Every tenant gets the seed**: the default one, each `--tenant` and each dynamic tenant.
//!   At start-up it is applied only to an empty store (state loaded from elsewhere wins).
//! - **Reset** (`POST /_admin/reset`) empties the store ([`Store::clear`]) and applies the
//!   tenant's seed again (nothing with `?empty=true`); the `--me` user is created again.
//!   `POST /_admin/demo?users=N` makes the demo of N users the tenant's seed and resets to it.
//!   A reset is not atomic against SCIM writes running at the same time.

mod data;
pub mod demo;

pub use data::{SeedData, SeedError};

use std::sync::{Arc, PoisonError, RwLock};

use axum::Json;
use axum::extract::RawQuery;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use super::Tenant;
use super::admin::{AdminError, Endpoint, TenantRef, query_pairs};
use crate::config::ServeConfig;
use crate::scim::Compliance;
use crate::server::store::{Kind, Store};

/// The size of the demo organisation without `=N` / `?users=N`.
pub const DEFAULT_DEMO_USERS: usize = 50;
/// The largest demo organisation: big enough for paging and load, small enough to build fast.
pub const MAX_DEMO_USERS: usize = 10_000;

/// What a tenant starts with, as configured (`--seed FILE`, `--demo[=N]`, or nothing).
#[derive(Clone, Debug, Default)]
pub enum SeedSource {
    #[default]
    Empty,
    /// A validated seed file.
    File(Arc<SeedData>),
    /// The demo organisation of this many users ([`demo::organisation`]).
    Demo(usize),
}

/// What a tenant starts with and resets to.
#[derive(Debug)]
pub struct Seed {
    current: RwLock<Arc<SeedData>>,
    compliance: Compliance,
    /// One reset at a time per tenant.
    resetting: tokio::sync::Mutex<()>,
}

impl Seed {
    /// The configured seed (the demo organisation is built here, once per tenant).
    pub fn new(config: &ServeConfig) -> anyhow::Result<Self> {
        let data = match &config.seed {
            SeedSource::Empty => Arc::new(SeedData::default()),
            SeedSource::File(data) => data.clone(),
            SeedSource::Demo(n) => Arc::new(demo_seed(*n, config.compliance)?),
        };
        Ok(Seed {
            current: RwLock::new(data),
            compliance: config.compliance,
            resetting: tokio::sync::Mutex::new(()),
        })
    }

    /// The seed this tenant resets to.
    pub fn current(&self) -> Arc<SeedData> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Apply the seed at start-up, unless the store already holds something.
    pub fn apply_if_empty(&self, store: &dyn Store) -> anyhow::Result<()> {
        if Kind::ALL.iter().any(|k| store.count(*k) > 0) {
            return Ok(());
        }
        let data = self.current();
        data.apply(store)
            .map_err(|e| anyhow::anyhow!("cannot apply the seed {}: {e}", data.origin))
    }

    /// Empty the tenant's store and apply its seed again (unless `empty`).
    pub async fn reset(&self, tenant: &Tenant, empty: bool) -> Result<(), AdminError> {
        let _one = self.resetting.lock().await;
        let store = tenant.store();
        store.clear();
        if !empty {
            self.current().apply(store).map_err(|e| {
                AdminError::new(
                    StatusCode::CONFLICT,
                    format!(
                        "the seed could not be applied again ({e}): a SCIM write ran during the \
                         reset; reset again"
                    ),
                )
            })?;
        }
        crate::server::routes::me::ensure_user(tenant.state());
        Ok(())
    }

    /// Make the demo of `users` users this tenant's seed.
    pub fn set_demo(&self, users: usize) -> Result<(), AdminError> {
        let data = demo_seed(users, self.compliance)
            .map_err(|e| AdminError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(data);
        Ok(())
    }
}

/// The demo organisation as a validated seed.
fn demo_seed(users: usize, compliance: Compliance) -> anyhow::Result<SeedData> {
    let origin = format!("demo organisation of {users} users");
    SeedData::from_json(&origin, &demo::organisation(users), compliance)
        .map_err(|e| anyhow::anyhow!("the {origin} is not a valid seed: {e}"))
}

/// `{"users": N, "groups": N}`: what a reset left.
fn counts(tenant: &Tenant) -> Json<Value> {
    Json(json!({
        "users": tenant.store().count(Kind::User),
        "groups": tenant.store().count(Kind::Group),
    }))
}

/// A boolean query parameter: absent is false; `true`/`false`/`1`/`0`.
fn flag(query: Option<&str>, name: &str) -> Result<bool, AdminError> {
    let Some(v) = query.and_then(|q| query_pairs(q).find(|(k, _)| k == name).map(|(_, v)| v))
    else {
        return Ok(false);
    };
    match v.to_ascii_lowercase().as_str() {
        "" | "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(AdminError::bad_request(format!(
            "?{name}={v:?} must be true or false"
        ))),
    }
}

/// `?users=N`: 1 to [`MAX_DEMO_USERS`], [`DEFAULT_DEMO_USERS`] when absent.
fn demo_size(query: Option<&str>) -> Result<usize, AdminError> {
    let Some(v) = query.and_then(|q| query_pairs(q).find(|(k, _)| k == "users").map(|(_, v)| v))
    else {
        return Ok(DEFAULT_DEMO_USERS);
    };
    match v.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_DEMO_USERS).contains(&n) => Ok(n),
        _ => Err(AdminError::bad_request(format!(
            "?users={v:?} must be a number of users from 1 to {MAX_DEMO_USERS}"
        ))),
    }
}

async fn reset_post(
    TenantRef(tenant): TenantRef,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, AdminError> {
    let empty = flag(query.as_deref(), "empty")?;
    tenant.seed.reset(&tenant, empty).await?;
    Ok(counts(&tenant))
}

async fn demo_post(
    TenantRef(tenant): TenantRef,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, AdminError> {
    let users = demo_size(query.as_deref())?;
    tenant.seed.set_demo(users)?;
    tenant.roles.install_demo();
    tenant.seed.reset(&tenant, false).await?;
    Ok(counts(&tenant))
}

/// Reset and demo admin endpoints.
pub fn endpoints() -> Vec<Endpoint> {
    let counts = json!({
        "description": "What the tenant holds now: `{\"users\": N, \"groups\": N}`",
        "content": {"application/json": {"schema": {
            "type": "object", "required": ["users", "groups"],
            "properties": {"users": {"type": "integer"}, "groups": {"type": "integer"}}
        }}}
    });
    let tenant = json!({"name": "tenant", "in": "query", "required": false,
        "description": "The tenant (default: the one whose token is presented, else `default`)",
        "schema": {"type": "string"}});
    vec![
        Endpoint::new(
            Method::POST,
            "/reset",
            axum::routing::post(reset_post),
            json!({
                "summary": "Put the tenant's store back to its seed (--seed, --demo or the last POST /_admin/demo), or empty it",
                "parameters": [tenant, {"name": "empty", "in": "query", "required": false,
                    "description": "`true`: empty the store instead of applying the seed",
                    "schema": {"type": "boolean"}}],
                "responses": {"200": counts, "400": {"description": "`empty` is not a boolean"},
                    "401": {"description": "No or wrong token"},
                    "409": {"description": "A SCIM write ran during the reset; reset again"}}
            }),
        ),
        Endpoint::new(
            Method::POST,
            "/demo",
            axum::routing::post(demo_post),
            json!({
                "summary": "Replace the tenant's data by the deterministic demo organisation (and make it the tenant's seed); installs Eppo's role map unless --roles/--role was given",
                "parameters": [tenant, {"name": "users", "in": "query", "required": false,
                    "description": format!("Number of users, 1 to {MAX_DEMO_USERS} (default {DEFAULT_DEMO_USERS})"),
                    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_DEMO_USERS, "default": DEFAULT_DEMO_USERS}}],
                "responses": {"200": counts, "400": {"description": "`users` out of range"},
                    "401": {"description": "No or wrong token"}}
            }),
        ),
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
