//! Request steps and the checks on a response's HTTP shape: status, headers, SCIM Error documents.

use cucumber::{given, then, when};
use serde_json::Value;

use super::super::client::{Actor, Authorization, Request};
use super::super::exchange::status_text;
use super::super::expect::{show, unquote};
use super::super::failure::CheckFailure;
use super::super::world::ScimWorld;
use super::{quoted, text};
use crate::scim::schema::ERROR_SCHEMA;

/// A doc string as the request body: gherkin keeps it as written between the `"""` lines.
pub(super) fn docstring(doc: &str) -> &str {
    doc.strip_prefix('\n').unwrap_or(doc)
}

#[given(
    regex = r#"^(the client|Okta's SPEC test|Okta|Entra|the SCIM Validator|PingOne|Ping|Rippling|OneLogin|JumpCloud) sends (GET|POST|PUT|PATCH|DELETE) (raw )?"((?:[^"\\]|\\.)*)"(.*)$"#
)]
#[when(
    regex = r#"^(the client|Okta's SPEC test|Okta|Entra|the SCIM Validator|PingOne|Ping|Rippling|OneLogin|JumpCloud) sends (GET|POST|PUT|PATCH|DELETE) (raw )?"((?:[^"\\]|\\.)*)"(.*)$"#
)]
#[then(
    regex = r#"^(the client|Okta's SPEC test|Okta|Entra|the SCIM Validator|PingOne|Ping|Rippling|OneLogin|JumpCloud) sends (GET|POST|PUT|PATCH|DELETE) (raw )?"((?:[^"\\]|\\.)*)"(.*)$"#
)]
async fn actor_sends(
    world: &mut ScimWorld,
    step: &cucumber::gherkin::Step,
    actor: String,
    method: String,
    raw: String,
    path: String,
    tail: String,
) -> Result<(), CheckFailure> {
    let actor: Actor = actor.parse().map_err(|e: String| world.feature_error(e))?;
    let path = text(world, &path)?;
    let mut headers = Vec::new();
    let mut authorization = world.authorization();
    let tail = tail.trim().trim_end_matches(':').trim();
    if tail == "without authorization" {
        authorization = Authorization::None;
    } else if let Some(value) = tail.strip_prefix("with the authorization header ") {
        let value = unquote(value).map_err(|e| world.feature_error(e))?;
        authorization = Authorization::Verbatim(world.expand(&value)?);
    } else if let Some(rest) = tail.strip_prefix("with header ") {
        let Some((name, value)) = rest.split_once(" set to ") else {
            return Err(world.feature_error(format!("cannot read header step {tail:?}")));
        };
        let name = unquote(name).map_err(|e| world.feature_error(e))?;
        let value = unquote(value).map_err(|e| world.feature_error(e))?;
        headers.push((world.expand(&name)?, world.expand(&value)?));
    } else if !(tail.is_empty() || tail == "with") {
        return Err(world.feature_error(format!(
            "unknown request step ending {tail:?} (see features/STEPS.md)"
        )));
    }
    let body = match &step.docstring {
        Some(doc) => Some(world.expand(docstring(doc))?),
        None => None,
    };
    let request = Request {
        actor,
        method,
        path,
        headers,
        body,
        authorization,
        // `sends GET raw "…"`: the request target goes out byte for byte.
        raw: !raw.is_empty(),
    };
    world.send(request).await.map(|_| ())
}

#[given(regex = r"^the response status is (\d+)(?: or (\d+))?$")]
#[when(regex = r"^the response status is (\d+)(?: or (\d+))?$")]
#[then(regex = r"^the response status is (\d+)(?: or (\d+))?$")]
fn response_status(world: &mut ScimWorld, first: u16, second: String) -> Result<(), CheckFailure> {
    let mut allowed = vec![first];
    if let Ok(s) = second.parse::<u16>() {
        allowed.push(s);
    }
    let (status, method) = {
        let last = world.last()?;
        (last.status, last.method.clone())
    };
    if allowed.contains(&status) {
        return Ok(());
    }
    let expected: Vec<String> = allowed.iter().map(|s| status_text(*s)).collect();
    let hint = status_hint(&method, first);
    Err(world
        .violation(format!(
            "response status: expected {}, got {}",
            expected.join(" or "),
            status_text(status)
        ))
        .with_hint(hint))
}

fn status_hint(method: &str, expected: u16) -> String {
    match expected {
        201 => "answer 201 Created (not 200) with the new resource".to_owned(),
        204 => format!("answer {method} with 204 No Content and no body"),
        200 => format!("answer {method} with 200 OK and the resource or list"),
        404 => "answer 404 Not Found with a SCIM Error for an unknown resource".to_owned(),
        401 => "reject a missing or wrong token with 401 Unauthorized".to_owned(),
        code => format!("answer {} with a SCIM Error document", status_text(code)),
    }
}

#[given(
    regex = r#"^the response is a SCIM Error with status (\d+)(?: and scimType "((?:[^"\\]|\\.)*)")?$"#
)]
#[when(
    regex = r#"^the response is a SCIM Error with status (\d+)(?: and scimType "((?:[^"\\]|\\.)*)")?$"#
)]
#[then(
    regex = r#"^the response is a SCIM Error with status (\d+)(?: and scimType "((?:[^"\\]|\\.)*)")?$"#
)]
fn scim_error(world: &mut ScimWorld, status: u16, scim_type: String) -> Result<(), CheckFailure> {
    response_status(world, status, String::new())?;
    let hint = "answer errors with a JSON body {\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"<code>\",…}";
    let Some(body) = world.last()?.json.clone() else {
        return Err(world
            .violation("SCIM Error: expected a JSON Error document, got a body that is not JSON")
            .with_hint(hint));
    };
    let has_urn = body
        .get("schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| s.iter().any(|u| u.as_str() == Some(ERROR_SCHEMA)));
    if !has_urn {
        return Err(world
            .violation(format!(
                "SCIM Error: expected /schemas to contain {ERROR_SCHEMA}, got {}",
                show(body.get("schemas"))
            ))
            .with_hint(hint));
    }
    match body.get("status") {
        Some(Value::String(s)) if s == &status.to_string() => {}
        other => {
            return Err(world
                .violation(format!(
                    "SCIM Error: expected /status \"{status}\" (a string), got {}",
                    show(other)
                ))
                .with_hint("RFC 7644 §3.12 makes status a string: \"status\": \"404\""));
        }
    }
    if !scim_type.is_empty() {
        let expected = text(world, &scim_type)?;
        if body.get("scimType").and_then(Value::as_str) != Some(expected.as_str()) {
            return Err(world
                .violation(format!(
                    "SCIM Error: expected /scimType \"{expected}\", got {}",
                    show(body.get("scimType"))
                ))
                .with_hint(format!(
                    "use scimType \"{expected}\" (RFC 7644 §3.12, Table 9)"
                )));
        }
    }
    Ok(())
}

#[given(regex = r"^the error detail is not empty$")]
#[when(regex = r"^the error detail is not empty$")]
#[then(regex = r"^the error detail is not empty$")]
fn error_detail(world: &mut ScimWorld) -> Result<(), CheckFailure> {
    let body = world.last_json()?;
    match body.get("detail") {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(()),
        other => Err(world
            .violation(format!(
                "SCIM Error: expected a non-empty /detail, got {}",
                show(other)
            ))
            .with_hint(
                "say in \"detail\" what was wrong with the request: RFC 7644 §3.12 makes detail \
                 OPTIONAL, but the source this scenario cites (see rule) reads it",
            )),
    }
}

#[given(regex = r"^the response has no body$")]
#[when(regex = r"^the response has no body$")]
#[then(regex = r"^the response has no body$")]
fn no_body(world: &mut ScimWorld) -> Result<(), CheckFailure> {
    let len = world.last()?.body.len();
    if len == 0 {
        return Ok(());
    }
    Err(world
        .violation(format!("response body: expected none, got {len} bytes"))
        .with_hint("204 No Content carries no body"))
}

#[given(regex = r#"^the response header "((?:[^"\\]|\\.)*)" (.*)$"#)]
#[when(regex = r#"^the response header "((?:[^"\\]|\\.)*)" (.*)$"#)]
#[then(regex = r#"^the response header "((?:[^"\\]|\\.)*)" (.*)$"#)]
fn response_header(world: &mut ScimWorld, name: String, check: String) -> Result<(), CheckFailure> {
    let name = text(world, &name)?;
    let got = world.last()?.first_header(&name).map(str::to_owned);
    let shown = got
        .as_deref()
        .map_or_else(|| "no such header".to_owned(), |v| format!("{v:?}"));
    let check = check.trim();
    let (ok, expected) = if check == "is present" {
        (got.is_some(), "present".to_owned())
    } else if check == "is absent" {
        (got.is_none(), "absent".to_owned())
    } else if let Some(v) = check.strip_prefix("starts with ") {
        let prefix = quoted(world, v)?;
        (
            got.as_deref().is_some_and(|g| g.starts_with(&prefix)),
            format!("a value starting with {prefix:?}"),
        )
    } else if let Some(p) = check.strip_prefix("equals the value at ") {
        let pointer = quoted(world, p)?;
        let body = world.last_json()?;
        let value = body.pointer(&pointer).cloned();
        let want = match &value {
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => Some(other.to_string()),
            None => None,
        };
        (
            want.is_some() && got == want,
            format!("the value at {pointer}, {}", show(value.as_ref())),
        )
    } else if let Some(v) = check.strip_prefix("is ") {
        let want = quoted(world, v)?;
        (got.as_deref() == Some(want.as_str()), format!("{want:?}"))
    } else {
        return Err(world.feature_error(format!(
            "unknown header check {check:?} (see features/STEPS.md)"
        )));
    };
    if ok {
        return Ok(());
    }
    Err(world.violation(format!(
        "response header {name}: expected {expected}, got {shown}"
    )))
}
