//! # scim-harness
//!
//! A SCIM 2.0 (RFC 7643 / RFC 7644) conformance harness that replays what Okta and Microsoft
//! Entra send when they provision, and an in-memory reference server.
//!
//! The layers, with dependencies pointing one way:
//!
//! - [`scim`]: the SCIM model and its languages, with no I/O: the schema registry that every
//!   other part asks what an attribute is, resource validation, the filter language (queries and
//!   PATCH value paths alike), PATCH paths and the PATCH engine with its named tolerances,
//!   projection and sorting.
//! - [`server`]: the in-memory reference server (axum): a `Store` with indexes behind
//!   `router(state)`; uses `scim`, never `harness`.
//! - [`harness`]: the conformance tester (cucumber + reqwest); uses `scim`, never `server`.
//!   Feature files → steps (`features/STEPS.md`) → one client → the target; every exchange is
//!   kept as redacted evidence, checked against the JSON Schemas in `schemas/`, and compared with
//!   its regression snapshot. A run ends in an `Outcome`.
//! - [`report`]: the terminal and Markdown summaries, read from the `Outcome` only (JUnit and
//!   Cucumber JSON are cucumber's own writers in the same run).
//! - [`har`]: the HAR 1.2 shape of one exchange, no I/O: written by `report` (evidence) and
//!   by the mock's request journal in `server` alike.
//! - [`cli`] and [`config`]: flags and environment become validated configs; `main.rs` wires the
//!   embedded server to the harness and maps outcomes to exit codes.
#![doc = include_str!("../README.md")]

pub mod cli;
pub mod config;
pub mod har;
pub mod harness;
pub mod percent;
pub mod report;
pub mod scim;
pub mod server;
