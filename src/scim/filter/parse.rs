//! Filter parser (placeholder until the real one lands).
use super::ast::Filter;
use crate::scim::ScimError;

/// Parse a filter expression; errors are 400 `invalidFilter` saying where it broke.
pub fn parse(input: &str) -> Result<Filter, ScimError> {
    Err(ScimError::invalid_filter(format!("filter parser not available yet: {input}")))
}
