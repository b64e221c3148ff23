//! Bulk (RFC 7644 §3.7), /Me (§3.11) and cursor paging (RFC 9865) over HTTP.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use super::server_support::Api;
use super::{GROUP, USER};

const BULK: &str = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

fn bulk(ops: Value) -> Value {
    json!({"schemas": [BULK], "Operations": ops})
}

fn id_of(location: &Value) -> String {
    location
        .as_str()
        .and_then(|l| l.rsplit('/').next())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn bulk_resolves_forward_and_circular_bulk_ids() {
    let api = Api::new();
    let r = api
        .post(
            "/Bulk",
            bulk(json!([
                {"method": "POST", "path": "/Groups", "bulkId": "a",
                 "data": {"schemas": [GROUP], "displayName": "A", "members": [{"value": "bulkId:b"}, {"value": "bulkId:u"}]}},
                {"method": "POST", "path": "/Groups", "bulkId": "b",
                 "data": {"schemas": [GROUP], "displayName": "B", "members": [{"value": "bulkId:a"}]}},
                {"method": "POST", "path": "/Users", "bulkId": "u", "data": {"schemas": [USER], "userName": "u"}},
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let ops = r.json["Operations"].as_array().expect("Operations");
    assert_eq!(ops.len(), 3);
    for op in ops {
        assert_eq!(op["status"], "201", "{op}");
        assert!(op["version"].is_string(), "{op}");
    }
    let (a, b, u) = (
        id_of(&ops[0]["location"]),
        id_of(&ops[1]["location"]),
        id_of(&ops[2]["location"]),
    );
    let group_a = api.get(&format!("/Groups/{a}")).await.json;
    let members: Vec<&str> = group_a["members"]
        .as_array()
        .expect("members")
        .iter()
        .filter_map(|m| m["value"].as_str())
        .collect();
    assert_eq!(members, [b.as_str(), u.as_str()]);
    // The version reported is the final one (after the circular reference was completed).
    assert_eq!(group_a["meta"]["version"], ops[0]["version"]);
    let group_b = api.get(&format!("/Groups/{b}")).await.json;
    assert_eq!(group_b["members"][0]["value"], a.as_str());
}

#[tokio::test]
async fn bulk_reports_each_failure_and_keeps_the_successes() {
    let api = Api::new();
    let r = api
        .post(
            "/Bulk",
            bulk(json!([
                {"method": "POST", "path": "/Users", "bulkId": "one", "data": {"schemas": [USER], "userName": "one"}},
                {"method": "POST", "path": "/Users", "bulkId": "dup", "data": {"schemas": [USER], "userName": "ONE"}},
                {"method": "POST", "path": "/Groups", "bulkId": "g",
                 "data": {"schemas": [GROUP], "displayName": "g", "members": [{"value": "bulkId:nowhere"}]}},
                {"method": "DELETE", "path": "/Users/missing"},
                {"method": "POST", "path": "/Users", "bulkId": "two", "data": {"schemas": [USER], "userName": "two"}},
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let status: Vec<&str> = r.json["Operations"]
        .as_array()
        .expect("ops")
        .iter()
        .map(|o| o["status"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(status, ["201", "409", "409", "404", "201"]);
    assert_eq!(
        r.json["Operations"][1]["response"]["scimType"],
        "uniqueness"
    );
    assert!(r.json["Operations"][1].get("location").is_none());
    assert_eq!(
        r.json["Operations"][3]["location"],
        "http://scim.test/scim/v2/Users/missing"
    );
    assert_eq!(api.store_count(scim_harness::server::Kind::User), 2);
}

#[tokio::test]
async fn fail_on_errors_stops_after_that_many_errors() {
    let api = Api::new();
    let r = api
        .post(
            "/Bulk",
            json!({"schemas": [BULK], "failOnErrors": 1, "Operations": [
                {"method": "DELETE", "path": "/Users/missing"},
                {"method": "POST", "path": "/Users", "bulkId": "x", "data": {"schemas": [USER], "userName": "x"}},
            ]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["Operations"].as_array().map(Vec::len), Some(1));
    assert_eq!(api.store_count(scim_harness::server::Kind::User), 0);
}

#[tokio::test]
async fn bulk_versions_are_preconditions() {
    let api = Api::new();
    let created = api
        .post("/Users", json!({"schemas": [USER], "userName": "v"}))
        .await;
    let id = created.json["id"].as_str().expect("id").to_owned();
    let patch = json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "title", "value": "t"}]});
    let r = api
        .post(
            "/Bulk",
            bulk(json!([
                {"method": "PATCH", "path": format!("/Users/{id}"), "version": "W/\"999\"", "data": patch},
                {"method": "PATCH", "path": format!("/Users/{id}"), "version": created.json["meta"]["version"], "data": patch},
            ])),
        )
        .await;
    assert_eq!(r.json["Operations"][0]["status"], "412");
    assert_eq!(r.json["Operations"][1]["status"], "200");
    let now = api.get(&format!("/Users/{id}")).await.json;
    assert_eq!(now["title"], "t");
    assert_eq!(now["meta"]["version"], r.json["Operations"][1]["version"]);
}

#[tokio::test]
async fn bulk_limits_are_413_naming_the_limit_and_change_nothing() {
    let api = Api::new();
    let ops: Vec<Value> = (0..1001)
        .map(|i| json!({"method": "POST", "path": "/Users", "bulkId": format!("b{i}"), "data": {"userName": format!("u{i}")}}))
        .collect();
    let r = api.post("/Bulk", bulk(Value::Array(ops))).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        r.json["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("maxOperations (1000")
    );
    assert_eq!(api.store_count(scim_harness::server::Kind::User), 0);

    let big = "x".repeat(1024 * 1024);
    let r = api
        .post(
            "/Bulk",
            bulk(json!([{"method": "POST", "path": "/Users", "bulkId": "b", "data": {"userName": big}}])),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        r.json["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("maxPayloadSize")
    );

    let r = api.post("/Bulk", json!({"Operations": []})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let spc = api.get("/ServiceProviderConfig").await.json;
    assert_eq!(
        spc["bulk"],
        json!({"supported": true, "maxOperations": 1000, "maxPayloadSize": 1048576})
    );
}

#[tokio::test]
async fn me_acts_on_the_mapped_user_with_its_location() {
    let api = Api::with(|c| c.me = Some("me@example.com".to_owned()));
    let r = api.get("/Me").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["userName"], "me@example.com");
    let id = r.json["id"].as_str().expect("id").to_owned();
    let location = format!("http://scim.test/scim/v2/Users/{id}");
    assert_eq!(r.header("location"), Some(location.as_str()));

    let patch = json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "title", "value": "boss"}]});
    let r = api.call(Method::PATCH, "/Me", Some(patch)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(api.get(&format!("/Users/{id}")).await.json["title"], "boss");

    let put = json!({"schemas": [USER], "userName": "me@example.com", "nickName": "me"});
    let r = api.call(Method::PUT, "/Me", Some(put)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("location"), Some(location.as_str()));
    assert_eq!(
        api.get(&format!("/Users/{id}")).await.json["nickName"],
        "me"
    );

    let r = api.call(Method::DELETE, "/Me", None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        api.get(&format!("/Users/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(api.get("/Me").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        api.call(Method::POST, "/Me", Some(json!({}))).await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
}

fn user_names(page: &Value) -> Vec<String> {
    page["Resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["userName"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn cursor_walks_are_stable_while_users_come_and_go() {
    for sort in ["", "&sortBy=userName"] {
        let api = Api::new();
        let mut ids = Vec::new();
        for name in ["w1", "w2", "w3", "w4", "w5"] {
            let r = api
                .post("/Users", json!({"schemas": [USER], "userName": name}))
                .await;
            ids.push(r.json["id"].as_str().expect("id").to_owned());
        }
        let first = api.get(&format!("/Users?cursor&count=2{sort}")).await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.json);
        assert!(first.json.get("previousCursor").is_none());
        assert!(first.json.get("startIndex").is_none());
        assert_eq!(first.json["totalResults"], 5);
        let mut seen = user_names(&first.json);
        assert_eq!(seen, ["w1", "w2"]);
        // A seen user goes, a user that sorts first arrives: neither shifts the walk.
        api.call(Method::DELETE, &format!("/Users/{}", ids[0]), None)
            .await;
        api.post("/Users", json!({"schemas": [USER], "userName": "w0"}))
            .await;
        let mut next = first.json["nextCursor"]
            .as_str()
            .expect("nextCursor")
            .to_owned();
        let mut previous = None;
        loop {
            let page = api
                .get(&format!("/Users?cursor={next}&count=2{sort}"))
                .await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.json);
            previous.get_or_insert(page.json["previousCursor"].as_str().map(str::to_owned));
            seen.extend(user_names(&page.json));
            match page.json["nextCursor"].as_str() {
                Some(n) => next = n.to_owned(),
                None => break,
            }
        }
        let expected: &[&str] = if sort.is_empty() {
            &["w1", "w2", "w3", "w4", "w5", "w0"]
        } else {
            &["w1", "w2", "w3", "w4", "w5"]
        };
        assert_eq!(seen, expected, "sort {sort:?}");
        // previousCursor of the second page leads back to what precedes it.
        let back = previous.flatten().expect("previousCursor on page 2");
        let page = api
            .get(&format!("/Users?cursor={back}&count=2{sort}"))
            .await;
        let names = user_names(&page.json);
        assert!(names.contains(&"w2".to_owned()), "{names:?}");
    }
}

#[tokio::test]
async fn cursor_errors_are_the_rfc_9865_ones() {
    let api = Api::with(|c| c.cursor_timeout = std::time::Duration::from_millis(50));
    for name in ["a", "b", "c"] {
        api.post("/Users", json!({"schemas": [USER], "userName": name}))
            .await;
    }
    let r = api.get("/Users?cursor=forged&count=1").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json["scimType"], "invalidCursor");
    let first = api.get("/Users?cursor&count=1").await;
    let next = first.json["nextCursor"].as_str().expect("next").to_owned();
    let r = api.get(&format!("/Users?cursor={next}&count=2")).await;
    assert_eq!(r.json["scimType"], "invalidCount");
    let r = api
        .get(&format!(
            "/Users?cursor={next}&count=1&filter=userName%20pr"
        ))
        .await;
    assert_eq!(r.json["scimType"], "invalidCursor");
    let r = api.get("/Users?cursor&count=5000").await;
    assert_eq!(r.json["scimType"], "invalidCount");
    let r = api.get("/Users?cursor&startIndex=2").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = api
        .post("/Users/.search", json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "cursor": "", "count": 2}))
        .await;
    assert_eq!(r.json["itemsPerPage"], 2);
    assert!(r.json["nextCursor"].is_string());
    tokio::time::sleep(std::time::Duration::from_millis(80)).await;
    let r = api.get(&format!("/Users?cursor={next}&count=1")).await;
    assert_eq!(r.json["scimType"], "expiredCursor");
    let spc = api.get("/ServiceProviderConfig").await.json;
    assert_eq!(spc["pagination"]["cursor"], true);
    assert_eq!(spc["pagination"]["index"], true);
}
