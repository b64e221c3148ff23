//! The real-socket API for starting a reference server (`server::start` / `bind` + `spawn`):
//! what the harness and the benchmark use.

use scim_harness::config::{Auth, Secret, ServeConfig};
use scim_harness::server;

#[tokio::test]
async fn start_serves_on_a_free_loopback_port_until_shutdown() {
    let config = ServeConfig::for_tests(Auth::Token(Secret::new("s3cret")));
    let handle = server::start(config).await.expect("start");
    let base = handle.base_url().to_owned();
    assert!(
        base.starts_with("http://127.0.0.1:") && base.ends_with("/scim/v2"),
        "{base}"
    );
    assert_ne!(handle.local_addr().port(), 0);

    let client = reqwest::Client::new();
    let r = client
        .post(format!("{base}/Users"))
        .bearer_auth("s3cret")
        .header("content-type", "application/scim+json")
        .body(r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"live"}"#)
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), 201);
    let location = r.headers()["location"].to_str().expect("ascii").to_owned();
    assert!(
        location.starts_with(&format!("{base}/Users/")),
        "{location}"
    );
    let r = client
        .get(&location)
        .bearer_auth("s3cret")
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 200);

    handle.shutdown().await.expect("clean shutdown");
    let after = client.get(&location).bearer_auth("s3cret").send().await;
    assert!(after.is_err(), "the port is closed after shutdown");
}

#[tokio::test]
async fn bind_then_spawn_exposes_the_state_for_seeding() {
    let config = ServeConfig::for_tests(Auth::Disabled);
    let running = server::bind(config).await.expect("bind");
    let mut user = serde_json::Map::new();
    user.insert("userName".into(), "seeded".into());
    running
        .state()
        .store()
        .insert(server::Kind::User, user)
        .expect("seed");
    let base = running.base_url();
    let handle = running.spawn();
    let body: serde_json::Value =
        reqwest::get(format!("{base}/Users?filter=userName%20eq%20%22SEEDED%22"))
            .await
            .expect("GET")
            .json()
            .await
            .expect("json");
    assert_eq!(body["totalResults"], 1);
    drop(handle); // stops the server
}

#[tokio::test]
async fn binding_a_taken_port_is_an_error_naming_the_address() {
    let first = server::start(ServeConfig::for_tests(Auth::Disabled))
        .await
        .expect("start");
    let mut config = ServeConfig::for_tests(Auth::Disabled);
    config.port = first.local_addr().port();
    let err = server::bind(config).await.expect_err("port in use");
    assert!(
        format!("{err:#}").contains(&first.local_addr().to_string()),
        "{err:#}"
    );
}
