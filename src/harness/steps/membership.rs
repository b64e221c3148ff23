//! Checks that read the target again: group membership seen from the user and from the group.

use cucumber::{given, then, when};

use super::super::client::{Actor, Request};
use super::super::failure::CheckFailure;
use super::super::world::ScimWorld;
use super::json::{expect_ids, values_at};
use super::{names, saved_id, text};

/// GET a saved resource again; anything but 200 is a violation.
async fn reread(
    world: &mut ScimWorld,
    endpoint: &str,
    name: &str,
) -> Result<serde_json::Value, CheckFailure> {
    let id = saved_id(world, name)?;
    let request = Request {
        actor: Actor::Client,
        method: "GET".to_owned(),
        path: format!("{endpoint}/{id}"),
        headers: Vec::new(),
        body: None,
        authorization: world.authorization(),
        raw: false,
    };
    let status = world.send(request).await?.status;
    if status != 200 {
        return Err(world.violation(format!(
            "reading {name:?} again: expected 200 OK, got {}",
            super::super::exchange::status_text(status)
        )));
    }
    world.last_json()
}

#[given(regex = r#"^user "((?:[^"\\]|\\.)*)" belongs to exactly the groups "((?:[^"\\]|\\.)*)"$"#)]
#[when(regex = r#"^user "((?:[^"\\]|\\.)*)" belongs to exactly the groups "((?:[^"\\]|\\.)*)"$"#)]
#[then(regex = r#"^user "((?:[^"\\]|\\.)*)" belongs to exactly the groups "((?:[^"\\]|\\.)*)"$"#)]
async fn user_groups(
    world: &mut ScimWorld,
    user: String,
    groups: String,
) -> Result<(), CheckFailure> {
    let user = text(world, &user)?;
    let groups = names(&text(world, &groups)?);
    let body = reread(world, "/Users", &user).await?;
    let got = values_at(body.get("groups"));
    expect_ids(world, &format!("groups of user {user:?} (/groups/*/value)"), got, &groups)
        .map_err(|f| f.with_hint("a user's read-only \"groups\" must list the groups that have it as a member (RFC 7643 §4.1.2)"))?;
    let user_id = saved_id(world, &user)?;
    for group in &groups {
        let body = reread(world, "/Groups", group).await?;
        let members = values_at(body.get("members"));
        if !members.contains(&user_id) {
            return Err(world.violation(format!(
                "members of group {group:?}: expected them to include user {user:?} ({user_id}), got [{}]",
                members.join(", ")
            )));
        }
    }
    Ok(())
}

#[given(regex = r#"^group "((?:[^"\\]|\\.)*)" has exactly the members "((?:[^"\\]|\\.)*)"$"#)]
#[when(regex = r#"^group "((?:[^"\\]|\\.)*)" has exactly the members "((?:[^"\\]|\\.)*)"$"#)]
#[then(regex = r#"^group "((?:[^"\\]|\\.)*)" has exactly the members "((?:[^"\\]|\\.)*)"$"#)]
async fn group_members(
    world: &mut ScimWorld,
    group: String,
    users: String,
) -> Result<(), CheckFailure> {
    let group = text(world, &group)?;
    let users = names(&text(world, &users)?);
    let body = reread(world, "/Groups", &group).await?;
    let got = values_at(body.get("members"));
    expect_ids(
        world,
        &format!("members of group {group:?} (/members/*/value)"),
        got,
        &users,
    )
}
