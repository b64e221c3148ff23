//! The in-memory reference SCIM 2.0 server (axum). Uses `scim`, never `harness`.
//!
//! Layers, outside in: tracing (method, path without the query string — filters can carry
//! personal data — status, latency; never headers) → CORS → bearer auth ([`auth`]) and the
//! response media type ([`negotiate`]), together the `gate` → body
//! limit ([`extract::MAX_BODY_BYTES`]) → routes ([`routes`]) → the SCIM model (`crate::scim`)
//! and the [`store::Store`]. Every error, including axum's own rejections, 404s and 405s, is
//! a SCIM Error document ([`error::ApiError`]).
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
pub mod cursor;
pub mod error;
pub mod extract;
mod gate;
pub mod limits;
pub mod mock;
pub mod negotiate;
pub mod render;
pub mod routes;
pub mod state;
pub mod store;

use std::future::Future;
use std::net::SocketAddr;

use anyhow::Context as _;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::routing::{MethodRouter, get, post};
use axum::{Extension, middleware};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower::ServiceExt as _;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;

pub use error::ApiError;
pub use mock::Mock;
pub use state::AppState;
pub use store::{Kind, MemoryStore, Store, Stored};

use crate::config::ServeConfig;
use routes::{bulk, discovery, me, method_not_allowed, resources, search};

fn only<S: Clone + Send + Sync + 'static>(
    route: MethodRouter<S>,
    allow: &'static str,
) -> MethodRouter<S> {
    route.fallback(move || method_not_allowed(allow))
}

/// The routes of one resource type under `base`, each handler told its [`Kind`] by an
/// extension.
fn resource_routes(base: &str, kind: Kind) -> Router<AppState> {
    let ep = format!("{base}{}", kind.endpoint());
    Router::new()
        .route(
            &ep,
            only(
                get(search::resources_list).post(resources::resources_create),
                "GET, POST",
            ),
        )
        .route(
            &format!("{ep}/.search"),
            only(post(search::resources_search), "POST"),
        )
        .route(
            &format!("{ep}/{{id}}"),
            only(
                get(resources::resources_get)
                    .put(resources::resources_replace)
                    .patch(resources::resources_patch)
                    .delete(resources::resources_delete),
                "GET, PUT, PATCH, DELETE",
            ),
        )
        .layer(Extension(kind))
}

/// The complete application: SCIM routes under `state.base_path()`, auth, limits, tracing.
pub fn router(state: AppState) -> Router {
    // Each route is registered with its full path: `Router::nest` would rebuild every
    // request's URI to strip the base path.
    let base = state.base_path().to_owned();
    let at = |path: &str| format!("{base}{path}");
    let root = only(get(search::root_list), "GET");
    let app = Router::new()
        .route(
            &at("/ServiceProviderConfig"),
            only(get(discovery::service_provider_config_get), "GET"),
        )
        .route(
            &at("/ResourceTypes"),
            only(get(discovery::resource_types_list), "GET"),
        )
        .route(
            &at("/ResourceTypes/{id}"),
            only(get(discovery::resource_type_get), "GET"),
        )
        .route(&at("/Schemas"), only(get(discovery::schemas_list), "GET"))
        .route(
            &at("/Schemas/{id}"),
            only(get(discovery::schema_get), "GET"),
        )
        .route(&at("/.search"), only(post(search::root_search), "POST"))
        .route(&at("/Bulk"), only(post(bulk::bulk_post), "POST"))
        .route(
            &at("/Me"),
            only(
                get(me::me_get)
                    .put(me::me_replace)
                    .patch(me::me_patch)
                    .delete(me::me_delete),
                "GET, PUT, PATCH, DELETE",
            ),
        )
        // Both `/scim/v2` and `/scim/v2/` are the root.
        .route(&at("/"), root.clone())
        .merge(resource_routes(&base, Kind::User))
        .merge(resource_routes(&base, Kind::Group));
    let app = if base.is_empty() {
        app
    } else {
        app.route(&base, root)
    };
    let routes = app
        .fallback(unknown_path)
        .layer(DefaultBodyLimit::max(extract::MAX_BODY_BYTES))
        .with_state(state.clone());
    // The layers wrap the routes once, not each route: `Router::layer` would give every route
    // its own copy of the stack, cloned on every request.
    let stack = tower::ServiceBuilder::new()
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    // The path only: query strings (filters) can carry personal data.
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
                })
                .on_request(())
                .on_response(log_response)
                // A 5xx is an answer to a client like any other (`/Me` is a documented 501);
                // internal errors are logged at ERROR where they arise (`ApiError::Internal`).
                .on_failure(()),
        )
        .layer(cors(state.cors_origins()))
        .layer(gate::layer(state))
        .service(routes);
    Router::new().fallback_service(stack)
}

/// One line per answer at `info`: status and latency, and for an error its `scimType` and
/// `detail` (the span carries method and path; never headers, bodies or query strings).
fn log_response(
    response: &axum::http::Response<axum::body::Body>,
    latency: std::time::Duration,
    _span: &tracing::Span,
) {
    let status = response.status().as_u16();
    let latency = format_args!("{} μs", latency.as_micros());
    match response.extensions().get::<error::LoggedError>() {
        Some(e) => tracing::info!(
            status,
            scim_type = e.scim_type.unwrap_or("-"),
            // An invalidFilter detail quotes the filter, which can carry personal data.
            detail = %if e.scim_type == Some("invalidFilter") { "(quotes the filter; withheld)" } else { &e.detail },
            %latency,
            "finished processing request"
        ),
        None => tracing::info!(status, %latency, "finished processing request"),
    }
}

/// The whole server: the admin API under `/_admin`, the console under `/_console`, and every
/// other request to the tenant its path or token names (each tenant's [`router`] behind its
/// journal and faults).
pub fn app(mock: Mock) -> Router {
    let durable = mock.durable().cloned();
    let side = Router::new()
        .nest(mock::admin::ADMIN_PREFIX, mock::admin::router())
        .merge(console::routes())
        .layer(DefaultBodyLimit::max(extract::MAX_BODY_BYTES))
        .with_state(mock.clone());
    let app = Router::new().fallback_service(Front { mock, side });
    // With `--data`, every answer waits for the writes before it to be on disk.
    match durable {
        Some(d) => app.layer(middleware::from_fn_with_state(d, mock::durable::barrier)),
        None => app,
    }
}

/// The front door: the admin API and the console through their router, every other request
/// straight to its tenant ([`mock::dispatch`]) — SCIM traffic, nearly all of it, skips a
/// routing table it would never match (issue 10 item 16).
#[derive(Clone)]
struct Front {
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
        if under(mock::admin::ADMIN_PREFIX) || under(console::CONSOLE_PATH) {
            let side = self.side.clone();
            Box::pin(async move { side.oneshot(request).await })
        } else {
            let mock = self.mock.clone();
            Box::pin(async move { Ok(mock::dispatch(axum::extract::State(mock), request).await) })
        }
    }
}

/// What a browser app needs (Fetch standard, CORS protocol): the request headers a SCIM call
/// carries listed by name — the `*` wildcard does not cover `Authorization` — the response
/// headers it reads (`ETag`, `Location`) exposed, and preflights cached for ten minutes. Any
/// origin unless `--cors-origin` names some; no cookies are involved (the token is a header).
pub(crate) fn cors(origins: &[String]) -> CorsLayer {
    use axum::http::{HeaderName, HeaderValue, Method, header};
    let origin = if origins.is_empty() {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o).ok())
                .collect::<Vec<_>>(),
        )
    };
    CorsLayer::new()
        .allow_origin(origin)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            header::ACCEPT,
            // `Prefer: scim-fault=…`: a browser test asks the mock for a fault (mock::faults).
            HeaderName::from_static("prefer"),
        ])
        .expose_headers([
            header::ETAG,
            header::LOCATION,
            HeaderName::from_static("www-authenticate"),
            // What a browser client reads from an injected 429 (mock::faults).
            header::RETRY_AFTER,
            HeaderName::from_static("preference-applied"),
        ])
        .max_age(CORS_MAX_AGE)
}

/// How long a browser may cache a preflight answer.
pub const CORS_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(600);

async fn unknown_path(request: Request) -> ApiError {
    ApiError::not_found(format!(
        "no SCIM endpoint at {}; see /ServiceProviderConfig, /ResourceTypes, /Schemas, /Users, /Groups",
        request.uri().path()
    ))
}

/// A server bound to its socket, not serving yet.
pub struct Running {
    listener: TcpListener,
    addr: SocketAddr,
    mock: Mock,
    timeouts: conn::Timeouts,
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
            idle: config.idle_timeout,
        },
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
        conn::serve(self.listener, app, self.timeouts, shutdown).await
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
