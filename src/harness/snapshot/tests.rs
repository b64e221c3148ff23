//! Tests of normalisation, naming, the file format and drift reports.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::scim::schema::LIST_RESPONSE;
use serde_json::json;
use std::time::Duration;

fn exchange(method: &str, url: &str, req: Option<&str>, status: u16, body: &str) -> Exchange {
    Exchange {
        method: method.into(),
        url: url.into(),
        request_headers: vec![],
        request_body: req.map(Into::into),
        started: std::time::SystemTime::UNIX_EPOCH,
        status,
        response_headers: vec![
            ("content-type".into(), "application/scim+json".into()),
            ("etag".into(), "W/\"3\"".into()),
        ],
        body: body.into(),
        body_size: body.len(),
        json: serde_json::from_str(body).ok(),
        elapsed: Duration::from_millis(1),
    }
}

fn record(exchanges: &[Exchange], saved: &BTreeMap<String, Value>, run: &str) -> Value {
    normalise(&Recording {
        path: "features/okta/group_push.feature",
        scenario: "Push Now",
        ordinal: 1,
        base_url: "http://127.0.0.1:41234/scim/v2",
        run_token: run,
        saved,
        exchanges,
    })
}

fn created(id: &str, run: &str) -> String {
    json!({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":id,"userName":format!("{run}.alice@example.com"),
           "meta":{"resourceType":"User","created":"2026-11-24T05:00:00Z","lastModified":"2026-11-24T05:00:00.123Z",
                   "location":format!("http://127.0.0.1:41234/scim/v2/Users/{id}"),"version":"W/\"1\""}})
    .to_string()
}

#[test]
fn two_runs_with_different_ids_tokens_and_ports_normalise_alike() {
    let run_once = |id: &str, run: &str, port: u16| {
        let base = format!("http://127.0.0.1:{port}/scim/v2");
        let body = created(id, run).replace("41234", &port.to_string());
        let ex = vec![
            exchange(
                "POST",
                &format!("{base}/Users"),
                Some(&format!("{{\"userName\":\"{run}.alice@example.com\"}}")),
                201,
                &body,
            ),
            exchange("GET", &format!("{base}/Users/{id}"), None, 200, &body),
        ];
        let mut saved = BTreeMap::new();
        saved.insert("alice".to_owned(), serde_json::from_str(&body).unwrap());
        normalise(&Recording {
            path: "features/okta/user_push.feature",
            scenario: "Push a new user",
            ordinal: 1,
            base_url: &base,
            run_token: run,
            saved: &saved,
            exchanges: &ex,
        })
    };
    let a = run_once("2819c223-7f76-453a-919d-413861904646", "sh1234abcd", 41234);
    let b = run_once("9a1b2c3d-0000-4000-8000-000000000001", "sh9999ffff", 50000);
    assert_eq!(a, b);
    assert_eq!(
        a.pointer("/exchanges/1/request/path").unwrap(),
        "/Users/[alice.id]"
    );
    assert_eq!(
        a.pointer("/exchanges/0/response/body/userName").unwrap(),
        "[run].alice@example.com"
    );
    assert_eq!(
        a.pointer("/exchanges/0/response/body/meta/location")
            .unwrap(),
        "[base]/Users/[alice.id]"
    );
    assert_eq!(
        a.pointer("/exchanges/0/response/body/meta/created")
            .unwrap(),
        "[timestamp]"
    );
    assert_eq!(
        a.pointer("/exchanges/0/response/body/meta/version")
            .unwrap(),
        "[version]"
    );
    assert_eq!(
        a.pointer("/exchanges/0/response/headers/etag").unwrap(),
        "[version]"
    );
}

#[test]
fn unsaved_ids_are_named_by_type_and_order() {
    let ex = vec![
        exchange(
            "POST",
            "http://127.0.0.1:41234/scim/v2/Users",
            None,
            201,
            &created("id-one-1111", "r"),
        ),
        exchange(
            "POST",
            "http://127.0.0.1:41234/scim/v2/Users",
            None,
            201,
            &created("id-two-2222", "r"),
        ),
    ];
    let doc = record(&ex, &BTreeMap::new(), "r");
    assert_eq!(
        doc.pointer("/exchanges/0/response/body/id").unwrap(),
        "[user-1.id]"
    );
    assert_eq!(
        doc.pointer("/exchanges/1/response/body/id").unwrap(),
        "[user-2.id]"
    );
}

#[test]
fn foreign_resources_and_unscoped_totals_are_redacted() {
    let list = json!({"schemas":[LIST_RESPONSE],"totalResults":7,"itemsPerPage":2,"startIndex":1,
                      "Resources":[{"id":"someone-else-123"},{"id":"mine-4567"}]})
    .to_string();
    let ex = vec![
        exchange(
            "GET",
            "http://127.0.0.1:41234/scim/v2/Users/mine-4567",
            None,
            200,
            &created("mine-4567", "r"),
        ),
        exchange(
            "GET",
            "http://127.0.0.1:41234/scim/v2/Users?startIndex=1&count=2",
            None,
            200,
            &list,
        ),
    ];
    let doc = record(&ex, &BTreeMap::new(), "r");
    let body = doc.pointer("/exchanges/1/response/body").unwrap();
    assert_eq!(body["totalResults"], "[depends on the target's contents]");
    assert_eq!(body["Resources"], "[depends on the target's contents]");
    assert_eq!(body["startIndex"], 1);
}

#[test]
fn a_scoped_list_of_own_resources_keeps_its_counts() {
    let list = json!({"schemas":[LIST_RESPONSE],"totalResults":1,"itemsPerPage":1,"startIndex":1,
                      "Resources":[{"id":"mine-4567"}]})
    .to_string();
    let ex = vec![
        exchange(
            "POST",
            "http://127.0.0.1:41234/scim/v2/Users",
            None,
            201,
            &created("mine-4567", "r"),
        ),
        exchange(
            "GET",
            "http://127.0.0.1:41234/scim/v2/Users?filter=userName%20eq%20%22x%22",
            None,
            200,
            &list,
        ),
    ];
    let doc = record(&ex, &BTreeMap::new(), "r");
    assert_eq!(
        doc.pointer("/exchanges/1/response/body/totalResults")
            .unwrap(),
        1
    );
}

#[test]
fn upper_cased_tokens_embedded_timestamps_and_versions_are_redacted() {
    let ex = vec![exchange(
        "GET",
        "http://127.0.0.1:41234/scim/v2/Users?filter=userName%20eq%20%22SH12AB.X%22%20and%20meta.created%20ge%20%222026-11-24T05%3A30%3A57.93Z%22",
        None,
        412,
        r#"{"detail":"If-Match W/\"772\" does not match W/\"774\" at 2026-11-24T05:30:57+01:00"}"#,
    )];
    let doc = record(&ex, &BTreeMap::new(), "sh12ab");
    assert_eq!(
        doc.pointer("/exchanges/0/request/path").unwrap(),
        "/Users?filter=userName%20eq%20%22[RUN].X%22%20and%20meta.created%20ge%20%22[timestamp]%22"
    );
    assert_eq!(
        doc.pointer("/exchanges/0/response/body/detail").unwrap(),
        r#"If-Match W/"[version]" does not match W/"[version]" at [timestamp]"#
    );
}

#[test]
fn members_are_compared_as_sets() {
    let a = json!({"id":"g-1234","members":[{"value":"b"},{"value":"a"}]}).to_string();
    let b = json!({"id":"g-1234","members":[{"value":"a"},{"value":"b"}]}).to_string();
    let url = "http://127.0.0.1:41234/scim/v2/Groups/g-1234";
    let one = record(
        &[exchange("GET", url, None, 200, &a)],
        &BTreeMap::new(),
        "r",
    );
    let two = record(
        &[exchange("GET", url, None, 200, &b)],
        &BTreeMap::new(),
        "r",
    );
    assert_eq!(one, two);
}

#[test]
fn names_follow_folder_feature_and_scenario() {
    assert_eq!(
        name(
            "features/okta/group_push.feature",
            "Push Now replaces the whole member list",
            1
        ),
        "okta__group_push__push_now_replaces_the_whole_member_list"
    );
    assert_eq!(
        name("features/entra/roles.feature", "Roles (<dialect>)", 2),
        "entra__roles__roles_dialect_2"
    );
}

#[test]
fn drift_is_reported_by_pointer_and_nothing_is_written_without_update() {
    let dir = std::env::temp_dir().join(format!(
        "scim-harness-snap-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let url = "http://127.0.0.1:41234/scim/v2/Users";
    let saved = BTreeMap::new();
    let first = [exchange("POST", url, None, 201, &created("abcd-1234", "r"))];
    let rec = |ex: &'static [Exchange]| Recording {
        path: "features/protocol/users_crud.feature",
        scenario: "Create",
        ordinal: 1,
        base_url: "http://127.0.0.1:41234/scim/v2",
        run_token: "r",
        saved: &saved,
        exchanges: ex,
    };
    let first: &'static [Exchange] = Box::leak(Box::new(first));
    let checking = Store::new(dir.clone(), false, false);
    let (name, verdict) = checking.check(&rec(first)).unwrap();
    assert!(matches!(verdict, Verdict::Missing { .. }), "{verdict:?}");
    assert!(
        !dir.join(format!("{name}.snap")).exists(),
        "check mode wrote a snapshot"
    );
    let updating = Store::new(dir.clone(), true, false);
    assert_eq!(updating.check(&rec(first)).unwrap().1, Verdict::Written);
    assert_eq!(updating.check(&rec(first)).unwrap().1, Verdict::Matches);
    assert_eq!(checking.written(), None, "a check run reports no writes");
    assert_eq!(checking.check(&rec(first)).unwrap().1, Verdict::Matches);
    let second: &'static [Exchange] = Box::leak(Box::new([exchange(
        "POST",
        url,
        None,
        200,
        &created("abcd-1234", "r"),
    )]));
    let (_, verdict) = checking.check(&rec(second)).unwrap();
    let Verdict::Changed { changes, .. } = verdict else {
        panic!("expected drift")
    };
    assert_eq!(
        changes,
        vec!["/exchanges/0/response/status: 201 → 200".to_owned()]
    );
    assert_eq!(updating.check(&rec(second)).unwrap().1, Verdict::Written);
    let written = updating.written().unwrap();
    assert_eq!(
        (written.new, written.updated, written.unchanged),
        (1, 1, 1),
        "first write, rewrite after the change, the match in between"
    );
    // Outside CI a match removes the `.snap.new` an earlier run left; a check never creates a
    // missing directory.
    let stale = dir.join(format!("{name}.snap.new"));
    std::fs::write(&stale, "old pending").unwrap();
    let outside_ci = Store::new(dir.clone(), false, true);
    assert_eq!(outside_ci.check(&rec(second)).unwrap().1, Verdict::Matches);
    assert!(!stale.exists(), "the stale .snap.new is still there");
    let absent = Store::new(dir.join("absent"), false, true);
    assert!(absent.check(&rec(second)).unwrap().1.is_drift());
    assert!(
        !dir.join("absent").exists(),
        "check mode created the directory"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
