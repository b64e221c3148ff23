//! "The harness catches it" for the OneLogin and JumpCloud rules: each test starts a wiremock
//! target that forwards to the reference server but breaks exactly one rule those IdPs depend on
//! (a [`Defect`] of `tests/defects/`), runs the harness with a small tag selection (strict, so a
//! SHOULD scenario counts), and asserts that the scenario written for the rule fails as a
//! violation naming its source; the same selection passes against the unmodified target.
#![allow(clippy::unwrap_used)]

mod defects;

use std::time::Duration;

use axum::http::Method;
use serde_json::Value;

use defects::{Defect, Resp, Target, find, isolated, operations, passed, run, summary};
use scim_harness::harness::{FailureKind, Status};

const LIMIT: Duration = Duration::from_secs(180);
const CREATE: &str = "features/onelogin/user_create.feature";
const CONNECTION: &str = "features/onelogin/connection_check.feature";
const GROUPS: &str = "features/onelogin/groups.feature";
const JC_GROUPS: &str = "features/jumpcloud/groups.feature";

/// A `#[test]` whose body runs in its own child process (the name is the test's own).
macro_rules! detect {
    ($name:ident, $body:expr) => {
        #[test]
        fn $name() {
            isolated(stringify!($name), LIMIT, $body);
        }
    };
}

/// Baseline and defect runs of `tags`; each `(path, scenario, rule)` passes on the baseline and
/// fails as a violation whose text names `rule` against the defect, failing the run.
async fn detects(defect: Defect, tags: &str, catches: &[(&str, &str, &str)]) {
    let good = Target::start(Defect::none()).await;
    let bad = Target::start(defect).await;
    let baseline = run(&good.url(), tags).await;
    let outcome = run(&bad.url(), tags).await;
    assert_eq!(baseline.exit_code(), 0, "baseline:\n{}", summary(&baseline));
    for (path, scenario, rule) in catches {
        let s = find(&baseline, path, scenario)
            .unwrap_or_else(|| panic!("{tags} does not select {scenario}\n{}", summary(&baseline)));
        assert!(passed(s), "baseline: {scenario}\n{}", summary(&baseline));
        let s = find(&outcome, path, scenario)
            .unwrap_or_else(|| panic!("{scenario} not run\n{}", summary(&outcome)));
        assert_eq!(
            s.status,
            Status::Failed(Some(FailureKind::Violation)),
            "{scenario} should fail as a violation\n{}",
            summary(&outcome)
        );
        let text = s.failure.as_deref().unwrap_or_default();
        eprintln!("caught by {path}: {scenario}\n{text}\n");
        assert!(
            text.contains(rule),
            "the failure does not name {rule:?}:\n{text}"
        );
    }
    assert_eq!(outcome.exit_code(), 1, "{}", summary(&outcome));
}

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
            (
                CREATE,
                "A template with SCIM 1.x-style schema URNs creates the user, values untrimmed",
                "docs/idp/onelogin.md §1.5",
            ),
            (
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
                (
                    GROUPS,
                    "A remove with a value array on the unfiltered members path removes only that member",
                    "docs/idp/onelogin.md §2.4",
                ),
                (
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
        &[(
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
            &[(
                CONNECTION,
                "A client that accepts only application/json gets its responses as application/json",
                "docs/idp/onelogin.md §0.3",
            )],
        )
        .await;
    }
);
