//! Replays, through the reference server's router (`oneshot`), every PATCH body printed in
//! `docs/idp/okta.md` and `docs/idp/entra.md` (the project's own IdP reference), in the default and the strict
//! mode, and checks the resulting resource.
//!
//! Bodies are sent byte for byte as printed; only the resource ids the notes show as
//! placeholders or as ids of their own tenant (`{gid}`, `23a35c27-…`, `f648f8d5ea4e4cd38e9c`)
//! are replaced by the ids of resources created for the test, because the server checks that
//! members exist. Default mode must give the resource the identity provider meant; strict mode
//! must either give the same result (the shape is RFC-conformant) or answer 400 naming the
//! tolerance the body relies on, with the resource unchanged.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use tower::ServiceExt as _;

use scim_harness::config::{Auth, ServeConfig};
use scim_harness::scim::Compliance;
use scim_harness::server::{AppState, router};

const BASE: &str = "/scim/v2";
const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

async fn send(app: &Router, method: Method, path: &str, body: Option<&str>) -> (StatusCode, Value) {
    let mut req = Request::builder()
        .method(method)
        .uri(format!("{BASE}{path}"))
        .header("host", "scim.test");
    if body.is_some() {
        req = req.header("content-type", "application/scim+json; charset=utf-8");
    }
    let req = req
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_owned())))
        .expect("request");
    let resp = app.clone().oneshot(req).await.expect("infallible");
    let status = resp.status();
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// The ids of what the fixture created.
#[derive(Debug)]
struct Ids {
    user: String,
    group: String,
    m1: String,
    m2: String,
    m3: String,
    manager: String,
}

#[derive(Clone, Copy, Debug)]
enum Subject {
    /// docs/idp/entra.md §1.4's documented create body (emails work, name, `roles: []`).
    EntraUser,
    /// The same with a manager already set (for the removal shapes of §1.5).
    EntraUserWithManager,
    /// A minimal user, `userName` + `schemas` (validator U9).
    MinimalUser,
    /// Group "Eng" with members m1 and m2.
    Group,
}

/// Placeholders in the printed bodies and what they stand for.
#[derive(Clone, Copy)]
enum Id {
    Group,
    M1,
    M2,
    M3,
    Manager,
}

async fn post(app: &Router, path: &str, body: Value) -> String {
    let (status, v) = send(app, Method::POST, path, Some(&body.to_string())).await;
    assert_eq!(status, StatusCode::CREATED, "setup POST {path}: {v}");
    v["id"].as_str().expect("id").to_owned()
}

async fn fixture(app: &Router, subject: Subject) -> Ids {
    let user = |name: &str| json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": name});
    let m1 = post(app, "/Users", user("m1@example.com")).await;
    let m2 = post(app, "/Users", user("m2@example.com")).await;
    let m3 = post(app, "/Users", user("m3@example.com")).await;
    let manager = post(app, "/Users", user("boss@example.com")).await;
    let mut entra = json!({
      "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENT],
      "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      "userName": "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
      "active": true,
      "emails": [{"primary": true, "type": "work", "value": "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com"}],
      "meta": {"resourceType": "User"},
      "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
      "roles": []
    });
    let user = match subject {
        Subject::EntraUser | Subject::Group => post(app, "/Users", entra).await,
        Subject::EntraUserWithManager => {
            entra[ENT] = json!({"manager": {"value": manager}});
            post(app, "/Users", entra).await
        }
        Subject::MinimalUser => post(app, "/Users", user("minimal@example.com")).await,
    };
    let group = post(
        app,
        "/Groups",
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Eng",
               "members": [{"value": m1}, {"value": m2}]}),
    )
    .await;
    Ids {
        user,
        group,
        m1,
        m2,
        m3,
        manager,
    }
}

type Check = fn(&Value, &Ids) -> Result<(), String>;

struct Case {
    name: &'static str,
    subject: Subject,
    body: &'static str,
    subst: &'static [(&'static str, Id)],
    check: Check,
    /// `None`: strict mode gives the same result; `Some(t)`: strict answers 400 citing `t`.
    strict_refuses: Option<&'static str>,
}

fn member_ids(g: &Value) -> Vec<String> {
    g["members"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| m["value"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn ensure(cond: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if cond { Ok(()) } else { Err(what()) }
}

fn members_are(g: &Value, want: &[&String]) -> Result<(), String> {
    let got = member_ids(g);
    ensure(
        got.len() == want.len() && want.iter().all(|w| got.contains(w)),
        || format!("members {got:?}, expected {want:?}"),
    )
}

fn eq(v: &Value, ptr: &str, want: Value) -> Result<(), String> {
    ensure(v.pointer(ptr) == Some(&want), || {
        format!("{ptr} = {:?}, expected {want}", v.pointer(ptr))
    })
}

fn absent(v: &Value, ptr: &str) -> Result<(), String> {
    ensure(v.pointer(ptr).is_none(), || {
        format!("{ptr} should be absent, is {:?}", v.pointer(ptr))
    })
}

const MGR: &str = "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager";

fn cases() -> Vec<Case> {
    vec![
        // ---------------------------------------------------------------- docs/idp/okta.md
        Case {
            name: "okta §1.3 C / §1.6 reactivate (path-less replace active true)",
            subject: Subject::EntraUser,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                         "Operations":[{"op":"replace","value":{"active":true}}]}"#,
            subst: &[],
            check: |u, _| {
                eq(u, "/active", json!(true))?;
                eq(u, "/emails/0/type", json!("work"))
            },
            strict_refuses: None,
        },
        Case {
            name: "okta §1.5 deactivate keeps the rest of the user (Q1)",
            subject: Subject::EntraUser,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
 "Operations":[{"op":"replace","value":{"active":false}}]}"#,
            subst: &[],
            check: |u, _| {
                eq(u, "/active", json!(false))?;
                eq(
                    u,
                    "/userName",
                    json!("Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee"),
                )?;
                eq(u, "/name/familyName", json!("familyName"))
            },
            strict_refuses: None,
        },
        Case {
            name: "okta §1.7 password sync (inferred body); never returned",
            subject: Subject::EntraUser,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"password":"1mz050nq"}}]}"#,
            subst: &[],
            check: |u, _| absent(u, "/password"),
            strict_refuses: None,
        },
        Case {
            name: "okta §2.2 step 3 metadata reconciliation (id ignored, Q2)",
            subject: Subject::Group,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"replace","value":{"id":"{gid}","displayName":"Test SCIMv2"}}]}"#,
            subst: &[("{gid}", Id::Group)],
            check: |g, ids| {
                eq(g, "/displayName", json!("Test SCIMv2"))?;
                eq(g, "/id", json!(ids.group))?;
                members_are(g, &[&ids.m1, &ids.m2])
            },
            strict_refuses: None,
        },
        Case {
            name: "okta §2.2 step 4 initial membership, no type",
            subject: Subject::Group,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"add","path":"members",
                   "value":[{"value":"23a35c27-…","display":"test.user@okta.local"}]}]}"#,
            subst: &[("23a35c27-…", Id::M3)],
            check: |g, ids| {
                members_are(g, &[&ids.m1, &ids.m2, &ids.m3])?;
                let m3 = g["members"]
                    .as_array()
                    .and_then(|a| a.iter().find(|m| m["value"] == json!(ids.m3)))
                    .cloned();
                ensure(
                    m3.as_ref().is_some_and(|m| {
                        m["display"] == "test.user@okta.local" && m["type"] == "User"
                    }),
                    || format!("{m3:?}"),
                )
            },
            strict_refuses: None,
        },
        Case {
            name: "okta §2.2 step 4 / Q12 adding an existing member is a no-op",
            subject: Subject::Group,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"add","path":"members",
                   "value":[{"value":"23a35c27-…","display":"test.user@okta.local"}]}]}"#,
            subst: &[("23a35c27-…", Id::M1)],
            check: |g, ids| members_are(g, &[&ids.m1, &ids.m2]),
            strict_refuses: None,
        },
        Case {
            name: "okta §2.3 several removes then an add",
            subject: Subject::Group,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
   "Operations":[
     {"op":"remove","path":"members[value eq \"89bb1940-b905-4575-9e7f-6f887cfb368e\"]"},
     {"op":"remove","path":"members[value eq \"removeUser2\"]"},
     {"op":"add","path":"members","value":[{"value":"23a35c27-…","display":"test.user@okta.local"}]}]}"#,
            subst: &[
                ("89bb1940-b905-4575-9e7f-6f887cfb368e", Id::M1),
                ("removeUser2", Id::M2),
                ("23a35c27-…", Id::M3),
            ],
            check: |g, ids| members_are(g, &[&ids.m3]),
            strict_refuses: None,
        },
        Case {
            name: "okta §2.3 re-sent removal of a member already gone (Q14)",
            subject: Subject::Group,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
   "Operations":[
     {"op":"remove","path":"members[value eq \"89bb1940-b905-4575-9e7f-6f887cfb368e\"]"},
     {"op":"remove","path":"members[value eq \"removeUser2\"]"},
     {"op":"add","path":"members","value":[{"value":"23a35c27-…","display":"test.user@okta.local"}]}]}"#,
            subst: &[
                ("89bb1940-b905-4575-9e7f-6f887cfb368e", Id::M1),
                ("23a35c27-…", Id::M3),
            ],
            check: |g, ids| members_are(g, &[&ids.m2, &ids.m3]),
            strict_refuses: Some("remove-no-match"),
        },
        Case {
            name: "okta §2.4 Push Now replaces the member list",
            subject: Subject::Group,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
   "Operations":[{"op":"replace","path":"members",
                  "value":[{"value":"23a35c27-…","display":"test.user@okta.local"},
                           {"value":"89bb1940-…","display":"test.user@okta.local"}]}]}"#,
            subst: &[("23a35c27-…", Id::M3), ("89bb1940-…", Id::M1)],
            check: |g, ids| members_are(g, &[&ids.m3, &ids.m1]),
            strict_refuses: None,
        },
        Case {
            name: "okta §2.4 / Q13 Push Now on an empty group",
            subject: Subject::Group,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
   "Operations":[{"op":"replace","path":"members",
                  "value": []}]}"#,
            subst: &[],
            check: |g, _| members_are(g, &[]),
            strict_refuses: None,
        },
        Case {
            name: "okta §2.4 path-less replace logged without schemas",
            subject: Subject::Group,
            body: r#"{"Operations":[{"op":"replace","value":{"id":"org-cd1:admin","displayName":"org-cd1:admin","members":[]}}]}"#,
            subst: &[],
            check: |g, ids| {
                eq(g, "/displayName", json!("org-cd1:admin"))?;
                eq(g, "/id", json!(ids.group))?;
                members_are(g, &[])
            },
            strict_refuses: Some("missing-schemas"),
        },
        Case {
            name: "okta §2.4 path-less replace of members",
            subject: Subject::Group,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
   "Operations":[{"op":"replace","value":{"members":[{"value":"cb300cb6-…"}]}}]}"#,
            subst: &[("cb300cb6-…", Id::M3)],
            check: |g, ids| members_are(g, &[&ids.m3]),
            strict_refuses: None,
        },
        Case {
            name: "okta §2.5 rename",
            subject: Subject::Group,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
   "Operations":[{"op":"replace","value":{"id":"{gid}","displayName":"New Group Name"}}]}"#,
            subst: &[("{gid}", Id::Group)],
            check: |g, ids| {
                eq(g, "/displayName", json!("New Group Name"))?;
                members_are(g, &[&ids.m1, &ids.m2])
            },
            strict_refuses: None,
        },
        Case {
            name: "okta §4.2 draft: remove user from group",
            subject: Subject::Group,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"{idUserOne}\"]"}]}"#,
            subst: &[("{idUserOne}", Id::M1)],
            check: |g, ids| members_are(g, &[&ids.m2]),
            strict_refuses: None,
        },
        // ---------------------------------------------------------------- docs/idp/entra.md
        Case {
            name: "entra §1.5 manager as a bare id (flag dialect)",
            subject: Subject::EntraUser,
            body: r#"{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations": [{
    "op": "add",
    "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
    "value": "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2"
  }]
}"#,
            subst: &[("2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2", Id::Manager)],
            check: |u, ids| {
                eq(u, &format!("{MGR}/value"), json!(ids.manager))?;
                ensure(
                    u.pointer(&format!("{MGR}/$ref"))
                        .and_then(Value::as_str)
                        .is_some_and(|r| r.ends_with(&ids.manager)),
                    || format!("{u}"),
                )
            },
            strict_refuses: Some("manager-string"),
        },
        Case {
            name: "entra §1.5 manager legacy Example 5",
            subject: Subject::EntraUser,
            body: r#"{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations": [{
    "op": "Add",
    "path": "manager",
    "value": [{"$ref": "http://.../scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
               "value": "00aa00aa-bb11-cc22-dd33-44ee44ee44ee"}]
  }]
}"#,
            subst: &[("00aa00aa-bb11-cc22-dd33-44ee44ee44ee", Id::Manager)],
            check: |u, ids| eq(u, &format!("{MGR}/value"), json!(ids.manager)),
            strict_refuses: Some("op-case"),
        },
        Case {
            name: "entra §1.5 remove manager by value filter",
            subject: Subject::EntraUserWithManager,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"manager[value eq \"<mgrId>\"]"}]}"#,
            subst: &[("<mgrId>", Id::Manager)],
            check: |u, _| absent(u, MGR),
            strict_refuses: None,
        },
        Case {
            name: "entra §1.5 / U12 remove manager with {\"value\":\"\"}",
            subject: Subject::EntraUserWithManager,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":""}}]}"#,
            subst: &[],
            check: |u, _| absent(u, MGR),
            strict_refuses: Some("manager-string"),
        },
        Case {
            name: "entra §1.5 / U12 remove manager with \"\"",
            subject: Subject::EntraUserWithManager,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":""}]}"#,
            subst: &[],
            check: |u, _| absent(u, MGR),
            strict_refuses: Some("manager-string"),
        },
        Case {
            name: "entra §1.7 (a) multi-valued + sub-attribute, default dialect",
            subject: Subject::EntraUser,
            body: r#"{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations": [
    {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "updatedEmail@microsoft.com"},
    {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"}
  ]
}"#,
            subst: &[],
            check: |u, _| {
                eq(u, "/emails/0/value", json!("updatedEmail@microsoft.com"))?;
                eq(u, "/emails/0/type", json!("work"))?;
                eq(u, "/name/familyName", json!("updatedFamilyName"))
            },
            strict_refuses: Some("op-case"),
        },
        Case {
            name: "entra §1.7 (b) rename userName",
            subject: Subject::EntraUser,
            body: r#"{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations": [{"op": "Replace", "path": "userName", "value": "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"}]
}"#,
            subst: &[],
            check: |u, _| {
                eq(
                    u,
                    "/userName",
                    json!("5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"),
                )
            },
            strict_refuses: Some("op-case"),
        },
        Case {
            name: "entra §1.7 (c) Add a single-valued string",
            subject: Subject::EntraUser,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
 "Operations":[{"op":"Add","path":"nickName","value":"Babs"}]}"#,
            subst: &[],
            check: |u, _| eq(u, "/nickName", json!("Babs")),
            strict_refuses: Some("op-case"),
        },
        Case {
            name: "entra §1.7 (c) the same with the flag",
            subject: Subject::EntraUser,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
 "Operations":[{"op":"add","path":"nickName","value":"Babs"}]}"#,
            subst: &[],
            check: |u, _| eq(u, "/nickName", json!("Babs")),
            strict_refuses: None,
        },
        Case {
            name: "entra §1.7 (d) several attributes, default dialect",
            subject: Subject::EntraUser,
            body: r#"{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations": [
    {"op": "Replace", "path": "displayName", "value": "Pvlo"},
    {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "TestBcwqnm@test.microsoft.com"},
    {"op": "Replace", "path": "name.givenName", "value": "Gtfd"},
    {"op": "Replace", "path": "name.familyName", "value": "Pkqf"},
    {"op": "Replace", "path": "externalId", "value": "Eqpj"},
    {"op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "value": "Eqpj"}
  ]
}"#,
            subst: &[],
            check: |u, _| {
                eq(u, "/displayName", json!("Pvlo"))?;
                eq(u, "/emails/0/value", json!("TestBcwqnm@test.microsoft.com"))?;
                eq(u, "/name/givenName", json!("Gtfd"))?;
                eq(u, "/name/familyName", json!("Pkqf"))?;
                eq(u, "/externalId", json!("Eqpj"))?;
                eq(u, &format!("/{ENT}/employeeNumber"), json!("Eqpj"))
            },
            strict_refuses: Some("op-case"),
        },
        Case {
            name: "entra §1.7 (e) flag dialect: dotted and URN keys in a path-less value",
            subject: Subject::EntraUser,
            body: r#"{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations": [
    {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "TestMhvaes@test.microsoft.com"},
    {"op": "replace", "value": {
      "displayName": "Bjfe",
      "name.givenName": "Kkom",
      "name.familyName": "Unua",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq"
    }}
  ]
}"#,
            subst: &[],
            check: |u, _| {
                eq(u, "/emails/0/value", json!("TestMhvaes@test.microsoft.com"))?;
                eq(u, "/displayName", json!("Bjfe"))?;
                eq(u, "/name/givenName", json!("Kkom"))?;
                eq(u, "/name/familyName", json!("Unua"))?;
                absent(u, "/name.givenName")?;
                eq(u, &format!("/{ENT}/employeeNumber"), json!("Aklq"))
            },
            strict_refuses: Some("dotted-keys"),
        },
        Case {
            name: "entra §1.7 (f) / U9 filtered add on an empty array creates the element",
            subject: Subject::MinimalUser,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"emails[type eq \"work\"].value","value":"TestMhvaes@test.microsoft.com"},{"op":"add","path":"roles[primary eq \"True\"].value","value":"Admin"}]}"#,
            subst: &[],
            check: |u, _| {
                eq(
                    u,
                    "/emails",
                    json!([{"type": "work", "value": "TestMhvaes@test.microsoft.com"}]),
                )?;
                eq(u, "/roles", json!([{"primary": true, "value": "Admin"}]))
            },
            // The filter literal "True" is refused first (string-boolean is checked when
            // parsing); without it the create would cite filter-creates.
            strict_refuses: Some("string-boolean"),
        },
        Case {
            name: "entra §1.7 (f) filtered replace on a missing phone type creates it",
            subject: Subject::EntraUser,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"phoneNumbers[type eq \"mobile\"].value","value":"555-0100"}]}"#,
            subst: &[],
            check: |u, _| {
                eq(
                    u,
                    "/phoneNumbers",
                    json!([{"type": "mobile", "value": "555-0100"}]),
                )
            },
            strict_refuses: Some("op-case"),
        },
        Case {
            name: "entra §1.7 (g) Remove with a value",
            subject: Subject::EntraUser,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Remove","path":"emails[type eq \"work\"].value","value":"updated@example.org"}]}"#,
            subst: &[],
            check: |u, _| absent(u, "/emails/0/value"),
            strict_refuses: Some("op-case"),
        },
        Case {
            name: "entra §1.8 (a) SingleAppRoleAssignment PATCH, embedded-JSON value",
            subject: Subject::EntraUser,
            body: r#"{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations": [{
    "op": "Add",
    "path": "roles",
    "value": [{"value": "{\"id\":\"06b07648-ecfe-589f-9d2f-6325724a46ee\",\"value\":\"25\",\"displayName\":\"Role1234\"}"}]
  }]
}"#,
            subst: &[],
            check: |u, _| eq(u, "/roles", json!([{"value": "25", "display": "Role1234"}])),
            strict_refuses: Some("op-case"),
        },
        Case {
            name: "entra §1.8 (a) validator roles[primary eq \"True\"].value",
            subject: Subject::EntraUser,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"roles[primary eq \"True\"].value","value":"Owner"}]}"#,
            subst: &[],
            check: |u, _| eq(u, "/roles", json!([{"primary": true, "value": "Owner"}])),
            strict_refuses: Some("string-boolean"),
        },
        Case {
            name: "entra §1.8 (b) AppRoleAssignmentsComplex PATCH",
            subject: Subject::EntraUser,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
 "Operations":[{"op":"Add","path":"roles","value":[
   {"value":"{\"id\":\"06b07648-ecfe-589f-9d2f-6325724a46ee\",\"value\":\"Admin\",\"displayName\":\"Admin\"}"},
   {"value":"{\"id\":\"06b07648-ecfe-599f-9d2f-6325724a46ee\",\"value\":\"User\",\"displayName\":\"User\"}"}]}]}"#,
            subst: &[],
            check: |u, _| {
                eq(
                    u,
                    "/roles",
                    json!([{"value": "Admin", "display": "Admin"}, {"value": "User", "display": "User"}]),
                )
            },
            strict_refuses: Some("op-case"),
        },
        Case {
            name: "entra §1.8 (c) AssertiveAppRoleAssignmentsComplex replaces the set",
            subject: Subject::EntraUser,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
 "Operations":[{"op":"replace","path":"roles","value":[
   {"primary":false,"type":"WindowsAzureActiveDirectoryRole","display":"User","value":"User"},
   {"primary":false,"type":"WindowsAzureActiveDirectoryRole","display":"Test","value":"Test"}]}]}"#,
            subst: &[],
            check: |u, _| {
                eq(u, "/roles/0/value", json!("User"))?;
                eq(u, "/roles/1/display", json!("Test"))?;
                eq(u, "/roles/1/primary", json!(false))
            },
            strict_refuses: None,
        },
        Case {
            name: "entra §1.9 disable, default dialect (string \"False\")",
            subject: Subject::EntraUser,
            body: r#"{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations": [{"op": "Replace", "path": "active", "value": "False"}]
}"#,
            subst: &[],
            check: |u, _| eq(u, "/active", json!(false)),
            strict_refuses: Some("op-case"),
        },
        Case {
            name: "entra §1.9 disable, flag dialect",
            subject: Subject::EntraUser,
            body: r#"{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations": [{"op": "replace", "path": "active", "value": false}]
}"#,
            subst: &[],
            check: |u, _| eq(u, "/active", json!(false)),
            strict_refuses: None,
        },
        Case {
            name: "entra §1.9 tutorial sample: Operations before schemas, Replace with JSON false",
            subject: Subject::EntraUser,
            body: r#"{"Operations":[{"op":"Replace","path":"active","value":false}],"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}"#,
            subst: &[],
            check: |u, _| eq(u, "/active", json!(false)),
            strict_refuses: Some("op-case"),
        },
        Case {
            name: "entra §1.9 Operations before schemas alone is RFC-conformant",
            subject: Subject::EntraUser,
            body: r#"{"Operations":[{"op":"replace","path":"active","value":false}],"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}"#,
            subst: &[],
            check: |u, _| eq(u, "/active", json!(false)),
            strict_refuses: None,
        },
        Case {
            name: "entra §1.9 lowercase string \"false\"",
            subject: Subject::EntraUser,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":"false"}]}"#,
            subst: &[],
            check: |u, _| eq(u, "/active", json!(false)),
            strict_refuses: Some("string-boolean"),
        },
        Case {
            name: "entra §1.9 / Q9 Add on active",
            subject: Subject::EntraUser,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"active","value":false}]}"#,
            subst: &[],
            check: |u, _| eq(u, "/active", json!(false)),
            strict_refuses: None,
        },
        Case {
            name: "entra §1.10 re-enable, default dialect",
            subject: Subject::EntraUser,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"True"}]}"#,
            subst: &[],
            check: |u, _| eq(u, "/active", json!(true)),
            strict_refuses: Some("op-case"),
        },
        Case {
            name: "entra §4.2 U7 path-less userName",
            subject: Subject::EntraUser,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"userName":"renamed@example.com"}}]}"#,
            subst: &[],
            check: |u, _| eq(u, "/userName", json!("renamed@example.com")),
            strict_refuses: None,
        },
        Case {
            name: "entra §2.6 add member, default dialect ($ref null)",
            subject: Subject::Group,
            body: r#"{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations": [{
    "op": "Add",
    "path": "members",
    "value": [{"$ref": null, "value": "f648f8d5ea4e4cd38e9c"}]
  }]
}"#,
            subst: &[("f648f8d5ea4e4cd38e9c", Id::M3)],
            check: |g, ids| members_are(g, &[&ids.m1, &ids.m2, &ids.m3]),
            strict_refuses: Some("op-case"),
        },
        Case {
            name: "entra §2.7 remove member by value list, default dialect (Q4)",
            subject: Subject::Group,
            body: r#"{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations": [{
    "op": "Remove",
    "path": "members",
    "value": [{"$ref": null, "value": "f648f8d5ea4e4cd38e9c"}]
  }]
}"#,
            subst: &[("f648f8d5ea4e4cd38e9c", Id::M1)],
            check: |g, ids| members_are(g, &[&ids.m2]),
            strict_refuses: Some("op-case"),
        },
        Case {
            name: "entra §2.7 S2 variant without $ref",
            subject: Subject::Group,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Remove","path":"members","value":[{"value":"u1091"}]}]}"#,
            subst: &[("u1091", Id::M2)],
            check: |g, ids| members_are(g, &[&ids.m1]),
            strict_refuses: Some("op-case"),
        },
        Case {
            name: "entra §2.7 remove with a value list, lower-case op",
            subject: Subject::Group,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members","value":[{"value":"u1091"}]}]}"#,
            subst: &[("u1091", Id::M2)],
            check: |g, ids| members_are(g, &[&ids.m1]),
            strict_refuses: Some("members-remove-value"),
        },
        Case {
            name: "entra §2.7 flag dialect",
            subject: Subject::Group,
            body: r#"{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations": [{"op": "remove", "path": "members[value eq \"7f4bc1a3-285e-48ae-8202-5accb43efb0e\"]"}]
}"#,
            subst: &[("7f4bc1a3-285e-48ae-8202-5accb43efb0e", Id::M1)],
            check: |g, ids| members_are(g, &[&ids.m2]),
            strict_refuses: None,
        },
        Case {
            name: "entra §2.8 rename, default dialect",
            subject: Subject::Group,
            body: r#"{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations": [{"op": "Replace", "path": "displayName", "value": "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"}]
}"#,
            subst: &[],
            check: |g, ids| {
                eq(
                    g,
                    "/displayName",
                    json!("1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"),
                )?;
                members_are(g, &[&ids.m1, &ids.m2])
            },
            strict_refuses: Some("op-case"),
        },
        Case {
            name: "entra §2.8 path-less displayName (validator G9)",
            subject: Subject::Group,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"displayName":"MSADPJJZWBUS"}}]}"#,
            subst: &[],
            check: |g, _| eq(g, "/displayName", json!("MSADPJJZWBUS")),
            strict_refuses: None,
        },
        Case {
            name: "entra §2.8 path-less externalId (validator G8)",
            subject: Subject::Group,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"externalId":"c3b97a69-ee33-427b-8bc1-d661b7769314"}}]}"#,
            subst: &[],
            check: |g, _| {
                eq(
                    g,
                    "/externalId",
                    json!("c3b97a69-ee33-427b-8bc1-d661b7769314"),
                )
            },
            strict_refuses: None,
        },
        Case {
            name: "entra §4.2 G10 replace members with one user",
            subject: Subject::Group,
            body: r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"members","value":[{"value":"<userId>"}]}]}"#,
            subst: &[("<userId>", Id::M3)],
            check: |g, ids| members_are(g, &[&ids.m3]),
            strict_refuses: None,
        },
    ]
}

fn id_of(ids: &Ids, id: Id) -> &str {
    match id {
        Id::Group => &ids.group,
        Id::M1 => &ids.m1,
        Id::M2 => &ids.m2,
        Id::M3 => &ids.m3,
        Id::Manager => &ids.manager,
    }
}

async fn replay(case: &Case, compliance: Compliance) -> Result<(), String> {
    let mut config = ServeConfig::for_tests(Auth::Disabled);
    config.compliance = compliance;
    let app = router(AppState::new(&config));
    let ids = fixture(&app, case.subject).await;
    let mut body = case.body.to_owned();
    for (literal, id) in case.subst {
        body = body.replace(literal, id_of(&ids, *id));
    }
    let path = match case.subject {
        Subject::Group => format!("/Groups/{}", ids.group),
        _ => format!("/Users/{}", ids.user),
    };
    let (_, before) = send(&app, Method::GET, &path, None).await;
    let (status, resp) = send(&app, Method::PATCH, &path, Some(&body)).await;
    let (_, after) = send(&app, Method::GET, &path, None).await;
    match (compliance, case.strict_refuses) {
        (Compliance::Strict, Some(tolerance)) => {
            ensure(status == StatusCode::BAD_REQUEST, || {
                format!("status {status}: {resp}")
            })?;
            let detail = resp["detail"].as_str().unwrap_or_default();
            ensure(
                detail.contains(&format!("tolerated by default as {tolerance})")),
                || format!("detail does not cite {tolerance}: {detail}"),
            )?;
            ensure(after == before, || {
                format!("resource changed by a rejected PATCH: {after}")
            })
        }
        _ => {
            ensure(status == StatusCode::OK, || {
                format!("status {status}: {resp}")
            })?;
            ensure(resp == after, || {
                format!("PATCH response {resp} differs from GET {after}")
            })?;
            (case.check)(&after, &ids).map_err(|e| format!("{e}\n  resource: {after}"))
        }
    }
}

#[tokio::test]
async fn every_printed_patch_body_in_default_and_strict_mode() {
    let mut failures = Vec::new();
    let cases = cases();
    for case in &cases {
        for mode in [Compliance::Tolerant, Compliance::Strict] {
            if let Err(e) = replay(case, mode).await {
                failures.push(format!("{} [{mode:?}]: {e}", case.name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} replays failed:\n{}",
        failures.len(),
        cases.len() * 2,
        failures.join("\n")
    );
}
