//! The accept loop: HTTP/1.1 connections served by hyper behind a [`head::Guard`], bounded so
//! that slow or idle clients cannot starve real ones.
//!
//! - Each connection's request heads are vetted by the guard (raw `"` re-encoded, every
//!   refusal a SCIM Error, [`HEAD_TIMEOUT`](super::limits::HEAD_TIMEOUT) and
//!   [`IDLE_TIMEOUT`](super::limits::IDLE_TIMEOUT)); each request body must arrive within
//!   [`BODY_TIMEOUT`](super::limits::BODY_TIMEOUT) ([`body::Deadline`]).
//! - At most [`limits::connection_cap`] connections are held. At the cap, a new connection
//!   evicts the one that has waited longest for a request head (idle keep-alive or a slow
//!   head): those cost nothing to drop and a real client is let in. If every held connection
//!   is busy with a request, the newcomer gets a 503 SCIM Error.
//! - `accept` errors (out of file descriptors) back off from
//!   [`ACCEPT_BACKOFF_MIN`](super::limits::ACCEPT_BACKOFF_MIN) doubling to
//!   [`ACCEPT_BACKOFF_MAX`](super::limits::ACCEPT_BACKOFF_MAX) instead of spinning.
//! - HTTP/2 is not spoken: an h2c (prior knowledge) preface is answered with a 505 SCIM Error
//!   in HTTP/1.1. SCIM clients use HTTP/1.1, and TLS (where h2 would be negotiated) is left
//!   to a proxy in front of the server.
//! - On shutdown, idle connections close at once and busy ones finish their request
//!   (at most [`DRAIN`]).
//! - A response carrying the [`Abort`] extension (an injected connection reset) is not sent:
//!   the connection is closed with `SO_LINGER` 0, which the client sees as a TCP reset.

pub(crate) mod body;
pub(crate) mod head;

use super::cors::Cors;

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::AsyncWriteExt as _;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tower::ServiceExt as _;

use super::limits::{self, ACCEPT_BACKOFF_MAX, ACCEPT_BACKOFF_MIN};
use crate::scim::ScimError;

/// A response extension: do not send this response, reset the connection instead.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Abort;

/// The socket under the guard: once `abort` is set (by a response carrying [`Abort`]), every
/// read or write fails and the socket is set to reset on close, so hyper drops the
/// connection before writing the response.
struct Abortable {
    stream: TcpStream,
    abort: Arc<AtomicBool>,
}

impl Abortable {
    fn aborted(&self) -> Option<std::io::Error> {
        if !self.abort.load(Ordering::Relaxed) {
            return None;
        }
        let _ = self.stream.set_zero_linger();
        Some(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "connection reset (injected fault)",
        ))
    }
}

impl tokio::io::AsyncRead for Abortable {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        if let Some(e) = self.aborted() {
            return std::task::Poll::Ready(Err(e));
        }
        std::pin::Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Abortable {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        if let Some(e) = self.aborted() {
            return std::task::Poll::Ready(Err(e));
        }
        std::pin::Pin::new(&mut self.stream).poll_write(cx, buf)
    }
    fn poll_write_vectored(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> std::task::Poll<std::io::Result<usize>> {
        if let Some(e) = self.aborted() {
            return std::task::Poll::Ready(Err(e));
        }
        std::pin::Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        if let Some(e) = self.aborted() {
            return std::task::Poll::Ready(Err(e));
        }
        std::pin::Pin::new(&mut self.stream).poll_flush(cx)
    }
    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        if let Some(e) = self.aborted() {
            return std::task::Poll::Ready(Err(e));
        }
        std::pin::Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// How long busy connections may take to finish after shutdown is asked for.
pub const DRAIN: Duration = Duration::from_secs(10);

/// The connection timeouts (defaults in [`limits`]; `ServeConfig` carries them).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Timeouts {
    pub(crate) head: Duration,
    /// Applied to each request body by [`body::Deadline`].
    pub(crate) body: Duration,
    pub(crate) idle: Duration,
}

/// One held connection, as the eviction policy sees it.
pub(crate) struct Slot {
    /// Milliseconds (since the server started, plus one) since which the connection has been
    /// waiting for a request head; 0 while it is busy with a request.
    waiting_since: AtomicU64,
    start: Instant,
    evict: Notify,
}

impl Slot {
    fn now(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis())
            .unwrap_or(u64::MAX - 1)
            .saturating_add(1)
    }
    pub(crate) fn set_waiting(&self) {
        self.waiting_since.store(self.now(), Ordering::Relaxed);
    }
    pub(crate) fn set_busy(&self) {
        self.waiting_since.store(0, Ordering::Relaxed);
    }
}

/// The held connections.
struct Slots {
    cap: usize,
    start: Instant,
    next: AtomicU64,
    held: Mutex<HashMap<u64, Arc<Slot>>>,
    /// Sockets still open, evicted ones included until their task has closed them.
    open: AtomicUsize,
    released: Notify,
}

enum Admission {
    Admitted(u64, Arc<Slot>),
    Full,
}

impl Slots {
    /// Hold a new connection, evicting the longest-waiting one at the cap.
    fn admit(&self) -> Admission {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        if held.len() >= self.cap {
            let victim = held
                .iter()
                .filter_map(|(id, s)| {
                    let since = s.waiting_since.load(Ordering::Relaxed);
                    (since != 0).then_some((since, *id))
                })
                .min();
            match victim {
                Some((_, id)) => {
                    if let Some(slot) = held.remove(&id) {
                        slot.evict.notify_one();
                    }
                }
                None => return Admission::Full,
            }
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let slot = Arc::new(Slot {
            // New connections count as waiting from now: they have sent nothing yet.
            waiting_since: AtomicU64::new(0),
            start: self.start,
            evict: Notify::new(),
        });
        slot.set_waiting();
        held.insert(id, Arc::clone(&slot));
        self.open.fetch_add(1, Ordering::Relaxed);
        Admission::Admitted(id, slot)
    }

    fn release(&self, id: u64) {
        self.held
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id);
        self.open.fetch_sub(1, Ordering::Relaxed);
        self.released.notify_one();
    }

    /// Until evicted sockets are really closed, accepting more would run out of descriptors.
    async fn wait_for_room(&self) {
        while self.open.load(Ordering::Relaxed) > self.cap {
            let _ = tokio::time::timeout(Duration::from_millis(50), self.released.notified()).await;
        }
    }
}

/// Serve `app` on `listener` until `shutdown` completes.
pub(crate) async fn serve(
    listener: TcpListener,
    app: super::Front,
    timeouts: Timeouts,
    cors: Arc<Cors>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(Slots {
        cap: limits::connection_cap(),
        start: Instant::now(),
        next: AtomicU64::new(0),
        held: Mutex::new(HashMap::new()),
        open: AtomicUsize::new(0),
        released: Notify::new(),
    });
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut tasks = JoinSet::new();
    let mut backoff = ACCEPT_BACKOFF_MIN;
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            () = slots.wait_for_room() => {}
        }
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
            Some(_) = tasks.join_next(), if !tasks.is_empty() => continue,
        };
        let stream = match accepted {
            Ok((stream, _)) => {
                backoff = ACCEPT_BACKOFF_MIN;
                stream
            }
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                tracing::warn!(error = %e, retry_in = ?backoff, "accept failed; backing off");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(ACCEPT_BACKOFF_MAX);
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        match slots.admit() {
            Admission::Admitted(id, slot) => {
                let app = app.clone();
                let slots = Arc::clone(&slots);
                let stop = stop_rx.clone();
                let cors = Arc::clone(&cors);
                tasks.spawn(async move {
                    serve_connection(stream, app, slot, timeouts, cors, stop).await;
                    slots.release(id);
                });
            }
            Admission::Full => {
                tasks.spawn(refuse_full(stream, Arc::clone(&cors)));
            }
        }
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let drained =
        tokio::time::timeout(DRAIN, async { while tasks.join_next().await.is_some() {} }).await;
    if drained.is_err() {
        tracing::warn!("connections still open {DRAIN:?} after shutdown; closing them");
        tasks.abort_all();
    }
    Ok(())
}

/// Errors of one connection that do not concern the listener.
fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
}

async fn refuse_full(mut stream: TcpStream, cors: Arc<Cors>) {
    let error = ScimError::new(
        503,
        None,
        format!(
            "the server holds its limit of {} connections, all busy with requests; retry",
            limits::connection_cap()
        ),
    );
    tracing::info!(status = 503, detail = %error.detail, "connection refused");
    let _ = tokio::time::timeout(
        Duration::from_secs(1),
        // Nothing is read from the newcomer: its Origin is unknown.
        stream.write_all(&head::error_bytes(&error, &cors.raw_lines(None))),
    )
    .await;
    let _ = stream.shutdown().await;
}

async fn serve_connection(
    stream: TcpStream,
    app: super::Front,
    slot: Arc<Slot>,
    timeouts: Timeouts,
    cors: Arc<Cors>,
    mut stop: watch::Receiver<bool>,
) {
    let abort = Arc::new(AtomicBool::new(false));
    let abort_on = Arc::clone(&abort);
    let service = hyper::service::service_fn(move |req: Request<Incoming>| {
        let app = app.clone();
        let abort = Arc::clone(&abort_on);
        Box::pin(async move {
            let body_timeout = timeouts.body;
            let response = app
                .oneshot(
                    req.map(|body| axum::body::Body::new(body::Deadline::new(body, body_timeout))),
                )
                .await
                .unwrap_or_else(|e| match e {});
            if response.extensions().get::<Abort>().is_some() {
                abort.store(true, Ordering::Relaxed);
            }
            Ok::<_, Infallible>(response)
        })
    });
    let stream = Abortable { stream, abort };
    let guard = head::Guard::new(stream, Arc::clone(&slot), timeouts, cors);
    let mut conn = hyper::server::conn::http1::Builder::new()
        // A client that half-closes after its request still gets the answer; and hyper reads
        // the next head only once the previous answer is written (see `head`).
        .half_close(true)
        .keep_alive(true)
        .serve_connection(TokioIo::new(guard), service);
    let mut stopping = *stop.borrow();
    if stopping {
        std::pin::Pin::new(&mut conn).graceful_shutdown();
    }
    let evicted = slot.evict.notified();
    tokio::pin!(evicted);
    loop {
        tokio::select! {
            done = std::future::poll_fn(|cx| conn.poll_without_shutdown(cx)) => {
                if let Err(e) = done {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
                break;
            }
            () = &mut evicted => {
                tracing::debug!("connection evicted: it waited longest for a request head at the connection cap");
                return; // dropping `conn` closes the socket
            }
            changed = stop.changed(), if !stopping => {
                stopping = true;
                if changed.is_ok() {
                    std::pin::Pin::new(&mut conn).graceful_shutdown();
                }
            }
        }
    }
    let guard = conn.into_parts().io.into_inner();
    guard.finish().await;
}
