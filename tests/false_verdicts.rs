//! A correct server passes whatever its token is, and no report holds the token as a credential.
//!
//! Tokens that are ordinary words (`test`, `user`, `com`, `e`, `Bearer`), a long hex token and one
//! that begins like the harness's own `{{run}}` ids (`sh…`): the whole built-in suite runs against
//! the reference server with each, its snapshots compared against the committed baseline (so
//! snapshot files cannot depend on the token), and every report is searched for the credential.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;

use scim_harness::config::{Auth, Secret, ServeConfig};

const BIN: &str = env!("CARGO_BIN_EXE_scim-harness");

const TOKENS: &[&str] = &[
    "e",
    "test",
    "okta",
    "secret",
    "user",
    "com",
    "Bearer",
    "sh",
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
];

#[test]
fn a_full_run_passes_with_any_token_and_no_report_holds_the_credential() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let baseline = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("snapshots/scenarios");
    let dir = std::env::temp_dir().join(format!("scim-harness-tokens-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for token in TOKENS {
        let secret = Secret::new(*token);
        let server = runtime
            .block_on(scim_harness::server::start(ServeConfig::for_tests(
                Auth::Token(secret),
            )))
            .unwrap();
        let file = |name: &str| dir.join(format!("{name}-{}", token.len()));
        let (junit, json, markdown) =
            (file("junit.xml"), file("cucumber.json"), file("summary.md"));
        let out = Command::new(BIN)
            .args([
                "test",
                "--target",
                server.base_url(),
                "--token",
                token,
                "-q",
            ])
            .arg("--snapshots")
            .arg(&baseline)
            .arg("--junit")
            .arg(&junit)
            .arg("--json")
            .arg(&json)
            .arg("--markdown")
            .arg(&markdown)
            // Check mode writes nothing under CI; a drift is a failure either way.
            .env("CI", "true")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let terminal = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "token {token:?}: a correct server must pass\n{terminal}"
        );
        let credential = format!("Bearer {token}");
        for (name, text) in [
            ("terminal", terminal),
            ("junit", std::fs::read_to_string(&junit).unwrap()),
            ("cucumber json", std::fs::read_to_string(&json).unwrap()),
            ("markdown", std::fs::read_to_string(&markdown).unwrap()),
        ] {
            assert!(
                !text.contains(&credential),
                "token {token:?}: the credential is in the {name} output"
            );
            if token.len() >= 16 {
                assert!(
                    !text.contains(token),
                    "token {token:?}: the token is in the {name} output"
                );
            }
        }
        runtime.block_on(server.shutdown()).unwrap();
    }
    let _ = std::fs::remove_dir_all(&dir);
}

mod defects;

use defects::{Defect, Target, isolated, summary};
use scim_harness::harness::Status;

const LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

/// RFC 7644 §3.12 makes `detail` OPTIONAL: a server whose errors carry none fails only the
/// scenarios whose cited source reads it (the step "the error detail is not empty"), and the
/// SHOULD scenario that asks for one; nothing else.
#[test]
fn errors_without_detail_fail_only_the_scenarios_whose_source_reads_it() {
    isolated(
        "errors_without_detail_fail_only_the_scenarios_whose_source_reads_it",
        LIMIT,
        async {
            let target = Target::start(Defect::after(|_, resp| {
                if resp.status >= 400 {
                    resp.edit_json(|v| {
                        if let Some(o) = v.as_object_mut() {
                            o.remove("detail");
                        }
                    });
                }
            }))
            .await;
            let outcome = scim_harness::harness::run(&defects::config(
                &target.url(),
                "@must or @should",
                std::time::Duration::from_secs(10),
            ))
            .await;
            let failed: Vec<_> = outcome
                .scenarios
                .iter()
                .filter(|s| matches!(s.status, Status::Failed(_)))
                .collect();
            assert!(!failed.is_empty(), "{}", summary(&outcome));
            for s in failed {
                let text = s.failure.as_deref().unwrap_or_default();
                // Either the step that reads a detail (naming the source that wants one) or a
                // check on /detail itself (RFC 7644 §3.7.4: a 413 must name the limit there).
                let reads_detail =
                    text.contains("expected a non-empty /detail") && text.contains("OPTIONAL");
                assert!(
                    reads_detail || text.starts_with("value at /detail:"),
                    "{} failed for another reason than a missing detail:\n{text}",
                    s.name
                );
            }
        },
    );
}

/// A shared staging target always holds other data: a user without `active` (the README's curl
/// session leaves one), a group without members, a user with only a userName. Every check reads
/// what its scenario created or filtered for, so the whole suite still passes.
#[test]
fn a_target_that_holds_other_data_passes_the_whole_suite() {
    isolated(
        "a_target_that_holds_other_data_passes_the_whole_suite",
        LIMIT,
        async {
            let target = Target::start(Defect::none()).await;
            let http = reqwest::Client::new();
            for (path, body) in [
                (
                    "/Users",
                    serde_json::json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                        "userName": "jsmith@example.com", "name": {"givenName": "J"}}),
                ),
                (
                    "/Users",
                    serde_json::json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                        "userName": "0-first"}),
                ),
                (
                    "/Groups",
                    serde_json::json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                        "displayName": "0 empty group"}),
                ),
            ] {
                let status = http
                    .post(format!("{}{path}", target.url()))
                    .bearer_auth(defects::TOKEN)
                    .header("content-type", "application/scim+json")
                    .body(body.to_string())
                    .send()
                    .await
                    .unwrap()
                    .status();
                assert_eq!(status.as_u16(), 201);
            }
            let outcome = scim_harness::harness::run(&defects::config(
                &target.url(),
                "@must or @should or @may",
                std::time::Duration::from_secs(10),
            ))
            .await;
            assert_eq!(outcome.exit_code(), 0, "{}", summary(&outcome));
        },
    );
}
