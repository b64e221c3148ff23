//! The request body's deadline: a body must arrive within the body timeout
//! ([`BODY_TIMEOUT`](crate::server::limits::BODY_TIMEOUT)) of its head, so a client that
//! declares a body and then trickles it, or stops, cannot hold a busy connection for ever.
//!
//! The timer is armed only when the body is not already in hand: a body that came in the same
//! read as its head (every IdP request) costs no timer.

use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::body::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The error a reader of the body gets once the deadline has passed; the SCIM body extractor
/// answers it 408 ([`BodyTimeout::in_chain`] finds it under any wrapping).
#[derive(Debug)]
pub struct BodyTimeout(pub Duration);

impl std::fmt::Display for BodyTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the request body was not complete within {:?} of its head (the server's limit); \
             send the whole body at once",
            self.0
        )
    }
}

impl std::error::Error for BodyTimeout {}

impl BodyTimeout {
    /// The timeout somewhere in `error`'s source chain (readers wrap body errors in their own).
    pub fn in_chain<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a BodyTimeout> {
        let mut cause = Some(error);
        while let Some(e) = cause {
            if let Some(timeout) = e.downcast_ref::<BodyTimeout>() {
                return Some(timeout);
            }
            cause = e.source();
        }
        None
    }
}

/// `inner`, failing with [`BodyTimeout`] if it is not complete by `until`.
pub(crate) struct Deadline<B> {
    inner: B,
    until: Instant,
    limit: Duration,
    /// Created the first time the body is not ready (most bodies never need it).
    sleep: Option<Pin<Box<Sleep>>>,
    expired: bool,
}

impl<B> Deadline<B> {
    /// A body that must be complete within `limit` from now.
    pub(crate) fn new(inner: B, limit: Duration) -> Self {
        Deadline {
            inner,
            until: Instant::now() + limit,
            limit,
            sleep: None,
            expired: false,
        }
    }
}

impl<B> Body for Deadline<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        if this.expired {
            return Poll::Ready(None);
        }
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|r| r.map_err(Into::into)));
        }
        let until = this.until;
        let sleep = this
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(until)));
        ready!(sleep.as_mut().poll(cx));
        this.expired = true;
        Poll::Ready(Some(Err(Box::new(BodyTimeout(this.limit)))))
    }

    fn is_end_stream(&self) -> bool {
        self.expired || self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt as _;

    /// A body that never yields a frame.
    struct Stalled;

    impl Body for Stalled {
        type Data = Bytes;
        type Error = std::convert::Infallible;
        fn poll_frame(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            Poll::Pending
        }
    }

    #[tokio::test]
    async fn a_stalled_body_fails_with_the_timeout_once_the_deadline_passes() {
        let limit = Duration::from_millis(100);
        let body = axum::body::Body::new(Deadline::new(Stalled, limit));
        let started = Instant::now();
        let error = body.collect().await.expect_err("times out");
        assert!(started.elapsed() >= limit);
        let timeout = BodyTimeout::in_chain(&error).expect("the timeout, under axum's wrapping");
        assert_eq!(timeout.0, limit);
    }

    #[tokio::test]
    async fn a_body_in_hand_is_passed_through_without_a_timer() {
        let mut body = Deadline::new(
            http_body_util::Full::new(Bytes::from_static(b"{}")),
            Duration::from_secs(30),
        );
        let frame = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await;
        let data = frame
            .expect("a frame")
            .expect("no error")
            .into_data()
            .expect("data");
        assert_eq!(&data[..], b"{}");
        assert!(body.sleep.is_none(), "no timer for a body that was ready");
    }
}
