//! Property tests: random operation sequences never panic, failures are atomic, results
//! stay valid.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use super::*;

fn arb_path() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        3 => prop::sample::select(vec![
            "userName",
            "displayName",
            "active",
            "name",
            "name.givenName",
            "emails",
            "emails.value",
            "emails[type eq \"work\"]",
            "emails[type eq \"work\"].value",
            "emails[primary eq true].type",
            "roles[primary eq \"True\"].value",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "manager[value eq \"m0\"]",
            "members",
            "members[value eq \"u1\"]",
            "id",
            "meta.version",
            "x509Certificates",
            "emails[type eq",
            "name.nope",
            "custom",
        ])
        .prop_map(str::to_owned),
        // Arbitrary text, including multi-byte characters near the start.
        1 => "[a-zé\\[\\]. :\"]{0,14}",
    ])
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "",
            "True",
            "false",
            "work",
            "m0",
            "x@y",
            "{\"value\":\"1\"}"
        ])
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "value",
                        "type",
                        "primary",
                        "display",
                        "givenName",
                        "active",
                        "name.givenName",
                        "abcé.x",
                        "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName",
                        "id"
                    ]),
                    inner
                ),
                0..3
            )
            .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

fn arb_op() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec!["add", "replace", "remove", "Add", "REMOVE", "bogus"]),
        arb_path(),
        prop::option::of(arb_value()),
    )
        .prop_map(|(op, path, value)| {
            let mut o = Map::new();
            o.insert("op".into(), json!(op));
            if let Some(p) = path {
                o.insert("path".into(), json!(p));
            }
            if let Some(v) = value {
                o.insert("value".into(), v);
            }
            Value::Object(o)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Random operation sequences never panic; a failure leaves no partial result, and a
    /// success is still a valid resource that normalises to itself.
    #[test]
    fn random_operations_never_panic(ops in prop::collection::vec(arb_op(), 1..6), strict in any::<bool>(), is_user in any::<bool>()) {
        let mode = if strict { Compliance::Strict } else { Compliance::Tolerant };
        let rt = if is_user { "User" } else { "Group" };
        let current = fixture(rt);
        let b = body(Value::Array(ops.clone()));
        let before = current.clone();
        match patch(rt, mode, &current, &b) {
            Ok(out) => {
                let again = prepare_create(&out, &ctx(rt, Compliance::Tolerant));
                prop_assert!(again.is_ok(), "result does not validate: {out} {again:?}");
            }
            Err(e) => {
                prop_assert!(e.status == 400 || e.status == 413, "{e}");
                // Appending a failing op to a valid prefix still fails (atomicity).
                let mut longer = ops.clone();
                longer.insert(0, json!({"op":"replace","path":"displayName","value":"x"}));
                prop_assert!(patch(rt, mode, &current, &body(Value::Array(longer))).is_err());
            }
        }
        prop_assert_eq!(current, before);
    }
}
