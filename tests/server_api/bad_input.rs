//! Bad input: malformed JSON, media types, size limits, wrong types, strictness; nothing is stored.

use axum::http::{Method, StatusCode};
use scim_harness::config::{Auth, Secret, ServeConfig};
use scim_harness::scim::Compliance;
use scim_harness::server::Kind;
use serde_json::json;

use crate::server_support::{Api, snap};
use crate::{USER, bjensen};

#[tokio::test]
async fn malformed_json_is_400_invalid_syntax_saying_where() {
    let api = Api::new();
    let r = api
        .raw_body(
            Method::POST,
            "/Users",
            "{\"userName\": \"x\",}",
            "application/scim+json",
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json["scimType"], "invalidSyntax");
    assert!(
        r.json["detail"]
            .as_str()
            .is_some_and(|d| d.contains("line 1 column")),
        "{}",
        r.json
    );
    snap("errors__malformed_json", &r.json);
    assert_eq!(api.store_count(Kind::User), 0);
    let r = api
        .raw_body(Method::POST, "/Users", "[1,2]", "application/scim+json")
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn media_types_json_and_scim_json_in_any_case_are_accepted_others_415() {
    let api = Api::new();
    let body = |n: &str| json!({"schemas": [USER], "userName": n}).to_string();
    for (i, ct) in [
        "application/scim+json",
        "application/scim+json; charset=utf-8",
        "application/json",
        "Application/JSON;charset=UTF-8",
        "",
    ]
    .iter()
    .enumerate()
    {
        let r = api
            .raw_body(Method::POST, "/Users", &body(&format!("m{i}")), ct)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{ct:?}: {}", r.json);
    }
    let r = api
        .raw_body(Method::POST, "/Users", &body("x"), "text/plain")
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(r.header("content-type"), Some("application/scim+json"));
    snap("errors__unsupported_media_type", &r.json);
}

#[tokio::test]
async fn a_patch_with_more_operations_than_the_limit_is_413_and_changes_nothing() {
    use scim_harness::scim::patch::MAX_OPERATIONS;
    let api = Api::new();
    let created = api.post("/Users", bjensen()).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let id = created.json["id"].as_str().expect("an id").to_owned();
    let ops: Vec<_> = (0..=MAX_OPERATIONS)
        .map(|i| json!({"op": "replace", "path": "title", "value": format!("t{i}")}))
        .collect();
    let body =
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops});
    let r = api
        .call(Method::PATCH, &format!("/Users/{id}"), Some(body))
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.json);
    assert_eq!(r.header("content-type"), Some("application/scim+json"));
    assert!(
        r.json["detail"]
            .as_str()
            .is_some_and(|d| d.contains(&MAX_OPERATIONS.to_string())),
        "{}",
        r.json
    );
    let after = api.get(&format!("/Users/{id}")).await;
    assert_eq!(
        after.json["meta"]["version"],
        created.json["meta"]["version"]
    );
    assert!(after.json.get("title").is_none() || after.json["title"] == created.json["title"]);
}

#[tokio::test]
async fn bodies_over_the_limit_are_413_scim_errors() {
    let api = Api::new();
    let big = json!({"schemas": [USER], "userName": "big", "title": "x".repeat(1024 * 1024 + 10)})
        .to_string();
    let r = api
        .raw_body(Method::POST, "/Users", &big, "application/scim+json")
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.header("content-type"), Some("application/scim+json"));
    snap("errors__payload_too_large", &r.json);
    assert_eq!(api.store_count(Kind::User), 0);
}

#[tokio::test]
async fn rejected_writes_leave_the_resource_unchanged() {
    let api = Api::new();
    let created = api.post("/Users", bjensen()).await;
    let path = format!("/Users/{}", created.json["id"].as_str().expect("id"));
    let before = api.get(&path).await.json;
    api.post("/Users", json!({"schemas": [USER], "userName": "other"}))
        .await;
    // Rename onto a taken name, malformed bodies, a failing PATCH: all refused.
    let mut taken = bjensen();
    taken["userName"] = json!("OTHER");
    assert_eq!(
        api.call(Method::PUT, &path, Some(taken)).await.status,
        StatusCode::CONFLICT
    );
    let r = api
        .raw_body(Method::PUT, &path, "{", "application/json")
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let bad_patch = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "replace", "path": "displayName", "value": "changed"},
            {"op": "frobnicate", "path": "active", "value": true}
        ]
    });
    let r = api.call(Method::PATCH, &path, Some(bad_patch)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.json);
    assert_eq!(api.get(&path).await.json, before);
}

#[tokio::test]
async fn a_missing_user_name_is_400() {
    let api = Api::new();
    let r = api
        .post(
            "/Users",
            json!({"schemas": [USER], "displayName": "nameless"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.json);
    assert_eq!(api.store_count(Kind::User), 0);
}

#[tokio::test]
async fn locations_follow_the_host_header() {
    let api = Api::new();
    let r = api
        .raw(
            Method::POST,
            "/scim/v2/Users",
            Some(bjensen()),
            &[
                ("authorization", "Bearer t0ken"),
                ("host", "idp.example:8443"),
                ("x-forwarded-proto", "https"),
            ],
        )
        .await;
    let loc = r.header("location").expect("location");
    assert!(
        loc.starts_with("https://idp.example:8443/scim/v2/Users/"),
        "{loc}"
    );
}

#[test]
fn the_server_config_used_in_tests_is_loopback() {
    let c = ServeConfig::for_tests(Auth::Token(Secret::new("x")));
    assert!(c.host.is_loopback());
}

#[tokio::test]
async fn a_wrong_type_is_400_invalid_value_and_stores_nothing() {
    let api = Api::new();
    let mut body = bjensen();
    body["name"] = json!("Barbara Jensen");
    let r = api.post("/Users", body).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.json);
    assert_eq!(r.json["scimType"], "invalidValue");
    assert_eq!(api.store_count(Kind::User), 0);
}

#[tokio::test]
async fn strict_reaches_the_model_layer() {
    // Entra sends booleans as strings: tolerated by default, refused with --strict, both in
    // writes (scim::resource) and in filters (filter::validate).
    let mut body = bjensen();
    body["active"] = json!("True");
    let tolerant = Api::new();
    let r = tolerant.post("/Users", body.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(r.json["active"], true);
    let r = tolerant.get("/Users?filter=active+eq+%22True%22").await;
    assert_eq!(
        (r.status, r.json["totalResults"].as_u64()),
        (StatusCode::OK, Some(1))
    );

    let strict = Api::with(|c| c.compliance = Compliance::Strict);
    let r = strict.post("/Users", body).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.json);
    let r = strict.get("/Users?filter=active+eq+%22True%22").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.json);
}
