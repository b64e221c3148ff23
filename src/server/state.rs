//! [`AppState`]: what every handler shares — the store, the schema registry and the settings
//! taken from [`ServeConfig`]. No globals: tests build as many independent servers as they like.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use crate::config::{Auth, ServeConfig};
use crate::scim::Compliance;
use crate::scim::schema::Registry;

use super::cursor::Cursors;
use super::store::{MemoryStore, Store};

/// Shared state of one server; cloning is cheap (one `Arc`).
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Shared>,
}

struct Shared {
    store: Arc<dyn Store>,
    registry: &'static Registry,
    base_path: String,
    auth: Auth,
    compliance: Compliance,
    /// Browser origins CORS allows; empty: any.
    cors_origins: Vec<String>,
    /// `http://127.0.0.1:PORT`, set once bound: the origin of `meta.location` when a request
    /// carries no usable `Host` header.
    bound_origin: OnceLock<String>,
    /// The userName `/Me` stands for (`--me`), if any.
    me: Option<String>,
    /// The RFC 9865 cursors issued so far.
    cursors: Cursors,
}

impl AppState {
    /// A server with an empty in-memory store and the standard registry.
    pub fn new(config: &ServeConfig) -> Self {
        Self::with_store(config, Arc::new(MemoryStore::new()))
    }

    /// A server over the given store (e.g. one seeded beforehand).
    pub fn with_store(config: &ServeConfig, store: Arc<dyn Store>) -> Self {
        let state = AppState {
            inner: Arc::new(Shared {
                store,
                registry: Registry::standard(),
                base_path: config.base_path.clone(),
                auth: config.auth.clone(),
                compliance: config.compliance,
                cors_origins: config.cors_origins.clone(),
                bound_origin: OnceLock::new(),
                me: config.me.clone(),
                cursors: Cursors::new(config.cursor_timeout),
            }),
        };
        super::routes::me::ensure_user(&state);
        state
    }

    pub fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }
    pub fn registry(&self) -> &'static Registry {
        self.inner.registry
    }
    /// `/scim/v2`, or empty for the root.
    pub fn base_path(&self) -> &str {
        &self.inner.base_path
    }
    pub fn auth(&self) -> &Auth {
        &self.inner.auth
    }
    pub fn compliance(&self) -> Compliance {
        self.inner.compliance
    }
    /// The origins `--cors-origin` allows; empty means any origin.
    pub fn cors_origins(&self) -> &[String] {
        &self.inner.cors_origins
    }
    /// The userName `/Me` stands for.
    pub fn me(&self) -> Option<&str> {
        self.inner.me.as_deref()
    }
    pub fn cursors(&self) -> &Cursors {
        &self.inner.cursors
    }

    pub(crate) fn set_bound_addr(&self, addr: SocketAddr) {
        let _ = self.inner.bound_origin.set(origin_of(addr));
    }
    pub(crate) fn bound_origin(&self) -> Option<&str> {
        self.inner.bound_origin.get().map(String::as_str)
    }
}

/// `http://IP:PORT`; an unspecified address (`0.0.0.0`, `::`) shows as loopback.
pub(crate) fn origin_of(addr: SocketAddr) -> String {
    let ip = if addr.ip().is_unspecified() {
        match addr {
            SocketAddr::V4(_) => std::net::IpAddr::from([127, 0, 0, 1]),
            SocketAddr::V6(_) => std::net::IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        }
    } else {
        addr.ip()
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}
