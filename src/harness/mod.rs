//! The conformance harness (cucumber + reqwest). Uses `scim`, never `server`.
//!
//! A run: check the configuration, read `/ServiceProviderConfig` once (the preflight and the
//! capabilities), then let cucumber run the features — embedded and `--features` — with a fresh
//! [`ScimWorld`] per scenario. Steps (grouped by concept in `steps/`) send requests through the
//! shared client, record every [`Exchange`] and fail with a [`CheckFailure`] whose text stands
//! alone. An after hook cleans up and turns each scenario into a [`ScenarioResult`]; the
//! [`Outcome`] of the run carries the verdict ([`Outcome::exit_code`]) for the reports.

mod capabilities;
mod client;
mod exchange;
mod expect;
mod failure;
mod features;
mod ledger;
mod raw;
mod redact;
mod results;
mod runner;
mod schema;
pub mod snapshot;
mod steps;
mod template;
mod world;

pub use capabilities::Capabilities;
pub use client::{Actor, Target};
pub use exchange::Exchange;
pub use failure::{CheckFailure, FailureKind};
pub use features::{ParseProblem, Sources, embedded_count};
pub use redact::Redactor;
pub use results::{Aborted, Level, Outcome, ScenarioResult, Status};
pub use runner::{run, running_in_ci};
pub use schema::{Kind, Schemas};
pub use world::ScimWorld;
