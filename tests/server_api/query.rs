//! Lists, filters, paging, sorting and /.search.

use axum::http::StatusCode;
use scim_harness::server::Kind;
use serde_json::{Value, json};

use crate::server_support::{Api, snap};
use crate::{GROUP, USER};

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

#[tokio::test]
async fn get_at_the_root_queries_every_resource_type() {
    let api = Api::new();
    seed_users(&api, &["alice"]).await;
    api.post(
        "/Groups",
        json!({"schemas": [GROUP], "displayName": "alpha"}),
    )
    .await;
    for path in ["", "/"] {
        let r = api
            .get(&format!(
                "{path}?filter=userName+sw+%22a%22+or+displayName+sw+%22a%22"
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{path:?}: {}", r.json);
        assert_eq!(r.json["totalResults"], 2, "{path:?}");
    }
}

#[tokio::test]
async fn filters_see_computed_attributes_but_never_the_password() {
    let api = Api::new();
    let r = api
        .post(
            "/Users",
            json!({"schemas": [USER], "userName": "pw", "password": "hunter2"}),
        )
        .await;
    let uid = r.json["id"].as_str().expect("id").to_owned();
    seed_users(&api, &["other"]).await;
    let g = api
        .post(
            "/Groups",
            json!({"schemas": [GROUP], "displayName": "G", "members": [{"value": uid}]}),
        )
        .await;
    let gid = g.json["id"].as_str().expect("id").to_owned();
    let count = |q: String| {
        let api = &api;
        async move {
            let r = api.get(&format!("/Users?{q}")).await;
            (r.status, r.json["totalResults"].as_u64())
        }
    };
    let ok = StatusCode::OK;
    assert_eq!(
        count("filter=password+eq+%22hunter2%22".into())
            .await
            .1
            .unwrap_or(0),
        0
    );
    assert_eq!(count("filter=password+pr".into()).await.1.unwrap_or(0), 0);
    assert_eq!(
        count(format!("filter=groups.value+eq+%22{gid}%22")).await,
        (ok, Some(1))
    );
    assert_eq!(
        count("filter=meta.resourceType+eq+%22User%22".into()).await,
        (ok, Some(2))
    );
    assert_eq!(
        count("filter=meta.created+gt+%222000-01-01T00:00:00Z%22".into()).await,
        (ok, Some(2))
    );
    assert_eq!(
        count("filter=active+pr+or+userName+co+%22p%22".into()).await,
        (ok, Some(1))
    );
}
