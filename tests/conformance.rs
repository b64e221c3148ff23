//! The self-conformance gate: the harness, run over a real socket against the reference server
//! started in-process on 127.0.0.1:0, with every feature under `features/`. Fails (non-zero exit)
//! when the run's verdict is not "pass" — in particular when any `@must` scenario fails.
//!
//! `harness = false`: this is a plain `main`. It speaks just enough of the libtest protocol for
//! cargo-nextest (`--list` → `conformance: test`; other arguments such as `--exact` are ignored)
//! and ends with a plain `N passed, N failed` line for CI parsers under `cargo test`.
//! `SCIM_TAGS` selects scenarios, as for `scim-harness test`.

use std::path::PathBuf;
use std::process::ExitCode;

use scim_harness::config::{Auth, RunConfig, Secret, ServeConfig, SnapshotMode};
use scim_harness::harness::{self, Status};
use scim_harness::{report, server};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        if !args.iter().any(|a| a == "--ignored") {
            println!("conformance: test");
        }
        return ExitCode::SUCCESS;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(conformance())
}

async fn conformance() -> ExitCode {
    let token = Secret::generate();
    let server = match server::start(ServeConfig::for_tests(Auth::Token(token.clone()))).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot start the reference server: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = RunConfig {
        tags: std::env::var("SCIM_TAGS")
            .ok()
            .filter(|t| !t.trim().is_empty()),
        features: vec![root.join("features")],
        only_features: true,
        // The committed baseline of the reference server: drift fails `cargo test`.
        snapshots: SnapshotMode::Check,
        snapshot_dir: Some(root.join("snapshots/scenarios")),
        // `cargo test` shows the summary, which holds every failure in full.
        progress: false,
        ..RunConfig::new(server.base_url(), token.clone())
    };
    let outcome = harness::run(&config).await;
    report::summary::print(&outcome);
    let _ = server.shutdown().await;

    // The /Me scenarios need a server whose token stands for a user (`serve --me`); the main
    // server keeps /Me at 501, which errors.feature checks.
    let mut me_config = ServeConfig::for_tests(Auth::Token(token.clone()));
    me_config.me = Some("me@scim-harness.invalid".to_owned());
    let me_server = match server::start(me_config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot start the reference server with --me: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let me_run = RunConfig {
        tags: Some(match &config.tags {
            Some(t) => format!("({t}) and @capability-me"),
            None => "@capability-me".to_owned(),
        }),
        ..RunConfig::new(me_server.base_url(), token)
    };
    let me_run = RunConfig {
        features: config.features.clone(),
        only_features: true,
        snapshots: SnapshotMode::Check,
        snapshot_dir: config.snapshot_dir.clone(),
        progress: false,
        ..me_run
    };
    let me_outcome = harness::run(&me_run).await;
    report::summary::print(&me_outcome);
    let _ = me_server.shutdown().await;
    let me_passed = me_outcome
        .scenarios
        .iter()
        .filter(|s| s.status == Status::Passed)
        .count();
    println!(
        "/Me run: {me_passed} passed, exit {}",
        me_outcome.exit_code()
    );
    if me_outcome.exit_code() != 0 {
        return ExitCode::FAILURE;
    }

    let passed = outcome
        .scenarios
        .iter()
        .filter(|s| s.status == Status::Passed)
        .count();
    let failed = outcome
        .scenarios
        .iter()
        .filter(|s| s.counts_as_failure(false))
        .count();
    // `failed()` leaves drift out while `counts_as_failure` counts it: never underflow on drift.
    let not_counted = outcome.failed().count().saturating_sub(failed);
    let skipped = outcome.skipped().count();
    println!("{passed} passed, {failed} failed");
    if not_counted + skipped > 0 {
        println!(
            "({not_counted} SHOULD/MAY or could-not-test failures not counted, {skipped} skipped)"
        );
    }
    if outcome.exit_code() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
