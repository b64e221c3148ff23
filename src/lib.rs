//! # scim-harness
//!
//! A SCIM 2.0 (RFC 7643 / RFC 7644) conformance harness that replays what Okta and Microsoft
//! Entra send when they provision, and an in-memory reference server.
//!
//! The layers, with dependencies pointing one way:
//!
//! - [`scim`]: the SCIM model and its languages (schemas, resources, filter, path, PATCH); no I/O.
//! - `server`: the in-memory reference server (axum); uses `scim`, never `harness`.
//! - `harness`: the conformance tester (cucumber + reqwest); uses `scim`, never `server`.
//!   Features → steps → client → target; every exchange is kept as evidence.
//! - `report`: turns harness results into terminal, JUnit, JSON and Markdown output.
//! - [`cli`] and [`config`]: flags and environment become validated configs; `main.rs` maps
//!   outcomes to exit codes.
#![doc = include_str!("../README.md")]

pub mod cli;
pub mod config;
pub mod harness;
pub mod report;
pub mod scim;
pub mod server;
