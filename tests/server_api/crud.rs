//! Create, read, replace, patch and delete one resource; versions and projections on writes.

use axum::http::{Method, StatusCode};
use scim_harness::server::Kind;
use serde_json::json;

use crate::server_support::{Api, snap};
use crate::{GROUP, USER, bjensen};

#[tokio::test]
async fn create_user_is_201_with_location_and_etag_and_no_password() {
    let api = Api::new();
    let r = api.post("/Users", bjensen()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    let id = r.json["id"].as_str().expect("id");
    assert_eq!(r.header("location"), r.json["meta"]["location"].as_str());
    assert_eq!(
        r.json["meta"]["location"],
        format!("http://scim.test/scim/v2/Users/{id}")
    );
    assert_eq!(r.header("etag"), r.json["meta"]["version"].as_str());
    assert!(r.header("etag").is_some_and(|e| e.starts_with("W/\"")));
    assert!(
        r.json.get("password").is_none(),
        "password is never returned"
    );
    snap("users__create", &api.normalise(&r.json));

    let got = api.get(&format!("/Users/{id}")).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.json, r.json);
    assert_eq!(got.header("etag"), r.header("etag"));
}

#[tokio::test]
async fn user_name_is_unique_without_regard_to_case() {
    let api = Api::new();
    assert_eq!(
        api.post("/Users", bjensen()).await.status,
        StatusCode::CREATED
    );
    let r = api
        .post("/Users", json!({"schemas": [USER], "userName": "BJENSEN"}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json["scimType"], "uniqueness");
    snap("errors__user_name_taken", &r.json);
    assert_eq!(api.store_count(Kind::User), 1);
}

#[tokio::test]
async fn group_display_name_is_unique_without_regard_to_case() {
    let api = Api::new();
    let r = api
        .post(
            "/Groups",
            json!({"schemas": [GROUP], "displayName": "Engineering"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = api
        .post(
            "/Groups",
            json!({"schemas": [GROUP], "displayName": "engineering"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json["scimType"], "uniqueness");
    assert_eq!(api.store_count(Kind::Group), 1);
}

#[tokio::test]
async fn if_none_match_gives_304_when_current() {
    let api = Api::new();
    let created = api.post("/Users", bjensen()).await;
    let path = format!("/Users/{}", created.json["id"].as_str().expect("id"));
    let etag = created.header("etag").expect("etag").to_owned();
    let r = api
        .call_with(Method::GET, &path, None, &[("if-none-match", &etag)])
        .await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    assert!(r.body.is_empty());
    assert_eq!(r.header("etag"), Some(etag.as_str()));
    let r = api
        .call_with(Method::GET, &path, None, &[("if-none-match", "W/\"999\"")])
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn unknown_ids_are_404_for_every_method() {
    let api = Api::new();
    for method in [Method::GET, Method::PUT, Method::PATCH, Method::DELETE] {
        let body = match method {
            Method::PUT => Some(bjensen()),
            Method::PATCH => Some(json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [{"op": "replace", "path": "active", "value": false}]
            })),
            _ => None,
        };
        let r = api
            .call(method.clone(), "/Users/does-not-exist", body)
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{method}");
        assert_eq!(r.json["status"], "404");
    }
    let r = api.get("/Users/does-not-exist").await;
    snap("errors__user_not_found", &r.json);
}

#[tokio::test]
async fn put_replaces_and_ignores_echoed_read_only_attributes() {
    let api = Api::new();
    let created = api.post("/Users", bjensen()).await;
    let id = created.json["id"].as_str().expect("id").to_owned();
    // Okta's profile update: GET, change, PUT the whole document back.
    let mut doc = created.json.clone();
    doc["name"]["givenName"] = json!("Babs");
    doc["groups"] = json!([]);
    let r = api
        .call(Method::PUT, &format!("/Users/{id}"), Some(doc))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["id"], id.as_str());
    assert_eq!(r.json["name"]["givenName"], "Babs");
    assert_ne!(r.json["meta"]["version"], created.json["meta"]["version"]);
    assert_eq!(r.header("etag"), r.json["meta"]["version"].as_str());
    assert_eq!(r.json["meta"]["created"], created.json["meta"]["created"]);
}

#[tokio::test]
async fn if_match_guards_put_patch_and_delete() {
    let api = Api::new();
    let created = api.post("/Users", bjensen()).await;
    let path = format!("/Users/{}", created.json["id"].as_str().expect("id"));
    let v1 = created.header("etag").expect("etag").to_owned();
    let mut doc = bjensen();
    doc["displayName"] = json!("Babs");
    let r = api
        .call_with(Method::PUT, &path, Some(doc.clone()), &[("if-match", &v1)])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let v2 = r.header("etag").expect("etag").to_owned();
    assert_ne!(v1, v2);

    let stale = [("if-match", v1.as_str())];
    let r = api
        .call_with(Method::PUT, &path, Some(doc.clone()), &stale)
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    snap("errors__precondition_failed", &api.normalise(&r.json));
    let patch = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "active", "value": false}]
    });
    let r = api
        .call_with(Method::PATCH, &path, Some(patch), &stale)
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    let r = api.call_with(Method::DELETE, &path, None, &stale).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    let r = api.get(&path).await;
    assert_eq!(r.header("etag"), Some(v2.as_str()), "nothing changed");

    let r = api
        .call_with(Method::PUT, &path, Some(doc), &[("if-match", "*")])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let v3 = r.header("etag").expect("etag").to_owned();
    let r = api
        .call_with(Method::DELETE, &path, None, &[("if-match", &v3)])
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn patch_returns_200_with_the_projected_resource() {
    let api = Api::new();
    let created = api.post("/Users", bjensen()).await;
    let path = format!("/Users/{}", created.json["id"].as_str().expect("id"));
    let patch = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Replace", "path": "active", "value": "False"}]
    });
    let r = api
        .call(
            Method::PATCH,
            &format!("{path}?attributes=active"),
            Some(patch),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["active"], false);
    assert!(
        r.json.get("name").is_none(),
        "attributes=active applies to the PATCH response"
    );
    assert_eq!(r.header("etag"), Some("W/\"2\""));
    snap("users__patch_deactivate", &api.normalise(&r.json));
    let r = api.get(&path).await;
    assert_eq!(
        r.json["active"], false,
        "the user stays readable when inactive"
    );
}

#[tokio::test]
async fn writes_honour_attributes_and_excluded_attributes() {
    let api = Api::new();
    let r = api.post("/Users?attributes=userName", bjensen()).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json["userName"], "Bjensen");
    assert!(r.json.get("emails").is_none());
    assert!(r.json.get("id").is_some(), "id is always returned");
    let path = format!("/Users/{}", r.json["id"].as_str().expect("id"));
    let r = api
        .call(
            Method::PUT,
            &format!("{path}?excludedAttributes=emails,name"),
            Some(bjensen()),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json.get("emails").is_none() && r.json.get("name").is_none());
    assert_eq!(r.json["userName"], "Bjensen");
}

#[tokio::test]
async fn delete_is_204_then_get_and_delete_are_404() {
    let api = Api::new();
    let created = api.post("/Users", bjensen()).await;
    let path = format!("/Users/{}", created.json["id"].as_str().expect("id"));
    let r = api.call(Method::DELETE, &path, None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(r.body.is_empty());
    assert_eq!(api.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        api.call(Method::DELETE, &path, None).await.status,
        StatusCode::NOT_FOUND
    );
}
