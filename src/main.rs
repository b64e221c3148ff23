//! The `scim-harness` binary: parse the CLI, call the library, map the outcome to an exit code.
//!
//! Exit codes (documented in the README): 0 success · 1 conformance failure · 2 usage or
//! configuration error · 3 could not test. Nothing else in the crate exits the process.

use std::io::IsTerminal as _;
use std::process::ExitCode;

use clap::Parser;
use scim_harness::cli::{Cli, Command};

/// glibc's malloc made the server's worker threads queue on its arena lock (measured: 1.5 futex
/// calls per request under load, a third of the throughput); mimalloc keeps per-thread heaps.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    if let Err(e) = scim_harness::cli::check_boolean_env(|var| std::env::var(var).ok()) {
        return usage_error(&e);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // --help and --version print to stdout and succeed; real usage errors are 2.
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(3);
        }
    };
    match cli.command {
        Command::Serve(args) => {
            let config = match args.into_config() {
                Ok(c) => c,
                Err(e) => return usage_error(&e),
            };
            runtime.block_on(serve(config))
        }
        Command::Test(args) => {
            let config = match args.into_config() {
                Ok(c) => c,
                Err(e) => return usage_error(&e),
            };
            runtime.block_on(test(config))
        }
        Command::Snapshots(args) => match args.into_config() {
            Ok(config) => snapshots(&config),
            Err(e) => usage_error(&e),
        },
    }
}

fn usage_error(e: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}

/// `scim-harness serve`: owned by the server layer.
///
/// Bind (failure: exit 2), print the base URL — and a generated token, the only place a token
/// is ever printed — then serve until Ctrl-C (or SIGTERM) and shut down gracefully.
async fn serve(config: scim_harness::config::ServeConfig) -> ExitCode {
    use scim_harness::config::Auth;
    use std::io::Write as _;

    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // The log is written by its own thread: a request never waits on stderr.
    let (log, _flush_log_at_exit) = match scim_harness::server::log_sink::spawn(std::io::stderr()) {
        Ok(sink) => sink,
        Err(e) => {
            eprintln!("error: cannot start the log writer: {e}");
            return ExitCode::from(3);
        }
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(log)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();

    let running = match scim_harness::server::bind(config.clone()).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(2);
        }
    };
    println!("SCIM server listening on {}", running.base_url());
    match &config.auth {
        Auth::Token(token) if config.token_generated => {
            println!("Bearer token (generated, shown once): {}", token.expose());
        }
        Auth::Token(_) => println!("Bearer token: the one given with --token / SCIM_TOKEN"),
        Auth::Disabled => println!("Authentication disabled (--no-auth)"),
    }
    if config.compliance == scim_harness::scim::Compliance::Strict {
        println!(
            "Strict mode (--strict): the Okta/Entra tolerances are refused with 400 (README: \
             Tolerances and serve --strict)"
        );
    }
    if !config.host.is_loopback() {
        println!(
            "Listening beyond loopback on {}: anyone who can reach this address can call the \
             server",
            config.host
        );
    }
    match config.cors_origins.as_slice() {
        [] => println!("CORS: any origin"),
        origins => println!("CORS: only {}", origins.join(", ")),
    }
    let origin = running
        .base_url()
        .strip_suffix(config.base_path.as_str())
        .unwrap_or_default()
        .to_owned();
    for (name, _) in &config.tenants {
        println!(
            "Tenant {name}: its token at {}, or {origin}/tenants/{name}{}",
            running.base_url(),
            config.base_path
        );
    }
    if config.dynamic_tenants {
        println!(
            "Dynamic tenants: {origin}/tenants/NAME{} creates tenant NAME on first use",
            config.base_path
        );
    }
    println!("Admin API: {origin}/_admin (description: {origin}/_admin/openapi.json)");
    println!("Console: {origin}/_console");
    {
        use scim_harness::server::mock::seed::SeedSource;
        let seed = running.mock().default_tenant().seed.current();
        match &config.seed {
            SeedSource::Empty => {}
            SeedSource::File(_) => println!(
                "Seed: {} ({} users, {} groups) in every tenant; POST /_admin/reset restores it",
                seed.origin,
                seed.user_count(),
                seed.group_count()
            ),
            SeedSource::Demo(_) => println!(
                "Demo: {} ({} groups, Eppo's role groups among them) in every tenant; POST \
                 /_admin/reset restores it",
                seed.origin,
                seed.group_count()
            ),
        }
        let roles = running.mock().default_tenant().roles.map();
        if !roles.is_empty() {
            println!(
                "Roles: {} mode, {} mapped role(s), default {}; GET /_admin/roles",
                roles.mode.as_str(),
                roles.rules.len(),
                roles.default.as_deref().unwrap_or("none")
            );
        }
    }
    let _ = std::io::stdout().flush();

    match running.serve_until(shutdown_signal()).await {
        Ok(()) => {
            eprintln!("server stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: the server failed: {e}");
            ExitCode::from(3)
        }
    }
}

/// Ctrl-C, or SIGTERM on Unix (containers, process managers).
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

/// `scim-harness test`: owned by the harness layer. Without `--target`, the reference server is
/// started in-process on 127.0.0.1:0 with a generated token and tested over its socket.
async fn test(mut config: scim_harness::config::RunConfig) -> ExitCode {
    use scim_harness::config::{Auth, Secret, ServeConfig};
    use scim_harness::{harness, report};

    // A report that cannot be written is a usage error before the run, not after it.
    if let Err(e) = report::check_paths(&config) {
        return usage_error(&e);
    }
    let mut embedded = None;
    if config.target.is_none() {
        let token = Secret::generate();
        match scim_harness::server::start(ServeConfig::for_tests(Auth::Token(token.clone()))).await
        {
            Ok(server) => {
                config.target = Some(server.base_url().to_owned());
                config.token = Some(token);
                embedded = Some(server);
            }
            Err(e) => {
                eprintln!("error: cannot start the reference server: {e:#}");
                return ExitCode::from(3);
            }
        }
    }
    let outcome = harness::run(&config).await;
    report::summary::print(&outcome);
    let written = report::write_files(&outcome, &config);
    if let Some(server) = embedded {
        let _ = server.shutdown().await;
    }
    match written {
        Ok(notes) => {
            for note in notes {
                println!("{note}");
            }
            ExitCode::from(outcome.exit_code())
        }
        Err(e) => usage_error(&e),
    }
}

/// `scim-harness snapshots list|review|accept|reject`: the pending `.snap.new` files of a
/// snapshot directory, in any directory (no Cargo project, no cargo-insta).
fn snapshots(config: &scim_harness::config::SnapshotsConfig) -> ExitCode {
    use scim_harness::config::SnapshotTask;
    use scim_harness::harness::snapshot::review::{self, Decision, Pending, Tally};

    let dir = config.dir.path().display().to_string();
    if let SnapshotTask::Review { interactive: false } = config.task
        && !std::io::stdin().is_terminal()
    {
        return usage_error(&format!(
            "snapshots review asks about each change and needs a terminal, and stdin is not one.\n  Without a terminal: scim-harness snapshots accept [--name REGEX] --snapshots {dir}\n                  or: scim-harness snapshots reject [--name REGEX] --snapshots {dir}\n  (scim-harness snapshots list shows what is pending)"
        ));
    }
    let all = match config.dir.pending() {
        Ok(all) => all,
        Err(e) => return usage_error(&e),
    };
    if all.is_empty() {
        println!("no pending snapshot changes in {dir}");
        return ExitCode::SUCCESS;
    }
    let (selected, unselected): (Vec<Pending>, Vec<Pending>) = all
        .into_iter()
        .partition(|p| p.is_selected_by(config.name.as_ref()));
    if selected.is_empty() {
        let pattern = config.name.as_ref().map_or("", |re| re.as_str());
        return usage_error(&format!(
            "--name {pattern:?} matches none of the {} pending snapshot changes in {dir} (scim-harness snapshots list shows them)",
            unselected.len()
        ));
    }
    let decision = match config.task {
        SnapshotTask::List => {
            println!("{} pending snapshot change(s) in {dir}:", selected.len());
            for p in &selected {
                println!("  {}", p.line());
            }
            if !unselected.is_empty() {
                println!("  ({} more not matching --name)", unselected.len());
            }
            println!(
                "review them with `scim-harness snapshots review`, or `accept` / `reject` them (--name REGEX to choose)"
            );
            return ExitCode::SUCCESS;
        }
        SnapshotTask::Review { .. } => None,
        SnapshotTask::Accept => Some(Decision::Accept),
        SnapshotTask::Reject => Some(Decision::Reject),
    };
    let mut tally = Tally::default();
    let result = match decision {
        None => review::review(
            &selected,
            &mut std::io::stdin().lock(),
            &mut std::io::stdout().lock(),
        )
        .map(|t| tally = t),
        Some(decision) => selected.iter().try_for_each(|p| {
            review::apply(p, decision, &mut tally)?;
            let done = if decision == Decision::Accept {
                "accepted"
            } else {
                "rejected"
            };
            println!("{done} {} ({})", p.name, p.change);
            Ok(())
        }),
    };
    tally.skipped += unselected.len();
    println!("{tally}");
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => usage_error(&e),
    }
}
