//! The SCIM filter language (RFC 7644 §3.4.2.2): AST, parser and evaluator.
//!
//! One language serves `?filter=` queries, `POST /.search` and the value filters inside PATCH
//! paths (`members[value eq "…"]`).

mod ast;
mod eval;
mod parse;

pub(crate) use crate::scim::keys::get_ci;
#[cfg(test)]
pub(crate) use ast::arb as ast_arb;
pub use ast::{AttrPath, CompValue, CompareOp, Filter};
pub(crate) use eval::{compare_numbers, parse_instant};
pub use eval::{matches, matches_element, validate, validate_element};
pub use parse::{MAX_DEPTH, MAX_TERMS, parse, parse_attr_path};
pub(crate) use parse::{Parser, is_attr_name, is_schema_urn, split_attr_token};
