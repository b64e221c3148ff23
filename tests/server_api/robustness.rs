//! No client input causes a 5xx or a panic: arbitrary query strings and arbitrary JSON bodies
//! against every endpoint that reads them (proptest).

use axum::http::Method;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use crate::server_support::Api;
use crate::{GROUP, USER};

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[a-zA-Z0-9 @.\"\\[\\]:_$-]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("userName"),
            Just("members"),
            Just("value"),
            Just("active"),
            Just("emails"),
            Just("Operations"),
            Just("op"),
            Just("path"),
            Just("replace"),
            Just("add"),
            Just("remove"),
            Just("displayName"),
            Just(USER),
            Just(GROUP),
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        let key = prop_oneof![
            Just("schemas".to_owned()),
            Just("userName".to_owned()),
            Just("displayName".to_owned()),
            Just("members".to_owned()),
            Just("emails".to_owned()),
            Just("Operations".to_owned()),
            Just("op".to_owned()),
            Just("path".to_owned()),
            Just("value".to_owned()),
            Just("name".to_owned()),
            Just("active".to_owned()),
            Just("filter".to_owned()),
            Just("count".to_owned()),
            Just("startIndex".to_owned()),
            Just("attributes".to_owned()),
            "[a-zA-Z:.]{1,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

fn query_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ()\\[\\]\".:@-]{0,30}"
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(f)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bodies_never_cause_a_server_error(body in json_value(), patch in json_value()) {
        block_on(async {
            let api = Api::new();
            let user = api.post("/Users", json!({"schemas": [USER], "userName": "fixed"})).await;
            let uid = user.json["id"].as_str().unwrap_or("none").to_owned();
            let group = api
                .post("/Groups", json!({"schemas": [GROUP], "displayName": "g", "members": [{"value": uid}]}))
                .await;
            let gid = group.json["id"].as_str().unwrap_or("none").to_owned();
            let ops = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [patch.clone()]});
            for (method, path, b) in [
                (Method::POST, "/Users".to_owned(), body.clone()),
                (Method::POST, "/Groups".to_owned(), body.clone()),
                (Method::PUT, format!("/Users/{uid}"), body.clone()),
                (Method::PUT, format!("/Groups/{gid}"), body.clone()),
                (Method::PATCH, format!("/Users/{uid}"), body.clone()),
                (Method::PATCH, format!("/Users/{uid}"), ops.clone()),
                (Method::PATCH, format!("/Groups/{gid}"), ops.clone()),
                (Method::POST, "/.search".to_owned(), body.clone()),
                (Method::POST, "/Users/.search".to_owned(), patch.clone()),
            ] {
                let r = api.call(method.clone(), &path, Some(b)).await;
                assert!(r.status.as_u16() < 500, "{method} {path}: {} {}", r.status, r.json);
                assert_eq!(r.header("content-type").filter(|_| !r.body.is_empty()).unwrap_or("application/scim+json"), "application/scim+json");
            }
        });
    }

    #[test]
    fn arbitrary_query_parameters_never_cause_a_server_error(
        filter in query_text(),
        attributes in query_text(),
        sort_by in query_text(),
        start in "-?[0-9]{0,22}",
        count in "-?[0-9a-z]{0,22}",
    ) {
        block_on(async {
            let api = Api::new();
            api.post("/Users", json!({"schemas": [USER], "userName": "fixed", "emails": [{"value": "a@b.c"}]})).await;
            let enc = |s: &str| {
                s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect::<String>()
            };
            let q = format!(
                "filter={}&attributes={}&sortBy={}&startIndex={}&count={}",
                enc(&filter), enc(&attributes), enc(&sort_by), enc(&start), enc(&count)
            );
            for path in ["/Users", "/Groups", "/"] {
                let r = api.get(&format!("{path}?{q}")).await;
                assert!(r.status.as_u16() < 500, "GET {path}?{q}: {} {}", r.status, r.json);
            }
            let r = api.get(&format!("/Users/x?excludedAttributes={}", enc(&attributes))).await;
            assert!(r.status.as_u16() < 500);
        });
    }
}
