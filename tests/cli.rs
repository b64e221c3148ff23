//! The `scim-harness` binary's contract: exit codes (2 usage, 3 could not test, 0 pass), reports
//! written and parseable, and the token absent from every report and from the terminal output.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::mpsc;
use std::time::Duration;

use scim_harness::config::{Auth, Secret, ServeConfig};

const BIN: &str = env!("CARGO_BIN_EXE_scim-harness");
/// A selection that needs only discovery: fast, and independent of the other features' progress.
const SMALL: &str = "@rfc7643-5 and @must";

/// Run the binary with `args`, killing nothing but giving up (failing) after `limit`.
fn run(args: &[&str], limit: Duration) -> Output {
    let (tx, rx) = mpsc::channel();
    let mut command = Command::new(BIN);
    command
        .args(args)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0");
    for var in ["SCIM_TARGET", "SCIM_TOKEN", "SCIM_TAGS", "SCIM_FEATURES"] {
        command.env_remove(var);
    }
    std::thread::spawn(move || {
        let _ = tx.send(command.output());
    });
    match rx.recv_timeout(limit) {
        Ok(Ok(output)) => output,
        Ok(Err(e)) => panic!("cannot run {BIN}: {e}"),
        Err(_) => panic!("scim-harness {args:?} did not finish within {limit:?}"),
    }
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["test", "--tags", "@must and ("][..],
        &["test", "--features", "/nonexistent/features"][..],
        &["test", "--concurrency", "0"][..],
        &["test", "--target", "ftp://example.org", "--token", "t"][..],
        &["test", "--target", "http://127.0.0.1:9"][..],
        &["test", "--name", "Push (Now"][..],
    ] {
        let out = run(args, Duration::from_secs(60));
        assert_eq!(out.status.code(), Some(2), "{args:?}:\n{}", text(&out));
    }
}

#[test]
fn a_dead_target_exits_3_without_hanging() {
    let out = run(
        &[
            "test",
            "--target",
            "http://127.0.0.1:9",
            "--token",
            "dead-token-value",
            "--timeout",
            "3",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let all = text(&out);
    assert!(all.contains("could not test"), "{all}");
    assert!(!all.contains("dead-token-value"), "{all}");
}

#[test]
fn the_embedded_server_passes_a_small_selection() {
    let out = run(&["test", "--tags", SMALL], Duration::from_secs(120));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let all = text(&out);
    assert!(
        all.contains("PASS (exit 0)")
            && all.contains("MUST ")
            && !all.contains("no scenarios selected"),
        "{all}"
    );
}

#[test]
fn name_selects_scenarios_by_regular_expression_together_with_tags() {
    let out = run(
        &[
            "test",
            "-q",
            "--no-snapshots",
            "--tags",
            "@okta",
            "--name",
            "^Push Now",
        ],
        Duration::from_secs(120),
    );
    let all = text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    // As many scenarios as the Okta features have whose names start "Push Now", and no others.
    let expected: usize = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/features/okta"))
        .unwrap()
        .flatten()
        .map(|f| std::fs::read_to_string(f.path()).unwrap())
        .map(|text| text.matches("Scenario: Push Now").count())
        .sum();
    let tally = all
        .lines()
        .find(|l| l.starts_with("MUST ") || l.starts_with("SHOULD "))
        .unwrap_or_default();
    let ran: usize = tally
        .split(" · ")
        .filter_map(|part| {
            part.split_once('/')
                .and_then(|(_, total)| total.parse::<usize>().ok())
        })
        .sum();
    assert!(
        expected >= 2,
        "the Okta features lost their Push Now scenarios"
    );
    assert_eq!(ran, expected, "{all}");
    assert!(
        !all.contains("  entra") && !all.contains("  protocol"),
        "{all}"
    );
    let none = run(
        &[
            "test",
            "-q",
            "--no-snapshots",
            "--tags",
            "@entra",
            "--name",
            "^Push Now",
        ],
        Duration::from_secs(120),
    );
    // Selecting nothing is a mistake in the command, not a pass (exit 2), and says what exists.
    assert_eq!(none.status.code(), Some(2), "{}", text(&none));
    assert!(
        text(&none).contains("selects no scenario; tags that exist (closest first): @entra"),
        "{}",
        text(&none)
    );
    let bare = run(&["test", "-q", "--tags", "okta"], Duration::from_secs(60));
    assert_eq!(bare.status.code(), Some(2), "{}", text(&bare));
    assert!(
        text(&bare).contains("did you mean @okta?"),
        "{}",
        text(&bare)
    );
}

/// Elements balance: every start tag is closed in order (enough to catch a truncated report).
fn xml_is_well_formed(xml: &str) -> bool {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let Some(end) = after.find("]]>") else {
                return false;
            };
            rest = &after[end + 3..];
            continue;
        }
        let Some(end) = rest.find('>') else {
            return false;
        };
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            if stack.pop().as_deref() != Some(name.trim()) {
                return false;
            }
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().unwrap_or_default();
            stack.push(name.to_owned());
        }
    }
    stack.is_empty()
}

#[test]
fn reports_are_written_parseable_and_free_of_the_token() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let token = Secret::new("cli-test-token-4d2e9a");
    let server = runtime
        .block_on(scim_harness::server::start(ServeConfig::for_tests(
            Auth::Token(token.clone()),
        )))
        .unwrap();
    let dir = std::env::temp_dir().join(format!("scim-harness-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = |name: &str| -> PathBuf { dir.join(name) };
    let (junit, json, markdown) = (file("report.xml"), file("report.json"), file("report.md"));
    let out = run(
        &[
            "test",
            "--target",
            server.base_url(),
            "--token",
            token.expose(),
            "--tags",
            SMALL,
            "--junit",
            junit.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
            "--markdown",
            markdown.to_str().unwrap(),
        ],
        Duration::from_secs(120),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        !text(&out).contains(token.expose()),
        "the token leaked to the terminal"
    );

    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("<testsuites") && xml_is_well_formed(&xml),
        "{xml}"
    );
    let cucumber_json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert!(
        cucumber_json
            .as_array()
            .is_some_and(|features| !features.is_empty())
    );
    let md = std::fs::read_to_string(&markdown).unwrap();
    assert!(
        md.contains("| level | passed | failed |") && md.contains("| MUST |"),
        "{md}"
    );
    for report in [&xml, &cucumber_json.to_string(), &md] {
        assert!(
            !report.contains(token.expose()),
            "the token leaked to a report"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    runtime.block_on(server.shutdown()).unwrap();
}

#[test]
fn the_xml_check_catches_truncation() {
    assert!(xml_is_well_formed(
        "<?xml version=\"1.0\"?><a x=\"1\"><b/><c></c></a>"
    ));
    assert!(!xml_is_well_formed("<a><b></a>"));
    assert!(!xml_is_well_formed("<a>"));
}

/// A fake target whose `/ServiceProviderConfig` declares ETags unsupported and whose `/slow`
/// answers after 5 s; plus a features directory with `text` as its only feature.
fn fake_target(feature: &str) -> (tokio::runtime::Runtime, wiremock::MockServer, PathBuf) {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, ResponseTemplate};
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(async {
        let server = wiremock::MockServer::start().await;
        let spc = serde_json::json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "patch": {"supported": true}, "bulk": {"supported": false}, "filter": {"supported": true},
            "changePassword": {"supported": false}, "sort": {"supported": false},
            "etag": {"supported": false}, "authenticationSchemes": []
        });
        Mock::given(method("GET"))
            .and(path("/ServiceProviderConfig"))
            .respond_with(ResponseTemplate::new(200).set_body_json(spc))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/slow"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
            .mount(&server)
            .await;
        server
    });
    let dir = std::env::temp_dir().join(format!(
        "scim-harness-fake-{}-{}",
        std::process::id(),
        feature.len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("fake.feature"), feature).unwrap();
    (runtime, server, dir)
}

/// Run one feature file against the fake target with `extra` flags: the exit code and all output.
fn run_fake(feature: &str, extra: &[&str]) -> (Option<i32>, String) {
    let (_rt, server, dir) = fake_target(feature);
    let uri = server.uri();
    let features = dir.to_str().unwrap().to_owned();
    let mut args = vec!["test", "--target", &uri, "--token", "t"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--features", &features, "--only-features"]);
    let out = run(&args, Duration::from_secs(60));
    let _ = std::fs::remove_dir_all(&dir);
    (out.status.code(), text(&out))
}

#[test]
fn scenarios_needing_an_unsupported_capability_are_skipped_with_the_reason() {
    let (code, all) = run_fake(
        "Feature: fake\n\n  @must @capability-etag\n  Scenario: needs ETags\n    RFC 7644 §3.14: a test.\n    When the client sends GET \"/slow\"\n    Then the response status is 200\n",
        &[],
    );
    assert_eq!(code, Some(0), "{all}");
    assert!(
        all.contains("skipped: the target declares etag.supported = false"),
        "{all}"
    );
}

#[test]
fn a_timeout_during_a_step_is_could_not_test_not_a_violation() {
    let (code, all) = run_fake(
        "Feature: fake\n\n  @must\n  Scenario: slow read\n    A test.\n    When the client sends GET \"/slow\"\n    Then the response status is 200\n",
        &["--timeout", "1"],
    );
    assert_eq!(code, Some(3), "{all}");
    assert!(
        all.contains("could not test: no response: timed out"),
        "{all}"
    );
}

#[test]
fn an_undefined_step_fails_the_run() {
    let (code, all) = run_fake(
        "Feature: fake\n\n  @may\n  Scenario: undefined\n    A test.\n    When the client dances\n",
        &[],
    );
    assert_eq!(code, Some(1), "{all}");
    assert!(
        all.contains("undefined step: `When the client dances` (line 6)"),
        "{all}"
    );
}

#[test]
fn an_unwritable_report_path_exits_2_before_anything_runs() {
    let file = std::env::temp_dir().join(format!("scim-harness-plain-{}", std::process::id()));
    std::fs::write(&file, "").unwrap();
    let under_a_file = file.join("report");
    let under = under_a_file.to_str().unwrap();
    for flag in ["--markdown", "--junit", "--json", "--evidence"] {
        let out = run(
            &["test", "--tags", SMALL, flag, under],
            Duration::from_secs(60),
        );
        let all = text(&out);
        assert_eq!(out.status.code(), Some(2), "{flag}: {all}");
        assert!(all.contains(&format!("error: {flag} {under}")), "{all}");
        assert!(
            !all.contains("summary") && !all.contains("PASS"),
            "{flag} ran: {all}"
        );
    }
    let _ = std::fs::remove_file(&file);
}

#[test]
fn a_broken_feature_is_reported_with_path_line_and_reason_even_with_q() {
    let broken = "Feature: broken\n\n  Scenario: a\n    When the client sends GET \"/slow\"\n  Oops this is not gherkin\n";
    for quiet in [true, false] {
        let extra: &[&str] = if quiet { &["-q"] } else { &[] };
        let (code, all) = run_fake(broken, extra);
        assert_eq!(code, Some(2), "{all}");
        assert!(
            all.contains("1 feature file(s) could not be parsed"),
            "{all}"
        );
        assert!(all.contains("fake.feature:5:"), "{all}");
        assert!(all.contains("Unknown keyword: 'Oops'"), "{all}");
        // Nothing ran: the fake target's slow endpoint would have taken 5 s.
        assert!(!all.contains("MUST "), "{all}");
    }
}

#[test]
fn every_report_holds_the_failure_s_full_evidence_and_counts_like_the_exit_code() {
    let dir = std::env::temp_dir().join(format!("scim-harness-evidence-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = |name: &str| dir.join(name).to_str().unwrap().to_owned();
    let (junit, json, markdown, har) = (path("r.xml"), path("r.json"), path("r.md"), path("har"));
    let (code, all) = run_fake(
        "Feature: fake\n\n  @must\n  Scenario: must fail\n    RFC 7644 §3.3: a MUST.\n    When the client sends GET \"/ServiceProviderConfig\"\n    Then the response status is 201\n\n  @should\n  Scenario: should fail\n    A SHOULD.\n    When the client sends GET \"/ServiceProviderConfig\"\n    Then the response status is 204\n",
        &[
            "-q",
            "--junit",
            &junit,
            "--json",
            &json,
            "--markdown",
            &markdown,
            "--evidence",
            &har,
        ],
    );
    assert_eq!(code, Some(1), "{all}");
    let evidence = "> GET http";
    assert!(
        all.contains(evidence) && all.contains("> Authorization: Bearer ***"),
        "{all}"
    );
    assert!(
        all.contains("< 200 OK") && all.contains("\"etag\":{\"supported\":false}"),
        "{all}"
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml_is_well_formed(&xml), "{xml}");
    assert!(
        xml.contains("tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"1\""),
        "{xml}"
    );
    assert!(
        xml.contains("<failure type=\"MUST\" message=\"RFC 7644 §3.3: a MUST. [@must]\">"),
        "{xml}"
    );
    assert!(
        xml.contains("<skipped message=\"SHOULD failed (not counted): response status"),
        "{xml}"
    );
    assert!(
        !xml.contains("Step Panicked") && !xml.contains("Matched:"),
        "{xml}"
    );
    assert!(xml.contains("&gt; GET http"), "{xml}");
    let cucumber = std::fs::read_to_string(&json).unwrap();
    assert!(
        !cucumber.contains("Matched:") && cucumber.contains(evidence),
        "{cucumber}"
    );
    assert!(cucumber.contains("[SHOULD, not counted]"), "{cucumber}");
    let md = std::fs::read_to_string(&markdown).unwrap();
    assert!(md.contains(evidence), "{md}");
    let files: Vec<_> = std::fs::read_dir(&har)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    for file in files {
        assert!(file.to_str().unwrap().contains("__fake__"), "{file:?}");
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(doc["log"]["version"], "1.2");
        let entry = &doc["log"]["entries"][0];
        for field in [
            "startedDateTime",
            "time",
            "request",
            "response",
            "cache",
            "timings",
        ] {
            assert!(entry.get(field).is_some(), "{field} missing in {doc:#}");
        }
        assert_eq!(entry["response"]["status"], 200);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
