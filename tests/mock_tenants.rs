//! Tenants over a real socket: chosen by token at the base path, by name under /tenants/,
//! created on first use with --dynamic-tenants; and the admin API's auth, tenant selection
//! and OpenAPI description.

mod mock_support;

use mock_support::{TOKEN, call, create_user, start};
use reqwest::Method;
use scim_harness::config::Secret;
use serde_json::Value;

fn user_names(list: &Value) -> Vec<String> {
    list["Resources"]
        .as_array()
        .expect("Resources")
        .iter()
        .map(|u| u["userName"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn each_token_at_the_base_path_has_its_own_store() {
    let server = start(|c| c.tenants = vec![("entra".into(), Secret::new("entra-t0ken"))]).await;
    create_user(&server, "/scim/v2/Users", TOKEN, "okta.user@example.com").await;
    create_user(
        &server,
        "/scim/v2/Users",
        "entra-t0ken",
        "entra.user@example.com",
    )
    .await;

    let okta = call(&server, Method::GET, "/scim/v2/Users", Some(TOKEN), None).await;
    assert_eq!(
        user_names(&okta.expect(200).json()),
        ["okta.user@example.com"]
    );
    let entra = call(
        &server,
        Method::GET,
        "/scim/v2/Users",
        Some("entra-t0ken"),
        None,
    )
    .await;
    assert_eq!(
        user_names(&entra.expect(200).json()),
        ["entra.user@example.com"]
    );
    // The same userName may exist in both: they are different stores.
    create_user(
        &server,
        "/scim/v2/Users",
        "entra-t0ken",
        "okta.user@example.com",
    )
    .await;
    // A token no tenant has is refused like any bad token.
    call(&server, Method::GET, "/scim/v2/Users", Some("nobody"), None)
        .await
        .expect(401);
}

#[tokio::test]
async fn a_tenant_is_also_reachable_by_name_with_its_own_token_and_locations() {
    let server = start(|c| c.tenants = vec![("entra".into(), Secret::new("entra-t0ken"))]).await;
    let created = create_user(
        &server,
        "/tenants/entra/scim/v2/Users",
        "entra-t0ken",
        "a@example.com",
    )
    .await;
    let location = created["meta"]["location"].as_str().expect("location");
    assert!(
        location.contains("/tenants/entra/scim/v2/Users/"),
        "{location}"
    );
    // Same store as the base path with the entra token.
    let root = call(
        &server,
        Method::GET,
        "/scim/v2/Users",
        Some("entra-t0ken"),
        None,
    )
    .await;
    assert_eq!(user_names(&root.expect(200).json()), ["a@example.com"]);
    // Another tenant's token does not open it.
    call(
        &server,
        Method::GET,
        "/tenants/entra/scim/v2/Users",
        Some(TOKEN),
        None,
    )
    .await
    .expect(401);
    // An unknown tenant is a SCIM 404 that says how to create one.
    let unknown = call(
        &server,
        Method::GET,
        "/tenants/nope/scim/v2/Users",
        Some(TOKEN),
        None,
    )
    .await
    .expect(404);
    let detail = unknown.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(detail.contains("--dynamic-tenants"), "{detail}");
}

#[tokio::test]
async fn dynamic_tenants_are_created_on_first_use_and_isolated() {
    let server = start(|c| c.dynamic_tenants = true).await;
    create_user(
        &server,
        "/tenants/run-1/scim/v2/Users",
        TOKEN,
        "same@example.com",
    )
    .await;
    create_user(
        &server,
        "/tenants/run-2/scim/v2/Users",
        TOKEN,
        "same@example.com",
    )
    .await;
    let one = call(
        &server,
        Method::GET,
        "/tenants/run-1/scim/v2/Users",
        Some(TOKEN),
        None,
    )
    .await;
    assert_eq!(one.expect(200).json()["totalResults"], 1);
    let root = call(&server, Method::GET, "/scim/v2/Users", Some(TOKEN), None).await;
    assert_eq!(
        root.expect(200).json()["totalResults"],
        0,
        "the default tenant is untouched"
    );
    // A name that is not a safe path segment is refused, not created.
    let bad = call(
        &server,
        Method::GET,
        "/tenants/a%20b/scim/v2/Users",
        Some(TOKEN),
        None,
    )
    .await;
    assert_eq!(bad.status.as_u16(), 404, "{}", bad.text);
    let tenants = call(&server, Method::GET, "/_admin/tenants", Some(TOKEN), None).await;
    let names: Vec<Value> = tenants.expect(200).json()["tenants"]
        .as_array()
        .expect("tenants")
        .iter()
        .map(|t| t["name"].clone())
        .collect();
    assert_eq!(names, ["default", "run-1", "run-2"]);
}

#[tokio::test]
async fn the_admin_api_needs_the_tenants_token_or_the_admin_token() {
    let server = start(|c| {
        c.tenants = vec![("entra".into(), Secret::new("entra-t0ken"))];
        c.admin_token = Some(Secret::new("adm1n"));
    })
    .await;
    let none = call(&server, Method::GET, "/_admin/tenants", None, None)
        .await
        .expect(401);
    assert!(
        none.json()["error"]
            .as_str()
            .unwrap_or_default()
            .contains("Bearer")
    );
    assert!(none.header("www-authenticate").is_some());
    let own = call(
        &server,
        Method::GET,
        "/_admin/tenants",
        Some("entra-t0ken"),
        None,
    )
    .await;
    let own = own.expect(200).json();
    assert_eq!(own["tenants"].as_array().map(Vec::len), Some(1), "{own}");
    assert_eq!(own["tenants"][0]["name"], "entra");
    assert_eq!(own["tenants"][0]["root"], "/scim/v2");
    assert_eq!(own["tenants"][0]["path"], "/tenants/entra/scim/v2");
    let all = call(&server, Method::GET, "/_admin/tenants", Some("adm1n"), None).await;
    assert_eq!(
        all.expect(200).json()["tenants"].as_array().map(Vec::len),
        Some(2)
    );
    // Asking for another tenant with one's own token is refused, naming the tenant.
    let other = call(
        &server,
        Method::GET,
        "/_admin/requests?tenant=default",
        Some("entra-t0ken"),
        None,
    )
    .await;
    let other = other.expect(401);
    assert!(
        other.json()["error"]
            .as_str()
            .unwrap_or_default()
            .contains("\"default\""),
        "the refusal names the tenant: {}",
        other.text
    );
    let unknown = call(&server, Method::GET, "/_admin/nothing", Some("adm1n"), None)
        .await
        .expect(404);
    assert!(
        unknown.json()["error"]
            .as_str()
            .unwrap_or_default()
            .contains("openapi.json")
    );
}

#[tokio::test]
async fn without_any_token_the_admin_api_is_open_on_loopback_only() {
    let open = start(|c| c.auth = scim_harness::config::Auth::Disabled).await;
    call(&open, Method::GET, "/_admin/tenants", None, None)
        .await
        .expect(200);
}

#[tokio::test]
async fn the_openapi_document_describes_every_admin_route() {
    let server = start(|_| ()).await;
    let doc = call(&server, Method::GET, "/_admin/openapi.json", None, None)
        .await
        .expect(200)
        .json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().expect("paths");
    let described: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(p, item)| {
            item.as_object()
                .into_iter()
                .flatten()
                .map(move |(m, _)| (m.to_uppercase(), p.clone()))
        })
        .collect();
    let routed: Vec<(String, String)> = scim_harness::server::mock::admin::endpoints()
        .into_iter()
        .map(|e| (e.method.to_string(), format!("/_admin{}", e.path)))
        .collect();
    let mut a = described.clone();
    let mut b = routed.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b, "the description lists exactly the routes");
    // Every described route is routed: none falls through to the admin 404 (fill `{id}`
    // with a value that exists nowhere; a handler's own 404 names what is missing).
    for (method, path) in described {
        let path = path.replace("{id}", "zz-none");
        let method = Method::from_bytes(method.as_bytes()).expect("method");
        if path.ends_with("/stream") {
            // A live stream never ends: its head shows it is routed.
            let head = reqwest::Client::new()
                .get(format!("{}{path}", mock_support::origin(&server)))
                .bearer_auth(TOKEN)
                .send()
                .await
                .expect("stream");
            assert_eq!(head.status(), 200, "GET {path}");
            continue;
        }
        let answer = call(&server, method.clone(), &path, Some(TOKEN), None).await;
        let routed_here = !(answer.status == 404 && answer.text.contains("no admin endpoint"))
            && answer.status != 405;
        assert!(
            routed_here,
            "{method} {path}: {} {}",
            answer.status, answer.text
        );
        let operation = &paths[&path.replace("zz-none", "{id}")][method.as_str().to_lowercase()];
        assert!(
            operation["summary"].is_string(),
            "{method} {path} has a summary"
        );
        assert!(
            operation["responses"].is_object(),
            "{method} {path} has responses"
        );
    }
}
