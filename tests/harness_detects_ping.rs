//! "The harness catches it" for the Ping and Rippling rules (docs/idp/ping.md, docs/idp/rippling.md):
//! each test starts a wiremock target that forwards to the reference server but breaks exactly one
//! rule those features replay, runs `@ping` / `@rippling` scenarios against it and against an
//! unmodified target, and asserts that only the defective run fails, in the scenario written for
//! the rule, naming it. Same method as `harness_detects.rs`, in its own binary so that the two
//! files grow independently.
#![allow(clippy::unwrap_used)]

mod defects;

use axum::http::Method;
use serde_json::{Value, json};

use defects::{Catch, Defect, Req, Resp, detect, detects, get_of, operations};

const PING_MATCH: &str = "features/ping/match_user.feature";
const PING_GROUPS: &str = "features/ping/groups.feature";
const RIPPLING_GROUPS: &str = "features/rippling/groups.feature";

fn is_user_list(req: &Req) -> bool {
    req.method == Method::GET && req.path == "/Users"
}

/// An empty ListResponse, as a server answers when its filter matched nothing.
fn empty_list() -> Resp {
    let mut resp = Resp::scim_error(200, None, "");
    resp.set_json(&json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": 0, "itemsPerPage": 0, "startIndex": 1, "Resources": []
    }));
    resp
}

/// The filter's first two words: attribute and operator.
fn attribute_and_operator(req: &Req) -> Option<(String, String)> {
    let filter = req.param("filter")?;
    let mut words = filter.split_whitespace();
    Some((words.next()?.to_owned(), words.next()?.to_owned()))
}

detect!(flags_filter_operators_that_are_case_sensitive, async {
    // Refuses `Eq` / `EQ` / `Co`, as a parser matching the lower-case keywords byte for byte does.
    let defect = Defect::before(|req| {
        let (_, op) = attribute_and_operator(req).filter(|_| is_user_list(req))?;
        (op != op.to_lowercase()).then(|| {
            Resp::scim_error(
                400,
                Some("invalidFilter"),
                &format!("unknown operator {op}"),
            )
        })
    });
    detects(
        defect,
        "@ping and @ping-filter-custom",
        &[
            Catch {
                path: PING_MATCH,
                scenario: "PingOne's example template username Eq \"%s\" capitalises the operator",
                rule: "docs/idp/ping.md §1.3",
            },
            Catch {
                path: PING_MATCH,
                scenario: "PingOne's contains template, Co on the emails, finds the user by part of an address",
                rule: "docs/idp/ping.md §1.3",
            },
        ],
    )
    .await;
});

detect!(
    flags_filter_attribute_names_that_are_case_sensitive,
    async {
        // `username` is not `userName` to this server: nothing matches.
        let defect = Defect::before(|req| {
            let (attr, _) = attribute_and_operator(req).filter(|_| is_user_list(req))?;
            let known = ["userName", "emails", "externalId", "id", "active"];
            let wrong_case = known
                .iter()
                .any(|k| k.eq_ignore_ascii_case(&attr) && *k != attr);
            wrong_case.then(empty_list)
        });
        detects(
        defect,
        "@ping and @ping-filter-custom and @pingfederate",
        &[Catch {
            path: PING_MATCH,
            scenario: "PingFederate's example template username eq \"%s\" writes the attribute in lower case",
            rule: "docs/idp/ping.md §1.3",
        }],
    )
    .await;
    }
);

/// The members the group `req` addresses holds now.
fn current_members(req: &Req, forward: defects::Forwarder<'_>) -> Vec<Value> {
    forward(&get_of(req))
        .json()
        .and_then(|g| g["members"].as_array().cloned())
        .unwrap_or_default()
}

detect!(flags_a_group_put_that_ignores_members, async {
    // Applies the displayName of a group PUT but keeps the members it had.
    let defect = Defect::around(|req, forward| {
        if req.is_resource("PUT", "/Groups") {
            let kept = current_members(req, forward);
            if let Some(mut body) = req.json() {
                body["members"] = Value::Array(kept);
                req.set_json(&body);
            }
        }
        forward(req)
    });
    detects(
        defect,
        "(@ping and @ping-group-put) or (@rippling and @rippling-put-groups)",
        &[
            Catch {
                path: PING_GROUPS,
                scenario: "A membership change is a PUT of the whole member list, which overwrites the target's",
                rule: "docs/idp/ping.md §2.4",
            },
            Catch {
                path: PING_GROUPS,
                scenario: "A PUT with an empty member list empties the group",
                rule: "docs/idp/ping.md §2.4",
            },
            Catch {
                path: RIPPLING_GROUPS,
                scenario: "With PATCH off, membership is a PUT of the full member list",
                rule: "docs/idp/rippling.md §2.4",
            },
        ],
    )
    .await;
});

detect!(
    flags_a_server_that_loses_users_dropped_from_a_full_list_put,
    async {
        // Applies the PUT, then deletes every user the new list left out.
        let defect = Defect::around(|req, forward| {
            if !req.is_resource("PUT", "/Groups") {
                return forward(req);
            }
            let before = current_members(req, forward);
            let after: Vec<Value> = req
                .json()
                .and_then(|b| b["members"].as_array().cloned())
                .unwrap_or_default();
            let resp = forward(req);
            for m in &before {
                let id = m["value"].as_str().unwrap_or_default();
                if !after.iter().any(|a| a["value"] == id) {
                    let mut delete = get_of(req);
                    delete.method = Method::DELETE;
                    delete.path = format!("/Users/{id}");
                    forward(&delete);
                }
            }
            resp
        });
        detects(
        defect,
        "@ping and @ping-group-put and @must",
        &[Catch {
            path: PING_GROUPS,
            scenario: "A membership change is a PUT of the whole member list, which overwrites the target's",
            rule: "docs/idp/ping.md §2.4",
        }],
    )
    .await;
    }
);

detect!(flags_a_scheme_word_other_than_bearer_refused, async {
    let defect = Defect::before(|req| {
        let value = req.headers.get("authorization")?.to_str().ok()?.to_owned();
        (!value.to_ascii_lowercase().starts_with("bearer "))
            .then(|| Resp::scim_error(401, None, "expected Authorization: Bearer <token>"))
    });
    detects(
        defect,
        "@ping and @tolerance-auth-scheme",
        &[Catch {
            path: "features/ping/test_connection.feature",
            scenario: "PingFederate with Authorization Header Type \"oauth2\" puts that word before the token",
            rule: "docs/idp/ping.md §0.3",
        }],
    )
    .await;
});

detect!(flags_two_primary_emails_rejected, async {
    let defect = Defect::before(|req| {
        let body = req.json()?;
        let primaries = body["emails"]
            .as_array()
            .map_or(0, |e| e.iter().filter(|x| x["primary"] == true).count());
        (req.is("POST", "/Users") && primaries > 1)
            .then(|| Resp::scim_error(400, Some("invalidValue"), "at most one primary email"))
    });
    detects(
        defect,
        "@ping and @tolerance-duplicate-primary",
        &[Catch {
            path: "features/ping/user_lifecycle.feature",
            scenario: "One address written into two email slots, both flagged primary",
            rule: "docs/idp/ping.md §1.4",
        }],
    )
    .await;
});

detect!(
    flags_a_server_that_refuses_a_user_in_two_groups_at_once,
    async {
        // Enforces exclusivity itself: adding a member who already belongs to a group is a 409.
        let defect = Defect::around(|req, forward| {
            if req.is_resource("PATCH", "/Groups") {
                let body = req.json().unwrap_or_default();
                for op in operations(&body) {
                    let adds = op["op"] == "add" && op["path"] == "members";
                    for m in op["value"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|_| adds)
                    {
                        let id = m["value"].as_str().unwrap_or_default();
                        let mut user = get_of(req);
                        user.path = format!("/Users/{id}");
                        let in_a_group = forward(&user)
                            .json()
                            .and_then(|u| u["groups"].as_array().map(|g| !g.is_empty()))
                            .unwrap_or(false);
                        if in_a_group {
                            return Resp::scim_error(
                                409,
                                Some("uniqueness"),
                                "user is already in a group",
                            );
                        }
                    }
                }
            }
            forward(req)
        });
        detects(
        defect,
        "@rippling and @rippling-mutually-exclusive",
        &[Catch {
            path: RIPPLING_GROUPS,
            scenario: "A move between mutually exclusive groups that adds first passes through two groups",
            rule: "docs/idp/rippling.md §2.4",
        }],
    )
    .await;
    }
);
