//! The request log: method, path, status and latency — never the token, never the query
//! string (filters carry user names and e-mail addresses).

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt as _;

use scim_harness::config::{Auth, Secret, ServeConfig};
use scim_harness::server::{AppState, router};

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn requests_are_logged_without_token_or_query() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let config = ServeConfig::for_tests(Auth::Token(Secret::new("sup3r-s3cret-t0ken")));
            let app = router(AppState::new(&config));
            for auth in ["Bearer sup3r-s3cret-t0ken", "Bearer wr0ng-t0ken-value"] {
                let request = Request::get(
                    "/scim/v2/Users?filter=userName%20eq%20%22jane.doe%40example.com%22",
                )
                .header("authorization", auth)
                .header("host", "scim.test")
                .body(Body::empty())
                .expect("request");
                let _ = app.clone().oneshot(request).await;
            }
        });
    });
    let log = String::from_utf8(buffer.0.lock().expect("log buffer").clone()).expect("utf-8");
    assert!(log.contains("path=/scim/v2/Users"), "{log}");
    assert!(
        log.contains("status=200") && log.contains("status=401"),
        "{log}"
    );
    assert!(log.contains("latency="), "{log}");
    for secret in [
        "sup3r-s3cret-t0ken",
        "wr0ng-t0ken-value",
        "jane.doe",
        "filter",
        "authorization",
    ] {
        assert!(
            !log.to_lowercase().contains(&secret.to_lowercase()),
            "{secret} leaked into the log:\n{log}"
        );
    }
}

#[test]
fn error_answers_are_logged_at_info_with_scim_type_and_detail_never_at_error() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let app = router(AppState::new(&ServeConfig::for_tests(Auth::Disabled)));
            let user =
                r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"dup"}"#;
            for _ in 0..2 {
                let request = Request::post("/scim/v2/Users")
                    .header("content-type", "application/scim+json")
                    .body(Body::from(user))
                    .expect("request");
                let _ = app.clone().oneshot(request).await;
            }
            let request = Request::get("/scim/v2/Me")
                .body(Body::empty())
                .expect("request");
            let _ = app.clone().oneshot(request).await;
        });
    });
    let log = String::from_utf8(buffer.0.lock().expect("log buffer").clone()).expect("utf-8");
    let conflict = log
        .lines()
        .find(|l| l.contains("status=409"))
        .unwrap_or_else(|| panic!("no 409 line:\n{log}"));
    assert!(
        conflict.contains("scim_type=\"uniqueness\"") || conflict.contains("scim_type=uniqueness"),
        "{conflict}"
    );
    assert!(conflict.contains("detail="), "{conflict}");
    let me = log
        .lines()
        .find(|l| l.contains("status=501"))
        .unwrap_or_else(|| panic!("no 501 line:\n{log}"));
    assert!(me.contains("INFO"), "{me}");
    assert!(
        !log.contains("ERROR"),
        "an expected answer was logged as an error:\n{log}"
    );
}
