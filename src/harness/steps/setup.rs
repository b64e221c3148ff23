//! Setup steps: fixtures (users and groups created through the API) and saved values.
//! A fixture that fails is "setup failed", with its exchange as evidence.

use cucumber::{given, then, when};
use serde_json::{Value, json};

use super::super::client::{Actor, Request};
use super::super::failure::{CheckFailure, FailureKind};
use super::super::world::ScimWorld;
use super::{names, saved_id, text};

#[given(
    regex = r"^(?:the client|Okta's SPEC test|Okta|Entra|the SCIM Validator|PingOne|Ping|Rippling) sends the token without the .Bearer. prefix$"
)]
#[when(
    regex = r"^(?:the client|Okta's SPEC test|Okta|Entra|the SCIM Validator|PingOne|Ping|Rippling) sends the token without the .Bearer. prefix$"
)]
#[then(
    regex = r"^(?:the client|Okta's SPEC test|Okta|Entra|the SCIM Validator|PingOne|Ping|Rippling) sends the token without the .Bearer. prefix$"
)]
fn token_without_bearer_prefix(world: &mut ScimWorld) {
    world.bare_token = true;
}

#[given(
    regex = r#"^(?:the client|Okta's SPEC test|Okta|Entra|the SCIM Validator|PingOne|Ping|Rippling) sends the token with the authorization scheme "((?:[^"\\]|\\.)*)"$"#
)]
#[when(
    regex = r#"^(?:the client|Okta's SPEC test|Okta|Entra|the SCIM Validator|PingOne|Ping|Rippling) sends the token with the authorization scheme "((?:[^"\\]|\\.)*)"$"#
)]
#[then(
    regex = r#"^(?:the client|Okta's SPEC test|Okta|Entra|the SCIM Validator|PingOne|Ping|Rippling) sends the token with the authorization scheme "((?:[^"\\]|\\.)*)"$"#
)]
fn token_with_scheme(world: &mut ScimWorld, scheme: String) -> Result<(), CheckFailure> {
    // Ping's "Authorization Header Type" (docs/idp/ping.md §0.3): one word, then the token.
    let scheme = text(world, &scheme)?;
    if scheme.is_empty() || scheme.contains(char::is_whitespace) {
        return Err(world.feature_error(format!(
            "an authorization scheme is one word, got {scheme:?}"
        )));
    }
    world.auth_scheme = Some(scheme);
    Ok(())
}

/// The longest wait a feature may ask for: enough for second-resolution timestamps to move.
const MAX_WAIT_MS: u64 = 5000;

#[given(regex = r"^(\d+) milliseconds pass$")]
#[when(regex = r"^(\d+) milliseconds pass$")]
#[then(regex = r"^(\d+) milliseconds pass$")]
async fn milliseconds_pass(world: &mut ScimWorld, ms: String) -> Result<(), CheckFailure> {
    // For rules about time (a modification moves meta.lastModified): servers may keep
    // timestamps to the second, so the scenario waits before it modifies.
    match ms.parse::<u64>() {
        Ok(ms) if ms <= MAX_WAIT_MS => {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            Ok(())
        }
        _ => Err(world.feature_error(format!(
            "a wait of {ms} ms: at most {MAX_WAIT_MS} ms may pass in one step"
        ))),
    }
}

#[given(regex = r#"^a new GUID saved as "((?:[^"\\]|\\.)*)"$"#)]
#[when(regex = r#"^a new GUID saved as "((?:[^"\\]|\\.)*)"$"#)]
#[then(regex = r#"^a new GUID saved as "((?:[^"\\]|\\.)*)"$"#)]
fn guid_saved(world: &mut ScimWorld, name: String) -> Result<(), CheckFailure> {
    let name = text(world, &name)?;
    world
        .saved
        .insert(name, Value::String(uuid::Uuid::new_v4().to_string()));
    Ok(())
}

#[given(regex = r#"^the value "((?:[^"\\]|\\.)*)" saved as "((?:[^"\\]|\\.)*)"$"#)]
#[when(regex = r#"^the value "((?:[^"\\]|\\.)*)" saved as "((?:[^"\\]|\\.)*)"$"#)]
#[then(regex = r#"^the value "((?:[^"\\]|\\.)*)" saved as "((?:[^"\\]|\\.)*)"$"#)]
fn value_saved(world: &mut ScimWorld, value: String, name: String) -> Result<(), CheckFailure> {
    let value = text(world, &value)?;
    let name = text(world, &name)?;
    world.saved.insert(name, Value::String(value));
    Ok(())
}

#[given(regex = r#"^a user "((?:[^"\\]|\\.)*)" exists(?: with:?)?$"#)]
#[when(regex = r#"^a user "((?:[^"\\]|\\.)*)" exists(?: with:?)?$"#)]
#[then(regex = r#"^a user "((?:[^"\\]|\\.)*)" exists(?: with:?)?$"#)]
async fn user_exists(
    world: &mut ScimWorld,
    step: &cucumber::gherkin::Step,
    name: String,
) -> Result<(), CheckFailure> {
    let name = text(world, &name)?;
    let body = match &step.docstring {
        Some(doc) => world.expand(super::http::docstring(doc))?,
        None => standard_user(&world.run, &name).to_string(),
    };
    create(world, "/Users", body, &format!("user {name:?}"), &name).await
}

#[given(regex = r#"^(\d+) users named "((?:[^"\\]|\\.)*)" exist$"#)]
#[when(regex = r#"^(\d+) users named "((?:[^"\\]|\\.)*)" exist$"#)]
#[then(regex = r#"^(\d+) users named "((?:[^"\\]|\\.)*)" exist$"#)]
async fn users_exist(
    world: &mut ScimWorld,
    count: usize,
    name: String,
) -> Result<(), CheckFailure> {
    let name = text(world, &name)?;
    for i in 1..=count {
        let each = format!("{name}-{i}");
        let body = standard_user(&world.run, &each).to_string();
        create(world, "/Users", body, &format!("user {each:?}"), &each).await?;
    }
    Ok(())
}

#[given(regex = r#"^a group "((?:[^"\\]|\\.)*)" exists(?: with members "((?:[^"\\]|\\.)*)")?$"#)]
#[when(regex = r#"^a group "((?:[^"\\]|\\.)*)" exists(?: with members "((?:[^"\\]|\\.)*)")?$"#)]
#[then(regex = r#"^a group "((?:[^"\\]|\\.)*)" exists(?: with members "((?:[^"\\]|\\.)*)")?$"#)]
async fn group_exists(
    world: &mut ScimWorld,
    name: String,
    members: String,
) -> Result<(), CheckFailure> {
    let name = text(world, &name)?;
    let mut body = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "displayName": format!("{} {name}", world.run),
    });
    let member_names = names(&text(world, &members)?);
    if !member_names.is_empty() {
        let mut values = Vec::new();
        for member in &member_names {
            values.push(json!({ "value": saved_id(world, member)? }));
        }
        body["members"] = Value::Array(values);
    }
    create(
        world,
        "/Groups",
        body.to_string(),
        &format!("group {name:?}"),
        &name,
    )
    .await
}

/// The complete user of STEPS.md for `name`.
fn standard_user(run: &str, name: &str) -> Value {
    let user_name = format!("{run}.{name}@example.com");
    let mut given = name.to_owned();
    if let Some(first) = given.get(..1) {
        given = format!("{}{}", first.to_uppercase(), &given[1..]);
    }
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": user_name,
        "name": { "givenName": given, "familyName": "Test" },
        "displayName": format!("{given} Test"),
        "emails": [{ "value": user_name, "type": "work", "primary": true }],
        "active": true,
        "externalId": format!("ext-{run}-{name}"),
    })
}

/// POST a fixture; anything but a valid 201 is a setup failure. The response is saved as `save_as`.
async fn create(
    world: &mut ScimWorld,
    path: &str,
    body: String,
    what: &str,
    save_as: &str,
) -> Result<(), CheckFailure> {
    let request = Request {
        actor: Actor::Client,
        method: "POST".to_owned(),
        path: path.to_owned(),
        headers: Vec::new(),
        body: Some(body),
        authorization: world.authorization(),
        raw: false,
    };
    let exchange = match world.send(request).await {
        Ok(x) => x.clone(),
        // A response body that breaks its schema stays a violation: the rule is broken whether
        // or not the fixture was made, and the check names that rule.
        Err(f) if f.kind == FailureKind::Violation => return Err(f),
        Err(f) => {
            let f = f.as_setup();
            let f = world.keep(f);
            return Err(f);
        }
    };
    if exchange.status != 201 {
        let f = world
            .violation(format!(
                "creating {what}: expected 201 Created, got {}",
                exchange.status_line()
            ))
            .as_setup()
            .with_hint(format!(
                "POST {path} must create the resource and answer 201 (RFC 7644 §3.3)"
            ));
        let f = world.keep(f);
        return Err(f);
    }
    match exchange.json {
        Some(json) if json.get("id").is_some_and(Value::is_string) => {
            world.saved.insert(save_as.to_owned(), json);
            Ok(())
        }
        _ => {
            let f = world
                .violation(format!("creating {what}: the 201 response has no \"id\""))
                .as_setup();
            let f = world.keep(f);
            Err(f)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_user_follows_steps_md() {
        let u = standard_user("R", "alice");
        assert_eq!(u["userName"], "R.alice@example.com");
        assert_eq!(u["name"]["givenName"], "Alice");
        assert_eq!(u["externalId"], "ext-R-alice");
        assert_eq!(u["emails"][0]["value"], "R.alice@example.com");
    }
}
