//! The SCIM API of one tenant view as one hand-written service: the request's log span and
//! line, CORS, the gate (bearer token and response media type), and the routing table, in that
//! order.
//!
//! These were four tower layers and an axum `Router` (trace, CORS, gate, routes with a
//! per-resource extension layer): together about 40 allocations and a dozen boxed services and
//! futures per request, for a routing table of a dozen fixed paths (issue 10 item 16). The
//! handlers are still axum handlers with their extractors; what the router gave them, the
//! resource type ([`Kind`] as an extension) and the `{id}` segment ([`RoutedId`]), is given
//! here.

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::Body;
use axum::extract::Request;
use axum::handler::Handler;
use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse as _, Response};
use futures::future::BoxFuture;
use http_body::Body as _;
use tracing::Instrument as _;

use super::cors::Cors;
use super::error::{ApiError, LoggedError};
use super::routes::{bulk, discovery, me, resources, search};
use super::state::AppState;
use super::store::Kind;
use super::{auth, negotiate};

/// The `{id}` path segment of the request, percent-decoded (read by
/// [`super::extract::ResourceId`]).
#[derive(Clone, Debug)]
pub struct RoutedId(pub String);

/// The SCIM API of one [`AppState`] under its base path.
#[derive(Clone)]
pub struct Pipeline {
    inner: Arc<Inner>,
}

struct Inner {
    state: AppState,
    cors: Cors,
}

impl Pipeline {
    pub fn new(state: AppState) -> Self {
        let cors = Cors::new(state.cors_origins());
        Pipeline {
            inner: Arc::new(Inner { state, cors }),
        }
    }

    /// Answer one request.
    pub async fn answer(&self, request: Request) -> Response {
        self.inner.answer(request).await
    }

    /// The CORS headers this API adds (the fault injector adds them to its own answers).
    pub fn cors(&self) -> &Cors {
        &self.inner.cors
    }
}

impl tower::Service<Request> for Pipeline {
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let inner = self.inner.clone();
        Box::pin(async move { Ok(inner.answer(request).await) })
    }
}

/// Where a request goes, from its path below the base path.
#[derive(Debug)]
enum Endpoint {
    ServiceProviderConfig,
    ResourceTypes,
    ResourceType(String),
    Schemas,
    Schema(String),
    Root,
    RootSearch,
    Bulk,
    Me,
    List(Kind),
    Search(Kind),
    Resource(Kind, String),
}

/// Why a path names no endpoint: `Some` carries the problem with its `{id}` segment.
type NoEndpoint = Option<String>;

impl Endpoint {
    /// `rest` is the path after the base path (`""`, `/`, `/Users/42`, …).
    fn of(rest: &str) -> Result<Endpoint, NoEndpoint> {
        let Some(rest) = rest.strip_prefix('/') else {
            return if rest.is_empty() {
                Ok(Endpoint::Root)
            } else {
                Err(None)
            };
        };
        let mut segments = rest.split('/');
        let first = segments.next().unwrap_or_default();
        let second = segments.next();
        if segments.next().is_some() {
            return Err(None);
        }
        let kind = match first {
            "Users" => Some(Kind::User),
            "Groups" => Some(Kind::Group),
            _ => None,
        };
        Ok(match (first, second, kind) {
            ("", None, _) => Endpoint::Root,
            ("ServiceProviderConfig", None, _) => Endpoint::ServiceProviderConfig,
            ("ResourceTypes", None, _) => Endpoint::ResourceTypes,
            ("Schemas", None, _) => Endpoint::Schemas,
            (".search", None, _) => Endpoint::RootSearch,
            ("Bulk", None, _) => Endpoint::Bulk,
            ("Me", None, _) => Endpoint::Me,
            (_, None, Some(kind)) => Endpoint::List(kind),
            (_, Some(".search"), Some(kind)) => Endpoint::Search(kind),
            // An empty `{id}` segment (`/Users/`) is no endpoint.
            (_, Some(""), _) => return Err(None),
            ("ResourceTypes", Some(id), _) => Endpoint::ResourceType(decode(id)?),
            ("Schemas", Some(id), _) => Endpoint::Schema(decode(id)?),
            (_, Some(id), Some(kind)) => Endpoint::Resource(kind, decode(id)?),
            _ => return Err(None),
        })
    }

    /// The methods the endpoint answers (its `Allow` header).
    fn allow(&self) -> &'static str {
        match self {
            Endpoint::ServiceProviderConfig
            | Endpoint::ResourceTypes
            | Endpoint::ResourceType(_)
            | Endpoint::Schemas
            | Endpoint::Schema(_)
            | Endpoint::Root => "GET",
            Endpoint::RootSearch | Endpoint::Bulk | Endpoint::Search(_) => "POST",
            Endpoint::List(_) => "GET, POST",
            Endpoint::Me | Endpoint::Resource(..) => "GET, PUT, PATCH, DELETE",
        }
    }
}

/// A path segment percent-decoded as UTF-8 (what axum's `Path` extractor did).
fn decode(segment: &str) -> Result<String, NoEndpoint> {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| {
            Some(format!(
                "the id {segment:?} is not UTF-8 once percent-decoded"
            ))
        })
}

impl Inner {
    async fn answer(&self, request: Request) -> Response {
        // The path only: query strings (filters) can carry personal data.
        let span = tracing::info_span!("request", method = %request.method(), path = %request.uri().path());
        let started = Instant::now();
        async move {
            let response = self.cors_and_gate(request).await;
            log_response(&response, started.elapsed());
            response
        }
        .instrument(span)
        .await
    }

    async fn cors_and_gate(&self, request: Request) -> Response {
        if request.method() == Method::OPTIONS {
            return self.cors.preflight(request.headers());
        }
        let origin = request.headers().get(header::ORIGIN).cloned();
        let plain = negotiate::request_wants_plain_json(request.headers());
        let mut response = match auth::check(&self.state, request.headers()) {
            Ok(()) => self.route(request).await,
            Err(refusal) => refusal.into_response(),
        };
        if plain {
            negotiate::relabel_plain_json(&mut response);
        }
        self.cors.decorate(origin.as_ref(), &mut response);
        response
    }

    async fn route(&self, mut request: Request) -> Response {
        let is_head = request.method() == Method::HEAD;
        let path = request.uri().path();
        let endpoint = match path.strip_prefix(self.state.base_path()) {
            Some(rest) => Endpoint::of(rest),
            None => Err(None),
        };
        let mut response = match endpoint {
            Ok(endpoint) => {
                // A GET endpoint answers HEAD too, without the body (as axum's `get` did).
                let method = match request.method() {
                    &Method::HEAD => Method::GET,
                    m => m.clone(),
                };
                let state = self.state.clone();
                match (endpoint, method) {
                    (Endpoint::ServiceProviderConfig, Method::GET) => {
                        discovery::service_provider_config_get
                            .call(request, state)
                            .await
                    }
                    (Endpoint::ResourceTypes, Method::GET) => {
                        discovery::resource_types_list.call(request, state).await
                    }
                    (Endpoint::ResourceType(id), Method::GET) => {
                        request.extensions_mut().insert(RoutedId(id));
                        discovery::resource_type_get.call(request, state).await
                    }
                    (Endpoint::Schemas, Method::GET) => {
                        discovery::schemas_list.call(request, state).await
                    }
                    (Endpoint::Schema(id), Method::GET) => {
                        request.extensions_mut().insert(RoutedId(id));
                        discovery::schema_get.call(request, state).await
                    }
                    (Endpoint::Root, Method::GET) => search::root_list.call(request, state).await,
                    (Endpoint::RootSearch, Method::POST) => {
                        search::root_search.call(request, state).await
                    }
                    (Endpoint::Bulk, Method::POST) => bulk::bulk_post.call(request, state).await,
                    (
                        Endpoint::Me,
                        method @ (Method::GET | Method::PUT | Method::PATCH | Method::DELETE),
                    ) => match me::me_id(&state) {
                        Ok(id) => {
                            let base = super::extract::base_url(request.headers(), &state);
                            let response =
                                resource(request, state, Kind::User, id.clone(), &method).await;
                            me::aliased(response, &base, &id)
                        }
                        Err(refusal) => refusal.into_response(),
                    },
                    (Endpoint::List(kind), Method::GET) => {
                        request.extensions_mut().insert(kind);
                        search::resources_list.call(request, state).await
                    }
                    (Endpoint::List(kind), Method::POST) => {
                        request.extensions_mut().insert(kind);
                        resources::resources_create.call(request, state).await
                    }
                    (Endpoint::Search(kind), Method::POST) => {
                        request.extensions_mut().insert(kind);
                        search::resources_search.call(request, state).await
                    }
                    (
                        Endpoint::Resource(kind, id),
                        method @ (Method::GET | Method::PUT | Method::PATCH | Method::DELETE),
                    ) => resource(request, state, kind, id, &method).await,
                    (endpoint, _) => ApiError::MethodNotAllowed(endpoint.allow()).into_response(),
                }
            }
            Err(bad_id) => unknown_path(path, bad_id).into_response(),
        };
        set_content_length(&mut response);
        if is_head {
            *response.body_mut() = Body::empty();
        }
        response
    }
}

/// `method` on the resource `{kind}/{id}` (GET, PUT, PATCH or DELETE; `/Me` comes here too).
async fn resource(
    mut request: Request,
    state: AppState,
    kind: Kind,
    id: String,
    method: &Method,
) -> Response {
    let extensions = request.extensions_mut();
    extensions.insert(kind);
    extensions.insert(RoutedId(id));
    match *method {
        Method::GET => resources::resources_get.call(request, state).await,
        Method::PUT => resources::resources_replace.call(request, state).await,
        Method::PATCH => resources::resources_patch.call(request, state).await,
        _ => resources::resources_delete.call(request, state).await,
    }
}

/// The declared length of a body whose size is known (set before a HEAD answer drops the body,
/// as a router does).
fn set_content_length(response: &mut Response) {
    if response.headers().contains_key(header::CONTENT_LENGTH) {
        return;
    }
    if let Some(size) = response.body().size_hint().exact() {
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    }
}

fn unknown_path(path: &str, bad_id: Option<String>) -> ApiError {
    match bad_id {
        Some(detail) => ApiError::not_found(format!("no such resource: {detail}")),
        None => ApiError::not_found(format!(
            "no SCIM endpoint at {path}; see /ServiceProviderConfig, /ResourceTypes, /Schemas, \
             /Users, /Groups"
        )),
    }
}

/// One line per answer at `info`: status and latency, and for an error its `scimType` and
/// `detail` (the span carries method and path; never headers, bodies or query strings).
fn log_response(response: &Response, latency: std::time::Duration) {
    let status = response.status().as_u16();
    let latency = format_args!("{} μs", latency.as_micros());
    match response.extensions().get::<LoggedError>() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_below_the_base_path_name_their_endpoint() {
        let cases = [
            ("", "Ok(Root)"),
            ("/", "Ok(Root)"),
            ("/Users", "Ok(List(User))"),
            ("/Groups/.search", "Ok(Search(Group))"),
            ("/Users/a%20b", "Ok(Resource(User, \"a b\"))"),
            ("/Schemas/urn:x", "Ok(Schema(\"urn:x\"))"),
            ("/ResourceTypes/User", "Ok(ResourceType(\"User\"))"),
            ("/Users/", "Err(None)"),
            ("/Users/1/2", "Err(None)"),
            ("/users", "Err(None)"),
            ("Users", "Err(None)"),
            ("//Users", "Err(None)"),
            ("/Me", "Ok(Me)"),
            ("/Bulk", "Ok(Bulk)"),
            ("/.search", "Ok(RootSearch)"),
        ];
        for (rest, expected) in cases {
            assert_eq!(format!("{:?}", Endpoint::of(rest)), expected, "{rest:?}");
        }
        assert!(matches!(Endpoint::of("/Users/%FF"), Err(Some(_))));
    }
}
