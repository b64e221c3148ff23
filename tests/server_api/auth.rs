//! Bearer auth: shapes accepted and refused, --no-auth, --strict, the base path.

use axum::http::{Method, StatusCode};
use scim_harness::config::Auth;
use scim_harness::scim::Compliance;

use crate::server_support::{Api, BASE, snap};

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

/// The gate labels both answers and its own 401 refusals `application/json` for a client whose
/// `Accept` admits only that, reading every `Accept` header (docs/idp/onelogin.md §0.3).
#[tokio::test]
async fn an_accept_of_plain_json_relabels_answers_and_refusals() {
    let api = Api::new();
    let users = format!("{BASE}/Users");
    let ok = api
        .call_with(
            Method::GET,
            "/Users",
            None,
            &[("accept", "application/json")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.header("content-type"), Some("application/json"));
    let refused = api
        .raw(Method::GET, &users, None, &[("accept", "application/json")])
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.header("content-type"), Some("application/json"));
    assert_eq!(refused.json["status"], "401");
    let plain_in_two = api
        .call_with(
            Method::GET,
            "/Users",
            None,
            &[("accept", "text/plain"), ("accept", "application/json")],
        )
        .await;
    assert_eq!(
        plain_in_two.header("content-type"),
        Some("application/json")
    );
    let scim_in_the_second = api
        .call_with(
            Method::GET,
            "/Users",
            None,
            &[
                ("accept", "application/json"),
                ("accept", "application/scim+json"),
            ],
        )
        .await;
    assert_eq!(
        scim_in_the_second.header("content-type"),
        Some("application/scim+json")
    );
    let refused_scim = api.raw(Method::GET, &users, None, &[]).await;
    assert_eq!(
        refused_scim.header("content-type"),
        Some("application/scim+json")
    );
}
