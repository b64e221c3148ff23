//! `scim-harness snapshots list|review|accept|reject` and the snapshot-directory rules of `test`,
//! through the real binary, run in a temporary directory that holds no Cargo project.
#![allow(clippy::unwrap_used)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_scim-harness");
/// A selection that needs only discovery: fast.
const SMALL: &str = "@rfc7643-5 and @must";

/// A fresh empty directory under the system temp dir (no Cargo.toml anywhere above it).
fn workdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "scim-harness-snapcli-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn snap(scenario: &str, status: u16) -> String {
    format!(
        "---\nsource: features/okta/x.feature\nexpression: {}\n---\n{{\n  \"scenario\": {0},\n  \"status\": {status}\n}}\n",
        serde_json::to_string(scenario).unwrap()
    )
}

/// `<cwd>/snapshots/scenarios` (the default directory) with `alpha` changed, `beta` and
/// `gamma` new.
fn pending_fixture(cwd: &Path) -> PathBuf {
    let dir = cwd.join("snapshots/scenarios");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("alpha.snap"), snap("Alpha", 201)).unwrap();
    std::fs::write(dir.join("alpha.snap.new"), snap("Alpha", 200)).unwrap();
    std::fs::write(dir.join("beta.snap.new"), snap("Beta", 201)).unwrap();
    std::fs::write(dir.join("gamma.snap.new"), snap("Gamma", 201)).unwrap();
    dir
}

fn run_in(cwd: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .env("CI", "false")
        .env_remove("SCIM_SNAPSHOTS")
        .env_remove("SCIM_TARGET")
        .env_remove("SCIM_TOKEN")
        .env_remove("SCIM_TAGS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn list_shows_each_pending_snapshot_new_or_changed_with_its_scenario() {
    let cwd = workdir();
    let dir = pending_fixture(&cwd);
    let out = run_in(&cwd, &["snapshots", "list"], "");
    let all = text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(
        all.contains("3 pending snapshot change(s) in snapshots/scenarios"),
        "{all}"
    );
    assert!(all.contains("changed  alpha  \"Alpha\""), "{all}");
    assert!(all.contains("new      beta  \"Beta\""), "{all}");
    assert_eq!(names(&dir).len(), 4, "list changed the directory");
    let _ = std::fs::remove_dir_all(&cwd);
}

#[test]
fn accept_with_name_moves_only_the_matching_snapshots() {
    let cwd = workdir();
    let dir = pending_fixture(&cwd);
    let dir_arg = dir.to_string_lossy().into_owned();
    let out = run_in(
        &cwd,
        &[
            "snapshots",
            "accept",
            "--name",
            "^(Alpha|beta)$",
            "--snapshots",
            &dir_arg,
        ],
        "",
    );
    let all = text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(all.contains("accepted alpha (changed)"), "{all}");
    assert!(all.contains("accepted 2, rejected 0, skipped 1"), "{all}");
    assert_eq!(
        names(&dir),
        ["alpha.snap", "beta.snap", "gamma.snap.new"],
        "{all}"
    );
    let alpha = std::fs::read_to_string(dir.join("alpha.snap")).unwrap();
    assert!(
        alpha.contains("\"status\": 200"),
        "the new version replaced the old"
    );
    let out = run_in(&cwd, &["snapshots", "accept", "--name", "Nothing"], "");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let _ = std::fs::remove_dir_all(&cwd);
}

#[test]
fn reject_deletes_the_pending_files_and_keeps_the_baseline() {
    let cwd = workdir();
    let dir = pending_fixture(&cwd);
    let out = run_in(&cwd, &["snapshots", "reject"], "");
    let all = text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(all.contains("accepted 0, rejected 3, skipped 0"), "{all}");
    assert_eq!(names(&dir), ["alpha.snap"]);
    let alpha = std::fs::read_to_string(dir.join("alpha.snap")).unwrap();
    assert!(alpha.contains("\"status\": 201"), "{alpha}");
    let out = run_in(&cwd, &["snapshots", "list"], "");
    assert!(
        text(&out).contains("no pending snapshot changes"),
        "{}",
        text(&out)
    );
    let _ = std::fs::remove_dir_all(&cwd);
}

#[test]
fn review_shows_each_diff_and_follows_the_answers() {
    let cwd = workdir();
    let dir = pending_fixture(&cwd);
    // Without a terminal it refuses and points at accept / reject.
    let out = run_in(&cwd, &["snapshots", "review"], "a\na\na\n");
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(
        all.contains("needs a terminal") && all.contains("snapshots accept"),
        "{all}"
    );
    assert_eq!(names(&dir).len(), 4, "a refused review changed files");
    // Scripted: accept alpha, reject beta, skip gamma.
    let out = run_in(&cwd, &["snapshots", "review", "--interactive"], "a\nr\ns\n");
    let all = text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(all.contains("[1/3] changed snapshot alpha"), "{all}");
    assert!(
        all.contains("-  \"status\": 201\n+  \"status\": 200\n"),
        "{all}"
    );
    assert!(all.contains("accepted 1, rejected 1, skipped 1"), "{all}");
    assert_eq!(names(&dir), ["alpha.snap", "gamma.snap.new"]);
    let _ = std::fs::remove_dir_all(&cwd);
}

#[test]
fn an_unknown_snapshot_directory_is_a_usage_error() {
    let cwd = workdir();
    for action in ["list", "review", "accept", "reject"] {
        let out = run_in(&cwd, &["snapshots", action, "--snapshots", "nosuchdir"], "");
        assert_eq!(out.status.code(), Some(2), "{action}: {}", text(&out));
        assert!(text(&out).contains("nosuchdir: no such snapshot directory"));
    }
    // The default directory does not exist here either.
    let out = run_in(&cwd, &["snapshots", "list"], "");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let _ = std::fs::remove_dir_all(&cwd);
}

#[test]
fn checking_against_a_directory_without_a_baseline_is_refused_before_running() {
    let cwd = workdir();
    std::fs::create_dir_all(cwd.join("empty")).unwrap();
    for dir in ["nosuchdir", "empty"] {
        let out = run_in(&cwd, &["test", "--snapshots", dir, "--tags", SMALL], "");
        let all = text(&out);
        assert_eq!(out.status.code(), Some(2), "{all}");
        assert!(all.contains("no baseline to compare with"), "{all}");
        assert!(all.contains("--update-snapshots"), "{all}");
        assert!(!all.contains("behaviour changed"), "{all}");
    }
    assert!(
        !cwd.join("nosuchdir").exists(),
        "the check created the directory"
    );
    assert_eq!(names(&cwd.join("empty")), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&cwd);
}

#[test]
fn update_prints_what_it_recorded_and_names_scenarios_that_failed() {
    let cwd = workdir();
    let features = cwd.join("features/mine");
    std::fs::create_dir_all(&features).unwrap();
    std::fs::write(
        features.join("record.feature"),
        "Feature: Recording\n\n  @must\n  Scenario: Discovery answers\n    RFC 7644 §4: discovery is served.\n    When the client sends GET \"/ServiceProviderConfig\"\n    Then the response status is 200\n\n  @should\n  Scenario: Discovery answers a teapot\n    A rule the reference server does not follow.\n    When the client sends GET \"/ServiceProviderConfig\"\n    Then the response status is 418\n",
    )
    .unwrap();
    let args = [
        "test",
        "--only-features",
        "--features",
        "features",
        "--snapshots",
        "snaps",
        "-q",
    ];
    let mut update = args.to_vec();
    update.push("--update-snapshots");
    let out = run_in(&cwd, &update, "");
    let all = text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(
        all.contains("snapshots: recorded 1 new, updated 0, unchanged 0 in snaps"),
        "{all}"
    );
    assert!(
        all.contains(
            "no baseline (failed): features/mine/record.feature:10 Discovery answers a teapot"
        ),
        "{all}"
    );
    assert_eq!(
        names(&cwd.join("snaps")).len(),
        1,
        "the failed scenario was recorded"
    );

    let again = run_in(&cwd, &update, "");
    assert!(
        text(&again).contains("snapshots: recorded 0 new, updated 0, unchanged 1 in snaps"),
        "{}",
        text(&again)
    );
    // Edit the baseline: the next update rewrites it.
    let file = cwd.join("snaps").join(&names(&cwd.join("snaps"))[0]);
    let edited = std::fs::read_to_string(&file)
        .unwrap()
        .replace("200", "201");
    std::fs::write(&file, edited).unwrap();
    let third = run_in(&cwd, &update, "");
    assert!(
        text(&third).contains("snapshots: recorded 0 new, updated 1, unchanged 0 in snaps"),
        "{}",
        text(&third)
    );
    // A check run matches what was recorded and prints no counts.
    let check = run_in(&cwd, &args, "");
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));
    assert!(
        !text(&check).contains("snapshots: recorded"),
        "{}",
        text(&check)
    );
    let _ = std::fs::remove_dir_all(&cwd);
}
