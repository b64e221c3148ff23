//! Resource validation over HTTP (issue 10 item 4): POST, PUT and Bulk POST/PUT share one parser
//! (`scim::resource`), so a body no identity provider sends is a 400 SCIM Error in both modes,
//! naming the attribute and the RFC 7643 section, and nothing is stored or changed; what real
//! clients send (Entra's extra group URI) is accepted in both modes.
#![allow(clippy::unwrap_used)]

#[path = "server_support/mod.rs"]
mod server_support;

use axum::http::{Method, StatusCode};
use scim_harness::scim::Compliance;
use scim_harness::server::Kind;
use serde_json::{Value, json};

use server_support::Api;

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const BULK: &str = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const ADSCIM: &str = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

fn both() -> [(Compliance, Api); 2] {
    [
        (Compliance::Tolerant, Api::new()),
        (
            Compliance::Strict,
            Api::with(|c| c.compliance = Compliance::Strict),
        ),
    ]
}

/// (body, words the detail must hold) for a User body that is refused in both modes.
fn refused_user_bodies() -> Vec<(Value, &'static str)> {
    vec![
        (json!({"userName": "nobody"}), "\"schemas\" is required"),
        (
            json!({"schemas": USER, "userName": "nobody"}),
            "\"schemas\" must be a JSON array",
        ),
        (
            json!({"schemas": ["urn:example:unknown:2.0:User"], "userName": "nobody"}),
            "\"schemas\" must list",
        ),
        (
            json!({"schemas": [GROUP], "userName": "nobody", "displayName": "x"}),
            "the Group schema",
        ),
        (
            json!({"schemas": [USER], "userName": "nobody", "name": [{"givenName": "N"}]}),
            "\"name\" must be a JSON object (complex, RFC 7643 §2.3.8)",
        ),
        (
            json!({"schemas": [USER], "userName": "nobody",
                   "x509Certificates": [{"value": "-----BEGIN CERTIFICATE-----"}]}),
            "\"x509Certificates.value\" is binary and must be base64 (RFC 7643 §2.3.6",
        ),
    ]
}

fn assert_scim_400(r: &server_support::Reply, needle: &str, what: &str) {
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{what}: {}", r.json);
    assert_eq!(
        r.header("content-type"),
        Some("application/scim+json"),
        "{what}"
    );
    assert_eq!(r.json["status"], "400", "{what}: {}", r.json);
    assert_eq!(r.json["scimType"], "invalidValue", "{what}: {}", r.json);
    let detail = r.json["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("RFC 7643 §"), "{what}: {detail}");
    assert!(detail.contains(needle), "{what}: {detail}");
}

#[tokio::test]
async fn post_users_refuses_what_no_client_sends_in_both_modes_and_stores_nothing() {
    for (mode, api) in both() {
        for (body, needle) in refused_user_bodies() {
            let r = api.post("/Users", body.clone()).await;
            assert_scim_400(&r, needle, &format!("{mode:?} POST {body}"));
        }
        assert_eq!(api.store_count(Kind::User), 0, "{mode:?}");
        assert_eq!(api.store_count(Kind::Group), 0, "{mode:?}");
    }
}

#[tokio::test]
async fn put_users_refuses_the_same_bodies_and_changes_nothing() {
    for (mode, api) in both() {
        let created = api
            .post("/Users", json!({"schemas": [USER], "userName": "kept"}))
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
        let id = created.json["id"].as_str().unwrap().to_owned();
        let before = api.get(&format!("/Users/{id}")).await.json;
        for (body, needle) in refused_user_bodies() {
            let r = api
                .call(Method::PUT, &format!("/Users/{id}"), Some(body.clone()))
                .await;
            assert_scim_400(&r, needle, &format!("{mode:?} PUT {body}"));
        }
        assert_eq!(
            api.get(&format!("/Users/{id}")).await.json,
            before,
            "{mode:?}"
        );
    }
}

#[tokio::test]
async fn bulk_post_and_put_refuse_the_same_bodies_per_operation() {
    for (mode, api) in both() {
        let created = api
            .post(
                "/Users",
                json!({"schemas": [USER], "userName": "bulk-kept"}),
            )
            .await;
        let id = created.json["id"].as_str().unwrap().to_owned();
        let before = api.get(&format!("/Users/{id}")).await.json;
        let cases = refused_user_bodies();
        let mut ops = Vec::new();
        for (i, (body, _)) in cases.iter().enumerate() {
            ops.push(json!({"method": "POST", "path": "/Users", "bulkId": format!("p{i}"), "data": body}));
            ops.push(json!({"method": "PUT", "path": format!("/Users/{id}"), "data": body}));
        }
        let r = api
            .post("/Bulk", json!({"schemas": [BULK], "Operations": ops}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{mode:?}: {}", r.json);
        let results = r.json["Operations"].as_array().unwrap();
        assert_eq!(results.len(), cases.len() * 2, "{mode:?}: {}", r.json);
        for (i, res) in results.iter().enumerate() {
            let (body, needle) = &cases[i / 2];
            assert_eq!(res["status"], "400", "{mode:?} op {i} {body}: {res}");
            assert_eq!(res["response"]["scimType"], "invalidValue", "{res}");
            let detail = res["response"]["detail"].as_str().unwrap_or_default();
            assert!(detail.contains(needle), "{mode:?} op {i}: {detail}");
        }
        assert_eq!(api.store_count(Kind::User), 1, "{mode:?}");
        assert_eq!(
            api.get(&format!("/Users/{id}")).await.json,
            before,
            "{mode:?}"
        );
    }
}

/// Entra creates groups with its ADSCIM URI next to the core schema (docs/idp/entra.md §2.3, Q14):
/// accepted in both modes, and the stored `schemas` holds only what the server defines.
#[tokio::test]
async fn entra_group_uri_next_to_the_core_schema_is_accepted_in_both_modes() {
    for (mode, api) in both() {
        let r = api
            .post(
                "/Groups",
                json!({"schemas": [GROUP, ADSCIM], "displayName": "Eng",
                       "externalId": "8aa1a0c0", "meta": {"resourceType": "Group"}}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{mode:?}: {}", r.json);
        assert_eq!(r.json["schemas"], json!([GROUP]), "{mode:?}");
    }
}

/// OneLogin's SCIM 1.x-style URNs alone (no RFC 7643 URN) are the named tolerance
/// `legacy-schema-urn`: created by default, refused by Strict with the tolerance's name.
#[tokio::test]
async fn legacy_urns_alone_are_the_named_tolerance() {
    let body = json!({"schemas": ["urn:scim:schemas:core:2.0"], "userName": "ol"});
    for (mode, api) in both() {
        let r = api.post("/Users", body.clone()).await;
        match mode {
            Compliance::Tolerant => {
                assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
                assert_eq!(r.json["schemas"], json!([USER]));
            }
            Compliance::Strict => {
                assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.json);
                let detail = r.json["detail"].as_str().unwrap_or_default();
                assert!(
                    detail.ends_with("tolerated by default as legacy-schema-urn)"),
                    "{detail}"
                );
                assert_eq!(api.store_count(Kind::User), 0);
            }
        }
    }
}
