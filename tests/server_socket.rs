//! The reference server over a real socket, with raw bytes: what clients send unencoded (the
//! Entra validator's raw `"`), every HTTP-level refusal as a SCIM Error, message framing on
//! kept-alive connections, the timeouts, h2c, and CORS preflights.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use scim_harness::config::{Auth, Secret, ServeConfig};
use scim_harness::server::{self, ServerHandle};

const TOKEN: &str = "s0cket-t0ken";

/// One parsed HTTP/1.1 response.
#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
    /// Assert a SCIM Error document with `status`, and return its detail.
    fn scim_error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{self:?}");
        assert_eq!(
            self.header("content-type"),
            Some("application/scim+json"),
            "{self:?}"
        );
        let doc = self.json();
        assert_eq!(
            doc["schemas"][0], "urn:ietf:params:scim:api:messages:2.0:Error",
            "{doc}"
        );
        assert_eq!(doc["status"], status.to_string(), "{doc}");
        let detail = doc["detail"].as_str().expect("detail").to_owned();
        assert!(!detail.is_empty());
        detail
    }
}

async fn start(config: ServeConfig) -> ServerHandle {
    server::start(config).await.expect("start")
}

fn config() -> ServeConfig {
    ServeConfig::for_tests(Auth::Token(Secret::new(TOKEN)))
}

/// Parse every complete response in `raw`.
fn parse_responses(mut raw: &[u8]) -> Vec<Response> {
    let mut out = Vec::new();
    while !raw.is_empty() {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut resp = httparse::Response::new(&mut headers);
        let Ok(httparse::Status::Complete(len)) = resp.parse(raw) else {
            panic!("incomplete response: {:?}", String::from_utf8_lossy(raw));
        };
        let headers: Vec<(String, String)> = resp
            .headers
            .iter()
            .map(|h| {
                (
                    h.name.to_owned(),
                    String::from_utf8_lossy(h.value).into_owned(),
                )
            })
            .collect();
        let status = resp.code.expect("status");
        let cl: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .map_or(0, |(_, v)| v.parse().expect("content-length"));
        let body = raw[len..len + cl].to_vec();
        raw = &raw[len + cl..];
        out.push(Response {
            status,
            headers,
            body,
        });
    }
    out
}

/// Send `request` bytes and read until the server closes (bounded by 5 s).
async fn exchange(addr: SocketAddr, request: &[u8]) -> Vec<Response> {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request).await.expect("write");
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut raw))
        .await
        .expect("the server closes the connection")
        .expect("read");
    parse_responses(&raw)
}

async fn one(addr: SocketAddr, request: &[u8]) -> Response {
    let mut responses = exchange(addr, request).await;
    assert_eq!(responses.len(), 1, "{responses:?}");
    responses.remove(0)
}

fn get(target: &str) -> Vec<u8> {
    format!(
        "GET {target} HTTP/1.1\r\nHost: scim.test\r\nAuthorization: Bearer {TOKEN}\r\n\
         Connection: close\r\n\r\n"
    )
    .into_bytes()
}

async fn create_user(addr: SocketAddr, user_name: &str) {
    let body = format!(
        r#"{{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{user_name}"}}"#
    );
    let request = format!(
        "POST /scim/v2/Users HTTP/1.1\r\nHost: scim.test\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/scim+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    assert_eq!(one(addr, request.as_bytes()).await.status, 201);
}

#[tokio::test]
async fn a_raw_quoted_validator_filter_is_answered_like_the_encoded_one() {
    let server = start(config()).await;
    let addr = server.local_addr();
    create_user(addr, "Test_User_00aa@contoso.com").await;
    let encoded = one(
        addr,
        &get("/scim/v2/Users?filter=userName%20eq%20%22Test_User_00aa%40contoso.com%22"),
    )
    .await;
    assert_eq!(encoded.status, 200, "{encoded:?}");
    assert_eq!(encoded.json()["totalResults"], 1);
    // docs/idp/entra.md §1.3 and Q20: the validator sends `+` for spaces and raw quotes.
    let raw = one(
        addr,
        &get("/scim/v2/Users?filter=userName+eq+\"Test_User_00aa%40contoso.com\""),
    )
    .await;
    assert_eq!(raw.status, 200, "{raw:?}");
    let strip = |mut v: Value| {
        v["Resources"][0]["meta"]["location"] = Value::Null;
        v
    };
    assert_eq!(strip(raw.json()), strip(encoded.json()));
    // The other bytes clients leave unencoded reach the filter parser (a SCIM Error or a list,
    // never hyper's empty 400).
    for target in [
        "/scim/v2/Users?filter=userName+eq+\"a{b}|c^d`e<f>\"",
        "/scim/v2/Users?filter=userName+eq+\"guest#EXT#@contoso.com\"",
    ] {
        let r = one(addr, &get(target)).await;
        assert_eq!(r.status, 200, "{target}: {r:?}");
        assert_eq!(r.json()["totalResults"], 0, "{target}");
    }
}

#[tokio::test]
async fn every_http_level_refusal_is_a_scim_error() {
    let server = start(config()).await;
    let addr = server.local_addr();
    let long_filter = format!(
        "/scim/v2/Users?filter=userName+eq+%22{}%22",
        "a".repeat(100 * 1024)
    );
    let detail = one(addr, &get(&long_filter)).await.scim_error(414);
    assert!(detail.contains("16384 bytes"), "{detail}");

    let mega_query = format!("/scim/v2/Users?x={}", "b".repeat(1024 * 1024));
    one(addr, &get(&mega_query)).await.scim_error(414);

    let big_header = format!(
        "GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "c".repeat(100 * 1024)
    );
    let refused = one(addr, big_header.as_bytes()).await;
    let detail = refused.scim_error(431);
    assert!(detail.contains("65536 bytes"), "{detail}");
    // A browser script reads a refusal only with CORS headers (any origin by default).
    assert_eq!(refused.header("access-control-allow-origin"), Some("*"));
    assert!(
        refused
            .header("access-control-expose-headers")
            .is_some_and(|v| v.contains("www-authenticate"))
    );

    let many: String = (0..150).map(|i| format!("X-H{i}: v\r\n")).collect();
    let detail = one(
        addr,
        format!("GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\n{many}\r\n").as_bytes(),
    )
    .await
    .scim_error(431);
    assert!(detail.contains("100 header fields"), "{detail}");

    let detail = one(
        addr,
        b"GET /scim/v2/Users?filter=a\0b HTTP/1.1\r\nHost: x\r\n\r\n",
    )
    .await
    .scim_error(400);
    assert!(detail.contains("0x00"), "{detail}");

    for bad in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"GET /scim/v2/Users HTTP/9.9\r\n\r\n",
        b"GET /\r\n",
        b"GET /scim/v2/Users HTTP/1.1\r\nBad Header\r\n\r\n",
        b"GET /scim/v2/Users?filter=userName eq \"x\" HTTP/1.1\r\n\r\n",
        b"POST /scim/v2/Users HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        b"POST /scim/v2/Users HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
    ] {
        let r = exchange(addr, bad).await;
        assert_eq!(r.len(), 1, "{:?}: {r:?}", String::from_utf8_lossy(bad));
        r[0].scim_error(400);
    }
}

#[tokio::test]
async fn h2c_prior_knowledge_is_refused_in_http1_with_a_scim_error() {
    let server = start(config()).await;
    let detail = one(
        server.local_addr(),
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00",
    )
    .await
    .scim_error(505);
    assert!(detail.contains("HTTP/1.1"), "{detail}");
}

#[tokio::test]
async fn kept_alive_connections_vet_every_head_after_sized_and_chunked_bodies() {
    let server = start(config()).await;
    let addr = server.local_addr();
    let body = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"q\"x"}"#;
    // A body that contains what looks like a request line must pass untouched.
    let chunk = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"GET /x?\"y\" HTTP/1.1"}"#;
    let auth = format!("Authorization: Bearer {TOKEN}\r\nHost: scim.test\r\n");
    let pipelined = format!(
        "POST /scim/v2/Users HTTP/1.1\r\n{auth}Content-Length: {}\r\n\r\n{body}\
         POST /scim/v2/Users HTTP/1.1\r\n{auth}Transfer-Encoding: chunked\r\n\r\n\
         {:x}\r\n{chunk}\r\n0\r\n\r\n\
         GET /scim/v2/Users?filter=userName+eq+\"q%5C%22x\" HTTP/1.1\r\n{auth}\r\n\
         GET /scim/v2/Users?filter=userName+eq+\"GET+/x?%5C\"y%5C\"+HTTP/1.1\" HTTP/1.1\r\n{auth}\r\n\
         GET /scim/v2/Users?filter=a\0 HTTP/1.1\r\n{auth}\r\n",
        body.len(),
        chunk.len(),
    );
    let r = exchange(addr, pipelined.as_bytes()).await;
    assert_eq!(r.len(), 5, "{r:?}");
    assert_eq!(r[0].status, 201, "{:?}", r[0]);
    assert_eq!(r[1].status, 201, "{:?}", r[1]);
    assert_eq!(r[1].json()["userName"], "GET /x?\"y\" HTTP/1.1");
    assert_eq!(r[2].json()["totalResults"], 1, "{:?}", r[2]);
    assert_eq!(r[3].json()["totalResults"], 1, "{:?}", r[3]);
    r[4].scim_error(400);
}

#[tokio::test]
async fn slow_heads_get_408_and_idle_connections_are_closed() {
    let mut config = config();
    config.head_timeout = Duration::from_millis(300);
    config.idle_timeout = Duration::from_millis(600);
    let server = start(config).await;
    let addr = server.local_addr();

    let started = Instant::now();
    let mut slow = TcpStream::connect(addr).await.expect("connect");
    slow.write_all(b"GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("write");
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut raw))
        .await
        .expect("closed")
        .expect("read");
    let detail = parse_responses(&raw).remove(0).scim_error(408);
    assert!(detail.contains("300ms"), "{detail}");
    assert!(started.elapsed() < Duration::from_secs(3));

    let started = Instant::now();
    let mut idle = TcpStream::connect(addr).await.expect("connect");
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), idle.read_to_end(&mut raw))
        .await
        .expect("an idle connection is closed")
        .expect("read");
    assert!(raw.is_empty(), "no answer to a request never sent");
    assert!(started.elapsed() >= Duration::from_millis(500));

    // A kept-alive connection is idle after its answer, and closed the same way.
    let mut kept = TcpStream::connect(addr).await.expect("connect");
    kept.write_all(
        format!("GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\r\n")
            .as_bytes(),
    )
    .await
    .expect("write");
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), kept.read_to_end(&mut raw))
        .await
        .expect("closed once idle")
        .expect("read");
    assert_eq!(parse_responses(&raw)[0].status, 200);
}

#[tokio::test]
async fn a_body_that_stalls_gets_408_creates_nothing_and_frees_its_connection() {
    let mut config = config();
    config.body_timeout = Duration::from_millis(300);
    let server = start(config).await;
    let addr = server.local_addr();

    let body = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"stalled"}"#;
    let head = format!(
        "POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/scim+json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let started = Instant::now();
    let mut slow = TcpStream::connect(addr).await.expect("connect");
    // The head and half the body, then nothing: the client keeps the connection open.
    slow.write_all(head.as_bytes()).await.expect("head");
    slow.write_all(&body.as_bytes()[..body.len() / 2])
        .await
        .expect("half a body");
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut raw))
        .await
        .expect("answered and closed, not held")
        .expect("read");
    let responses = parse_responses(&raw);
    assert_eq!(responses.len(), 1, "{responses:?}");
    let detail = responses[0].scim_error(408);
    assert!(
        detail.contains("300ms") && detail.contains("body"),
        "{detail}"
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(started.elapsed() < Duration::from_secs(3));

    // Nothing was created, and the same body sent at once is accepted.
    let list = one(
        addr,
        &get("/scim/v2/Users?filter=userName+eq+%22stalled%22"),
    )
    .await;
    assert_eq!(list.json()["totalResults"], 0, "{list:?}");
    let created = one(
        addr,
        format!(
            "{}{body}",
            head.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")
        )
        .as_bytes(),
    )
    .await;
    assert_eq!(created.status, 201, "{created:?}");
}

#[tokio::test]
async fn preflights_list_the_headers_a_browser_needs() {
    let server = start(config()).await;
    let addr = server.local_addr();
    let preflight =
        b"OPTIONS /scim/v2/Users HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n\
        Access-Control-Request-Method: PATCH\r\n\
        Access-Control-Request-Headers: authorization, content-type, if-match\r\n\
        Connection: close\r\n\r\n";
    let r = one(addr, preflight).await;
    assert!(r.status == 200 || r.status == 204, "{r:?}");
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let headers = r
        .header("access-control-allow-headers")
        .expect("allow-headers")
        .to_ascii_lowercase();
    for h in [
        "authorization",
        "content-type",
        "if-match",
        "if-none-match",
        "accept",
    ] {
        assert!(headers.contains(h), "{headers}");
    }
    assert!(!headers.contains('*'), "{headers}");
    let methods = r.header("access-control-allow-methods").expect("methods");
    assert_eq!(methods, "GET,POST,PUT,PATCH,DELETE");
    assert_eq!(r.header("access-control-max-age"), Some("600"));

    let mut actual = get("/scim/v2/Users");
    actual.splice(
        actual.len() - 2..actual.len() - 2,
        b"Origin: https://app.example\r\n".iter().copied(),
    );
    let r = one(addr, &actual).await;
    assert_eq!(r.status, 200);
    let exposed = r
        .header("access-control-expose-headers")
        .expect("expose")
        .to_ascii_lowercase();
    assert!(
        exposed.contains("etag") && exposed.contains("location"),
        "{exposed}"
    );
}

#[tokio::test]
async fn cors_origin_closes_cors_to_the_listed_origins() {
    let mut config = config();
    config.cors_origins = vec!["https://app.example".into()];
    let server = start(config).await;
    let addr = server.local_addr();
    let preflight = |origin: &str| {
        format!(
            "OPTIONS /scim/v2/Users HTTP/1.1\r\nHost: x\r\nOrigin: {origin}\r\n\
             Access-Control-Request-Method: GET\r\nConnection: close\r\n\r\n"
        )
    };
    let r = one(addr, preflight("https://app.example").as_bytes()).await;
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    assert!(
        r.header("vary")
            .is_some_and(|v| v.to_ascii_lowercase().contains("origin"))
    );
    let r = one(addr, preflight("https://evil.example").as_bytes()).await;
    assert_eq!(r.header("access-control-allow-origin"), None, "{r:?}");

    // A head refused before it became a request: the Origin that arrived is echoed if listed.
    let many: String = (0..150).map(|i| format!("X-H{i}: v\r\n")).collect();
    let refused =
        |origin: &str| format!("GET /scim/v2/Users HTTP/1.1\r\norigin:  {origin}\r\n{many}\r\n");
    let r = one(addr, refused("https://app.example").as_bytes()).await;
    r.scim_error(431);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    let r = one(addr, refused("https://evil.example").as_bytes()).await;
    r.scim_error(431);
    assert_eq!(r.header("access-control-allow-origin"), None, "{r:?}");
}

#[tokio::test]
async fn an_if_match_that_cannot_be_evaluated_never_lets_a_write_through() {
    let server = start(config()).await;
    let addr = server.local_addr();
    create_user(addr, "cond@example.com").await;
    let list = one(
        addr,
        &get("/scim/v2/Users?filter=userName+eq+\"cond@example.com\""),
    )
    .await;
    let id = list.json()["Resources"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let patch = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}"#;
    for if_match in [&b"\"\xc3\xa9\""[..], b"W/\xff", b"3", b"W/\"1\" garbage"] {
        let mut request = format!(
            "PATCH /scim/v2/Users/{id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\
             Content-Type: application/scim+json\r\nContent-Length: {}\r\nConnection: close\r\nIf-Match: ",
            patch.len()
        )
        .into_bytes();
        request.extend_from_slice(if_match);
        request.extend_from_slice(b"\r\n\r\n");
        request.extend_from_slice(patch.as_bytes());
        let detail = one(addr, &request).await.scim_error(400);
        assert!(
            detail.contains("If-Match") || detail.contains("if-match"),
            "{detail}"
        );

        let mut request = format!(
            "DELETE /scim/v2/Users/{id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\
             Connection: close\r\nIf-Match: "
        )
        .into_bytes();
        request.extend_from_slice(if_match);
        request.extend_from_slice(b"\r\n\r\n");
        one(addr, &request).await.scim_error(400);
    }
    let mut request = get(&format!("/scim/v2/Users/{id}"));
    request.splice(
        request.len() - 2..request.len() - 2,
        b"If-None-Match: \xff\r\n".iter().copied(),
    );
    one(addr, &request).await.scim_error(400);
    let user = one(addr, &get(&format!("/scim/v2/Users/{id}"))).await;
    assert_eq!(user.status, 200, "the user still exists");
    assert_eq!(user.json()["active"], Value::Null, "nothing was patched");
}

#[tokio::test]
async fn no_auth_does_not_advertise_the_bearer_scheme_as_primary() {
    let server = start(ServeConfig::for_tests(Auth::Disabled)).await;
    let r = one(
        server.local_addr(),
        b"GET /scim/v2/ServiceProviderConfig HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    let scheme = &r.json()["authenticationSchemes"][0];
    assert_eq!(scheme["primary"], false, "{scheme}");
    assert!(
        scheme["description"]
            .as_str()
            .is_some_and(|d| d.contains("--no-auth")),
        "{scheme}"
    );
}
