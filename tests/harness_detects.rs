//! "The harness catches it": each test starts a wiremock target that forwards to the reference
//! server but breaks exactly one rule (a [`Defect`]), runs the real harness against it with a
//! small tag selection, and asserts that the run fails (exit code 1; `--strict`, so a SHOULD
//! scenario counts too), that the scenario written for that rule is among the failures, and that
//! its failure text names the rule. The same selection runs against the unmodified forwarding
//! target too and must pass, so every assertion here can fail.
//!
//! Then targets that cannot be tested at all: dead, not SCIM, or hanging; they must end quickly
//! with exit code 3 ("could not test"), never with a rule violation. Last, defects that once
//! slipped through (URLs on an unreachable origin, a frozen lastModified): each must now be
//! caught somewhere in the suite.
//!
//! Each test runs in a child process of this binary (see [`defects::isolated`]) so that
//! cucumber's progress output does not flood `cargo test`.
#![allow(clippy::unwrap_used)]

mod defects;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use axum::http::Method;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use defects::{
    Defect, LIMIT, Req, Resp, Target, catch, detect, detects, each_resource, eq_value, find,
    get_of, isolated, operations, run, run_with_timeout, summary,
};
use scim_harness::harness::{Aborted, FailureKind, Status};

const USERS_CRUD: &str = "features/protocol/users_crud.feature";
const ERRORS: &str = "features/protocol/errors.feature";
const FILTER: &str = "features/protocol/filter.feature";
const PAGING: &str = "features/protocol/paging.feature";
const CREATE_201: &str =
    "Creating a user answers 201 with its id and a Location header matching meta.location";
const OKTA_409: &str = "Pushing a user that already exists gets 409 with a SCIM Error";
const DUPLICATE_409: &str = "Creating a user with a userName already taken is a 409 uniqueness";

fn is_list(req: &Req, endpoint: &str) -> bool {
    req.method == Method::GET && req.path == endpoint
}

// ---------------------------------------------------------------------------------------------
// Create

// A step that accepts several statuses (`200 or 501`) still needs the document a 2xx promises.
detect!(
    flags_me_that_answers_200_with_a_body_that_is_not_a_user,
    async {
        let defect = Defect::before(|req| {
            req.is("GET", "/Me").then(|| Resp {
                status: 200,
                headers: axum::http::HeaderMap::new(),
                body: b"hello from /Me".to_vec(),
                delay: None,
            })
        });
        detects(
            defect,
            "@rfc7644-3.11 and @should and not @capability-me",
            &[catch(
                ERRORS,
                "/Me answers 501 when the server does not support it",
                "RFC 7644 §3.11",
            )],
        )
        .await;
    }
);

detect!(flags_create_that_returns_200_instead_of_201, async {
    let defect = Defect::after(|req, resp| {
        if req.is("POST", "/Users") && resp.status == 201 {
            resp.status = 200;
        }
    });
    let tags = "@protocol and @rfc7644-3.3 and @must and not @rfc7644-3.12";
    detects(
        defect,
        tags,
        &[catch(USERS_CRUD, CREATE_201, "RFC 7644 §3.3")],
    )
    .await;
});

detect!(flags_create_without_a_location_header, async {
    let defect = Defect::after(|req, resp| {
        if req.is("POST", "/Users") && resp.status == 201 {
            resp.headers.remove("location");
        }
    });
    let tags = "@protocol and @rfc7644-3.3 and @must and not @rfc7644-3.12";
    detects(
        defect,
        tags,
        &[catch(USERS_CRUD, CREATE_201, "RFC 7644 §3.3")],
    )
    .await;
});

detect!(flags_a_password_echoed_back_on_create, async {
    let defect = Defect::after(|req, resp| {
        let sent = req.json().and_then(|b| b.get("password").cloned());
        if let (true, Some(password)) = (req.is("POST", "/Users") && resp.status == 201, sent) {
            resp.edit_json(|v| v["password"] = password);
        }
    });
    let tags = "(@protocol and @rfc7643-4.1.1) or (@okta and @must and @documented)";
    detects(
        defect,
        tags,
        &[
            catch(
                "features/protocol/projection.feature",
                "password is never returned, on create or read",
                "RFC 7643 §4.1.1",
            ),
            catch(
                "features/okta/user_push.feature",
                "Push a new user",
                "docs/idp/okta.md §1.3 B",
            ),
        ],
    )
    .await;
});

detect!(flags_a_duplicate_user_name_accepted_without_409, async {
    // The defective server stores nothing but answers as if it had created a second user.
    let defect = Defect::after(|req, resp| {
        if req.is("POST", "/Users") && resp.status == 409 {
            let mut user = req.json().unwrap_or_default();
            user["id"] = json!(uuid::Uuid::new_v4().to_string());
            // Not echoed: that would be a second defect (password is returned "never").
            if let Some(o) = user.as_object_mut() {
                o.remove("password");
            }
            user["meta"] = json!({"resourceType": "User", "created": "2026-01-01T00:00:00Z", "lastModified": "2026-01-01T00:00:00Z"});
            *resp = Resp::scim_error(201, None, "");
            resp.set_json(&user);
        }
    });
    let tags =
        "(@protocol and @rfc7644-3.3 and @rfc7644-3.12) or (@okta and @must and @documented)";
    detects(
        defect,
        tags,
        &[
            catch(ERRORS, DUPLICATE_409, "RFC 7644 §3.3"),
            catch(
                "features/okta/user_push.feature",
                OKTA_409,
                "docs/idp/okta.md §1.3 B",
            ),
        ],
    )
    .await;
});

detect!(flags_a_409_without_a_scim_error_body, async {
    let defect = Defect::after(|_, resp| {
        if resp.status == 409 {
            resp.body.clear();
            resp.headers.remove("content-type");
        }
    });
    let tags =
        "(@protocol and @rfc7644-3.3 and @rfc7644-3.12) or (@okta and @must and @documented)";
    detects(
        defect,
        tags,
        &[
            catch(
                "features/okta/user_push.feature",
                OKTA_409,
                "docs/idp/okta.md §1.3 B",
            ),
            catch(ERRORS, DUPLICATE_409, "RFC 7644 §3.3"),
        ],
    )
    .await;
});

// ---------------------------------------------------------------------------------------------
// Errors and media types

detect!(flags_plain_text_error_bodies, async {
    let defect = Defect::after(|_, resp| {
        if resp.status >= 400 {
            let detail = resp
                .json()
                .and_then(|v| v["detail"].as_str().map(str::to_owned));
            resp.body = detail.unwrap_or_else(|| "error".into()).into_bytes();
            resp.set_header("content-type", "text/plain; charset=utf-8");
        }
    });
    let tags = "(@protocol and @rfc7644-3.12 and @rfc7644-3.4.1) or (@entra-default and @must and @observed and not @tolerance-op-case and not @tolerance-manager-string)";
    detects(
        defect,
        tags,
        &[
            catch(
                ERRORS,
                "An unknown user id is a 404 SCIM Error",
                "RFC 7644 §3.12",
            ),
            catch(
                "features/entra/create_user.feature",
                "A create the server cannot accept gets a SCIM Error body, not HTML",
                "docs/idp/entra.md §1.4",
            ),
        ],
    )
    .await;
});

detect!(flags_error_status_given_as_a_json_number, async {
    let defect = Defect::after(|_, resp| {
        if resp.status >= 400 {
            let status = resp.status;
            resp.edit_json(|v| v["status"] = json!(status));
        }
    });
    let tags = "@protocol and @rfc7644-3.12 and @rfc7644-3.4.1";
    detects(
        defect,
        tags,
        &[catch(
            ERRORS,
            "An unknown user id is a 404 SCIM Error",
            "RFC 7644 §3.12",
        )],
    )
    .await;
});

detect!(flags_application_json_as_the_response_content_type, async {
    let defect = Defect::after(|_, resp| {
        if resp
            .header("content-type")
            .is_some_and(|c| c.starts_with("application/scim+json"))
        {
            resp.set_header("content-type", "application/json");
        }
    });
    detects(
        defect,
        "@protocol and @rfc7644-3.8 and @must",
        &[catch(
            "features/protocol/media_types.feature",
            "A resource is returned as application/scim+json",
            "RFC 7644 §3.8",
        )],
    )
    .await;
});

detect!(flags_a_wrong_token_accepted, async {
    // The defective server lets any Authorization header through (a missing one still fails).
    let defect = Defect::before(|req| {
        let good = format!("Bearer {}", defects::TOKEN);
        let sent = req
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if let Some(sent) = sent
            && !sent.eq_ignore_ascii_case(&good)
            && sent != defects::TOKEN
        {
            req.headers.insert("authorization", good.parse().unwrap());
        }
        None
    });
    let tags = "(@protocol and @rfc7644-2) or (@okta and @must and @documented) or (@entra-default and @must and @documented and not @tolerance-op-case)";
    detects(
        defect,
        tags,
        &[
            catch(
                ERRORS,
                "A request with a wrong token is a 401 SCIM Error",
                "RFC 7644 §3.12",
            ),
            catch(
                "features/okta/test_credentials.feature",
                "A wrong token fails the connection test with a SCIM Error",
                "docs/idp/okta.md §1.1",
            ),
            catch(
                "features/entra/test_connection.feature",
                "A wrong secret token is refused as invalid credentials",
                "docs/idp/entra.md §1.1",
            ),
        ],
    )
    .await;
});

detect!(flags_a_401_without_a_scim_error, async {
    let defect = Defect::after(|_, resp| {
        if resp.status == 401 {
            resp.body = b"Unauthorized".to_vec();
            resp.set_header("content-type", "text/plain");
        }
    });
    detects(
        defect,
        "@protocol and @rfc7644-2",
        &[catch(
            ERRORS,
            "A request without a token is a 401 SCIM Error with WWW-Authenticate",
            "RFC 7644 §3.12",
        )],
    )
    .await;
});

detect!(
    flags_a_write_to_service_provider_config_answered_200,
    async {
        let defect = Defect::before(|req| {
            if req.path == "/ServiceProviderConfig" && req.method != Method::GET {
                *req = get_of(req);
            }
            None
        });
        detects(
            defect,
            "@protocol and @rfc7644-4 and @should",
            &[catch(
                "features/protocol/discovery.feature",
                "ServiceProviderConfig refuses writes with 405 and a SCIM Error",
                "RFC 7644 §4",
            )],
        )
        .await;
    }
);

// ---------------------------------------------------------------------------------------------
// Lists, filters, paging

detect!(flags_total_results_counted_after_paging, async {
    let defect = Defect::after(|req, resp| {
        if is_list(req, "/Users") {
            resp.edit_json(|v| {
                let n = v["Resources"].as_array().map_or(0, Vec::len);
                v["totalResults"] = json!(n);
            });
        }
    });
    detects(
        defect,
        "@protocol and @rfc7644-3.4.2.4 and @must",
        &[catch(
            PAGING,
            "totalResults counts every match while count limits the page",
            "RFC 7644 §3.4.2.4",
        )],
    )
    .await;
});

detect!(flags_items_per_page_equal_to_the_requested_count, async {
    let defect = Defect::after(|req, resp| {
        let count = req.param("count").and_then(|c| c.parse::<u64>().ok());
        if let (true, Some(count)) = (is_list(req, "/Users") && resp.status == 200, count) {
            resp.edit_json(|v| v["itemsPerPage"] = json!(count));
        }
    });
    detects(
        defect,
        "(@okta and @must and @documented) or (@protocol and @rfc7644-3.4.2.4 and @must)",
        &[
            catch(
                PAGING,
                "The last page holds what is left",
                "RFC 7644 §3.4.2",
            ),
            // Not okta/import.feature's "…a full page holds count users": its pages are all
            // full, so itemsPerPage = count there is right by accident.
            catch(
                "features/okta/user_push.feature",
                "The existence check for a pushed user finds it with the attributes Okta reads",
                "docs/idp/okta.md §1.3 A",
            ),
        ],
    )
    .await;
});

detect!(flags_count_0_that_returns_resources, async {
    let defect = Defect::before(|req| {
        req.retain_params(|k, v| !(k.eq_ignore_ascii_case("count") && v == "0"));
        None
    });
    detects(
        defect,
        "@protocol and @rfc7644-3.4.2.4 and @must",
        &[catch(
            PAGING,
            "count=0 returns only the total",
            "RFC 7644 §3.4.2.4",
        )],
    )
    .await;
});

/// `ATTR eq "X"` filters on `endpoint` answered with exact-case matches only.
fn case_sensitive_eq(endpoint: &'static str, attr: &'static str) -> Defect {
    Defect::after(move |req, resp| {
        if !is_list(req, endpoint) {
            return;
        }
        let Some(wanted) = req.param("filter").and_then(|f| eq_value(&f, attr)) else {
            return;
        };
        resp.edit_json(|v| {
            if let Some(list) = v["Resources"].as_array_mut() {
                list.retain(|r| r[attr].as_str() == Some(wanted.as_str()));
                let n = list.len();
                v["totalResults"] = json!(n);
                v["itemsPerPage"] = json!(n);
            }
        });
    })
}

detect!(flags_a_user_name_filter_that_is_case_sensitive, async {
    let tags = "(@protocol and @rfc7644-3.4.2.2 and @must and not @rfc7644-3.12) or (@entra-default and @must and @documented and not @tolerance-op-case and not @tolerance-role-json-string)";
    detects(
        case_sensitive_eq("/Users", "userName"),
        tags,
        &[
            catch(
                FILTER,
                "userName compares without regard to case",
                "RFC 7644 §3.4.2.2",
            ),
            catch(
                "features/entra/match_user.feature",
                "Match by userName in another case still finds the user",
                "docs/idp/entra.md §1.3",
            ),
        ],
    )
    .await;
});

detect!(
    flags_a_group_display_name_filter_that_is_case_sensitive,
    async {
        detects(
        case_sensitive_eq("/Groups", "displayName"),
        "@entra-validator",
        &[catch(
            "features/entra/groups_validator.feature",
            "Filter groups excluding members, in the original and in another case (G3 G4 G5 G6 G7)",
            "docs/idp/entra.md §4.2",
        )],
    )
    .await;
    }
);

detect!(flags_404_for_a_filter_that_matches_nothing, async {
    let defect = Defect::after(|req, resp| {
        let listed = is_list(req, "/Users") || is_list(req, "/Groups");
        if listed
            && req.param("filter").is_some()
            && resp.json().is_some_and(|v| v["totalResults"] == 0)
        {
            *resp = Resp::scim_error(404, None, "no such resource");
        }
    });
    let tags = "(@protocol and @rfc7644-3.4.2.2 and @must and not @rfc7644-3.12) or (@entra-default and @must and @documented and not @tolerance-op-case and not @tolerance-role-json-string) or (@okta and @must and @documented)";
    detects(
        defect,
        tags,
        &[
            catch(
                FILTER,
                "A filter that matches nothing is an empty list, not an error",
                "RFC 7644 §3.4.2",
            ),
            catch(
                "features/entra/match_user.feature",
                "A user that does not exist gets 200 with an empty list, never 404",
                "docs/idp/entra.md §1.3",
            ),
            catch(
                "features/okta/user_push.feature",
                "The existence check for a new user finds nothing (%20 encoding)",
                "docs/idp/okta.md §1.3 A",
            ),
        ],
    )
    .await;
});

detect!(flags_plus_in_a_filter_not_decoded_as_a_space, async {
    // The defective server decodes the query as a URI path would: `+` stays a plus.
    let defect = Defect::before(|req| {
        if let Some(q) = &req.query {
            req.query = Some(q.replace('+', "%2B"));
        }
        None
    });
    detects(
        defect,
        "(@okta and @must and @documented) or (@protocol and @rfc7644-3.4.2.2 and @should)",
        &[
            catch(
                "features/okta/user_push.feature",
                "The existence check for a new user finds nothing (form encoding with +)",
                "docs/idp/okta.md §0.4",
            ),
            catch(
                FILTER,
                "A filter form-encoded with + for spaces",
                "RFC 7644 §3.4.2.2",
            ),
        ],
    )
    .await;
});

detect!(flags_id_missing_from_list_resources, async {
    let defect = Defect::after(|req, resp| {
        if is_list(req, "/Users") || is_list(req, "/Groups") {
            resp.edit_json(|v| {
                if let Some(list) = v["Resources"].as_array_mut() {
                    for r in list {
                        if let Some(o) = r.as_object_mut() {
                            o.remove("id");
                        }
                    }
                }
            });
        }
    });
    detects(
        defect,
        "(@okta and @must and @documented) or (@entra-default and @must and @documented and not @tolerance-op-case)",
        &[
            catch(
                "features/okta/user_push.feature",
                "The existence check for a pushed user finds it with the attributes Okta reads",
                "docs/idp/okta.md §1.3 A",
            ),
            catch(
                "features/entra/match_user.feature",
                "Match by userName finds the user with its id",
                "docs/idp/entra.md §1.3",
            ),
        ],
    )
    .await;
});

detect!(flags_sort_order_ignored, async {
    let defect = Defect::ignoring_param("sortOrder");
    detects(
        defect,
        "@protocol and @rfc7644-3.4.2.3",
        &[catch(
            "features/protocol/sorting.feature",
            "sortOrder descending reverses the order",
            "RFC 7644 §3.4.2.3",
        )],
    )
    .await;
});

detect!(flags_excluded_attributes_members_ignored, async {
    let defect = Defect::before(|req| {
        if req.path.starts_with("/Groups") {
            req.retain_params(|k, v| {
                !(k.eq_ignore_ascii_case("excludedAttributes") && v.eq_ignore_ascii_case("members"))
            });
        }
        None
    });
    detects(
        defect,
        "@entra-default and @must and @documented and not @tolerance-op-case",
        &[catch(
            "features/entra/groups_default.feature",
            "The match and read queries leave out members even when the group has some",
            "docs/idp/entra.md §2.2",
        )],
    )
    .await;
});

// ---------------------------------------------------------------------------------------------
// Reads of users

detect!(flags_deactivated_users_that_answer_404, async {
    let defect = Defect::after(|req, resp| {
        if req.is_resource("GET", "/Users") && resp.json().is_some_and(|v| v["active"] == false) {
            *resp = Resp::scim_error(404, None, "user not found");
        }
    });
    detects(
        defect,
        "(@okta and @okta-oin and @must) or (@entra-flag and @must)",
        &[
            catch(
                "features/okta/deactivate.feature",
                "Deactivate with a path-less PATCH; the user stays readable by id and by filter",
                "docs/idp/okta.md §1.5",
            ),
            catch(
                "features/entra/disable_user.feature",
                "Disable with replace and the JSON false; the user stays readable by id and by filter",
                "docs/idp/entra.md §1.9",
            ),
        ],
    )
    .await;
});

detect!(flags_user_groups_not_computed, async {
    let defect = Defect::after(|req, resp| {
        if req.path.starts_with("/Users") {
            resp.edit_json(|v| {
                each_resource(v, |r| {
                    if let Some(o) = r.as_object_mut() {
                        o.remove("groups");
                    }
                });
            });
        }
    });
    detects(
        defect,
        "@protocol and @rfc7643-4.1.2",
        &[catch(
            USERS_CRUD,
            "User.groups reflects the groups the user is a member of",
            "RFC 7643 §4.1.2",
        )],
    )
    .await;
});

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

detect!(flags_a_manager_returned_as_a_bare_string, async {
    let defect = Defect::after(|req, resp| {
        if req.path.starts_with("/Users") {
            resp.edit_json(|v| {
                each_resource(v, |r| {
                    // get_mut, not indexing: indexing would add the keys to every user.
                    let manager = r.get_mut(ENTERPRISE).and_then(|e| e.get_mut("manager"));
                    if let Some(manager) = manager
                        && let Some(id) = manager.get("value").cloned()
                    {
                        *manager = id;
                    }
                });
            });
        }
    });
    detects(
        defect,
        "@tolerance-manager-string or (@entra-validator and @must)",
        &[
            catch(
                "features/entra/manager.feature",
                "Set the manager as a bare id after the create; it reads back as {\"value\": id}",
                "docs/idp/entra.md §1.5",
            ),
            catch(
                "features/entra/manager.feature",
                "The validator adds the manager as {\"value\": id}",
                "docs/idp/entra.md §4.2 U10",
            ),
        ],
    )
    .await;
});

// ---------------------------------------------------------------------------------------------
// PATCH

fn op_name(op: &Value) -> String {
    op["op"].as_str().unwrap_or_default().to_owned()
}

detect!(
    flags_a_path_less_patch_that_replaces_the_whole_user,
    async {
        // `{"op":"replace","value":{"active":false}}` becomes a PUT of just that value (plus the
        // userName the store requires): every other attribute is wiped.
        let defect = Defect::around(|req, forward| {
            let body = req.json().unwrap_or_default();
            let ops = operations(&body);
            let pathless = ops.len() == 1
                && op_name(&ops[0]).eq_ignore_ascii_case("replace")
                && ops[0].get("path").is_none()
                && ops[0]["value"].is_object();
            if !(req.is_resource("PATCH", "/Users") && pathless) {
                return forward(req);
            }
            let current = forward(&get_of(req)).json().unwrap_or_default();
            let mut whole = ops[0]["value"].clone();
            whole["schemas"] = current["schemas"].clone();
            if whole.get("userName").is_none() {
                whole["userName"] = current["userName"].clone();
            }
            let mut put = req.clone();
            put.method = Method::PUT;
            put.set_json(&whole);
            forward(&put)
        });
        detects(
        defect,
        "(@okta and @okta-oin and @must) or (@protocol and @rfc7644-3.5.2.3)",
        &[
            catch(
                "features/okta/deactivate.feature",
                "Deactivate with a path-less PATCH; the user stays readable by id and by filter",
                "docs/idp/okta.md §1.5",
            ),
            catch(
                "features/protocol/patch.feature",
                "replace without a path replaces the attributes named in the value",
                "RFC 7644 §3.5.2.3",
            ),
        ],
    )
    .await;
    }
);

detect!(flags_a_capitalised_op_rejected_with_400, async {
    let defect = Defect::before(|req| {
        let body = req.json().unwrap_or_default();
        let capitalised = operations(&body)
            .iter()
            .any(|op| op_name(op) != op_name(op).to_lowercase());
        (req.method == Method::PATCH && capitalised).then(|| {
            Resp::scim_error(
                400,
                Some("invalidSyntax"),
                "op must be add, remove or replace",
            )
        })
    });
    detects(
        defect,
        "@entra-default and @tolerance-op-case",
        &[
            catch(
                "features/entra/update_user.feature",
                "Replace the work email and the family name in one PATCH",
                "docs/idp/entra.md §1.7 (a)",
            ),
            catch(
                "features/entra/groups_default.feature",
                "Rename a group with Replace on displayName, members untouched",
                "docs/idp/entra.md §2.8",
            ),
        ],
    )
    .await;
});

/// Whether a body sets `active` to a string: `"active": "True"` or an op on path `active`.
fn string_active(body: &Value) -> bool {
    if body.get("active").is_some_and(Value::is_string) {
        return true;
    }
    operations(body).iter().any(|op| {
        let on_active = op["path"]
            .as_str()
            .is_some_and(|p| p.eq_ignore_ascii_case("active"));
        (on_active && op["value"].is_string())
            || op["value"].get("active").is_some_and(Value::is_string)
    })
}

detect!(flags_string_booleans_rejected, async {
    let defect = Defect::before(|req| {
        let body = req.json().unwrap_or_default();
        string_active(&body)
            .then(|| Resp::scim_error(400, Some("invalidValue"), "active must be a boolean"))
    });
    detects(
        defect,
        "@tolerance-string-boolean",
        &[
            catch(
                "features/entra/create_user.feature",
                "Create with active given as the string \"True\"",
                "docs/idp/entra.md §1.4",
            ),
            catch(
                "features/entra/disable_user.feature",
                "Disable with Replace and the string \"False\"; the user stays readable by id and by filter",
                "docs/idp/entra.md §1.9",
            ),
        ],
    )
    .await;
});

detect!(
    flags_a_members_remove_with_a_value_array_that_empties_the_group,
    async {
        // The defective server drops the value of `remove members` and so removes every member.
        let defect = Defect::before(|req| {
            if !req.is_resource("PATCH", "/Groups") {
                return None;
            }
            let mut body = req.json().unwrap_or_default();
            if let Some(ops) = body.get_mut("Operations").and_then(Value::as_array_mut) {
                for op in ops {
                    let remove = op_name(op).eq_ignore_ascii_case("remove");
                    let members = op["path"]
                        .as_str()
                        .is_some_and(|p| p.eq_ignore_ascii_case("members"));
                    if remove
                        && members
                        && let Some(o) = op.as_object_mut()
                    {
                        o.remove("value");
                    }
                }
            }
            req.set_json(&body);
            None
        });
        detects(
            defect,
            "@tolerance-members-remove-value",
            &[catch(
                "features/entra/groups_default.feature",
                "Remove one member by value array, leaving the others in place",
                "docs/idp/entra.md §2.7",
            )],
        )
        .await;
    }
);

/// `attr[type eq "X"]…` → (`attr`, `X`).
fn typed_path(path: &str) -> Option<(String, String)> {
    let (attr, rest) = path.split_once('[')?;
    let (filter, _) = rest.split_once(']')?;
    Some((attr.to_owned(), eq_value(filter, "type")?))
}

detect!(
    flags_a_filtered_add_that_does_not_create_the_element,
    async {
        // Ops on `emails[type eq "work"].value` for a user without a work email are ignored.
        let defect = Defect::around(|req, forward| {
            if !req.is_resource("PATCH", "/Users") {
                return forward(req);
            }
            let current = forward(&get_of(req)).json().unwrap_or_default();
            let mut body = req.json().unwrap_or_default();
            if let Some(ops) = body.get_mut("Operations").and_then(Value::as_array_mut) {
                ops.retain(|op| {
                    let Some((attr, kind)) = op["path"].as_str().and_then(typed_path) else {
                        return true;
                    };
                    let elements = current
                        .get(&attr)
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default();
                    elements.iter().any(|e| {
                        e["type"]
                            .as_str()
                            .is_some_and(|t| t.eq_ignore_ascii_case(&kind))
                    })
                });
            }
            req.set_json(&body);
            forward(req)
        });
        detects(
        defect,
        "@tolerance-filter-creates",
        &[catch(
            "features/entra/update_user.feature",
            "Filtered paths with no matching element create the element, and the other ops still apply",
            "docs/idp/entra.md §1.7",
        )],
    )
    .await;
    }
);

// ---------------------------------------------------------------------------------------------
// ETags

detect!(flags_an_etag_header_that_differs_from_meta_version, async {
    let defect = Defect::after(|_, resp| {
        if resp.header("etag").is_some() {
            resp.set_header("etag", "W/\"not-the-version\"");
        }
    });
    detects(
        defect,
        "@protocol and @rfc7644-3.14 and @rfc7643-3.1",
        &[catch(
            "features/protocol/etag.feature",
            "The ETag header equals meta.version",
            "RFC 7644 §3.14",
        )],
    )
    .await;
});

detect!(flags_a_stale_if_match_not_answered_412, async {
    let defect = Defect::before(|req| {
        req.headers.remove("if-match");
        None
    });
    detects(
        defect,
        "@protocol and @capability-etag and @rfc7644-3.12",
        &[catch(
            "features/protocol/etag.feature",
            "PUT with a stale If-Match answers 412 and changes nothing",
            "RFC 7644 §3.14",
        )],
    )
    .await;
});

// ---------------------------------------------------------------------------------------------
// Targets that cannot be tested: exit code 3, quickly, and never a rule violation.

detect!(a_dead_target_exits_3_quickly, async {
    // Bound then dropped: nothing listens on this loopback port any more.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = Instant::now();
    let url = format!("http://127.0.0.1:{port}/scim/v2");
    let outcome = run_with_timeout(&url, "@protocol", Duration::from_secs(3)).await;
    assert_eq!(outcome.exit_code(), 3, "{}", summary(&outcome));
    // Stopped at the preflight, before any scenario.
    assert!(
        matches!(outcome.aborted, Some(Aborted::CouldNotTest(_))),
        "{}",
        summary(&outcome)
    );
    assert!(
        outcome.scenarios.iter().all(|s| !s.counts_as_failure(true)),
        "{}",
        summary(&outcome)
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
});

detect!(a_target_that_is_not_scim_exits_3, async {
    let mock = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "<!doctype html><html><body>Welcome</body></html>",
            "text/html",
        ))
        .mount(&mock)
        .await;
    let outcome = run_with_timeout(
        &format!("{}/scim/v2", mock.uri()),
        "@protocol",
        Duration::from_secs(3),
    )
    .await;
    assert_eq!(outcome.exit_code(), 3, "{}", summary(&outcome));
    let reason = match &outcome.aborted {
        Some(Aborted::CouldNotTest(reason)) => reason.as_str(),
        _ => "",
    };
    assert!(
        reason.contains("not a SCIM server"),
        "{}",
        summary(&outcome)
    );
    assert!(
        outcome.scenarios.iter().all(|s| !s.counts_as_failure(true)),
        "{}",
        summary(&outcome)
    );
});

detect!(
    a_target_that_hangs_after_discovery_is_could_not_test,
    async {
        // Discovery answers at once; every other request is held back past the run's timeout.
        let defect = Defect::around(|req, forward| {
            let mut resp = forward(req);
            if req.path != "/ServiceProviderConfig" {
                resp.delay = Some(Duration::from_secs(8));
            }
            resp
        });
        let target = Target::start(defect).await;
        let started = Instant::now();
        let tags = "@protocol and @rfc7644-3.4.1";
        let outcome = run_with_timeout(&target.url(), tags, Duration::from_secs(1)).await;
        let elapsed = started.elapsed();
        assert!(!outcome.scenarios.is_empty(), "{}", summary(&outcome));
        for s in &outcome.scenarios {
            assert!(
                s.could_not_test(),
                "{} should be could-not-test:\n{}",
                s.name,
                summary(&outcome)
            );
        }
        assert_eq!(outcome.exit_code(), 3, "{}", summary(&outcome));
        assert!(elapsed < Duration::from_secs(60), "took {elapsed:?}");
    }
);

// ---------------------------------------------------------------------------------------------
// More complaints of docs/idp/okta.md §5 and docs/idp/entra.md §5

detect!(flags_a_path_less_group_patch_rejected, async {
    let defect = Defect::before(|req| {
        let body = req.json().unwrap_or_default();
        let pathless = operations(&body).iter().any(|op| op.get("path").is_none());
        (req.is_resource("PATCH", "/Groups") && pathless)
            .then(|| Resp::scim_error(400, Some("noTarget"), "a PATCH operation needs a path"))
    });
    detects(
        defect,
        "@okta and @okta-oin and @must",
        &[catch(
            "features/okta/group_push.feature",
            "Push a new group without members, then reconcile its name",
            "docs/idp/okta.md §2.2",
        )],
    )
    .await;
});

detect!(
    flags_a_replace_of_members_with_an_empty_list_that_changes_nothing,
    async {
        let defect = Defect::around(|req, forward| {
            if !req.is_resource("PATCH", "/Groups") {
                return forward(req);
            }
            let mut body = req.json().unwrap_or_default();
            let Some(ops) = body.get_mut("Operations").and_then(Value::as_array_mut) else {
                return forward(req);
            };
            ops.retain(|op| {
                let replace = op_name(op).eq_ignore_ascii_case("replace");
                let members = op["path"]
                    .as_str()
                    .is_some_and(|p| p.eq_ignore_ascii_case("members"));
                !(replace && members && op["value"].as_array().is_some_and(Vec::is_empty))
            });
            if ops.is_empty() {
                // Nothing left to do: answer with the group as it is.
                return forward(&get_of(req));
            }
            req.set_json(&body);
            forward(req)
        });
        detects(
            defect,
            "@okta and @okta-oin and @must",
            &[catch(
                "features/okta/group_push.feature",
                "Push Now on an empty Okta group clears the members",
                "docs/idp/okta.md §2.4",
            )],
        )
        .await;
    }
);

detect!(flags_a_group_put_with_null_member_display_rejected, async {
    let defect = Defect::before(|req| {
        let body = req.json().unwrap_or_default();
        let members = body["members"].as_array().cloned().unwrap_or_default();
        let null_display = members
            .iter()
            .any(|m| m.get("display").is_some_and(Value::is_null));
        (req.is_resource("PUT", "/Groups") && null_display).then(|| {
            Resp::scim_error(
                400,
                Some("invalidValue"),
                "members.display must be a string",
            )
        })
    });
    detects(
        defect,
        "@okta and @okta-aiw and @must",
        &[catch(
            "features/okta/group_push_aiw.feature",
            "A group PUT whose members have display null",
            "docs/idp/okta.md §2.6",
        )],
    )
    .await;
});

detect!(flags_a_server_without_put_on_users, async {
    let defect = Defect::before(|req| {
        req.is_resource("PUT", "/Users").then(|| {
            let mut resp = Resp::scim_error(405, None, "PUT is not supported; use PATCH");
            resp.set_header("allow", "GET, PATCH, DELETE");
            resp
        })
    });
    detects(
        defect,
        "@okta and @okta-aiw and @must",
        &[catch(
            "features/okta/deactivate.feature",
            "Deactivate with GET then PUT of the full user; the user stays readable by id and by filter",
            "docs/idp/okta.md §1.5",
        )],
    )
    .await;
});

detect!(flags_a_token_without_the_bearer_prefix_rejected, async {
    let defect = Defect::before(|req| {
        let bare = req
            .headers
            .get("authorization")
            .is_some_and(|v| v == defects::TOKEN);
        bare.then(|| Resp::scim_error(401, None, "expected Authorization: Bearer <token>"))
    });
    detects(
        defect,
        "@okta and @tolerance-bare-token",
        &[catch(
            "features/okta/test_credentials.feature",
            "In AIW \"HTTP Header\" mode the token arrives without the Bearer prefix",
            "docs/idp/okta.md §0.2",
        )],
    )
    .await;
});

detect!(flags_a_user_name_whose_case_is_not_preserved, async {
    let defect = Defect::after(|req, resp| {
        if req.path.starts_with("/Users") {
            resp.edit_json(|v| {
                each_resource(v, |r| {
                    if let Some(name) = r.get("userName").and_then(Value::as_str) {
                        r["userName"] = json!(name.to_lowercase());
                    }
                });
            });
        }
    });
    detects(
        defect,
        "@okta and @test-suite and @must",
        &[catch(
            "features/okta/user_push.feature",
            "A pushed userName keeps its case and a lookup in another case still finds it",
            "docs/idp/okta.md §3 Q30",
        )],
    )
    .await;
});

detect!(flags_a_get_by_id_that_answers_a_list_response, async {
    let defect = Defect::after(|req, resp| {
        if req.is_resource("GET", "/Users") && resp.status == 200 {
            resp.edit_json(|v| {
                *v = json!({
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
                    "totalResults": 1,
                    "itemsPerPage": 1,
                    "startIndex": 1,
                    "Resources": [v.clone()],
                });
            });
        }
    });
    detects(
        defect,
        "(@okta and @must and @documented) or (@protocol and @rfc7644-3.4.1 and not @rfc7644-3.12)",
        &[
            catch(
                "features/okta/profile_update.feature",
                "Push a profile update with Okta's documented PUT body",
                "docs/idp/okta.md §1.4",
            ),
            catch(
                USERS_CRUD,
                "A user is retrieved by its id",
                "RFC 7644 §3.4.1",
            ),
        ],
    )
    .await;
});

detect!(flags_add_on_active_rejected, async {
    let defect = Defect::before(|req| {
        let body = req.json().unwrap_or_default();
        let add_active = operations(&body).iter().any(|op| {
            op_name(op).eq_ignore_ascii_case("add")
                && op["path"]
                    .as_str()
                    .is_some_and(|p| p.eq_ignore_ascii_case("active"))
        });
        (req.method == Method::PATCH && add_active).then(|| {
            Resp::scim_error(
                400,
                Some("invalidSyntax"),
                "add is not allowed on a single-valued attribute",
            )
        })
    });
    detects(
        defect,
        "@entra-flag and @must",
        &[catch(
            "features/entra/disable_user.feature",
            "Disable via lowercase \"add\" on active with false",
            "docs/idp/entra.md §1.9",
        )],
    )
    .await;
});

detect!(flags_dotted_keys_in_a_path_less_replace_ignored, async {
    // `{"name.givenName": "…"}` in a path-less value is dropped instead of applied.
    let defect = Defect::before(|req| {
        if !req.is_resource("PATCH", "/Users") {
            return None;
        }
        let mut body = req.json().unwrap_or_default();
        if let Some(ops) = body.get_mut("Operations").and_then(Value::as_array_mut) {
            for op in ops.iter_mut().filter(|op| op.get("path").is_none()) {
                if let Some(value) = op.get_mut("value").and_then(Value::as_object_mut) {
                    value.retain(|k, _| k.starts_with("urn:") || !k.contains('.'));
                }
            }
        }
        req.set_json(&body);
        None
    });
    detects(
        defect,
        "@tolerance-dotted-keys and @must",
        &[catch(
            "features/entra/update_user.feature",
            "The flag dialect's merged path-less replace with dotted and URN-qualified keys",
            "docs/idp/entra.md §1.7",
        )],
    )
    .await;
});

detect!(
    flags_a_role_given_as_an_embedded_json_string_rejected,
    async {
        let defect = Defect::before(|req| {
            let body = req.json().unwrap_or_default();
            let embedded = operations(&body).iter().any(|op| {
                let on_roles = op["path"]
                    .as_str()
                    .is_some_and(|p| p.eq_ignore_ascii_case("roles"));
                let values = op["value"].as_array().cloned().unwrap_or_default();
                on_roles
                    && values.iter().any(|v| {
                        v["value"]
                            .as_str()
                            .is_some_and(|s| s.trim_start().starts_with('{'))
                    })
            });
            (req.method == Method::PATCH && embedded).then(|| {
                Resp::scim_error(
                    400,
                    Some("invalidValue"),
                    "roles.value must be a plain string",
                )
            })
        });
        detects(
            defect,
            "@tolerance-role-json-string",
            &[catch(
                "features/entra/roles.feature",
                "A role change whose value is a JSON string embedding the role object",
                "docs/idp/entra.md §1.8",
            )],
        )
        .await;
    }
);

detect!(flags_a_delete_answered_200_with_a_body, async {
    let defect = Defect::after(|req, resp| {
        if req.method == Method::DELETE && resp.status == 204 {
            *resp = Resp::scim_error(200, None, "");
            resp.set_json(&json!({"deleted": true}));
        }
    });
    detects(
        defect,
        "@protocol and @rfc7644-3.6 and @must",
        &[catch(
            USERS_CRUD,
            "Deleting a user answers 204; afterwards it is gone",
            "RFC 7644 §3.6",
        )],
    )
    .await;
});

detect!(flags_members_without_type_ignored, async {
    // Okta's member objects carry value and display but no type; this server skips them.
    let defect = Defect::before(|req| {
        if !(req.path.starts_with("/Groups")
            && matches!(req.method, Method::POST | Method::PUT | Method::PATCH))
        {
            return None;
        }
        let mut body = req.json().unwrap_or_default();
        let typed = |list: &mut Value| {
            if let Some(members) = list.as_array_mut() {
                members.retain(|m| m.get("type").is_some());
            }
        };
        if let Some(members) = body.get_mut("members") {
            typed(members);
        }
        if let Some(ops) = body.get_mut("Operations").and_then(Value::as_array_mut) {
            for op in ops {
                let on_members = op["path"]
                    .as_str()
                    .is_some_and(|p| p.eq_ignore_ascii_case("members"));
                if on_members && !op_name(op).eq_ignore_ascii_case("remove") {
                    typed(&mut op["value"]);
                }
            }
        }
        req.set_json(&body);
        None
    });
    detects(
        defect,
        "@okta and @okta-oin and @must",
        &[catch(
            "features/okta/group_push.feature",
            "Push an empty group, then push its memberships immediately",
            "docs/idp/okta.md §2.2",
        )],
    )
    .await;
});

detect!(flags_inactive_users_hidden_from_lists, async {
    let defect = Defect::after(|req, resp| {
        if is_list(req, "/Users") {
            resp.edit_json(|v| {
                if let Some(list) = v["Resources"].as_array_mut() {
                    let before = list.len();
                    list.retain(|r| r["active"] != false);
                    let (n, hidden) = (list.len(), before - list.len());
                    v["itemsPerPage"] = json!(n);
                    // Counted as if they did not exist (on this page; enough for one page).
                    let total = v["totalResults"].as_u64().unwrap_or(0);
                    v["totalResults"] = json!(total.saturating_sub(hidden as u64));
                }
            });
        }
    });
    detects(
        defect,
        "@okta and @must and @documented",
        &[
            catch(
                "features/okta/import.feature",
                "Inactive users are still listed for the import to skip",
                "docs/idp/okta.md §1.9",
            ),
            catch(
                "features/okta/deactivate.feature",
                "Deactivate with a path-less PATCH; the user stays readable by id and by filter",
                "docs/idp/okta.md §1.5",
            ),
        ],
    )
    .await;
});

detect!(flags_items_per_page_on_a_page_past_the_end, async {
    // Right on every page but the empty one past the end, where it echoes count.
    let defect = Defect::after(|req, resp| {
        let count = req.param("count").and_then(|c| c.parse::<u64>().ok());
        if let (true, Some(count)) = (is_list(req, "/Users"), count) {
            resp.edit_json(|v| {
                if v["Resources"].as_array().is_some_and(Vec::is_empty) && v["totalResults"] != 0 {
                    v["itemsPerPage"] = json!(count);
                }
            });
        }
    });
    detects(
        defect,
        "(@okta and @must and @observed) or (@protocol and @rfc7644-3.4.2.4 and @must)",
        &[
            catch(
                "features/okta/import.feature",
                "A page past the end has itemsPerPage 0",
                "docs/idp/okta.md §1.9",
            ),
            catch(
                PAGING,
                "A startIndex past the end returns no resources but the total",
                "RFC 7644 §3.4.2.4",
            ),
        ],
    )
    .await;
});

detect!(flags_the_attributes_parameter_ignored, async {
    let defect = Defect::ignoring_param("attributes");
    detects(
        defect,
        "@protocol and @rfc7644-3.4.2.5 and @must",
        &[catch(
            "features/protocol/projection.feature",
            "attributes limits a read to the named attributes, plus id",
            "RFC 7644 §3.4.2.5",
        )],
    )
    .await;
});

detect!(flags_start_index_always_1, async {
    let defect = Defect::after(|req, resp| {
        if is_list(req, "/Users") || is_list(req, "/Groups") {
            resp.edit_json(|v| v["startIndex"] = json!(1));
        }
    });
    detects(
        defect,
        "@protocol and @rfc7644-3.4.2.4 and @must",
        &[catch(
            PAGING,
            "The last page holds what is left",
            "RFC 7644 §3.4.2",
        )],
    )
    .await;
});

detect!(flags_a_patch_answered_200_with_an_empty_body, async {
    let defect = Defect::after(|req, resp| {
        if req.method == Method::PATCH && resp.status == 200 {
            resp.body.clear();
        }
    });
    detects(
        defect,
        "(@protocol and @rfc7644-3.9) or (@okta and @okta-oin and @test-suite)",
        &[
            catch(
                "features/protocol/projection.feature",
                "attributes on a PATCH forces a 200 with the chosen attributes",
                "RFC 7644 §3.5.2",
            ),
            catch(
                "features/okta/deactivate.feature",
                "Okta's original test suite expects the deactivated user in the PATCH response",
                "docs/idp/okta.md §4.3",
            ),
        ],
    )
    .await;
});

detect!(flags_a_401_without_www_authenticate, async {
    let defect = Defect::after(|_, resp| {
        if resp.status == 401 {
            resp.headers.remove("www-authenticate");
        }
    });
    detects(
        defect,
        "@protocol and @rfc7644-2",
        &[catch(
            ERRORS,
            "A request without a token is a 401 SCIM Error with WWW-Authenticate",
            "RFC 7644 §2",
        )],
    )
    .await;
});

detect!(flags_an_invalid_filter_answered_500, async {
    let defect = Defect::after(|_, resp| {
        if resp.status == 400
            && resp
                .json()
                .is_some_and(|v| v["scimType"] == "invalidFilter")
        {
            *resp = Resp::scim_error(500, None, "internal error");
        }
    });
    detects(
        defect,
        "@protocol and @rfc7644-3.4.2.2 and @rfc7644-3.12 and @must",
        &[catch(
            FILTER,
            "An invalid filter: unknown operator",
            "RFC 7644 §3.12",
        )],
    )
    .await;
});

detect!(flags_timestamps_that_are_not_xsd_date_times, async {
    // `2026-11-24 05:52:24.612`: no `T`, no zone.
    let defect = Defect::after(|_, resp| {
        resp.edit_json(|v| {
            each_resource(v, |r| {
                if let Some(meta) = r.get_mut("meta").and_then(Value::as_object_mut) {
                    for key in ["created", "lastModified"] {
                        let loose = meta
                            .get(key)
                            .and_then(Value::as_str)
                            .map(|t| t.replace('T', " ").replace('Z', ""));
                        if let Some(t) = loose {
                            meta.insert(key.into(), json!(t));
                        }
                    }
                }
            });
        });
    });
    detects(
        defect,
        "@protocol and @rfc7644-3.4.1",
        // Caught by the JSON Schema check of every response (format date-time).
        &[catch(
            USERS_CRUD,
            "A user is retrieved by its id",
            "RFC 7643 §4.1",
        )],
    )
    .await;
});

detect!(flags_a_version_that_never_changes, async {
    let defect = Defect::after(|_, resp| {
        resp.edit_json(|v| {
            each_resource(v, |r| {
                if let Some(meta) = r.get_mut("meta").and_then(Value::as_object_mut) {
                    meta.insert("version".into(), json!("W/\"1\""));
                }
            });
        });
        if resp.header("etag").is_some() {
            resp.set_header("etag", "W/\"1\"");
        }
    });
    detects(
        defect,
        "@protocol and @capability-etag and not @rfc7644-3.12",
        &[catch(
            "features/protocol/etag.feature",
            "A modification changes the version",
            "RFC 7644 §3.14",
        )],
    )
    .await;
});

detect!(flags_groups_whose_resource_type_says_user, async {
    let defect = Defect::after(|req, resp| {
        if req.path.starts_with("/Groups") {
            resp.edit_json(|v| {
                each_resource(v, |g| {
                    if let Some(meta) = g.get_mut("meta").and_then(Value::as_object_mut) {
                        meta.insert("resourceType".into(), json!("User"));
                    }
                });
            });
        }
    });
    detects(
        defect,
        "@protocol and @rfc7644-3.4.1 and not @rfc7644-3.12",
        &[catch(
            "features/protocol/groups_crud.feature",
            "A group is retrieved by its id with its members",
            "RFC 7644 §3.4.1",
        )],
    )
    .await;
});

detect!(flags_a_user_schema_that_says_password_is_returned, async {
    let defect = Defect::after(|req, resp| {
        if req.method == Method::GET && req.path.starts_with("/Schemas") {
            resp.edit_json(|v| {
                each_resource(v, |schema| {
                    let attributes = schema.get_mut("attributes").and_then(Value::as_array_mut);
                    for a in attributes.into_iter().flatten() {
                        if a["name"] == "password" {
                            a["returned"] = json!("default");
                        }
                    }
                });
            });
        }
    });
    detects(
        defect,
        "@protocol and @rfc7643-7 and @must",
        &[catch(
            "features/protocol/discovery.feature",
            "The User schema declares password write-only and never returned",
            "RFC 7643 §4.1.1",
        )],
    )
    .await;
});

// ---------------------------------------------------------------------------------------------
// Harness gaps: defects that no scenario catches yet. Ignored until a scenario (or the
// preflight) is added; run with `cargo test --test harness_detects -- --ignored`.

/// Replace the origin `from` by an unreachable one in every string of a body.
fn move_origin(v: &mut Value, from: &str) {
    match v {
        Value::String(s) if s.starts_with(from) => {
            *s = s.replacen(from, "http://scim.internal.invalid", 1)
        }
        Value::Array(a) => a.iter_mut().for_each(|x| move_origin(x, from)),
        Value::Object(o) => o.values_mut().for_each(|x| move_origin(x, from)),
        _ => {}
    }
}

detect!(
    flags_location_and_meta_location_on_an_unreachable_origin,
    async {
        // A server behind a proxy that builds its URLs from its internal address: consistent, but
        // no client can follow them (RFC 7644 §3.3 Location, RFC 7643 §3.1 meta.location).
        let defect = Defect::after(|req, resp| {
            let host = req
                .headers
                .get("host")
                .and_then(|h| h.to_str().ok())
                .unwrap_or_default();
            let from = format!("http://{host}");
            resp.edit_json(|v| move_origin(v, &from));
            if let Some(l) = resp
                .header("location")
                .map(|l| l.replacen(&from, "http://scim.internal.invalid", 1))
            {
                resp.set_header("location", &l);
            }
        });
        detects(
            defect,
            "@protocol and @rfc7644-3.3",
            &[catch(
                "features/protocol/users_crud.feature",
                "The Location of a created user is a URL under the base URL the client used",
                "RFC 7644 §3.3",
            )],
        )
        .await;
    }
);

detect!(flags_last_modified_that_never_moves, async {
    // RFC 7643 §3.1: lastModified is the most recent time the resource was updated; this
    // server leaves it at meta.created forever.
    let defect = Defect::after(|_, resp| {
        resp.edit_json(|v| {
            each_resource(v, |r| {
                if let Some(created) = r.pointer("/meta/created").cloned() {
                    r["meta"]["lastModified"] = created;
                }
            });
        });
    });
    detects(
        defect,
        "@protocol and @rfc7643-3.1",
        &[catch(
            "features/protocol/users_crud.feature",
            "A modification moves meta.lastModified",
            "RFC 7643 §3.1",
        )],
    )
    .await;
});

#[test]
fn a_json_api_that_is_not_scim_exits_3() {
    // A JSON service that is not SCIM at all: "could not test", not a list of violations.
    isolated("a_json_api_that_is_not_scim_exits_3", LIMIT, async {
        let mock = MockServer::start().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"status": "ok", "service": "billing"})),
            )
            .mount(&mock)
            .await;
        let url = format!("{}/scim/v2", mock.uri());
        let outcome =
            run_with_timeout(&url, "@protocol and @rfc7644-3.3", Duration::from_secs(3)).await;
        assert_eq!(outcome.exit_code(), 3, "{}", summary(&outcome));
    });
}

// ---------------------------------------------------------------------------------------------
// Bulk (RFC 7644 §3.7) and cursor paging (RFC 9865)

const BULK: &str = "features/protocol/bulk.feature";
const CURSOR: &str = "features/protocol/cursor_paging.feature";

fn is_bulk(req: &Req) -> bool {
    req.method == Method::POST && req.path == "/Bulk"
}

/// Rewrite the operations of a Bulk request before it reaches the reference server.
fn edit_bulk(req: &mut Req, edit: impl FnOnce(&mut Value)) {
    if let Some(mut body) = req.json() {
        edit(&mut body);
        req.set_json(&body);
    }
}

detect!(flags_a_bulk_id_that_is_not_resolved, async {
    // The server drops what it cannot resolve in request order: a group naming a user POSTed
    // later in the same Bulk ends up without that member.
    let defect = Defect::before(|req| {
        if is_bulk(req) {
            edit_bulk(req, |b| {
                for op in b["Operations"].as_array_mut().into_iter().flatten() {
                    if let Some(members) = op["data"]["members"].as_array_mut() {
                        members.retain(|m| {
                            !m["value"]
                                .as_str()
                                .unwrap_or_default()
                                .starts_with("bulkId:")
                        });
                    }
                }
            });
        }
        None
    });
    detects(
        defect,
        "@rfc7644-3.7.2",
        &[catch(
            BULK,
            "A bulkId is resolved, also before the operation that defines it",
            "RFC 7644 §3.7.2",
        )],
    )
    .await;
});

detect!(flags_fail_on_errors_that_is_ignored, async {
    let defect = Defect::before(|req| {
        if is_bulk(req) {
            edit_bulk(req, |b| {
                if let Some(o) = b.as_object_mut() {
                    o.remove("failOnErrors");
                }
            });
        }
        None
    });
    detects(
        defect,
        "@capability-bulk and @rfc7644-3.7",
        &[catch(
            BULK,
            "failOnErrors stops the Bulk after that many errors",
            "RFC 7644 §3.7",
        )],
    )
    .await;
});

detect!(
    flags_a_bulk_rolled_back_because_one_operation_failed,
    async {
        // A "transactional" Bulk: one failure undoes every operation and fails the whole request.
        let defect = Defect::around(|req, forward| {
            let resp = forward(req);
            if !is_bulk(req) {
                return resp;
            }
            let ops = resp.json().map(|b| operations(&b)).unwrap_or_default();
            let failed = ops.iter().any(|o| {
                o["status"]
                    .as_str()
                    .and_then(|s| s.parse::<u16>().ok())
                    .is_some_and(|s| s >= 400)
            });
            if !failed {
                return resp;
            }
            for op in &ops {
                if op["status"] == "201"
                    && let Some(path) = op["location"]
                        .as_str()
                        .and_then(|l| l.split(defects::BASE).nth(1))
                {
                    let mut delete = get_of(req);
                    delete.method = Method::DELETE;
                    delete.path = path.to_owned();
                    forward(&delete);
                }
            }
            Resp::scim_error(
                409,
                None,
                "the bulk request was rolled back: one operation failed",
            )
        });
        detects(
            defect,
            "@capability-bulk and @rfc7644-3.7",
            &[catch(
                BULK,
                "One failed operation does not undo the others",
                "RFC 7644 §3.7",
            )],
        )
        .await;
    }
);

detect!(flags_max_operations_that_is_not_enforced, async {
    // The server quietly runs the first maxOperations operations and drops the rest.
    let defect = Defect::before(|req| {
        if is_bulk(req) {
            edit_bulk(req, |b| {
                if let Some(ops) = b["Operations"].as_array_mut() {
                    ops.truncate(1000);
                }
            });
        }
        None
    });
    detects(
        defect,
        "@rfc7644-3.7.4",
        &[catch(
            BULK,
            "More operations than maxOperations is a 413 naming the limit",
            "RFC 7644 §3.7.4",
        )],
    )
    .await;
});

detect!(
    flags_cursor_paging_that_repeats_or_skips_under_concurrent_writes,
    async {
        // "Pagination translation" done wrong: the cursor is an offset into the list, so a deletion
        // before it skips a user and a creation before it repeats one.
        let defect = Defect::around(|req, forward| {
            let Some(cursor) = req.param("cursor").filter(|_| req.method == Method::GET) else {
                return forward(req);
            };
            let start: usize = cursor
                .strip_prefix("offset")
                .and_then(|n| n.parse().ok())
                .unwrap_or(1);
            let mut indexed = req.clone();
            indexed.retain_params(|k, _| !k.eq_ignore_ascii_case("cursor"));
            let query = indexed.query.take().unwrap_or_default();
            indexed.query = Some(format!("{query}&startIndex={start}"));
            let mut resp = forward(&indexed);
            resp.edit_json(|v| {
                let total = v["totalResults"].as_u64().unwrap_or(0) as usize;
                let items = v["itemsPerPage"].as_u64().unwrap_or(0) as usize;
                if let Some(o) = v.as_object_mut() {
                    o.remove("startIndex");
                }
                if start + items <= total && items > 0 {
                    v["nextCursor"] = json!(format!("offset{}", start + items));
                }
            });
            resp
        });
        detects(
            defect,
            "@capability-cursor",
            &[catch(
                CURSOR,
                "A cursor walk neither repeats nor skips while users are created and deleted",
                "RFC 9865 §1",
            )],
        )
        .await;
    }
);

detect!(
    skips_bulk_and_cursor_scenarios_a_target_declares_unsupported,
    async {
        let target = Target::start(Defect::after(|req, resp| {
            if req.path == "/ServiceProviderConfig" {
                resp.edit_json(|v| {
                    v["bulk"]["supported"] = json!(false);
                    if let Some(o) = v.as_object_mut() {
                        o.remove("pagination");
                    }
                });
            }
        }))
        .await;
        let outcome = run(&target.url(), "@capability-bulk or @capability-cursor").await;
        assert_eq!(outcome.exit_code(), 0, "{}", summary(&outcome));
        assert!(outcome.scenarios.len() >= 8, "{}", summary(&outcome));
        for s in &outcome.scenarios {
            let Status::Skipped(reason) = &s.status else {
                panic!("{} ran: {}", s.name, summary(&outcome));
            };
            let expected = if s.path == BULK {
                "bulk.supported = false"
            } else {
                "pagination.cursor = absent"
            };
            assert!(reason.contains(expected), "{}: {reason}", s.name);
        }
    }
);

// ---------------------------------------------------------------------------------------------
// /Me (RFC 7644 §3.11)

const ME: &str = "features/protocol/me.feature";

fn with_me(config: &mut scim_harness::config::ServeConfig) {
    config.me = Some("me@detects.invalid".to_owned());
}

#[test]
fn flags_me_that_answers_another_user() {
    isolated("flags_me_that_answers_another_user", LIMIT, async {
        // GET /Me returns a different user than the one PATCH /Me changes.
        let decoy: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
        let defect = Defect::around(move |req, forward| {
            if !(req.method == Method::GET && req.path == "/Me") {
                return forward(req);
            }
            let mut decoy = decoy.lock().unwrap();
            if decoy.is_none() {
                let mut create = req.clone();
                create.method = Method::POST;
                create.path = "/Users".to_owned();
                create
                    .headers
                    .insert("content-type", "application/scim+json".parse().unwrap());
                create.set_json(&json!({
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                    "userName": "decoy@detects.invalid"
                }));
                *decoy = forward(&create)
                    .json()
                    .and_then(|b| b["id"].as_str().map(str::to_owned));
            }
            let mut get = req.clone();
            get.path = format!("/Users/{}", decoy.clone().unwrap_or_default());
            forward(&get)
        });
        let good = Target::start_with(Defect::none(), with_me).await;
        let bad = Target::start_with(defect, with_me).await;
        let baseline = run(&good.url(), "@capability-me").await;
        assert_eq!(baseline.exit_code(), 0, "{}", summary(&baseline));
        let outcome = run(&bad.url(), "@capability-me").await;
        let s = find(&outcome, ME, "PATCH /Me changes the token's own user")
            .unwrap_or_else(|| panic!("not run:\n{}", summary(&outcome)));
        assert_eq!(
            s.status,
            Status::Failed(Some(FailureKind::Violation)),
            "{}",
            summary(&outcome)
        );
        assert!(
            s.failure
                .as_deref()
                .unwrap_or_default()
                .contains("RFC 7644 §3.11")
        );
        assert_eq!(outcome.exit_code(), 1);
    });
}

detect!(skips_me_scenarios_when_me_is_501, async {
    // The reference server without --me: /Me is 501, so the /Me scenarios are skipped.
    let target = Target::start(Defect::none()).await;
    let outcome = run(&target.url(), "@capability-me").await;
    assert_eq!(outcome.exit_code(), 0, "{}", summary(&outcome));
    assert_eq!(outcome.scenarios.len(), 3, "{}", summary(&outcome));
    for s in &outcome.scenarios {
        assert!(
            matches!(&s.status, Status::Skipped(r) if r.contains("GET /Me answered 501")),
            "{}",
            summary(&outcome)
        );
    }
});
