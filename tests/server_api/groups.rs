//! Groups: members, computed User.groups, cascades, manager $ref.

use axum::http::{Method, StatusCode};
use scim_harness::server::Kind;
use serde_json::{Value, json};

use crate::server_support::{Api, snap};
use crate::{ENTERPRISE, GROUP, USER, bjensen};

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
