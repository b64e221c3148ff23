//! Regression snapshots, end to end through the real `scim-harness` binary: the committed
//! baseline is stable across repeated and concurrent runs; a target that differs in one field is
//! reported as drift (scenario and JSON pointer), apart from rule violations; under `CI=true`
//! nothing is ever written, outside CI the new version is left as `.snap.new` for review.
#![allow(clippy::unwrap_used)]

mod defects;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

use defects::{Defect, TOKEN, Target};
use serde_json::Value;

/// The committed baseline of the reference server.
fn baseline() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/scenarios")
}

/// Every file in `dir` with its length and modification time: "nothing changed" is this map
/// staying equal.
fn listing(dir: &Path) -> BTreeMap<String, (u64, SystemTime)> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let meta = e.metadata().unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                (meta.len(), meta.modified().unwrap()),
            )
        })
        .collect()
}

/// `scim-harness test ARGS` with `CI` set as given, colour off.
fn harness(args: &[&str], ci: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scim-harness"))
        .arg("test")
        .args(args)
        .env("CI", ci)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .env_remove("SCIM_TARGET")
        .env_remove("SCIM_TOKEN")
        .env_remove("SCIM_SNAPSHOTS")
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The tail of a run's output, for assertion messages.
fn tail(out: &Output) -> String {
    let all = text(out);
    let lines: Vec<&str> = all.lines().collect();
    lines[lines.len().saturating_sub(60)..].join("\n")
}

/// A copy of the baseline in a fresh temporary directory.
fn baseline_copy() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "scim-harness-snapshots-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(baseline()).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "snap") {
            std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
    }
    dir
}

const SELECTION: &str = "@okta and @okta-oin";

/// `--target` (the wiremock target), its token, `--snapshots DIR` and the OIN selection.
fn target_args(target: &Target, dir: &Path) -> Vec<String> {
    [
        "--target",
        &target.url(),
        "--token",
        TOKEN,
        "--snapshots",
        &dir.to_string_lossy(),
        "--tags",
        SELECTION,
    ]
    .map(str::to_owned)
    .to_vec()
}

#[test]
fn the_baseline_is_stable_across_repeated_and_concurrent_runs() {
    let dir = baseline();
    let before = listing(&dir);
    let dir_arg = dir.to_string_lossy().into_owned();
    let args = [
        "--snapshots",
        dir_arg.as_str(),
        "--tags",
        "@okta",
        "-c",
        "16",
    ];
    // Two runs at once, each with its own embedded server, then one more: none may drift.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| harness(&args, "true"));
        let b = s.spawn(|| harness(&args, "true"));
        (a.join().unwrap(), b.join().unwrap())
    });
    let c = harness(&args, "true");
    for out in [&a, &b, &c] {
        assert_eq!(out.status.code(), Some(0), "{}", tail(out));
        assert!(!text(out).contains("behaviour changed"), "{}", tail(out));
    }
    assert_eq!(
        listing(&dir),
        before,
        "a check run changed the snapshot directory"
    );
}

#[test]
fn a_target_that_differs_in_one_field_is_drift_with_its_pointer_and_ci_writes_nothing() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    // One field more on every user the target returns; no rule forbids it.
    let target = runtime.block_on(Target::start(Defect::after(|_, resp| {
        resp.edit_json(|body| {
            defects::each_resource(body, |r| {
                if r.get("userName").is_some() {
                    r["nickName"] = Value::String("Drifty".into());
                }
            });
        });
    })));
    let dir = baseline_copy();
    let before = listing(&dir);
    let owned = target_args(&target, &dir);
    let args: Vec<&str> = owned.iter().map(String::as_str).collect();

    let out = harness(&args, "true");
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{}", tail(&out));
    assert!(
        all.contains("behaviour changed (regression snapshots; these break no rule):"),
        "{}",
        tail(&out)
    );
    assert!(
        all.contains("features/okta/deactivate.feature"),
        "the drifted scenario is named: {}",
        tail(&out)
    );
    assert!(
        all.contains("/response/body/nickName: (absent) → \"Drifty\""),
        "the change is named by its JSON pointer: {}",
        tail(&out)
    );
    assert!(
        all.contains("FAIL (exit 1): behaviour changed in"),
        "no rule was broken, only behaviour changed: {}",
        tail(&out)
    );
    assert!(
        !all.contains("✗ ["),
        "drift is not listed as a rule failure: {}",
        tail(&out)
    );
    assert_eq!(
        listing(&dir),
        before,
        "CI=true wrote into the snapshot directory"
    );

    // Outside CI the new version waits beside the old one for `cargo insta review`.
    let out = harness(&args, "false");
    assert_eq!(out.status.code(), Some(1), "{}", tail(&out));
    let pending: Vec<String> = listing(&dir)
        .into_keys()
        .filter(|n| n.ends_with(".snap.new"))
        .collect();
    assert!(!pending.is_empty(), "no .snap.new written outside CI");
    let sample = std::fs::read_to_string(dir.join(&pending[0])).unwrap();
    assert!(
        sample.starts_with("---\nsource: features/okta/"),
        "{sample}"
    );
    assert!(sample.contains("\"nickName\": \"Drifty\""), "{sample}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn updating_snapshots_is_refused_under_ci_and_needs_a_directory_for_a_target() {
    let out = harness(&["--update-snapshots"], "true");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("refused under CI=true"),
        "{}",
        text(&out)
    );
    let out = harness(
        &[
            "--target",
            "http://127.0.0.1:9/scim/v2",
            "--token",
            "t",
            "--update-snapshots",
        ],
        "false",
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("needs --snapshots DIR"),
        "{}",
        text(&out)
    );
}

#[test]
fn update_mode_writes_a_baseline_that_the_next_run_matches() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let target = runtime.block_on(Target::start(Defect::none()));
    let dir = std::env::temp_dir().join(format!(
        "scim-harness-baseline-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let owned = target_args(&target, &dir);
    let base: Vec<&str> = owned.iter().map(String::as_str).collect();
    let mut update = base.clone();
    update.push("--update-snapshots");
    let out = harness(&update, "false");
    assert_eq!(out.status.code(), Some(0), "{}", tail(&out));
    let written = listing(&dir);
    assert!(written.len() >= 10, "{written:?}");
    assert!(
        written
            .keys()
            .all(|n| n.starts_with("okta__") && n.ends_with(".snap"))
    );
    // The same server through the same proxy matches the baseline it just wrote; and the
    // reference server's committed baseline matches too (the proxy changes nothing).
    let out = harness(&base, "true");
    assert_eq!(out.status.code(), Some(0), "{}", tail(&out));
    for (name, _) in written {
        let mine = std::fs::read_to_string(dir.join(&name)).unwrap();
        let committed = std::fs::read_to_string(baseline().join(&name)).unwrap();
        assert_eq!(
            mine, committed,
            "{name} differs from the committed baseline"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
