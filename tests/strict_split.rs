//! `serve --strict` fails exactly the scenarios that rely on a tolerance, and says which.
//!
//! Every built-in scenario runs against a strict reference server. A scenario tagged
//! `@tolerance-<name>` must fail, and its failure text must name one of its tolerances (the
//! server's `detail` ends "tolerated by default as <name>"); every other scenario must pass. So a
//! wrong or missing tolerance tag, a tolerance the strict server forgets to refuse, or a strict
//! refusal of RFC-conformant input each fails this test.
#![allow(clippy::unwrap_used)]

mod defects;

use std::time::Duration;

use defects::{TOKEN, isolated};
use scim_harness::config::{Auth, RunConfig, Secret, ServeConfig};
use scim_harness::harness::{self, Status};
use scim_harness::scim::Compliance;
use scim_harness::scim::Tolerance;
use scim_harness::server;

#[test]
fn serve_strict_fails_exactly_the_scenarios_that_rely_on_a_tolerance() {
    isolated(
        "serve_strict_fails_exactly_the_scenarios_that_rely_on_a_tolerance",
        Duration::from_secs(600),
        async {
            let mut config = ServeConfig::for_tests(Auth::Token(Secret::new(TOKEN)));
            config.compliance = Compliance::Strict;
            let server = server::start(config).await.unwrap();
            let run = RunConfig::new(server.base_url(), Secret::new(TOKEN));
            let outcome = harness::run(&run).await;
            assert!(outcome.aborted.is_none(), "{:?}", outcome.aborted);

            let mut wrong = Vec::new();
            let mut tolerated = 0;
            for s in &outcome.scenarios {
                let names: Vec<&str> = s
                    .tags
                    .iter()
                    .filter_map(|t| t.strip_prefix("tolerance-"))
                    .collect();
                for name in &names {
                    assert!(
                        Tolerance::from_name(name).is_some(),
                        "{}:{} is tagged with an unknown tolerance {name:?}",
                        s.path,
                        s.line
                    );
                }
                let failure = s.failure.as_deref().unwrap_or("");
                match (&s.status, names.is_empty()) {
                    (Status::Passed | Status::Skipped(_), true) => {}
                    (Status::Failed(_), false) => {
                        tolerated += 1;
                        let named = names
                            .iter()
                            .any(|n| failure.contains(&format!("tolerated by default as {n}")));
                        if !named {
                            wrong.push(format!(
                                "{}:{} {} relies on {names:?} but its strict failure names none of them:\n{failure}",
                                s.path, s.line, s.name
                            ));
                        }
                    }
                    (Status::Failed(_), true) => wrong.push(format!(
                        "{}:{} {} has no tolerance tag but fails against the strict server:\n{failure}",
                        s.path, s.line, s.name
                    )),
                    (_, false) => wrong.push(format!(
                        "{}:{} {} is tagged {names:?} but passes against the strict server",
                        s.path, s.line, s.name
                    )),
                }
            }
            assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
            assert!(tolerated >= 40, "only {tolerated} tolerance scenarios ran");
            server.shutdown().await.unwrap();
        },
    );
}
