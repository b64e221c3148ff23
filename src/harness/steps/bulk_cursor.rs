//! Steps for Bulk (RFC 7644 §3.7) and cursor paging (RFC 9865): a Bulk result's status in either
//! JSON type, what a Bulk operation created (read again and registered for clean-up), and a walk
//! over a query's pages by `nextCursor`, optionally with users deleted and created during it.

use std::collections::BTreeMap;

use cucumber::{given, then, when};
use serde_json::{Value, json};

use super::super::client::{Actor, Request};
use super::super::exchange::status_text;
use super::super::failure::CheckFailure;
use super::super::world::ScimWorld;
use super::{names, saved_id, text};

/// The saved name of the last walk's result.
const WALK: &str = "cursor walk";
/// At most this many pages are followed (a cursor that never ends is a violation).
const MAX_PAGES: usize = 100;

fn get(world: &ScimWorld, path: String) -> Request {
    Request {
        actor: Actor::Client,
        method: "GET".to_owned(),
        path,
        headers: Vec::new(),
        body: None,
        authorization: world.authorization(),
        raw: false,
    }
}

/// Operation `n` (1-based) of the last BulkResponse.
fn bulk_operation(world: &mut ScimWorld, n: usize) -> Result<Value, CheckFailure> {
    // The last Bulk response: later steps may have sent other requests since.
    let bulk = world
        .exchanges
        .iter()
        .rev()
        .find(|x| x.method == "POST" && x.url.ends_with("/Bulk"))
        .map(|x| x.json.clone());
    let body = match bulk {
        Some(Some(json)) => json,
        Some(None) => return Err(world.violation("the Bulk response is not JSON")),
        None => return Err(world.feature_error("no POST /Bulk has been sent in this scenario")),
    };
    match body
        .get("Operations")
        .and_then(Value::as_array)
        .and_then(|ops| ops.get(n.wrapping_sub(1)))
    {
        Some(op) => Ok(op.clone()),
        None => Err(world.violation(format!(
            "BulkResponse: expected an operation {n} in /Operations, got {}",
            body.get("Operations").and_then(Value::as_array).map_or(
                "no Operations array".to_owned(),
                |o| format!("{} operations", o.len())
            )
        ))),
    }
}

#[given(regex = r"^bulk operation (\d+) has status (\d+)$")]
#[when(regex = r"^bulk operation (\d+) has status (\d+)$")]
#[then(regex = r"^bulk operation (\d+) has status (\d+)$")]
fn bulk_status(world: &mut ScimWorld, n: usize, status: u16) -> Result<(), CheckFailure> {
    let op = bulk_operation(world, n)?;
    // RFC 7644 §3.7.3 shows the status as a string; a number says the same.
    let got = match op.get("status") {
        Some(Value::String(s)) => s.trim().parse::<u16>().ok(),
        Some(Value::Number(n)) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        _ => None,
    };
    if got == Some(status) {
        return Ok(());
    }
    Err(world.violation(format!(
        "bulk operation {n} (/Operations/{}/status): expected {}, got {}",
        n - 1,
        status_text(status),
        op.get("status")
            .map_or("nothing".to_owned(), Value::to_string)
    )))
}

#[given(
    regex = r#"^the resource created by bulk operation (\d+) is saved as "((?:[^"\\]|\\.)*)"$"#
)]
#[when(regex = r#"^the resource created by bulk operation (\d+) is saved as "((?:[^"\\]|\\.)*)"$"#)]
#[then(regex = r#"^the resource created by bulk operation (\d+) is saved as "((?:[^"\\]|\\.)*)"$"#)]
async fn bulk_created(world: &mut ScimWorld, n: usize, name: String) -> Result<(), CheckFailure> {
    let name = text(world, &name)?;
    let op = bulk_operation(world, n)?;
    let base = world.ctx()?.target.base_url.clone();
    let Some(path) = op
        .get("location")
        .and_then(Value::as_str)
        .and_then(|l| l.strip_prefix(base.as_str()))
        .map(str::to_owned)
    else {
        return Err(world
            .violation(format!(
                "bulk operation {n}: expected a location under {base}, got {}",
                op.get("location")
                    .map_or("none".to_owned(), Value::to_string)
            ))
            .with_hint(
                "each BulkResponse operation has the location of its resource (RFC 7644 §3.7)",
            ));
    };
    if let Some((endpoint, id)) = path.rsplit_once('/') {
        world.ledger.register(endpoint, id);
    }
    let status = world.send(get(world, path.clone())).await?.status;
    if status != 200 {
        return Err(world.violation(format!(
            "GET {path} (the location of bulk operation {n}): expected 200 OK, got {}",
            status_text(status)
        )));
    }
    let body = world.last_json()?;
    world.saved.insert(name, body);
    Ok(())
}

#[given("the client sends a Bulk request with one operation more than maxOperations")]
#[when("the client sends a Bulk request with one operation more than maxOperations")]
#[then("the client sends a Bulk request with one operation more than maxOperations")]
async fn bulk_over_max(world: &mut ScimWorld) -> Result<(), CheckFailure> {
    let ctx = world.ctx()?;
    let max = ctx
        .capabilities
        .document
        .pointer("/bulk/maxOperations")
        .and_then(Value::as_u64);
    let Some(max) = max.filter(|m| *m < 100_000) else {
        return Err(world.violation(format!(
            "/ServiceProviderConfig bulk.maxOperations: expected a number below 100000, got {}",
            max.map_or("nothing".to_owned(), |m| m.to_string())
        )));
    };
    // DELETEs of ids that do not exist: harmless if the server runs them anyway.
    let ops: Vec<Value> = (0..=max)
        .map(|i| json!({"method": "DELETE", "path": format!("/Users/{}-missing-{i}", world.run)}))
        .collect();
    let body = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        "Operations": ops,
    });
    let mut request = get(world, "/Bulk".to_owned());
    request.method = "POST".to_owned();
    request.body = Some(body.to_string());
    world.send(request).await?;
    world.saved.insert("maxOperations".to_owned(), json!(max));
    Ok(())
}

/// `path` with `cursor=value` added.
fn with_cursor(path: &str, cursor: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    let encoded: String = cursor
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("{path}{sep}cursor={encoded}")
}

#[given(
    regex = r#"^the client walks "((?:[^"\\]|\\.)*)" by cursor(, deleting the first user of page 1 and creating user "((?:[^"\\]|\\.)*)" after page 2)?$"#
)]
#[when(
    regex = r#"^the client walks "((?:[^"\\]|\\.)*)" by cursor(, deleting the first user of page 1 and creating user "((?:[^"\\]|\\.)*)" after page 2)?$"#
)]
#[then(
    regex = r#"^the client walks "((?:[^"\\]|\\.)*)" by cursor(, deleting the first user of page 1 and creating user "((?:[^"\\]|\\.)*)" after page 2)?$"#
)]
async fn walk(
    world: &mut ScimWorld,
    path: String,
    changing: String,
    newcomer: String,
) -> Result<(), CheckFailure> {
    let path = text(world, &path)?;
    let newcomer = text(world, &newcomer)?;
    let changing = !changing.is_empty();
    let mut seen: Vec<String> = Vec::new();
    let mut deleted: Vec<String> = Vec::new();
    let mut cursor = String::new();
    for page in 1..=MAX_PAGES {
        let status = world
            .send(get(world, with_cursor(&path, &cursor)))
            .await?
            .status;
        if status != 200 {
            return Err(world.violation(format!(
                "page {page} of the cursor walk: expected 200 OK, got {}",
                status_text(status)
            )));
        }
        let body = world.last_json()?;
        let ids: Vec<String> = body
            .get("Resources")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_owned))
            .collect();
        if page == 1 && body.get("previousCursor").is_some() {
            return Err(world
                .violation("the first page of a cursor walk carries previousCursor")
                .with_hint(
                    "RFC 9865 §2: previousCursor MUST NOT be returned with the first page",
                ));
        }
        seen.extend(ids.iter().cloned());
        if changing
            && page == 1
            && let Some(first) = ids.first()
        {
            let mut delete = get(world, format!("/Users/{first}"));
            delete.method = "DELETE".to_owned();
            world.send(delete).await?;
            deleted.push(first.clone());
        }
        if changing && page == 2 {
            let user_name = format!("{}.{newcomer}@example.com", world.run);
            let mut create = get(world, "/Users".to_owned());
            create.method = "POST".to_owned();
            create.body = Some(
                json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": user_name})
                    .to_string(),
            );
            world.send(create).await?;
        }
        match body.get("nextCursor").and_then(Value::as_str) {
            Some(next) if !next.is_empty() => cursor = next.to_owned(),
            _ => {
                world.saved.insert(
                    WALK.to_owned(),
                    json!({"seen": seen, "deleted": deleted, "pages": page}),
                );
                return Ok(());
            }
        }
    }
    Err(world
        .violation(format!(
            "the cursor walk did not end after {MAX_PAGES} pages: nextCursor never went away"
        ))
        .with_hint("RFC 9865 §2: nextCursor is omitted on the last page"))
}

#[given(
    regex = r#"^the walk saw each of the users "((?:[^"\\]|\\.)*)" that still exist exactly once, and nothing twice$"#
)]
#[when(
    regex = r#"^the walk saw each of the users "((?:[^"\\]|\\.)*)" that still exist exactly once, and nothing twice$"#
)]
#[then(
    regex = r#"^the walk saw each of the users "((?:[^"\\]|\\.)*)" that still exist exactly once, and nothing twice$"#
)]
fn walk_saw(world: &mut ScimWorld, users: String) -> Result<(), CheckFailure> {
    let users = names(&text(world, &users)?);
    let Some(walk) = world.saved.get(WALK).cloned() else {
        return Err(world.feature_error("no cursor walk in this scenario yet"));
    };
    let list = |k: &str| -> Vec<String> {
        walk.get(k)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    let (seen, deleted) = (list("seen"), list("deleted"));
    let mut times: BTreeMap<&str, usize> = BTreeMap::new();
    for id in &seen {
        *times.entry(id.as_str()).or_default() += 1;
    }
    if let Some((id, n)) = times.iter().find(|(_, n)| **n > 1) {
        return Err(world
            .violation(format!("the cursor walk returned resource {id} {n} times"))
            .with_hint("a cursor marks a position in the result, not an offset: resources created during the walk must not shift it"));
    }
    for user in &users {
        let id = saved_id(world, user)?;
        if deleted.contains(&id) {
            continue;
        }
        if !times.contains_key(id.as_str()) {
            return Err(world
                .violation(format!(
                    "the cursor walk skipped user {user:?} ({id}), which existed throughout ({} pages, {} resources seen)",
                    walk.get("pages").cloned().unwrap_or_default(),
                    seen.len()
                ))
                .with_hint("a cursor marks a position in the result, not an offset: resources deleted during the walk must not shift it"));
        }
    }
    Ok(())
}
