//! The step library of features/STEPS.md, grouped by concept: `setup` (fixtures and saved values),
//! `http` (requests, status, headers, SCIM errors), `json` (saving and JSON assertions),
//! `membership` (checks that read the target again). Steps parse their captures and call the
//! world, `expect` and `schema`; each returns `Result<(), CheckFailure>`.
//!
//! Every step is registered as Given, When and Then, because STEPS.md makes the keywords
//! interchangeable. A quoted capture is `"((?:[^"\\]|\\.)*)"` (a cucumber `{string}`).

mod bulk_cursor;
mod http;
mod json;
mod membership;
mod setup;
mod snapshot;

use serde_json::Value;

use super::expect::unescape;
use super::failure::CheckFailure;
use super::world::ScimWorld;

/// `"alice, bob"` → `["alice", "bob"]`; `""` → none.
fn names(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The `id` of the resource saved as `name`.
fn saved_id(world: &mut ScimWorld, name: &str) -> Result<String, CheckFailure> {
    match world
        .saved
        .get(name)
        .and_then(|v| v.get("id"))
        .and_then(Value::as_str)
    {
        Some(id) => Ok(id.to_owned()),
        None => Err(world.feature_error(format!("no saved resource {name:?} with an id"))),
    }
}

/// A `{string}` capture: unescaped, templates expanded.
fn text(world: &mut ScimWorld, raw: &str) -> Result<String, CheckFailure> {
    world.expand(&unescape(raw))
}

/// A `"quoted"` piece of a step's tail: unquoted, unescaped, templates expanded.
fn quoted(world: &mut ScimWorld, raw: &str) -> Result<String, CheckFailure> {
    match super::expect::unquote(raw) {
        Ok(s) => world.expand(&s),
        Err(e) => Err(world.feature_error(e)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn name_lists_split_on_commas() {
        assert_eq!(names("alice, bob"), ["alice", "bob"]);
        assert!(names("").is_empty());
    }
}
