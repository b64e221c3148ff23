//! The web console at `/_console`: a small single-page app (plain HTML, CSS and JavaScript,
//! embedded in the binary with `include_bytes!`) over the SCIM API and the mock's admin API.
//!
//! Decisions:
//! - **No token in the page.** The page is the same for every visitor and served without
//!   auth; the person types a tenant's token (or `--admin-token`) once, the script keeps it in
//!   `sessionStorage` (this tab only) and sends it as `Authorization: Bearer` on each call.
//! - **No network beyond this server.** Every asset is embedded; the Content-Security-Policy
//!   allows scripts, styles and connections to `'self'` only, so even a bug cannot make the
//!   page load or call anything elsewhere, and no inline script could run.
//! - **Untrusted values are text.** Resource values come from whoever provisioned them; the
//!   script builds the DOM with `textContent` only (the CSP is a second fence, not the first).
//! - The live journal is read with `fetch` and a stream reader, not `EventSource`, because an
//!   `EventSource` cannot send an `Authorization` header.

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// Where the console is served.
pub const CONSOLE_PATH: &str = "/_console";

/// What the page may load and call: this server only, no inline script, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

/// One embedded file.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const INDEX: Asset = Asset {
    name: "index.html",
    content_type: "text/html; charset=utf-8",
    body: include_bytes!("assets/index.html"),
};

const ASSETS: [Asset; 3] = [
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("assets/app.js"),
    },
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("assets/app.css"),
    },
    Asset {
        name: "icon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("assets/icon.svg"),
    },
];

/// The console's routes (`/_console`, `/_console/`, its assets), for any router state.
/// Mount them outside the SCIM auth layer: the page itself holds no secret.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    let mut router = Router::new()
        .route(CONSOLE_PATH, get(|| async { serve(&INDEX) }))
        .route(&format!("{CONSOLE_PATH}/"), get(|| async { serve(&INDEX) }))
        .route(
            &format!("{CONSOLE_PATH}/{{*rest}}"),
            get(|| async {
                (
                    StatusCode::NOT_FOUND,
                    "no such console file; open /_console",
                )
            }),
        );
    for asset in &ASSETS {
        router = router.route(
            &format!("{CONSOLE_PATH}/{}", asset.name),
            get(move || async move { serve(asset) }),
        );
    }
    router
}

fn serve(asset: &'static Asset) -> Response {
    let mut response = asset.body.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // A new binary may bring new assets: revalidate rather than run a stale script.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::Request;
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;

    async fn get(path: &str) -> (StatusCode, axum::http::HeaderMap, String) {
        let res = routes::<()>()
            .oneshot(Request::get(path).body(Body::empty()).expect("request"))
            .await
            .expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.expect("body").to_bytes();
        (status, headers, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn the_page_is_served_with_its_policy_at_both_paths() {
        for path in ["/_console", "/_console/"] {
            let (status, headers, body) = get(path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert_eq!(headers["content-type"], "text/html; charset=utf-8");
            assert_eq!(headers["content-security-policy"], CONTENT_SECURITY_POLICY);
            assert!(body.contains("/_console/app.js"), "{body}");
        }
    }

    #[tokio::test]
    async fn each_asset_has_its_type_and_unknown_ones_are_404() {
        for asset in &ASSETS {
            let (status, headers, _) = get(&format!("/_console/{}", asset.name)).await;
            assert_eq!(status, StatusCode::OK, "{}", asset.name);
            assert_eq!(headers["content-type"], asset.content_type);
            assert_eq!(headers["x-content-type-options"], "nosniff");
        }
        assert_eq!(get("/_console/nope.js").await.0, StatusCode::NOT_FOUND);
    }

    #[test]
    fn the_page_loads_nothing_from_elsewhere_and_has_no_inline_script() {
        let html = std::str::from_utf8(INDEX.body).expect("utf-8");
        for asset in ASSETS.iter().map(|a| a.body).chain([INDEX.body]) {
            let text = std::str::from_utf8(asset)
                .expect("utf-8")
                .replace("http://www.w3.org/2000/svg", "");
            assert!(
                !text.contains("http://") && !text.contains("https://"),
                "an absolute URL in an asset"
            );
            assert!(
                !text.contains("innerHTML")
                    && !text.contains("insertAdjacentHTML")
                    && !text.contains("document.write"),
                "HTML built from strings"
            );
        }
        assert!(!html.contains("<script>"), "inline script");
    }
}
