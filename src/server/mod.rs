//! The in-memory reference SCIM 2.0 server (axum). Uses `scim`, never `harness`.
//!
//! Outside in: the connection guard ([`conn`]) → the front door ([`Front`]: admin API and
//! console, or a tenant's journal and faults, [`mock`]) → the SCIM pipeline
//! ([`pipeline::Pipeline`]: the request log line — method, path without the query string,
//! for filters can carry personal data, status, latency; never headers — then CORS
//! ([`cors`]), bearer auth ([`auth`]) and the response media type ([`negotiate`]), then the
//! routing table) → handlers ([`routes`], with the body limit [`extract::MAX_BODY_BYTES`]) →
//! the SCIM model (`crate::scim`) and the [`store::Store`]. Every error, including 404s and
//! 405s, is a SCIM Error document ([`error::ApiError`]).
//!
//! # Starting a server
//!
//! In-process, for tests and the harness (loopback, a free port, `/scim/v2`):
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! use scim_harness::config::{Auth, Secret, ServeConfig};
//! let config = ServeConfig::for_tests(Auth::Token(Secret::new("t0ken")));
//! let server = scim_harness::server::start(config).await?; // bound and serving
//! let url = server.base_url(); // "http://127.0.0.1:PORT/scim/v2"
//! // … send requests with `Authorization: Bearer t0ken` …
//! server.shutdown().await?; // or just drop `server`
//! # Ok(()) }
//! ```
//!
//! Step by step: [`bind`] binds and returns a [`Running`] (`local_addr()`, `base_url()`,
//! `state()` to seed the store); then either [`Running::serve_until`] a shutdown future (what
//! `scim-harness serve` does with Ctrl-C), or [`Running::spawn`] onto the current tokio
//! runtime, giving a [`ServerHandle`] that stops the server on `shutdown()` or drop.
//! Without a socket, [`router`] gives the `axum::Router` for `tower::ServiceExt::oneshot`.

pub mod auth;
mod conn;
pub mod console;
pub mod cors;
pub mod cursor;
pub mod error;
pub mod extract;
pub mod limits;
pub mod log_sink;
pub mod mock;
pub mod negotiate;
pub mod pipeline;
pub mod render;
pub mod routes;
pub mod state;
pub mod store;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower::ServiceExt as _;

pub use error::ApiError;
pub use mock::Mock;
pub use state::AppState;
pub use store::{Kind, MemoryStore, Store, Stored};

use crate::config::ServeConfig;

/// The complete SCIM API of `state` (its routes under `state.base_path()`, auth, CORS, the
/// request log) as an axum [`Router`]; the mock serves each tenant's [`pipeline::Pipeline`]
/// directly.
pub fn router(state: AppState) -> Router {
    Router::new().fallback_service(pipeline::Pipeline::new(state))
}

/// The whole server: the admin API under `/_admin`, the console under `/_console`, and every
/// other request to the tenant its path or token names (each tenant's
/// [`pipeline::Pipeline`] behind its journal and faults).
pub fn app(mock: Mock) -> Front {
    let side = Router::new()
        .nest(mock::admin::ADMIN_PREFIX, mock::admin::router())
        .merge(console::routes())
        .layer(DefaultBodyLimit::max(extract::MAX_BODY_BYTES))
        .with_state(mock.clone());
    Front { mock, side }
}

/// The front door: the admin API and the console through their router, every other request
/// straight to its tenant ([`mock::dispatch`]) — SCIM traffic, nearly all of it, skips a
/// routing table it would never match (issue 10 item 16). With `--data`, every answer waits
/// for the writes before it to be on disk ([`mock::durable::settled`]).
#[derive(Clone)]
pub struct Front {
    mock: Mock,
    side: Router,
}

impl tower::Service<Request> for Front {
    type Response = axum::response::Response;
    type Error = std::convert::Infallible;
    type Future = futures::future::BoxFuture<'static, Result<Self::Response, Self::Error>>;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let path = request.uri().path();
        let under = |prefix: &str| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        let admin = under(mock::admin::ADMIN_PREFIX);
        let side = (admin || under(console::CONSOLE_PATH)).then(|| self.side.clone());
        let mock = self.mock.clone();
        Box::pin(async move {
            let response = match side {
                Some(side) => side.oneshot(request).await?,
                None => mock::dispatch(axum::extract::State(mock.clone()), request).await,
            };
            Ok(match mock.durable() {
                Some(durable) => mock::durable::settled(durable, admin, response).await,
                None => response,
            })
        })
    }
}

pub use cors::CORS_MAX_AGE;

/// A server bound to its socket, not serving yet.
pub struct Running {
    listener: TcpListener,
    addr: SocketAddr,
    mock: Mock,
    timeouts: conn::Timeouts,
    /// For the answers the connection guard writes itself (the tenants' pipelines hold theirs).
    cors: Arc<cors::Cors>,
}

/// Bind `config.host:config.port` (port 0 picks a free one) with the tenants `config` names.
pub async fn bind(config: ServeConfig) -> anyhow::Result<Running> {
    let mock = Mock::new(&config)?;
    bind_mock(&config, mock).await
}

/// Bind with prepared tenants; `config` gives the address.
pub async fn bind_mock(config: &ServeConfig, mock: Mock) -> anyhow::Result<Running> {
    let listener = TcpListener::bind((config.host, config.port))
        .await
        .with_context(|| {
            format!(
                "cannot listen on {}",
                SocketAddr::new(config.host, config.port)
            )
        })?;
    let addr = listener
        .local_addr()
        .context("cannot read the bound address")?;
    mock.set_bound_addr(addr);
    Ok(Running {
        listener,
        addr,
        mock,
        timeouts: conn::Timeouts {
            head: config.head_timeout,
            body: config.body_timeout,
            idle: config.idle_timeout,
        },
        cors: Arc::new(cors::Cors::new(&config.cors_origins)),
    })
}

/// Bind and spawn onto the current tokio runtime: the one-call way to get a running server.
pub async fn start(config: ServeConfig) -> anyhow::Result<ServerHandle> {
    Ok(bind(config).await?.spawn())
}

impl Running {
    /// The bound socket address (the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/scim/v2` (an unspecified host shows as loopback).
    pub fn base_url(&self) -> String {
        format!(
            "{}{}",
            state::origin_of(self.addr),
            self.mock.config().base_path
        )
    }

    /// The default tenant's state, e.g. to seed its store before serving.
    pub fn state(&self) -> &AppState {
        self.mock.default_tenant_state()
    }

    /// Every tenant.
    pub fn mock(&self) -> &Mock {
        &self.mock
    }

    /// Serve until `shutdown` completes, then stop accepting and finish open requests.
    pub async fn serve_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let app = app(self.mock);
        conn::serve(self.listener, app, self.timeouts, self.cors, shutdown).await
    }

    /// Serve in a background task; the handle stops it.
    pub fn spawn(self) -> ServerHandle {
        let (stop, stopped) = oneshot::channel::<()>();
        let addr = self.addr;
        let base_url = self.base_url();
        let mock = self.mock.clone();
        let task = tokio::spawn(self.serve_until(async move {
            let _ = stopped.await;
        }));
        ServerHandle {
            addr,
            base_url,
            mock,
            stop: Some(stop),
            task: Some(task),
        }
    }
}

/// A server running in a background task. Dropping it stops the server (without waiting);
/// [`ServerHandle::shutdown`] stops it and waits for open requests to finish.
pub struct ServerHandle {
    addr: SocketAddr,
    base_url: String,
    mock: Mock,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl ServerHandle {
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }
    /// `http://127.0.0.1:PORT/scim/v2`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
    /// The default tenant's state.
    pub fn state(&self) -> &AppState {
        self.mock.default_tenant_state()
    }
    /// Every tenant.
    pub fn mock(&self) -> &Mock {
        &self.mock
    }

    /// Stop accepting connections and wait for the server task to end.
    pub async fn shutdown(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await
                .context("the server task failed")?
                .context("the server failed")?;
        }
        Ok(())
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl std::fmt::Debug for ServerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerHandle")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}
