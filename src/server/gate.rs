//! The gate in front of the SCIM routes: the bearer token ([`super::auth`]) and the response
//! media type ([`super::negotiate`]), as one hand-written tower layer — two `from_fn`
//! middlewares cost two boxed services and two boxed futures per request (issue 10 item 16).

use std::convert::Infallible;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::{IntoResponse as _, Response};
use futures::future::BoxFuture;
use tower::Service;

use super::state::AppState;
use super::{auth, negotiate};

/// Wrap `inner` (the SCIM routes) in the gate.
pub fn layer<S>(state: AppState) -> impl tower::Layer<S, Service = Gate<S>> + Clone {
    tower::layer::layer_fn(move |inner| Gate {
        state: state.clone(),
        inner,
    })
}

#[derive(Clone)]
pub struct Gate<S> {
    state: AppState,
    inner: S,
}

impl<S> Service<Request> for Gate<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response, Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let plain = negotiate::request_wants_plain_json(request.headers());
        if let Err(refusal) = auth::check(&self.state, request.headers()) {
            let mut refusal = refusal.into_response();
            if plain {
                negotiate::relabel_plain_json(&mut refusal);
            }
            return Box::pin(std::future::ready(Ok(refusal)));
        }
        // The service polled ready is the one called; a fresh clone waits for the next call.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        Box::pin(async move {
            let mut response = inner.call(request).await?;
            if plain {
                negotiate::relabel_plain_json(&mut response);
            }
            Ok(response)
        })
    }
}
