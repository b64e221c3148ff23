//! [`Guard`]: the byte stream between one client socket and hyper, vetted one request head at
//! a time, so that what real clients send reaches the router and every refusal is a SCIM Error.
//!
//! Why a layer below hyper: hyper parses the request line with httparse (which accepts every
//! visible byte in the target) and then builds an `http::Uri`, which refuses a raw `"`, `<`,
//! `>` in the query (and `<`, `>`, `` ` `` in the path). The Entra SCIM Validator sends
//! `?filter=userName+eq+"x"` (docs/idp/entra.md §1.3, Q20). Neither crate can be configured, and
//! hyper answers its own parse errors (400, 414, 431) with an empty body and no hook. So the
//! guard reads each request head itself, and
//! - answers what it refuses (bad request line, target over [`MAX_TARGET_BYTES`], head over
//!   [`MAX_HEAD_BYTES`] or [`MAX_HEADERS`], h2c preface, a head slower than the head timeout)
//!   with a SCIM Error, then closes;
//! - percent-encodes the bytes `http::Uri` refuses ([`needs_encoding`]) inside the request
//!   target: `"` becomes `%22`, which every query and path decoder reads back as `"`, so
//!   `filter=userName+eq+"x"` is answered exactly like `filter=userName%20eq%20%22x%22`;
//! - hands hyper everything else unchanged.
//!
//! It only ever rewrites bytes it knows to be a request target: it follows message framing
//! exactly as hyper does (`Transfer-Encoding` ending in `chunked`, else `Content-Length`), and
//! if a chunked body is malformed (hyper then fails the request and closes) it stops looking
//! and passes bytes through untouched. Bytes reach hyper only after the guard has vetted them.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::time::{Instant, Sleep};

use super::{Slot, Timeouts};
use crate::scim::ScimError;
use crate::server::cors::Cors;
use crate::server::error::SCIM_JSON;
use crate::server::limits::{MAX_HEAD_BYTES, MAX_HEADERS, MAX_TARGET_BYTES};

/// The HTTP/2 connection preface's first line (RFC 9113 §3.4).
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0";

/// Bytes that httparse accepts in a request target but `http::Uri` refuses (or, for `#`,
/// silently cuts off as a fragment, which a request target cannot have: RFC 9112 §3.2).
pub(crate) fn needs_encoding(b: u8) -> bool {
    matches!(b, b'"' | b'#' | b'<' | b'>' | b'`')
}

/// Where the guard is in the incoming byte stream.
#[derive(Debug)]
enum Stage {
    /// Before a request head (or inside an incomplete one).
    Head,
    /// Inside a body of known length: this many bytes remain.
    Body(u64),
    /// Inside a chunked body.
    Chunked(Chunk),
    /// Framing is no longer known (malformed chunked body): pass bytes through untouched.
    Opaque,
    /// Nothing more is read: hyper sees end of input.
    Done,
}

/// The chunked-body scanner (RFC 9112 §7.1), as lenient as hyper's decoder and no more.
#[derive(Debug, Clone, Copy)]
enum Chunk {
    Size {
        size: u64,
        digits: u8,
    },
    /// After the size: optional whitespace, then `;extension` or CR.
    SizeRest(u64),
    Extension(u64),
    SizeLf(u64),
    Data(u64),
    DataCr,
    DataLf,
    /// At the start of a trailer line (or of the final CRLF).
    TrailerStart,
    TrailerLine,
    TrailerLf,
    EndLf,
}

/// What one step of the chunk scanner says.
enum Scan {
    /// Consumed `n` bytes, still inside the body.
    More(Chunk, usize),
    /// Consumed `n` bytes and the body ended.
    End(usize),
    Malformed,
}

fn scan_chunk(state: Chunk, input: &[u8]) -> Scan {
    let Some(&b) = input.first() else {
        return Scan::More(state, 0);
    };
    let next = match state {
        Chunk::Data(n) => {
            let take = usize::try_from(n).unwrap_or(usize::MAX).min(input.len());
            let left = n - take as u64;
            return Scan::More(
                if left == 0 {
                    Chunk::DataCr
                } else {
                    Chunk::Data(left)
                },
                take,
            );
        }
        Chunk::Size { size, digits } => match (b as char).to_digit(16) {
            Some(d) if digits < 16 => Chunk::Size {
                size: size * 16 + u64::from(d),
                digits: digits + 1,
            },
            Some(_) => return Scan::Malformed,
            None if digits == 0 => return Scan::Malformed,
            None => return scan_chunk(Chunk::SizeRest(size), input),
        },
        Chunk::SizeRest(size) => match b {
            b' ' | b'\t' => Chunk::SizeRest(size),
            b';' => Chunk::Extension(size),
            b'\r' => Chunk::SizeLf(size),
            _ => return Scan::Malformed,
        },
        Chunk::Extension(size) => match b {
            b'\r' => Chunk::SizeLf(size),
            b'\n' => return Scan::Malformed,
            _ => Chunk::Extension(size),
        },
        Chunk::SizeLf(0) if b == b'\n' => Chunk::TrailerStart,
        Chunk::SizeLf(size) if b == b'\n' => Chunk::Data(size),
        Chunk::DataCr if b == b'\r' => Chunk::DataLf,
        Chunk::DataLf if b == b'\n' => Chunk::Size { size: 0, digits: 0 },
        Chunk::TrailerStart => match b {
            b'\r' => Chunk::EndLf,
            b'\n' => return Scan::Malformed,
            _ => Chunk::TrailerLine,
        },
        Chunk::TrailerLine => match b {
            b'\r' => Chunk::TrailerLf,
            _ => Chunk::TrailerLine,
        },
        Chunk::TrailerLf if b == b'\n' => Chunk::TrailerStart,
        Chunk::EndLf if b == b'\n' => return Scan::End(1),
        _ => return Scan::Malformed,
    };
    Scan::More(next, 1)
}

/// The verdict on the bytes of a (possibly incomplete) request head.
enum Vetted {
    Partial,
    /// A complete head of `len` bytes, rewritten into `head`, followed by `next`.
    Complete {
        len: usize,
        head: Vec<u8>,
        next: Stage,
        /// Hyper closes the connection after this request (`Transfer-Encoding` together with
        /// `Content-Length`), so nothing after it is read.
        last: bool,
    },
    Refused(ScimError),
}

fn refuse(status: u16, detail: impl Into<String>) -> Vetted {
    Vetted::Refused(ScimError::new(status, None, detail))
}

fn bad_request(detail: impl Into<String>) -> Vetted {
    Vetted::Refused(ScimError::invalid_syntax(detail))
}

/// Vet the bytes received so far of one request head.
fn vet(input: &[u8]) -> Vetted {
    if input.len() < H2_PREFACE.len() && H2_PREFACE.starts_with(input) {
        return Vetted::Partial;
    }
    if input.starts_with(H2_PREFACE) {
        return refuse(
            505,
            "HTTP/2 with prior knowledge (h2c) is not supported: this server speaks HTTP/1.1; \
             connect without --http2-prior-knowledge",
        );
    }
    let line_len = input
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(input.len());
    // A request line cannot be longer than a maximal target plus method and version.
    if line_len > MAX_TARGET_BYTES + 64 {
        return too_long_target();
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    let len = match req.parse(input) {
        Ok(httparse::Status::Partial) if input.len() > MAX_HEAD_BYTES => return too_big_head(),
        Ok(httparse::Status::Partial) => return Vetted::Partial,
        Ok(httparse::Status::Complete(len)) => len,
        Err(httparse::Error::TooManyHeaders) => {
            return refuse(
                431,
                format!(
                    "the request has more than {MAX_HEADERS} header fields (the server's limit)"
                ),
            );
        }
        Err(e) => return malformed(input, &req, e),
    };
    if len > MAX_HEAD_BYTES {
        return too_big_head();
    }
    let Some(target) = req.path else {
        return bad_request("the request line has no target");
    };
    if target.len() > MAX_TARGET_BYTES {
        return too_long_target();
    }
    let http10 = req.version == Some(0);
    // Framing, decided exactly as hyper decides it (RFC 9112 §6.3).
    let (mut te, mut chunked, mut cl, mut saw_cl) = (false, false, None::<u64>, false);
    for h in req.headers.iter() {
        if h.name.eq_ignore_ascii_case("transfer-encoding") {
            if http10 {
                return bad_request("Transfer-Encoding is not allowed in HTTP/1.0 (RFC 9112 §6.1)");
            }
            te = true;
            cl = None;
            chunked = std::str::from_utf8(h.value).is_ok_and(|v| {
                v.rsplit(',')
                    .next()
                    .is_some_and(|c| c.trim().eq_ignore_ascii_case("chunked"))
            });
        } else if h.name.eq_ignore_ascii_case("content-length") {
            saw_cl = true;
            if te {
                continue;
            }
            let Some(n) = digits(h.value) else {
                return bad_request(format!(
                    "Content-Length {:?} is not a number of bytes (RFC 9110 §8.6)",
                    String::from_utf8_lossy(h.value)
                ));
            };
            if cl.is_some_and(|prev| prev != n) {
                return bad_request("the request has two different Content-Length values");
            }
            cl = Some(n);
        }
    }
    if te && !chunked {
        return bad_request(
            "Transfer-Encoding must end in chunked (RFC 9112 §6.3); send Content-Length instead",
        );
    }
    let next = match (chunked, cl) {
        (true, _) => Stage::Chunked(Chunk::Size { size: 0, digits: 0 }),
        (false, Some(n)) if n > 0 => Stage::Body(n),
        _ => Stage::Head,
    };
    let start = target.as_ptr() as usize - input.as_ptr() as usize;
    let raw = &input[start..start + target.len()];
    if std::str::from_utf8(raw).is_err() {
        return bad_request("the request target is not UTF-8; percent-encode its bytes");
    }
    let mut head = Vec::with_capacity(len + 16);
    head.extend_from_slice(&input[..start]);
    encode_target(raw, &mut head);
    head.extend_from_slice(&input[start + target.len()..len]);
    Vetted::Complete {
        len,
        head,
        next,
        last: te && saw_cl,
    }
}

/// Append `target` with the bytes `http::Uri` refuses percent-encoded.
pub(crate) fn encode_target(target: &[u8], out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in target {
        if needs_encoding(b) {
            out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        } else {
            out.push(b);
        }
    }
}

/// `Content-Length` digits, as hyper reads them (no sign, no spaces inside).
fn digits(value: &[u8]) -> Option<u64> {
    let value = value.trim_ascii();
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(value).ok()?.parse().ok()
}

fn too_long_target() -> Vetted {
    refuse(
        414,
        format!(
            "the request target is longer than {MAX_TARGET_BYTES} bytes (the server's limit); \
             send long filters as POST …/.search (RFC 7644 §3.4.3)"
        ),
    )
}

fn too_big_head() -> Vetted {
    refuse(
        431,
        format!("the request head is larger than {MAX_HEAD_BYTES} bytes (the server's limit)"),
    )
}

/// The 400 for a head httparse refuses, saying what is wrong with it.
fn malformed(input: &[u8], req: &httparse::Request<'_, '_>, e: httparse::Error) -> Vetted {
    if req.version.is_some() {
        return bad_request(format!(
            "a header field is malformed ({e}); header lines are `Name: value` (RFC 9112 §5)"
        ));
    }
    let line = &input[..input
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(input.len())];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if let Some(at) = line.iter().position(|&b| b < 0x20 || b == 0x7f) {
        return bad_request(format!(
            "the request line contains the control byte 0x{:02x} at offset {at}; \
             percent-encode it (RFC 3986 §2.1)",
            line[at]
        ));
    }
    let words = line.split(|&b| b == b' ').filter(|w| !w.is_empty()).count();
    if words > 3 && (line.ends_with(b"HTTP/1.1") || line.ends_with(b"HTTP/1.0")) {
        return bad_request(
            "the request target contains a raw space; encode spaces as %20 or + (RFC 3986 §2.1)",
        );
    }
    bad_request(format!(
        "the request line is not `METHOD /target HTTP/1.1` ({e}; RFC 9112 §3)"
    ))
}

/// The `Origin` field of a head that was refused before it could be parsed whole, if it
/// arrived (for the refusal's CORS headers).
fn origin_in(input: &[u8]) -> Option<&[u8]> {
    let head = &input[..input.len().min(MAX_HEAD_BYTES)];
    head.split(|&b| b == b'\n')
        .skip(1)
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .take_while(|line| !line.is_empty())
        .find_map(|line| {
            let colon = line.iter().position(|&b| b == b':')?;
            let (name, value) = line.split_at(colon);
            name.eq_ignore_ascii_case(b"origin")
                .then(|| value[1..].trim_ascii())
        })
}

/// The HTTP/1.1 response carrying `error`, closing the connection; `cors` are the CORS header
/// lines ([`Cors::raw_lines`]), so a browser script can read the error.
pub(crate) fn error_bytes(error: &ScimError, cors: &str) -> Vec<u8> {
    let body = error.to_json().to_string();
    let reason = axum::http::StatusCode::from_u16(error.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    let mut out = format!(
        "HTTP/1.1 {} {reason}\r\ncontent-type: {SCIM_JSON}\r\ncontent-length: {}\r\n\
         connection: close\r\n{cors}\r\n",
        error.status,
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

/// How much is read from the socket at once.
const READ_CHUNK: usize = 16 * 1024;

/// The vetting wrapper around a client socket (see the module docs).
pub(crate) struct Guard<T> {
    io: T,
    stage: Stage,
    /// Bytes from the socket not yet vetted.
    input: Vec<u8>,
    /// Vetted bytes not yet taken by hyper.
    output: Vec<u8>,
    taken: usize,
    /// Our own answer, written once hyper is done with the connection ([`Guard::finish`]).
    reply: Option<Vec<u8>>,
    /// When the current wait for a head ends (idle, then [`HEAD_TIMEOUT`] from its first byte).
    deadline: Pin<Box<Sleep>>,
    waiting: bool,
    head_started: bool,
    slot: Arc<Slot>,
    timeouts: Timeouts,
    cors: Arc<Cors>,
}

impl<T> Guard<T> {
    pub(crate) fn new(io: T, slot: Arc<Slot>, timeouts: Timeouts, cors: Arc<Cors>) -> Self {
        Guard {
            io,
            stage: Stage::Head,
            input: Vec::new(),
            output: Vec::new(),
            taken: 0,
            reply: None,
            deadline: Box::pin(tokio::time::sleep(timeouts.idle)),
            waiting: false,
            head_started: false,
            slot,
            timeouts,
            cors,
        }
    }

    fn arm(&mut self, after: Duration) {
        self.deadline.as_mut().reset(Instant::now() + after);
    }

    fn refuse(&mut self, error: ScimError) {
        tracing::info!(
            status = error.status,
            scim_type = error.scim_type.map(|t| t.as_str()),
            detail = %error.detail,
            "request refused before routing"
        );
        let cors = self.cors.raw_lines(origin_in(&self.input));
        self.reply = Some(error_bytes(&error, &cors));
        self.stage = Stage::Done;
    }

    /// Move vetted input to the output as far as the stage allows.
    fn advance(&mut self) {
        loop {
            match &mut self.stage {
                Stage::Done => return,
                _ if self.input.is_empty() => return,
                Stage::Opaque => {
                    self.output.append(&mut self.input);
                    return;
                }
                Stage::Body(left) => {
                    let take = usize::try_from(*left)
                        .unwrap_or(usize::MAX)
                        .min(self.input.len());
                    *left -= take as u64;
                    if *left == 0 {
                        self.stage = Stage::Head;
                    }
                    self.output.extend(self.input.drain(..take));
                }
                Stage::Chunked(state) => {
                    let mut at = 0;
                    let mut st = *state;
                    let ended = loop {
                        match scan_chunk(st, &self.input[at..]) {
                            Scan::More(_, 0) => break false,
                            Scan::More(next, n) => {
                                st = next;
                                at += n;
                            }
                            Scan::End(n) => {
                                at += n;
                                break true;
                            }
                            Scan::Malformed => {
                                // hyper will fail this body and close; stop interpreting.
                                self.stage = Stage::Opaque;
                                break false;
                            }
                        }
                    };
                    self.output.extend(self.input.drain(..at));
                    match self.stage {
                        Stage::Opaque => {}
                        _ if ended => self.stage = Stage::Head,
                        _ => {
                            self.stage = Stage::Chunked(st);
                            return;
                        }
                    }
                }
                Stage::Head => match vet(&self.input) {
                    Vetted::Partial => {
                        if !self.head_started {
                            self.head_started = true;
                            self.arm(self.timeouts.head);
                        }
                        return;
                    }
                    Vetted::Refused(e) => {
                        self.refuse(e);
                        return;
                    }
                    Vetted::Complete {
                        len,
                        head,
                        next,
                        last,
                    } => {
                        self.input.drain(..len);
                        self.output.extend_from_slice(&head);
                        self.stage = next;
                        self.waiting = false;
                        self.head_started = false;
                        self.slot.set_busy();
                        if last {
                            // hyper closes after this message; hand over its body only.
                            if let Stage::Body(n) = self.stage {
                                let take = usize::try_from(n)
                                    .unwrap_or(usize::MAX)
                                    .min(self.input.len());
                                self.output.extend(self.input.drain(..take));
                            }
                            self.stage = Stage::Opaque;
                        }
                    }
                },
            }
        }
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> Guard<T> {
    /// After hyper is done: write our own answer if there is one, then close the socket.
    pub(crate) async fn finish(mut self) {
        if let Some(reply) = self.reply.take() {
            let _ = tokio::time::timeout(self.timeouts.head, self.io.write_all(&reply)).await;
        }
        let _ = tokio::time::timeout(Duration::from_secs(1), self.io.shutdown()).await;
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncRead for Guard<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            if this.taken < this.output.len() {
                let n = buf.remaining().min(this.output.len() - this.taken);
                buf.put_slice(&this.output[this.taken..this.taken + n]);
                this.taken += n;
                if this.taken == this.output.len() {
                    this.output.clear();
                    this.taken = 0;
                }
                return Poll::Ready(Ok(()));
            }
            this.advance();
            if this.taken < this.output.len() {
                continue;
            }
            if matches!(this.stage, Stage::Done) {
                return Poll::Ready(Ok(())); // end of input for hyper
            }
            if matches!(this.stage, Stage::Head) && !this.waiting {
                // hyper asks for the next head: the connection is idle until its first byte.
                this.waiting = true;
                this.slot.set_waiting();
                if !this.head_started {
                    this.arm(this.timeouts.idle);
                }
            }
            let mut chunk = [0u8; READ_CHUNK];
            let mut rb = ReadBuf::new(&mut chunk);
            match Pin::new(&mut this.io).poll_read(cx, &mut rb) {
                Poll::Ready(Ok(())) if rb.filled().is_empty() => {
                    this.stage = Stage::Done; // the client closed
                    return Poll::Ready(Ok(()));
                }
                Poll::Ready(Ok(())) => this.input.extend_from_slice(rb.filled()),
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => {
                    if matches!(this.stage, Stage::Head) {
                        ready!(this.deadline.as_mut().poll(cx));
                        if this.head_started {
                            this.refuse(ScimError::new(
                                408,
                                None,
                                format!(
                                    "the request head was not complete within {:?} (the \
                                     server's limit)",
                                    this.timeouts.head
                                ),
                            ));
                        } else {
                            tracing::debug!(idle = ?this.timeouts.idle, "closing an idle connection");
                            this.stage = Stage::Done;
                        }
                        continue;
                    }
                    return Poll::Pending;
                }
            }
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Guard<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }
    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        // The socket is closed by `finish`, after our own reply (if any) is written.
        let _ = cx;
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete(input: &[u8]) -> (Vec<u8>, Stage) {
        match vet(input) {
            Vetted::Complete { head, next, .. } => (head, next),
            Vetted::Partial => panic!("partial"),
            Vetted::Refused(e) => panic!("refused: {}", e.detail),
        }
    }

    fn refused(input: &[u8]) -> ScimError {
        match vet(input) {
            Vetted::Refused(e) => e,
            _ => panic!("not refused: {:?}", String::from_utf8_lossy(input)),
        }
    }

    #[test]
    fn raw_quotes_and_other_refused_bytes_are_encoded_in_the_target_only() {
        let (head, _) =
            complete(b"GET /Users?filter=userName+eq+\"a<b>`#\" HTTP/1.1\r\nX: \"q\"\r\n\r\n");
        assert_eq!(
            String::from_utf8(head).expect("utf-8"),
            "GET /Users?filter=userName+eq+%22a%3Cb%3E%60%23%22 HTTP/1.1\r\nX: \"q\"\r\n\r\n"
        );
        let (head, _) = complete(b"GET /Users?filter=a%20{|}^ HTTP/1.1\r\n\r\n");
        assert_eq!(&head[..], b"GET /Users?filter=a%20{|}^ HTTP/1.1\r\n\r\n");
    }

    #[test]
    fn the_rewritten_target_is_one_http_uri_accepts() {
        let mut out = Vec::new();
        let all: Vec<u8> = (0x21..0x7f).collect();
        out.extend_from_slice(b"/p");
        encode_target(&all[..], &mut out);
        out.extend_from_slice(b"?");
        encode_target(&all[..], &mut out);
        let s = String::from_utf8(out).expect("ascii");
        let uri: axum::http::Uri = s.parse().expect("http::Uri accepts the encoded target");
        assert_eq!(uri.to_string(), s);
    }

    #[test]
    fn framing_follows_hyper() {
        let (_, next) = complete(b"POST /Users HTTP/1.1\r\nContent-Length: 12\r\n\r\n");
        assert!(matches!(next, Stage::Body(12)));
        let (_, next) = complete(
            b"POST /Users HTTP/1.1\r\nContent-Length: 12\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
        );
        assert!(matches!(next, Stage::Chunked(_)));
        assert!(matches!(
            vet(
                b"POST /Users HTTP/1.1\r\nContent-Length: 12\r\nTransfer-Encoding: chunked\r\n\r\n"
            ),
            Vetted::Complete { last: true, .. }
        ));
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n").status,
            400
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n").status,
            400
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n").status,
            400
        );
    }

    #[test]
    fn chunk_scanner_finds_the_end_of_a_chunked_body() {
        let body = b"5;ext=1\r\nhello\r\n0\r\nTrailer: x\r\n\r\nGET";
        let mut st = Chunk::Size { size: 0, digits: 0 };
        let mut at = 0;
        loop {
            match scan_chunk(st, &body[at..]) {
                Scan::More(next, n) => {
                    assert!(n > 0);
                    st = next;
                    at += n;
                }
                Scan::End(n) => {
                    at += n;
                    break;
                }
                Scan::Malformed => panic!("malformed at {at}"),
            }
        }
        assert_eq!(&body[at..], b"GET");
        assert!(matches!(
            scan_chunk(Chunk::Size { size: 0, digits: 0 }, b"x"),
            Scan::Malformed
        ));
    }

    #[test]
    fn refusals_name_the_problem() {
        let e = refused(b"GET /Users?filter=a\0b HTTP/1.1\r\n\r\n");
        assert_eq!(e.status, 400);
        assert!(e.detail.contains("0x00"), "{}", e.detail);
        let e = refused(b"GET /Users?filter=userName eq \"x\" HTTP/1.1\r\n\r\n");
        assert!(e.detail.contains("raw space"), "{}", e.detail);
        let e = refused(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assert_eq!(e.status, 505);
        let long = format!("GET /Users?filter={} HTTP/1.1\r\n\r\n", "a".repeat(20_000));
        assert_eq!(refused(long.as_bytes()).status, 414);
        let big = format!("GET / HTTP/1.1\r\nX: {}\r\n", "a".repeat(70_000));
        assert_eq!(refused(big.as_bytes()).status, 431);
        let many: String = (0..=MAX_HEADERS).map(|i| format!("X-{i}: 1\r\n")).collect();
        assert_eq!(
            refused(format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes()).status,
            431
        );
        assert!(matches!(
            vet(b"GET /Users HTTP/1.1\r\nHost: x\r\n"),
            Vetted::Partial
        ));
    }
}
