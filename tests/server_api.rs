//! In-process API tests of the reference server (`router(state)` + `oneshot`): every endpoint
//! and every error of issue 2, with insta snapshots of the responses in `snapshots/server/`.
//!
//! Snapshots are normalised before comparison: resource ids become `[User-1]`, `[Group-1]`…
//! (in order of creation, wherever they appear — `id`, `location`, `$ref`, member values),
//! timestamps become `[timestamp]`. Versions are deterministic per store and kept.

mod server_support;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use server_support::{Api, snap};

use scim_harness::config::{Auth, Secret, ServeConfig};
use scim_harness::scim::Compliance;
use scim_harness::server::Kind;

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn bjensen() -> Value {
    json!({
        "schemas": [USER],
        "userName": "Bjensen",
        "externalId": "00u1",
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
        "active": true,
        "password": "t1meMa$heen",
    })
}

// ---------------------------------------------------------------- discovery

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
    for path in ["/Devices", "/", "/Users/x/y"] {
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

// ---------------------------------------------------------------- auth

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

// ---------------------------------------------------------------- create and read

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

// ---------------------------------------------------------------- replace, patch, delete

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

// ---------------------------------------------------------------- groups

#[tokio::test]
async fn user_groups_are_computed_and_members_typed() {
    let api = Api::new();
    let user = api.post("/Users", bjensen()).await;
    let uid = user.json["id"].as_str().expect("id").to_owned();
    let group = api
        .post(
            "/Groups",
            json!({"schemas": [GROUP], "displayName": "Engineering",
                   "members": [{"value": uid, "display": "bjensen@example.com", "$ref": null}]}),
        )
        .await;
    assert_eq!(group.status, StatusCode::CREATED, "{}", group.json);
    assert_eq!(group.json["members"][0]["type"], "User");
    let gid = group.json["id"].as_str().expect("id");
    assert_eq!(
        group.json["members"][0]["$ref"],
        format!("http://scim.test/scim/v2/Users/{uid}")
    );
    snap("groups__create_with_member", &api.normalise(&group.json));
    let r = api.get(&format!("/Users/{uid}")).await;
    assert_eq!(
        r.json["groups"],
        json!([{"value": gid, "$ref": format!("http://scim.test/scim/v2/Groups/{gid}"),
                "display": "Engineering", "type": "direct"}])
    );
    assert_ne!(
        r.json["meta"]["version"], user.json["meta"]["version"],
        "groups changed the representation"
    );
    // `groups` sent by the client (Okta sends `[]`) does not change memberships.
    let mut doc = r.json.clone();
    doc["groups"] = json!([]);
    let r = api
        .call(Method::PUT, &format!("/Users/{uid}"), Some(doc))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["groups"][0]["value"], gid);
}

#[tokio::test]
async fn unknown_member_ids_are_400_invalid_value_and_store_nothing() {
    let api = Api::new();
    let r = api
        .post(
            "/Groups",
            json!({"schemas": [GROUP], "displayName": "Ghosts", "members": [{"value": "no-such-id"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json["scimType"], "invalidValue");
    assert!(
        r.json["detail"]
            .as_str()
            .is_some_and(|d| d.contains("no-such-id"))
    );
    snap("errors__unknown_member", &r.json);
    assert_eq!(api.store_count(Kind::Group), 0);
}

#[tokio::test]
async fn deleting_a_user_removes_it_from_every_group() {
    let api = Api::new();
    let u1 = api.post("/Users", bjensen()).await.json["id"].clone();
    let u2 = api
        .post("/Users", json!({"schemas": [USER], "userName": "jsmith"}))
        .await
        .json["id"]
        .clone();
    let mut groups = Vec::new();
    for name in ["A", "B"] {
        let g = api
            .post(
                "/Groups",
                json!({"schemas": [GROUP], "displayName": name, "members": [{"value": u1}, {"value": u2}]}),
            )
            .await;
        assert_eq!(g.status, StatusCode::CREATED, "{}", g.json);
        groups.push(g.json["id"].as_str().expect("id").to_owned());
    }
    let r = api
        .call(
            Method::DELETE,
            &format!("/Users/{}", u1.as_str().expect("id")),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    for gid in groups {
        let g = api.get(&format!("/Groups/{gid}")).await;
        let members: Vec<&Value> = g.json["members"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| &m["value"])
            .collect();
        assert_eq!(members, [&u2]);
    }
}

#[tokio::test]
async fn manager_ref_is_filled_on_output() {
    let api = Api::new();
    let boss = api
        .post("/Users", json!({"schemas": [USER], "userName": "boss"}))
        .await;
    let bid = boss.json["id"].as_str().expect("id");
    let mut body = bjensen();
    body["schemas"] = json!([USER, ENTERPRISE]);
    body[ENTERPRISE] = json!({"department": "R&D", "manager": {"value": bid}});
    let r = api.post("/Users", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(
        r.json[ENTERPRISE]["manager"]["$ref"],
        format!("http://scim.test/scim/v2/Users/{bid}")
    );
}

#[tokio::test]
async fn groups_honour_excluded_attributes_members() {
    let api = Api::new();
    let uid = api.post("/Users", bjensen()).await.json["id"].clone();
    let g = api
        .post(
            "/Groups",
            json!({"schemas": [GROUP], "displayName": "Ops", "members": [{"value": uid}]}),
        )
        .await;
    let gid = g.json["id"].as_str().expect("id");
    let r = api
        .get(&format!("/Groups/{gid}?excludedAttributes=members"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json.get("members").is_none());
    assert_eq!(r.json["displayName"], "Ops");
    let r = api
        .get("/Groups?filter=displayName+eq+%22ops%22&excludedAttributes=members")
        .await;
    assert_eq!(r.json["totalResults"], 1);
    assert!(r.json["Resources"][0].get("members").is_none());
}

// ---------------------------------------------------------------- lists, filters, paging, sort

async fn seed_users(api: &Api, names: &[&str]) {
    for n in names {
        let r = api
            .post(
                "/Users",
                json!({"schemas": [USER], "userName": n, "emails": [{"value": format!("{n}@example.com"), "type": "work"}]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    }
}

fn names(list: &Value) -> Vec<String> {
    list["Resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["userName"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn filters_arrive_with_plus_or_percent_20_and_match_user_name_case_insensitively() {
    let api = Api::new();
    seed_users(&api, &["alice", "Bob", "carol"]).await;
    for q in [
        "filter=userName+eq+%22bob%22",
        "filter=userName%20eq%20%22BOB%22",
        "filter=USERNAME+EQ+%22Bob%22&startIndex=1&count=100",
        "filter=emails%5Btype+eq+%22work%22%5D.value+eq+%22bob%40example.com%22",
        "filter=userName+eq+%22bob%22&aadOptscim062020",
    ] {
        let r = api.get(&format!("/Users?{q}")).await;
        assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.json);
        assert_eq!(names(&r.json), ["Bob"], "{q}");
        assert_eq!(r.json["totalResults"], 1);
    }
    let r = api.get("/Users?filter=userName+eq+%22bob%22").await;
    snap("users__filter_user_name", &api.normalise(&r.json));
}

#[tokio::test]
async fn no_match_is_200_with_zero_results() {
    let api = Api::new();
    let r = api.get("/Users?filter=userName+eq+%22nobody%22").await;
    assert_eq!(r.status, StatusCode::OK);
    snap("users__filter_no_match", &r.json);
    let r = api.get("/Groups?filter=displayName+eq+%22nothing%22").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["totalResults"], 0);
}

#[tokio::test]
async fn a_bad_filter_is_400_invalid_filter() {
    let api = Api::new();
    let r = api.get("/Users?filter=userName+eq").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json["scimType"], "invalidFilter");
    snap("errors__invalid_filter", &r.json);
}

#[tokio::test]
async fn paging_counts_every_match_and_returns_the_page_asked_for() {
    let api = Api::new();
    seed_users(&api, &["u1", "u2", "u3", "u4", "u5"]).await;
    let page = |q: &'static str| {
        let api = &api;
        async move { api.get(&format!("/Users?{q}")).await }
    };
    let r = page("startIndex=1&count=2").await;
    assert_eq!(
        (
            r.json["totalResults"].as_u64(),
            r.json["itemsPerPage"].as_u64()
        ),
        (Some(5), Some(2))
    );
    assert_eq!(names(&r.json), ["u1", "u2"]);
    snap("users__list_page", &api.normalise(&r.json));
    let r = page("startIndex=5&count=2").await;
    assert_eq!(names(&r.json), ["u5"]);
    assert_eq!(r.json["itemsPerPage"], 1);
    assert_eq!(r.json["startIndex"], 5);
    let r = page("startIndex=9").await;
    assert_eq!(
        (
            r.json["totalResults"].as_u64(),
            r.json["itemsPerPage"].as_u64()
        ),
        (Some(5), Some(0))
    );
    let r = page("startIndex=0&count=1").await;
    assert_eq!(r.json["startIndex"], 1, "startIndex below 1 is 1");
    assert_eq!(names(&r.json), ["u1"]);
    let r = page("startIndex=-4&count=1").await;
    assert_eq!(names(&r.json), ["u1"]);
    // Pages concatenate to the whole list: stable order.
    let mut all = Vec::new();
    for q in [
        "startIndex=1&count=2",
        "startIndex=3&count=2",
        "startIndex=5&count=2",
    ] {
        all.extend(names(&page(q).await.json));
    }
    assert_eq!(all, names(&page("").await.json));
}

#[tokio::test]
async fn count_zero_returns_only_the_total() {
    let api = Api::new();
    seed_users(&api, &["a", "b", "c"]).await;
    for q in ["count=0", "count=-3"] {
        let r = api.get(&format!("/Users?{q}")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.json["totalResults"], 3, "{q}");
        assert_eq!(r.json["itemsPerPage"], 0, "{q}");
        assert_eq!(r.json["Resources"], json!([]), "{q}");
    }
    let r = api.get("/Users?count=0").await;
    snap("users__list_count_zero", &r.json);
}

#[tokio::test]
async fn non_integer_paging_parameters_are_400_invalid_value() {
    let api = Api::new();
    for q in ["count=ten", "startIndex=1.5", "sortOrder=sideways"] {
        let r = api.get(&format!("/Users?{q}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}");
        assert_eq!(r.json["scimType"], "invalidValue", "{q}");
    }
}

#[tokio::test]
async fn count_is_capped_at_max_results() {
    let api = Api::new();
    for i in 0..1005 {
        let body = json!({"schemas": [USER], "userName": format!("bulk{i}")});
        let Value::Object(body) = body else {
            unreachable!()
        };
        api.state.store().insert(Kind::User, body).expect("seed");
    }
    let r = api.get("/Users?count=5000&attributes=userName").await;
    assert_eq!(r.json["totalResults"], 1005);
    assert_eq!(r.json["itemsPerPage"], 1000);
    let spc = api.get("/ServiceProviderConfig").await;
    assert_eq!(spc.json["filter"]["maxResults"], 1000);
}

#[tokio::test]
async fn sort_by_and_sort_order_order_the_results() {
    let api = Api::new();
    seed_users(&api, &["carol", "Alice", "bob"]).await;
    let r = api.get("/Users?sortBy=userName").await;
    assert_eq!(names(&r.json), ["Alice", "bob", "carol"]);
    let r = api.get("/Users?sortBy=userName&sortOrder=descending").await;
    assert_eq!(names(&r.json), ["carol", "bob", "Alice"]);
    let r = api
        .get("/Users?sortBy=emails&sortOrder=descending&count=1")
        .await;
    assert_eq!(names(&r.json), ["carol"]);
    assert_eq!(r.json["totalResults"], 3);
}

#[tokio::test]
async fn search_with_post_per_type_and_at_the_root() {
    let api = Api::new();
    seed_users(&api, &["alice", "bob"]).await;
    api.post("/Groups", json!({"schemas": [GROUP], "displayName": "Ops"}))
        .await;
    let request = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        "filter": "userName sw \"a\"",
        "attributes": ["userName"],
        "startIndex": 1,
        "count": 10,
    });
    let r = api.post("/Users/.search", request).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(names(&r.json), ["alice"]);
    assert!(
        r.json["Resources"][0].get("emails").is_none(),
        "attributes applies"
    );
    snap("search__users", &api.normalise(&r.json));
    let r = api
        .post(
            "/.search",
            json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(
        r.json["totalResults"], 3,
        "the root search spans users and groups"
    );
    let r = api
        .post(
            "/.search",
            json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                   "filter": "displayName eq \"ops\""}),
        )
        .await;
    assert_eq!(r.json["totalResults"], 1);
    assert_eq!(r.json["Resources"][0]["meta"]["resourceType"], "Group");
    let r = api
        .post(
            "/Groups/.search",
            json!({"filter": "displayName eq \"Ops\"", "count": 0}),
        )
        .await;
    assert_eq!(
        (
            r.json["totalResults"].as_u64(),
            r.json["itemsPerPage"].as_u64()
        ),
        (Some(1), Some(0))
    );
}

// ---------------------------------------------------------------- bad input

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
