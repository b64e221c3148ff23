//! Which IdP sent a SCIM request, and what it was doing, in words — for the request journal.
//!
//! Pure: it reads the method, the path below the tenant's base path, the query, the request
//! headers and the JSON body, nothing else. The fingerprints are the ones the reference notes
//! record (docs/idp/*.md §0.x): Okta names itself in `User-Agent` (`Okta SCIM Client 1.0.0`,
//! its SPEC test `OKTA SCIM Integration`); Entra sends no `Accept` and often no `User-Agent`, and
//! its dialect shows in the body (default: `"Replace"`/`"Add"` op names, `"False"` strings,
//! `"$ref": null` members; `aadOptscim062020`: lower-case ops and real booleans); the SCIM
//! Validator sends its filters unencoded and `charset=utf-8` on bodies. Ping, Rippling, OneLogin
//! and JumpCloud publish no identifying header (ping.md §0.3 Q6, rippling.md R10): they are
//! recognised only when their `User-Agent` names them, else the client is "unknown" — a guess
//! would mislabel the very traffic someone is debugging.

use serde_json::Value;

/// A client the journal can name (the `client` field of an entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Client {
    Okta,
    Entra,
    EntraValidator,
    Ping,
    Rippling,
    OneLogin,
    JumpCloud,
    /// This crate's own harness (`User-Agent: scim-harness/…`: its setup and `the client` steps).
    Harness,
    Unknown,
}

impl Client {
    /// The stable name in the admin API (`?client=okta`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Client::Okta => "okta",
            Client::Entra => "entra",
            Client::EntraValidator => "entra-validator",
            Client::Ping => "ping",
            Client::Rippling => "rippling",
            Client::OneLogin => "onelogin",
            Client::JumpCloud => "jumpcloud",
            Client::Harness => "scim-harness",
            Client::Unknown => "unknown",
        }
    }
}

/// What recognition needs of one request.
#[derive(Clone, Copy, Debug)]
pub struct Shape<'a> {
    pub method: &'a str,
    /// Below the tenant's base path, without the query: `/Users/2819c223`.
    pub path: &'a str,
    /// The raw query string, as sent.
    pub query: Option<&'a str>,
    /// Request headers, names lower-case.
    pub headers: &'a [(String, String)],
    pub body: Option<&'a Value>,
}

/// The client, how to call it, and the operation in words (`Okta: deactivate user (…)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recognized {
    pub client: Client,
    /// `Okta`, `Okta SPEC test`, `Entra`, `Entra (aadOptscim062020)`, `SCIM Validator`, …
    pub client_label: String,
    pub operation: String,
}

/// Recognise the client and name the operation.
pub fn recognize(shape: &Shape<'_>) -> Recognized {
    let (client, client_label) = client_of(shape);
    let words = operation_words(shape, client);
    let operation = if client == Client::Unknown {
        format!("unknown client: {words}")
    } else {
        format!("{client_label}: {words}")
    };
    Recognized {
        client,
        client_label: client_label.to_owned(),
        operation,
    }
}

fn header<'a>(shape: &Shape<'a>, name: &str) -> Option<&'a str> {
    shape
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn client_of(shape: &Shape<'_>) -> (Client, &'static str) {
    let ua = header(shape, "user-agent").unwrap_or("").trim();
    let ua_lower = ua.to_ascii_lowercase();
    // okta.md §0.2: the provisioning client and the Runscope SPEC test name themselves.
    if ua_lower.starts_with("okta scim integration") {
        return (Client::Okta, "Okta SPEC test");
    }
    if ua_lower.contains("okta") {
        return (Client::Okta, "Okta");
    }
    // The web console marks its own SCIM reads with `X-Scim-Harness-Console`.
    if header(shape, "x-scim-harness-console").is_some() {
        return (Client::Harness, "scim-harness console");
    }
    if ua_lower.starts_with("scim-harness/") {
        return (Client::Harness, "scim-harness");
    }
    for (needle, client, label) in [
        ("onelogin", Client::OneLogin, "OneLogin"),
        ("jumpcloud", Client::JumpCloud, "JumpCloud"),
        ("rippling", Client::Rippling, "Rippling"),
        ("ping", Client::Ping, "Ping"),
    ] {
        if ua_lower.contains(needle) {
            return (client, label);
        }
    }
    let query = shape.query.unwrap_or("");
    let flag = query.to_ascii_lowercase().contains("aadoptscim062020");
    let entra_header = header(shape, "adscimversion").is_some()
        || ua_lower.contains("azure")
        || ua_lower.contains("microsoft");
    if !ua.is_empty() && !entra_header && !flag {
        return (Client::Unknown, "unknown");
    }
    // No identifying User-Agent: Entra and its validator send no `Accept` (entra.md §0.3).
    // `*/*` is what an HTTP library adds when its caller sets none.
    let accept = header(shape, "accept")
        .map(str::trim)
        .filter(|a| *a != "*/*");
    if accept.is_some() && !entra_header && !flag {
        return (Client::Unknown, "unknown");
    }
    let validator_body = header(shape, "content-type")
        .is_some_and(|ct| ct.to_ascii_lowercase().contains("charset=utf-8"));
    // entra.md §1.3: the validator sends its filters unencoded (`"` and spaces as is).
    let raw_query = query.contains('"') || query.contains(' ');
    if !flag && (validator_body || raw_query) {
        return (Client::EntraValidator, "SCIM Validator");
    }
    match entra_dialect(shape.body) {
        _ if flag => (Client::Entra, "Entra (aadOptscim062020)"),
        Some(Dialect::Flag) => (Client::Entra, "Entra (aadOptscim062020)"),
        _ => (Client::Entra, "Entra"),
    }
}

enum Dialect {
    Default,
    Flag,
}

/// entra.md §2: the default dialect capitalises op names and sends booleans as strings; the
/// aadOptscim062020 flag dialect sends lower-case ops and real booleans.
fn entra_dialect(body: Option<&Value>) -> Option<Dialect> {
    let ops = body?.get("Operations")?.as_array()?;
    let capitalised = ops.iter().any(|op| {
        op.get("op")
            .and_then(Value::as_str)
            .is_some_and(|o| o.starts_with(|c: char| c.is_ascii_uppercase()))
    });
    let string_bool = ops.iter().any(|op| {
        matches!(
            op.get("value").and_then(Value::as_str),
            Some("True" | "False")
        )
    });
    Some(if capitalised || string_bool {
        Dialect::Default
    } else {
        Dialect::Flag
    })
}

/// The resource a path addresses.
enum Target<'a> {
    Collection(&'a str),
    Resource(&'a str),
    Root,
}

fn target(path: &str) -> Target<'_> {
    let trimmed = path.trim_matches('/');
    match trimmed.split_once('/') {
        None if trimmed.is_empty() => Target::Root,
        None => Target::Collection(trimmed),
        Some((kind, _)) => Target::Resource(kind),
    }
}

fn noun(kind: &str) -> &'static str {
    match kind.to_ascii_lowercase().as_str() {
        "users" => "user",
        "groups" => "group",
        _ => "resource",
    }
}

fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.into_owned())
}

fn operation_words(shape: &Shape<'_>, client: Client) -> String {
    let method = shape.method.to_ascii_uppercase();
    let lower = shape.path.to_ascii_lowercase();
    let last = lower.trim_matches('/').rsplit('/').next().unwrap_or("");
    match last {
        "serviceproviderconfig" => return "read ServiceProviderConfig (discovery)".into(),
        "schemas" => return "read Schemas (discovery)".into(),
        "resourcetypes" => return "read ResourceTypes (discovery)".into(),
        "bulk" => return "Bulk request".into(),
        "me" => return format!("{method} /Me"),
        _ => {}
    }
    if lower.contains("/schemas/") {
        return "read one Schema (discovery)".into();
    }
    if lower.contains("/resourcetypes/") {
        return "read one ResourceType (discovery)".into();
    }
    if lower.ends_with("/.search") {
        return "search (POST .search)".into();
    }
    match (method.as_str(), target(shape.path)) {
        ("GET", Target::Root) => "list every resource (GET at the base path)".into(),
        ("GET", Target::Collection(kind)) => list_words(shape, noun(kind)),
        ("GET", Target::Resource(kind)) => format!("read {}", noun(kind)),
        ("POST", Target::Collection(kind)) => match (noun(kind), client) {
            ("group", Client::Okta) => "push group (POST /Groups)".into(),
            (n, _) => format!("create {n}"),
        },
        ("PUT", Target::Resource(kind)) => put_words(shape, noun(kind)),
        ("PATCH", Target::Resource(kind)) => match noun(kind) {
            "user" => patch_user_words(shape.body),
            "group" => patch_group_words(shape.body, client),
            n => format!("update {n} (PATCH)"),
        },
        ("DELETE", Target::Resource(kind)) => match (noun(kind), client) {
            ("group", Client::Okta) => "delete pushed group".into(),
            (n, _) => format!("delete {n}"),
        },
        (m, _) => format!("unrecognised request ({m} {})", shape.path),
    }
}

fn list_words(shape: &Shape<'_>, noun: &str) -> String {
    let Some(filter) = query_param(shape.query, "filter") else {
        let paged = query_param(shape.query, "startIndex").is_some()
            || query_param(shape.query, "count").is_some();
        return if paged {
            format!("list {noun}s (paged: startIndex/count)")
        } else {
            format!("list {noun}s")
        };
    };
    let (attr, rest) = split_attribute(&filter);
    let op = rest
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let excluded = query_param(shape.query, "excludedAttributes")
        .map(|e| format!(", excludedAttributes={e}"))
        .unwrap_or_default();
    if op == "eq" {
        format!("look up {noun} by {attr} (filter {attr} eq{excluded})")
    } else {
        format!("search {noun}s (filter {attr} {op}{excluded})")
    }
}

/// The attribute path a filter starts with (`emails[type eq "work"].value`: brackets
/// included), and the rest.
fn split_attribute(filter: &str) -> (&str, &str) {
    let filter = filter.trim_start();
    let mut depth = 0usize;
    for (i, c) in filter.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => return (&filter[..i], &filter[i..]),
            _ => {}
        }
    }
    (filter, "")
}

fn put_words(shape: &Shape<'_>, noun: &str) -> String {
    match shape.body.and_then(|b| b.get("active")) {
        Some(Value::Bool(false)) => format!("deactivate {noun} (PUT with active=false)"),
        _ => format!("replace {noun} (PUT of the whole resource)"),
    }
}

struct Op<'a> {
    op: String,
    path: Option<&'a str>,
    value: Option<&'a Value>,
}

fn ops(body: Option<&Value>) -> Vec<Op<'_>> {
    body.and_then(|b| b.get("Operations"))
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|o| Op {
                    op: o
                        .get("op")
                        .and_then(Value::as_str)
                        .unwrap_or("?")
                        .to_owned(),
                    path: o.get("path").and_then(Value::as_str),
                    value: o.get("value"),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `false`, `"False"`, … as written.
fn literal(v: Option<&Value>) -> String {
    v.map_or_else(|| "null".to_owned(), Value::to_string)
}

fn is_false(v: Option<&Value>) -> Option<bool> {
    match v? {
        Value::Bool(b) => Some(!b),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(false),
        _ => None,
    }
}

fn patch_user_words(body: Option<&Value>) -> String {
    let ops = ops(body);
    if ops.is_empty() {
        return "update user (PATCH without operations)".into();
    }
    // okta.md §1.5: Okta's deactivation is one path-less replace of {"active": false}.
    if let [only] = ops.as_slice()
        && only.path.is_none()
        && let Some(obj) = only.value.and_then(Value::as_object)
    {
        if obj.len() == 1
            && let Some(off) = is_false(obj.get("active"))
        {
            let (verb, v) = if off {
                ("deactivate", "false")
            } else {
                ("reactivate", "true")
            };
            return format!("{verb} user (path-less PATCH {} active={v})", only.op);
        }
        if obj.contains_key("password") {
            return format!("push password (path-less PATCH {} password)", only.op);
        }
    }
    let parts: Vec<(bool, String)> = ops.iter().map(user_op_words).collect();
    if let [(named, one)] = parts.as_slice() {
        return if *named {
            one.clone()
        } else {
            format!("update user ({one})")
        };
    }
    let list: Vec<&str> = parts.iter().map(|(_, p)| p.as_str()).collect();
    format!("update user ({})", list.join(", "))
}

/// The words of one op: `(true, "set manager (…)")` when it has a name of its own, else
/// `(false, "replace title")` to list inside "update user (…)".
fn user_op_words(op: &Op<'_>) -> (bool, String) {
    let Some(path) = op.path else {
        let keys: Vec<&str> = op
            .value
            .and_then(Value::as_object)
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        return (false, format!("path-less {} of {}", op.op, keys.join(", ")));
    };
    let lower = path.to_ascii_lowercase();
    if lower == "active" {
        let verb = match is_false(op.value) {
            Some(true) => "disable user",
            Some(false) => "enable user",
            None => "set active",
        };
        return (
            true,
            format!("{verb} ({} active {})", op.op, literal(op.value)),
        );
    }
    if lower.starts_with("roles[primary eq") {
        return (true, format!("set primary role ({path})"));
    }
    if lower == "roles" {
        return (
            true,
            format!("{} roles (path roles)", op.op.to_ascii_lowercase()),
        );
    }
    if lower.contains("manager") {
        let empty = op.op.eq_ignore_ascii_case("remove")
            || op.value.is_none_or(|v| {
                v.is_null()
                    || v.as_str().is_some_and(str::is_empty)
                    || v.get("value")
                        .is_some_and(|x| x.is_null() || x.as_str() == Some(""))
            });
        let verb = if empty {
            "remove manager"
        } else {
            "set manager"
        };
        return (true, format!("{verb} ({} {path})", op.op));
    }
    (false, format!("{} {path}", op.op))
}

fn patch_group_words(body: Option<&Value>, client: Client) -> String {
    let ops = ops(body);
    if ops.is_empty() {
        return "update group (PATCH without operations)".into();
    }
    let parts: Vec<String> = ops.iter().map(|op| group_op_words(op, client)).collect();
    parts.join(" + ")
}

fn group_op_words(op: &Op<'_>, client: Client) -> String {
    let verb = op.op.to_ascii_lowercase();
    let count = op.value.and_then(Value::as_array).map_or(0, Vec::len);
    let members = |n: usize| if n == 1 { "member" } else { "members" };
    match op.path.map(str::to_ascii_lowercase).as_deref() {
        Some("members") => match verb.as_str() {
            // okta.md §3.3: "Push Now" sends the whole membership as one replace.
            "replace" if client == Client::Okta => "Push Now, replace members".into(),
            "replace" => format!("replace members ({count} {})", members(count)),
            "add" => format!("add {count} {} ({} members)", members(count), op.op),
            "remove" if count > 0 => format!(
                "remove {count} {} ({} members with a value list)",
                members(count),
                op.op
            ),
            "remove" => "remove every member (remove members)".into(),
            _ => format!("{} members", op.op),
        },
        Some(p) if p.starts_with("members[") => {
            format!(
                "{} member ({})",
                if verb == "remove" { "remove" } else { &verb },
                op.path.unwrap_or("")
            )
        }
        Some("displayname") => format!("rename group ({} displayName)", op.op),
        Some(_) => format!("update group ({} {})", op.op, op.path.unwrap_or("")),
        None => {
            let keys: Vec<&str> = op
                .value
                .and_then(Value::as_object)
                .map(|o| {
                    o.keys()
                        .map(String::as_str)
                        .filter(|k| *k != "id")
                        .collect()
                })
                .unwrap_or_default();
            if keys == ["displayName"] {
                format!("rename group (path-less {} displayName)", op.op)
            } else {
                format!("update group (path-less {} of {})", op.op, keys.join(", "))
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), (*v).to_owned()))
            .collect()
    }

    fn rec(
        method: &str,
        path: &str,
        query: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Recognized {
        let headers = h(headers);
        recognize(&Shape {
            method,
            path,
            query,
            headers: &headers,
            body: body.as_ref(),
        })
    }

    const OKTA: &[(&str, &str)] = &[
        ("Accept", "application/scim+json"),
        ("User-Agent", "Okta SCIM Client 1.0.0"),
        ("Content-Type", "application/scim+json; charset=utf-8"),
    ];
    const ENTRA: &[(&str, &str)] = &[("Content-Type", "application/scim+json")];

    #[test]
    fn okta_deactivation_is_named_with_its_shape() {
        let r = rec(
            "PATCH",
            "/Users/abc",
            None,
            OKTA,
            Some(json!({"Operations":[{"op":"replace","value":{"active":false}}]})),
        );
        assert_eq!(r.client, Client::Okta);
        assert_eq!(
            r.operation,
            "Okta: deactivate user (path-less PATCH replace active=false)"
        );
    }

    #[test]
    fn okta_push_now_and_spec_test() {
        let r = rec(
            "PATCH",
            "/Groups/g1",
            None,
            OKTA,
            Some(json!({"Operations":[{"op":"replace","path":"members","value":[{"value":"u"}]}]})),
        );
        assert_eq!(r.operation, "Okta: Push Now, replace members");
        let r = rec(
            "GET",
            "/Users",
            Some("filter=userName%20eq%20%22a%22"),
            &[("User-Agent", "OKTA SCIM Integration")],
            None,
        );
        assert_eq!(r.client, Client::Okta);
        assert_eq!(
            r.operation,
            "Okta SPEC test: look up user by userName (filter userName eq)"
        );
    }

    #[test]
    fn entra_dialects_and_primary_role() {
        let default = rec(
            "PATCH",
            "/Users/u",
            None,
            ENTRA,
            Some(json!({"Operations":[{"op":"Replace","path":"active","value":"False"}]})),
        );
        assert_eq!(default.client, Client::Entra);
        assert_eq!(
            default.operation,
            "Entra: disable user (Replace active \"False\")"
        );
        let flag = rec(
            "PATCH",
            "/Users/u",
            None,
            ENTRA,
            Some(
                json!({"Operations":[{"op":"replace","path":"roles[primary eq \"True\"].value","value":"Viewer"}]}),
            ),
        );
        assert_eq!(flag.client_label, "Entra (aadOptscim062020)");
        assert_eq!(
            flag.operation,
            "Entra (aadOptscim062020): set primary role (roles[primary eq \"True\"].value)"
        );
        let by_query = rec("GET", "/Users", Some("aadOptscim062020"), &[], None);
        assert_eq!(by_query.client_label, "Entra (aadOptscim062020)");
    }

    #[test]
    fn validator_by_raw_filter_or_charset() {
        let raw = rec("GET", "/Users", Some("filter=userName eq \"x\""), &[], None);
        assert_eq!(raw.client, Client::EntraValidator);
        let body = rec(
            "POST",
            "/Users",
            None,
            &[("Content-Type", "application/scim+json; charset=utf-8")],
            Some(json!({})),
        );
        assert_eq!(body.client, Client::EntraValidator);
        assert_eq!(body.operation, "SCIM Validator: create user");
    }

    #[test]
    fn clients_without_a_fingerprint_stay_unknown() {
        let r = rec(
            "GET",
            "/Users",
            None,
            &[("Accept", "application/json")],
            None,
        );
        assert_eq!(r.client, Client::Unknown);
        assert_eq!(r.operation, "unknown client: list users");
        let r = rec("GET", "/Users", None, &[("User-Agent", "curl/8.0")], None);
        assert_eq!(r.client, Client::Unknown);
        let r = rec(
            "GET",
            "/Users",
            None,
            &[("User-Agent", "OneLogin SCIM")],
            None,
        );
        assert_eq!(r.client, Client::OneLogin);
        let r = rec(
            "GET",
            "/Users",
            None,
            &[
                ("X-Scim-Harness-Console", "1"),
                ("Accept", "application/scim+json"),
            ],
            None,
        );
        assert_eq!(r.operation, "scim-harness console: list users");
    }

    #[test]
    fn group_member_operations_in_words() {
        let r = rec(
            "PATCH",
            "/Groups/g",
            None,
            ENTRA,
            Some(
                json!({"Operations":[{"op":"Remove","path":"members","value":[{"$ref":null,"value":"u"}]}]}),
            ),
        );
        assert_eq!(
            r.operation,
            "Entra: remove 1 member (Remove members with a value list)"
        );
        let r = rec(
            "PATCH",
            "/Groups/g",
            None,
            ENTRA,
            Some(json!({"Operations":[{"op":"remove","path":"members[value eq \"u\"]"}]})),
        );
        assert_eq!(
            r.operation,
            "Entra (aadOptscim062020): remove member (members[value eq \"u\"])"
        );
    }

    #[test]
    fn a_filter_on_a_value_path_names_the_whole_path() {
        let r = rec(
            "GET",
            "/Users",
            Some("filter=emails%5Btype%20eq%20%22work%22%5D.value%20eq%20%22a%40b.c%22"),
            ENTRA,
            None,
        );
        assert_eq!(
            r.operation,
            "Entra: look up user by emails[type eq \"work\"].value (filter emails[type eq \"work\"].value eq)"
        );
    }

    #[test]
    fn discovery_and_crud_words() {
        for (method, path, words) in [
            (
                "GET",
                "/ServiceProviderConfig",
                "read ServiceProviderConfig (discovery)",
            ),
            ("GET", "/Schemas/urn:x", "read one Schema (discovery)"),
            ("GET", "/Users/1", "read user"),
            ("DELETE", "/Users/1", "delete user"),
            ("POST", "/Groups", "push group (POST /Groups)"),
            ("DELETE", "/Groups/1", "delete pushed group"),
        ] {
            let r = rec(method, path, None, OKTA, None);
            assert_eq!(r.operation, format!("Okta: {words}"), "{method} {path}");
        }
    }
}
