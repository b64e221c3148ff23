//! The mock layer of `serve`: tenants — isolated stores on one port, chosen by token or by
//! path — and, per tenant, the journal, fault rules, role map and seed, with the admin API
//! under `/_admin` ([`admin`]).
//!
//! A request reaches a tenant in one of two ways:
//! - at the base path (`/scim/v2/…`), by its token: the default tenant (`--token`) and each
//!   `--tenant NAME=TOKEN` share the base URL, so an Okta app and an Entra app each get their
//!   own store;
//! - at `/tenants/NAME/scim/v2/…`, by name, with that tenant's token; `--dynamic-tenants`
//!   creates a tenant (with the default token) the first time its path is used.
//!
//! Each request then runs through the tenant's pipeline: journal ([`journal`]) around faults
//! ([`faults`]) around the SCIM application ([`crate::server::router`]), inside a
//! [`scope`] that collects the store changes and tolerances the request caused.

pub mod admin;
pub mod durable;
pub mod faults;
pub mod journal;
pub mod recognize;
pub mod roles;
pub mod scope;
pub mod seed;

use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError, RwLock};

use crate::server::auth::Credentials;
use crate::server::pipeline::Pipeline;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::state::AppState;
use super::store::durable::Durable;
use super::store::{MemoryStore, Store};
use crate::config::{Auth, ServeConfig};

/// The tenant the base path serves when no `--tenant` token matches.
pub const DEFAULT_TENANT: &str = "default";

/// The path prefix of tenants addressed by name: `/tenants/NAME/scim/v2`.
pub const TENANTS_PREFIX: &str = "/tenants/";

/// Tenant names: what fits a URL path segment and a log line.
pub const MAX_TENANT_NAME: usize = 64;

/// Every tenant of one server. Cloning is cheap (one `Arc`).
#[derive(Clone)]
pub struct Mock {
    inner: Arc<Shared>,
}

struct Shared {
    config: ServeConfig,
    tenants: RwLock<BTreeMap<String, Arc<Tenant>>>,
    /// The default tenant's state, kept here so that it can be lent out.
    default_state: AppState,
    /// The bound socket, once bound (tenants created later need it for `meta.location`).
    bound: RwLock<Option<std::net::SocketAddr>>,
    /// Where every tenant's state is kept (`--data`), if anywhere.
    durable: Option<Arc<Durable>>,
}

/// One isolated store with everything that belongs to it.
pub struct Tenant {
    pub name: String,
    /// Its SCIM view at the base path: `Some` for the default and `--tenant` tenants.
    root: Option<(AppState, Pipeline)>,
    /// Its SCIM view at `/tenants/NAME/…`.
    by_path: (AppState, Pipeline),
    pub journal: journal::Journal,
    pub faults: faults::Faults,
    pub roles: roles::Roles,
    pub seed: seed::Seed,
}

/// Which of a tenant's two addresses a request used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Root,
    Path,
}

impl Tenant {
    /// The tenant's SCIM state (the base-path view when it has one): its store, settings.
    pub fn state(&self) -> &AppState {
        self.root.as_ref().map_or(&self.by_path.0, |(s, _)| s)
    }

    pub fn store(&self) -> &dyn Store {
        self.state().store()
    }

    /// The token its clients send (the default tenant's may be disabled by `--no-auth`).
    pub fn auth(&self) -> &Auth {
        self.state().auth()
    }

    /// The base paths it answers at: the root one (if any), then its own.
    pub fn base_paths(&self) -> (Option<&str>, &str) {
        (
            self.root.as_ref().map(|(s, _)| s.base_path()),
            self.by_path.0.base_path(),
        )
    }

    /// Whether `token` is this tenant's (constant time).
    pub fn accepts(&self, token: &str) -> bool {
        match self.auth() {
            Auth::Token(secret) => secret.matches(token),
            Auth::Disabled => false,
        }
    }

    fn set_bound_addr(&self, addr: std::net::SocketAddr) {
        if let Some((state, _)) = &self.root {
            state.set_bound_addr(addr);
        }
        self.by_path.0.set_bound_addr(addr);
    }

    /// Answer one SCIM request: journal around faults around the SCIM application.
    pub async fn serve(self: &Arc<Self>, via: Via, request: Request) -> Response {
        let app = match (via, &self.root) {
            (Via::Root, Some((_, app))) => app.clone(),
            _ => self.by_path.1.clone(),
        };
        let tenant = self.clone();
        // Boxed: nested inline, these futures add up to kilobytes that every poll and move
        // copies (measured: a 13.5 KB dispatch future, issue 10 item 16).
        Box::pin(self.journal.record(self, request, move |request| {
            Box::pin(async move { tenant.faults.apply(&tenant, request, app).await })
        }))
        .await
    }
}

impl Mock {
    /// The tenants `config` names: the default one, each `--tenant`, seeded as configured.
    pub fn new(config: &ServeConfig) -> anyhow::Result<Self> {
        let durable = match &config.data {
            Some(path) => Some(Durable::open(path)?),
            None => None,
        };
        let default = build_tenant(
            config,
            durable.as_ref(),
            DEFAULT_TENANT,
            config.auth.clone(),
            true,
        )?;
        let mock = Mock {
            inner: Arc::new(Shared {
                config: config.clone(),
                default_state: default.state().clone(),
                tenants: RwLock::new(BTreeMap::from([(DEFAULT_TENANT.to_owned(), default)])),
                bound: RwLock::new(None),
                durable,
            }),
        };
        for (name, token) in &config.tenants {
            mock.add(name, Auth::Token(token.clone()), true)?;
        }
        if let Some(durable) = mock.durable() {
            // What start-up wrote (`--me`, seeds) is on disk before the first request.
            durable.settle_blocking()?;
            let unclaimed = durable.unclaimed_tenants();
            if !unclaimed.is_empty() && !config.dynamic_tenants {
                tracing::warn!(
                    file = durable.path(),
                    tenants = %unclaimed.join(", "),
                    "the data file holds tenants this server does not serve; their state is kept \
                     untouched (name them with --tenant, or use --dynamic-tenants)"
                );
            }
        }
        Ok(mock)
    }

    pub fn config(&self) -> &ServeConfig {
        &self.inner.config
    }

    /// Where every tenant's state is kept (`--data`), if anywhere.
    pub fn durable(&self) -> Option<&Arc<Durable>> {
        self.inner.durable.as_ref()
    }

    /// The default tenant (always there).
    pub fn default_tenant(&self) -> Arc<Tenant> {
        self.tenant(DEFAULT_TENANT)
            .expect("the default tenant is created with the mock")
    }

    /// The default tenant's SCIM state.
    pub fn default_tenant_state(&self) -> &AppState {
        &self.inner.default_state
    }

    /// The tenant called `name`, if it exists.
    pub fn tenant(&self, name: &str) -> Option<Arc<Tenant>> {
        self.read().get(name).cloned()
    }

    /// The tenant called `name`, created (with the default token) under `--dynamic-tenants`.
    pub fn tenant_or_create(&self, name: &str) -> Result<Arc<Tenant>, String> {
        if let Some(t) = self.tenant(name) {
            return Ok(t);
        }
        if !self.config().dynamic_tenants {
            let known: Vec<String> = self.read().keys().cloned().collect();
            return Err(format!(
                "no tenant {name:?} (tenants: {}); name one with --tenant NAME=TOKEN, or start \
                 serve with --dynamic-tenants to create tenants on first use",
                known.join(", ")
            ));
        }
        check_tenant_name(name)?;
        self.add(name, self.config().auth.clone(), false)
            .map_err(|e| format!("cannot create tenant {name:?}: {e:#}"))
    }

    /// Every tenant, by name.
    pub fn tenants(&self) -> Vec<Arc<Tenant>> {
        self.read().values().cloned().collect()
    }

    /// The tenant whose token this is, among those served at the base path.
    pub fn tenant_by_token(&self, token: &str) -> Option<Arc<Tenant>> {
        // Compare with every tenant's token (no early exit), so timing says nothing about
        // which tenant, if any, matched.
        let mut found = None;
        for t in self.read().values().filter(|t| t.root.is_some()) {
            if t.accepts(token) && found.is_none() {
                found = Some(t.clone());
            }
        }
        found
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, BTreeMap<String, Arc<Tenant>>> {
        self.inner
            .tenants
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Create tenant `name` (or return it if it already exists: concurrent first uses).
    fn add(&self, name: &str, auth: Auth, at_root: bool) -> anyhow::Result<Arc<Tenant>> {
        let mut tenants = self
            .inner
            .tenants
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(t) = tenants.get(name) {
            return Ok(t.clone());
        }
        let tenant = build_tenant(self.config(), self.durable(), name, auth, at_root)?;
        if let Some(addr) = *self
            .inner
            .bound
            .read()
            .unwrap_or_else(PoisonError::into_inner)
        {
            tenant.set_bound_addr(addr);
        }
        tenants.insert(name.to_owned(), tenant.clone());
        Ok(tenant)
    }

    /// The socket is bound: every tenant's `meta.location` falls back to this origin.
    pub(crate) fn set_bound_addr(&self, addr: std::net::SocketAddr) {
        *self
            .inner
            .bound
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Some(addr);
        for t in self.tenants() {
            t.set_bound_addr(addr);
        }
    }
}

/// A tenant with its store (fresh, or as `durable` kept it), its SCIM views and its mock parts.
fn build_tenant(
    config: &ServeConfig,
    durable: Option<&Arc<Durable>>,
    name: &str,
    auth: Auth,
    at_root: bool,
) -> anyhow::Result<Arc<Tenant>> {
    let observer = Arc::new(scope::ScopeObserver {
        next: durable.map(|d| d.observer(name)),
    });
    let restored = durable.and_then(|d| d.take_snapshot(name));
    let was_restored = restored.is_some();
    let store: Arc<dyn Store> = match restored {
        Some(snapshot) => {
            Arc::new(MemoryStore::restore(snapshot, Some(observer)).map_err(|e| {
                anyhow::anyhow!(
                    "{}: tenant {name}: {e}",
                    durable.map(|d| d.path()).unwrap_or_default()
                )
            })?)
        }
        None => Arc::new(MemoryStore::with_observer(observer)),
    };
    let seed = seed::Seed::new(config)?;
    // A tenant restored from --data keeps what it had, even if a reset emptied it: the seed
    // is what it starts with once, not what a restart goes back to.
    if !was_restored {
        seed.apply_if_empty(store.as_ref())?;
    }
    let view = |base_path: String| {
        let cfg = ServeConfig {
            base_path,
            auth: auth.clone(),
            ..config.clone()
        };
        let state = AppState::with_store(&cfg, store.clone());
        let app = Pipeline::new(state.clone());
        (state, app)
    };
    let root = at_root.then(|| view(config.base_path.clone()));
    let by_path = view(format!("{TENANTS_PREFIX}{name}{}", config.base_path));
    Ok(Arc::new(Tenant {
        name: name.to_owned(),
        root,
        by_path,
        journal: journal::Journal::new(config),
        faults: faults::Faults::new(config),
        roles: roles::Roles::new(config),
        seed,
    }))
}

/// `[A-Za-z0-9._-]{1,64}`: a path segment that needs no escaping.
pub fn check_tenant_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= MAX_TENANT_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "tenant name {name:?} must be 1 to {MAX_TENANT_NAME} letters, digits, '.', '_' or '-'"
        ))
    }
}

/// The token a request presents, in any form ([`Credentials::presented`]), for choosing a
/// tenant; the tenant's own check then decides whether it is accepted.
pub(crate) fn presented_token(request: &Request) -> Option<&str> {
    presented_token_of(request.headers())
}

/// [`presented_token`] of a request's headers (the journal reads them after taking the
/// request apart).
pub(crate) fn presented_token_of(headers: &axum::http::HeaderMap) -> Option<&str> {
    Credentials::in_headers(headers)?.presented()
}

/// Every request that is not for `/_admin`: to the tenant its path or token names.
pub async fn dispatch(State(mock): State<Mock>, request: Request) -> Response {
    if let Some(rest) = request.uri().path().strip_prefix(TENANTS_PREFIX) {
        let name = rest.split('/').next().unwrap_or_default().to_owned();
        return match mock.tenant_or_create(&name) {
            Ok(tenant) => tenant.serve(Via::Path, request).await,
            Err(detail) => ApiError::not_found(detail).into_response(),
        };
    }
    let tenant = presented_token(&request)
        .and_then(|token| mock.tenant_by_token(token))
        .unwrap_or_else(|| mock.default_tenant());
    tenant.serve(Via::Root, request).await
}
