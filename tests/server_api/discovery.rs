//! Discovery endpoints, 404 and 405.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::server_support::{Api, snap};
use crate::{ENTERPRISE, GROUP, USER, bjensen};

#[tokio::test]
async fn service_provider_config_is_truthful() {
    let api = Api::new();
    let r = api.get("/ServiceProviderConfig").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("application/scim+json"));
    snap(
        "discovery__service_provider_config",
        &api.normalise(&r.json),
    );
}

#[tokio::test]
async fn resource_types_are_listed_and_served_one_by_one() {
    let api = Api::new();
    let r = api.get("/ResourceTypes").await;
    assert_eq!(r.status, StatusCode::OK);
    snap("discovery__resource_types", &r.json);
    let r = api.get("/ResourceTypes/group").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["endpoint"], "/Groups");
    assert_eq!(
        r.json["meta"]["location"],
        "http://scim.test/scim/v2/ResourceTypes/Group"
    );
    let r = api.get("/ResourceTypes/Device").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json["status"], "404");
}

#[tokio::test]
async fn schemas_are_listed_and_served_by_urn_in_any_case() {
    let api = Api::new();
    let r = api.get("/Schemas").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["totalResults"], 3);
    let ids: Vec<&str> = r.json["Resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert_eq!(ids, [USER, ENTERPRISE, GROUP]);
    let r = api.get(&format!("/Schemas/{}", GROUP.to_uppercase())).await;
    assert_eq!(r.status, StatusCode::OK);
    snap("discovery__schema_group", &r.json);
    let r = api.get("/Schemas/urn:example:nope").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn discovery_endpoints_refuse_filters_with_403() {
    let api = Api::new();
    let r = api.get("/Schemas?filter=id+eq+%22x%22").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json["status"], "403");
}

#[tokio::test]
async fn write_methods_on_discovery_endpoints_are_405_with_allow() {
    let api = Api::new();
    for (method, path) in [
        (Method::POST, "/ServiceProviderConfig"),
        (Method::PUT, "/ResourceTypes/User"),
        (Method::DELETE, "/Schemas"),
        (
            Method::PATCH,
            "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User",
        ),
    ] {
        let r = api.call(method.clone(), path, Some(json!({}))).await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(r.header("allow"), Some("GET"), "{method} {path}");
        assert_eq!(r.header("content-type"), Some("application/scim+json"));
    }
    let r = api.call(Method::POST, "/ServiceProviderConfig", None).await;
    snap("errors__method_not_allowed", &r.json);
}

#[tokio::test]
async fn head_answers_like_get_without_the_body() {
    let api = Api::new();
    let get = api.call(Method::GET, "/ServiceProviderConfig", None).await;
    let head = api.call(Method::HEAD, "/ServiceProviderConfig", None).await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty(), "HEAD sent a body");
    assert_eq!(head.header("content-type"), get.header("content-type"));
    assert_eq!(
        head.header("content-length").map(str::to_owned),
        Some(get.body.len().to_string())
    );
}

#[tokio::test]
async fn unsupported_methods_on_resources_are_405() {
    let api = Api::new();
    let r = api.call(Method::PUT, "/Users", Some(bjensen())).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.header("allow"), Some("GET, POST"));
    let r = api.call(Method::POST, "/Users/abc", Some(bjensen())).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.header("allow"), Some("GET, PUT, PATCH, DELETE"));
    let r = api.get("/Users/.search").await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.header("allow"), Some("POST"));
}

#[tokio::test]
async fn unknown_paths_are_404_scim_errors() {
    let api = Api::new();
    for path in ["/Devices", "/Users/x/y", "/Schemas/a/b"] {
        let r = api.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(r.header("content-type"), Some("application/scim+json"));
        assert_eq!(
            r.json["schemas"][0],
            "urn:ietf:params:scim:api:messages:2.0:Error"
        );
    }
    // Outside the base path.
    let r = api
        .raw(
            Method::GET,
            "/Users",
            None,
            &[("authorization", "Bearer t0ken")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    snap("errors__unknown_path", &r.json);
}

#[tokio::test]
async fn me_is_501_not_implemented() {
    let api = Api::new();
    let r = api.get("/Me").await;
    assert_eq!(r.status.as_u16(), 501);
    assert_eq!(r.json["status"], "501");
}
