//! "The harness catches it" for the OneLogin and JumpCloud rules: each test starts a wiremock
//! target that forwards to the reference server but breaks exactly one rule those IdPs depend on
//! (a [`Defect`] of `tests/defects/`), runs the harness with a small tag selection (strict, so a
//! SHOULD scenario counts), and asserts that the scenario written for the rule fails as a
//! violation naming its source; the same selection passes against the unmodified target.
#![allow(clippy::unwrap_used)]

mod defects;

use axum::http::Method;
use serde_json::Value;

use defects::{Defect, Resp, catch, detect, detects, operations};

const CREATE: &str = "features/onelogin/user_create.feature";
const CONNECTION: &str = "features/onelogin/connection_check.feature";
const GROUPS: &str = "features/onelogin/groups.feature";
const JC_GROUPS: &str = "features/jumpcloud/groups.feature";

fn lists_legacy_urn(body: &Value) -> bool {
    body["schemas"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .any(|u| u.eq_ignore_ascii_case("urn:scim:schemas:core:2.0"))
}

detect!(
    flags_a_server_that_rejects_the_scim_1_style_core_urn,
    async {
        let defect = Defect::before(|req| {
            let write = req.method == Method::POST || req.method == Method::PUT;
            (write && req.json().is_some_and(|b| lists_legacy_urn(&b))).then(|| {
                Resp::scim_error(
                    400,
                    Some("invalidValue"),
                    "unknown schema urn:scim:schemas:core:2.0",
                )
            })
        });
        detects(
        defect,
        "@onelogin and @tolerance-legacy-schema-urn",
        &[
            catch(
                CREATE,
                "A template with SCIM 1.x-style schema URNs creates the user, values untrimmed",
                "docs/idp/onelogin.md §1.5",
            ),
            catch(
                "features/onelogin/user_update.feature",
                "The captured update: a lookup with + and &, then a PUT with a bare ? and SCIM 1.x-style URNs",
                "docs/idp/onelogin.md §0.5",
            ),
        ],
    )
    .await;
    }
);

detect!(
    flags_an_unfiltered_remove_with_a_value_that_clears_the_group,
    async {
        // The defective server ignores the value of `remove` on `members`: everyone goes.
        let defect = Defect::before(|req| {
            if req.method != Method::PATCH || !req.path.starts_with("/Groups/") {
                return None;
            }
            let mut body = req.json().unwrap_or_default();
            let mut ops = operations(&body);
            for op in &mut ops {
                let remove = op["op"]
                    .as_str()
                    .is_some_and(|o| o.eq_ignore_ascii_case("remove"));
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
            body["Operations"] = Value::Array(ops);
            req.set_json(&body);
            None
        });
        detects(
            defect,
            "(@onelogin or @jumpcloud) and @tolerance-members-remove-value",
            &[
                catch(
                    GROUPS,
                    "A remove with a value array on the unfiltered members path removes only that member",
                    "docs/idp/onelogin.md §2.4",
                ),
                catch(
                    JC_GROUPS,
                    "A remove with a value array on the unfiltered members path removes only that member",
                    "docs/idp/jumpcloud.md §2.4",
                ),
            ],
        )
        .await;
    }
);

detect!(flags_a_server_that_rejects_emails_as_one_object, async {
    let defect = Defect::before(|req| {
        let object = req.json().is_some_and(|b| b["emails"].is_object());
        object.then(|| {
            Resp::scim_error(
                400,
                Some("invalidValue"),
                "attribute \"emails\" must be an array",
            )
        })
    });
    detects(
        defect,
        "@onelogin and @tolerance-multi-valued-object",
        &[catch(
            CREATE,
            "emails sent as one object instead of an array is stored as a one-element list",
            "docs/idp/onelogin.md §3 Q4",
        )],
    )
    .await;
});

detect!(
    flags_a_server_that_answers_scim_json_to_a_client_accepting_only_json,
    async {
        let defect = Defect::after(|_, resp| {
            if resp.header("content-type").is_some() {
                resp.set_header("content-type", "application/scim+json");
            }
        });
        detects(
            defect,
            "@onelogin and @rfc7644-3.8",
            &[catch(
                CONNECTION,
                "A client that accepts only application/json gets its responses as application/json",
                "docs/idp/onelogin.md §0.3",
            )],
        )
        .await;
    }
);
