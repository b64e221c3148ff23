//! A request sent byte for byte over plain HTTP/1.1, for the shapes a URL parser would rewrite.
//!
//! The Entra SCIM Validator sends `filter=userName+eq+"…"` with raw double quotes (docs/idp/entra.md
//! §1.3); reqwest's URL parser percent-encodes them, so a step that must replay the request as sent
//! writes the request target itself. Only `http://` targets: the harness carries no TLS stack of
//! its own, so over `https://` the client sends the request the usual way (percent-encoded). The
//! response is read with the same bounds as every other one: the time budget covers connect to last
//! byte, and the body stops at the harness's size limit.

use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// What to send.
pub struct Head<'a> {
    pub method: &'a str,
    /// Absolute `http://host:port/path?query`, sent after the authority exactly as written.
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    pub body: Option<&'a str>,
}

/// What came back.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The most of a response head the raw client reads.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Send `head` and read the whole response within `budget`, its body at most `max_body` bytes.
pub async fn send(head: &Head<'_>, budget: Duration, max_body: usize) -> Result<Response, String> {
    match tokio::time::timeout(budget, exchange(head, max_body)).await {
        Ok(result) => result,
        Err(_) => Err("timed out".to_owned()),
    }
}

async fn exchange(head: &Head<'_>, max_body: usize) -> Result<Response, String> {
    let rest = head.url.strip_prefix("http://").ok_or_else(|| {
        "a raw request needs an http:// target (the harness sends raw bytes without TLS)".to_owned()
    })?;
    let (authority, target) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let address = if authority.contains(':') {
        authority.to_owned()
    } else {
        format!("{authority}:80")
    };
    let mut stream = tokio::net::TcpStream::connect(&address)
        .await
        .map_err(|e| format!("tcp connect error: {e}"))?;
    let mut request = format!("{} {target} HTTP/1.1\r\nHost: {authority}\r\n", head.method);
    for (name, value) in head.headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = head.body {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("Connection: close\r\n\r\n");
    if let Some(body) = head.body {
        request.push_str(body);
    }
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| format!("cannot send the request: {e}"))?;

    let mut received = Vec::new();
    let limit = MAX_HEAD_BYTES + max_body;
    let mut chunk = [0u8; 8192];
    loop {
        let n = stream
            .read(&mut chunk)
            .await
            .map_err(|e| format!("connection error: {e}"))?;
        if n == 0 {
            break;
        }
        received.extend_from_slice(&chunk[..n]);
        if received.len() > limit {
            return Err(format!(
                "the response body is larger than {} MiB; the harness stopped reading it",
                max_body / (1024 * 1024)
            ));
        }
    }
    parse(&received)
}

/// A complete HTTP/1.1 response (read to the end of the connection).
fn parse(bytes: &[u8]) -> Result<Response, String> {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("the response has no complete HTTP head")?;
    let head = String::from_utf8_lossy(&bytes[..end]);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .strip_prefix("HTTP/1.")
        .and_then(|s| s.get(2..5))
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("not an HTTP/1.x status line: {status_line:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let raw_body = &bytes[end + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        dechunk(raw_body)?
    } else {
        let length = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .and_then(|(_, v)| v.parse::<usize>().ok());
        match length {
            Some(len) if len <= raw_body.len() => raw_body[..len].to_vec(),
            Some(len) => {
                return Err(format!(
                    "the connection closed after {} of {len} body bytes",
                    raw_body.len()
                ));
            }
            None => raw_body.to_vec(),
        }
    };
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// A chunked body (RFC 9112 §7.1) joined.
fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("a chunked body ended without its last chunk")?;
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("bad chunk size {size_text:?}"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if rest.len() < size + 2 {
            return Err("a chunked body ended inside a chunk".to_owned());
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn responses_with_length_or_chunks_parse() {
        let r = parse(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: b\r\n\r\n{}").unwrap();
        assert_eq!((r.status, r.body.as_slice()), (200, &b"{}"[..]));
        assert_eq!(r.headers[1], ("x-a".to_owned(), "b".to_owned()));
        let r = parse(
            b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
        )
        .unwrap();
        assert_eq!((r.status, r.body.as_slice()), (404, &b"{}"[..]));
        assert!(parse(b"garbage").is_err());
        assert!(parse(b"SSH-2.0\r\n\r\n").is_err());
    }

    #[tokio::test]
    async fn the_request_target_goes_out_byte_for_byte() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 4096];
            let n = s.read(&mut buf).await.unwrap();
            s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                .await
                .unwrap();
            String::from_utf8_lossy(&buf[..n]).into_owned()
        });
        let url = format!("http://127.0.0.1:{port}/Users?filter=userName+eq+\"x\"");
        let head = Head {
            method: "GET",
            url: &url,
            headers: &[],
            body: None,
        };
        let r = send(&head, Duration::from_secs(5), 1024).await.unwrap();
        assert_eq!(r.status, 200);
        let seen = server.await.unwrap();
        assert!(
            seen.starts_with("GET /Users?filter=userName+eq+\"x\" HTTP/1.1\r\n"),
            "{seen}"
        );
    }
}
