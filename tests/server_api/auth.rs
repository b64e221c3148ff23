//! Bearer auth: shapes accepted and refused, --no-auth, --strict, the base path.

use axum::http::{Method, StatusCode};
use scim_harness::config::Auth;
use scim_harness::scim::Compliance;

use crate::server_support::{Api, snap};

#[tokio::test]
async fn missing_or_wrong_tokens_are_401_with_www_authenticate() {
    let api = Api::new();
    let r = api
        .raw(
            Method::GET,
            "/scim/v2/Users",
            None,
            &[("authorization", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = api.raw(Method::GET, "/scim/v2/Users", None, &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.header("www-authenticate"),
        Some("Bearer realm=\"scim-harness\"")
    );
    assert_eq!(r.header("content-type"), Some("application/scim+json"));
    snap("auth__missing_token", &r.json);
    for bad in [
        "Bearer nope",
        "Basic dDBrZW46",
        "Bearer",
        "t0ken2",
        "Bearer t0ke",
    ] {
        let r = api
            .raw(
                Method::GET,
                "/scim/v2/Users",
                None,
                &[("authorization", bad)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{bad}");
        assert_eq!(r.json["detail"], "invalid bearer token");
    }
}

#[tokio::test]
async fn bearer_in_any_case_and_the_bare_token_are_accepted() {
    let api = Api::new();
    for good in ["Bearer t0ken", "bearer t0ken", "BEARER  t0ken ", "t0ken"] {
        let r = api
            .raw(
                Method::GET,
                "/scim/v2/Users",
                None,
                &[("authorization", good)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{good}");
    }
}

#[tokio::test]
async fn strict_servers_refuse_the_bare_token() {
    let api = Api::with(|c| c.compliance = Compliance::Strict);
    let r = api
        .raw(
            Method::GET,
            "/scim/v2/Users",
            None,
            &[("authorization", "t0ken")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn no_auth_servers_are_open() {
    let api = Api::with(|c| c.auth = Auth::Disabled);
    let r = api
        .raw(Method::GET, "/scim/v2/ServiceProviderConfig", None, &[])
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn the_root_base_path_serves_at_the_root() {
    let api = Api::with(|c| c.base_path = String::new());
    let r = api
        .raw(
            Method::GET,
            "/ServiceProviderConfig",
            None,
            &[("authorization", "Bearer t0ken")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.json["meta"]["location"],
        "http://scim.test/ServiceProviderConfig"
    );
}

#[tokio::test]
async fn cors_preflight_is_answered_without_a_token() {
    let api = Api::new();
    let r = api
        .raw(
            Method::OPTIONS,
            "/scim/v2/Users",
            None,
            &[
                ("origin", "http://localhost:3000"),
                ("access-control-request-method", "POST"),
                (
                    "access-control-request-headers",
                    "authorization, content-type",
                ),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
}
