//! The `scim-harness` binary: parse the CLI, call the library, map the outcome to an exit code.
//!
//! Exit codes (documented in the README): 0 success · 1 conformance failure · 2 usage or
//! configuration error · 3 could not test. Nothing else in the crate exits the process.

use std::process::ExitCode;

use clap::Parser;
use scim_harness::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // --help and --version print to stdout and succeed; real usage errors are 2.
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
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
    }
}

fn usage_error(e: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}

/// `scim-harness serve`: owned by the server layer.
async fn serve(config: scim_harness::config::ServeConfig) -> ExitCode {
    let _ = config;
    eprintln!("error: serve is not available yet");
    ExitCode::from(2)
}

/// `scim-harness test`: owned by the harness layer.
async fn test(config: scim_harness::config::RunConfig) -> ExitCode {
    let _ = config;
    eprintln!("error: test is not available yet");
    ExitCode::from(2)
}
