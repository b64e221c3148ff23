//! Normalisation: a scenario's exchanges become a document that is the same from run to run
//! (generated values replaced by their role, volatile parts redacted; see the parent module).

use std::collections::HashMap;

use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::Recording;
use crate::harness::exchange::Exchange;
use crate::scim::schema::LIST_RESPONSE;

/// Response headers kept in a snapshot.
const KEPT_HEADERS: [&str; 3] = ["content-type", "location", "etag"];

/// Normalise a recording into its snapshot document.
pub fn normalise(recording: &Recording<'_>) -> Value {
    let roles = Roles::collect(recording);
    let exchanges: Vec<Value> = recording
        .exchanges
        .iter()
        .map(|exchange| normalise_exchange(exchange, recording, &roles))
        .collect();
    // The feature's path is not part of the document: the same features read from another
    // directory (absolute paths in tests, `--features DIR`) must give the same snapshot.
    json!({
        "scenario": recording.scenario,
        "exchanges": exchanges,
    })
}

/// Replacements of generated values by their role, longest first.
struct Roles {
    replacements: Vec<(String, String)>,
    /// Server ids this scenario knows (created, read or saved): the others are foreign.
    known_ids: HashMap<String, String>,
}

impl Roles {
    fn collect(recording: &Recording<'_>) -> Roles {
        let mut known_ids: HashMap<String, String> = HashMap::new();
        // Saved resources name their ids; saved GUIDs name themselves.
        let mut saved_strings = Vec::new();
        for (name, value) in recording.saved {
            match value {
                Value::Object(obj) => {
                    if let Some(id) = obj.get("id").and_then(Value::as_str) {
                        known_ids
                            .entry(id.to_owned())
                            .or_insert_with(|| format!("[{name}.id]"));
                    }
                }
                Value::String(s) if looks_generated(s) => {
                    saved_strings.push((s.clone(), format!("[{name}]")))
                }
                _ => {}
            }
        }
        // Ids of resources read or written one at a time (not through a list) are the scenario's.
        let mut counters: HashMap<String, usize> = HashMap::new();
        for exchange in recording.exchanges {
            let Some(body) = &exchange.json else { continue };
            if is_list(body) {
                continue;
            }
            if let Some(id) = body.get("id").and_then(Value::as_str)
                && !known_ids.contains_key(id)
            {
                let kind = resource_kind(body, &exchange.url);
                let n = counters.entry(kind.clone()).or_insert(0);
                *n += 1;
                known_ids.insert(id.to_owned(), format!("[{kind}-{n}.id]"));
            }
        }
        let mut replacements: Vec<(String, String)> = known_ids
            .iter()
            .filter(|(id, _)| id.len() >= 4)
            .map(|(id, role)| (id.clone(), role.clone()))
            .collect();
        replacements.extend(saved_strings);
        let base = recording.base_url.trim_end_matches('/');
        replacements.push((base.to_owned(), "[base]".to_owned()));
        if let Some(host) = host_port(base) {
            replacements.push((host, "[host]".to_owned()));
        }
        if !recording.run_token.is_empty() {
            replacements.push((recording.run_token.to_owned(), "[run]".to_owned()));
        }
        // Longest first, so an id is never half-replaced by a shorter value inside it.
        replacements.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        Roles {
            replacements,
            known_ids,
        }
    }

    /// Replace every generated value in one pass, longest match first, so a placeholder is
    /// never rewritten by a later, shorter replacement.
    ///
    /// Matching ignores ASCII case, because scenarios upper-case generated values on purpose
    /// (`{{alice.userName | upper}}`); an upper-cased match keeps that visible as `[RUN]`.
    /// Timestamps and weak ETags embedded in text (a filter, an error detail) are redacted too.
    fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        'scan: while !rest.is_empty() {
            for (from, to) in &self.replacements {
                let Some(head) = rest.get(..from.len()) else {
                    continue;
                };
                if head.eq_ignore_ascii_case(from) {
                    if head != from && head == head.to_ascii_uppercase() {
                        out.push_str(&to.to_ascii_uppercase());
                    } else {
                        out.push_str(to);
                    }
                    rest = &rest[from.len()..];
                    continue 'scan;
                }
            }
            if let Some(len) = embedded_timestamp_len(rest) {
                out.push_str("[timestamp]");
                rest = &rest[len..];
                continue;
            }
            if let Some(len) = embedded_version_len(rest) {
                out.push_str("W/\"[version]\"");
                rest = &rest[len..];
                continue;
            }
            let mut chars = rest.chars();
            if let Some(c) = chars.next() {
                out.push(c);
            }
            rest = chars.as_str();
        }
        out
    }
}

/// The length of an RFC 3339 date-time at the start of `text`, also when its colons are
/// percent-encoded (`2026-11-24T05%3A30%3A57.93Z` inside a filter in a URL).
fn embedded_timestamp_len(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let digits = |from: usize, n: usize| {
        b.get(from..from + n)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let colon = |at: usize| -> Option<usize> {
        if b.get(at) == Some(&b':') {
            Some(1)
        } else if b
            .get(at..at + 3)
            .is_some_and(|s| s.eq_ignore_ascii_case(b"%3A"))
        {
            Some(3)
        } else {
            None
        }
    };
    if !(digits(0, 4)
        && b.get(4) == Some(&b'-')
        && digits(5, 2)
        && b.get(7) == Some(&b'-')
        && digits(8, 2))
    {
        return None;
    }
    if b.get(10) != Some(&b'T') || !digits(11, 2) {
        return None;
    }
    let mut i = 13;
    i += colon(i)?;
    if !digits(i, 2) {
        return None;
    }
    i += 2;
    i += colon(i)?;
    if !digits(i, 2) {
        return None;
    }
    i += 2;
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => Some(i + 1),
        Some(b'+' | b'-') if digits(i + 1, 2) => {
            let j = i + 3;
            let c = colon(j)?;
            digits(j + c, 2).then_some(j + c + 2)
        }
        _ => Some(i),
    }
}

/// The length of a weak ETag `W/"…"` at the start of `text` (versions quoted in error details).
fn embedded_version_len(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("W/\"")?;
    let end = rest.find('"')?;
    (end <= 64).then_some(3 + end + 1)
}

/// A saved string worth replacing: a GUID or similar opaque token a step generated.
fn looks_generated(s: &str) -> bool {
    s.len() >= 16 && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

fn host_port(base: &str) -> Option<String> {
    let rest = base.split_once("://")?.1;
    Some(rest.split('/').next()?.to_owned()).filter(|h| !h.is_empty())
}

fn is_list(body: &Value) -> bool {
    body.get("schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| s.iter().any(|u| u.as_str() == Some(LIST_RESPONSE)))
}

/// `user`, `group`, … from `meta.resourceType`, else from the URL's collection.
fn resource_kind(body: &Value, url: &str) -> String {
    if let Some(rt) = body.pointer("/meta/resourceType").and_then(Value::as_str) {
        return rt.to_ascii_lowercase();
    }
    let path = url.split('?').next().unwrap_or(url);
    if path.contains("/Groups") {
        "group".into()
    } else if path.contains("/Users") {
        "user".into()
    } else {
        "resource".into()
    }
}

fn normalise_exchange(exchange: &Exchange, recording: &Recording<'_>, roles: &Roles) -> Value {
    let base = recording.base_url.trim_end_matches('/');
    let path = exchange.url.strip_prefix(base).unwrap_or(&exchange.url);
    let mut request = Map::new();
    request.insert("method".into(), Value::String(exchange.method.clone()));
    request.insert(
        "path".into(),
        Value::String(roles.apply(&redact_cursor(path))),
    );
    if let Some(body) = &exchange.request_body {
        request.insert("body".into(), normalise_body(body, None, roles));
    }
    let mut headers = Map::new();
    for name in KEPT_HEADERS {
        if let Some(value) = exchange.first_header(name) {
            let value = if name == "etag" {
                "[version]".to_owned()
            } else {
                roles.apply(value)
            };
            headers.insert(name.into(), Value::String(value));
        }
    }
    let mut response = Map::new();
    response.insert("status".into(), Value::from(exchange.status));
    response.insert("headers".into(), Value::Object(headers));
    if !exchange.body.is_empty() {
        let scoped = query_has_filter(path);
        response.insert(
            "body".into(),
            normalise_body(&exchange.body, Some(scoped), roles),
        );
    }
    json!({ "request": Value::Object(request), "response": Value::Object(response) })
}

/// `cursor=<token>` → `cursor=[cursor]`: RFC 9865 cursors are random per run (an empty one,
/// the first page, stays as sent).
fn redact_cursor(path: &str) -> String {
    let Some((head, query)) = path.split_once('?') else {
        return path.to_owned();
    };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) if k.eq_ignore_ascii_case("cursor") && !v.is_empty() => {
                format!("{k}=[cursor]")
            }
            _ => pair.to_owned(),
        })
        .collect();
    format!("{head}?{}", query.join("&"))
}

fn query_has_filter(path: &str) -> bool {
    path.split_once('?').is_some_and(|(_, query)| {
        query.split('&').any(|pair| {
            pair.split('=')
                .next()
                .is_some_and(|k| k.eq_ignore_ascii_case("filter"))
        })
    })
}

/// A body as normalised JSON (or normalised text when it is not JSON). `scoped` is set for
/// responses: whether the request filtered the collection.
fn normalise_body(text: &str, scoped: Option<bool>, roles: &Roles) -> Value {
    let Ok(mut value) = serde_json::from_str::<Value>(text) else {
        return Value::String(roles.apply(text));
    };
    // Decide what depends on the target's other contents while the ids are still raw, then
    // normalise, then redact: placeholders are never themselves rewritten.
    let foreign = match scoped {
        Some(scoped) if is_list(&value) => Some(ForeignEntries::find(&value, scoped, roles)),
        _ => None,
    };
    normalise_value(&mut value, roles, None);
    if let Some(foreign) = foreign {
        foreign.redact(&mut value);
    }
    value
}

/// In a list, the resources this scenario does not know are someone else's; and the counts
/// depend on what else is on the target whenever the request was not filtered or such
/// resources showed up.
struct ForeignEntries {
    indices: Vec<usize>,
    scoped: bool,
}

impl ForeignEntries {
    fn find(list: &Value, scoped: bool, roles: &Roles) -> ForeignEntries {
        let indices = list
            .get("Resources")
            .and_then(Value::as_array)
            .map(|resources| {
                resources
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| {
                        !r.get("id")
                            .and_then(Value::as_str)
                            .is_some_and(|id| roles.known_ids.contains_key(id))
                    })
                    .map(|(i, _)| i)
                    .collect()
            })
            .unwrap_or_default();
        ForeignEntries { indices, scoped }
    }

    fn redact(&self, list: &mut Value) {
        if self.scoped
            && let Some(resources) = list.get_mut("Resources").and_then(Value::as_array_mut)
        {
            for &i in &self.indices {
                if let Some(r) = resources.get_mut(i) {
                    *r = Value::String("[another resource]".into());
                }
            }
        }
        if !self.scoped {
            // An unfiltered page depends on everything on the target, this scenario's
            // resources included (others' may come first).
            if let Some(resources) = list.get_mut("Resources").filter(|r| r.is_array()) {
                *resources = Value::String("[depends on the target's contents]".into());
            }
        }
        if !self.indices.is_empty() || !self.scoped {
            for key in ["totalResults", "itemsPerPage"] {
                if let Some(v) = list.get_mut(key).filter(|v| v.is_number()) {
                    *v = Value::String("[depends on the target's contents]".into());
                }
            }
        }
    }
}

fn normalise_value(value: &mut Value, roles: &Roles, key: Option<&str>) {
    match value {
        Value::String(s) => {
            if matches!(key, Some("version")) {
                *s = "[version]".into();
            } else if matches!(key, Some("nextCursor" | "previousCursor")) {
                *s = "[cursor]".into();
            } else if is_timestamp(s) {
                *s = "[timestamp]".into();
            } else {
                *s = roles.apply(s);
            }
        }
        Value::Array(items) => {
            for item in items.iter_mut() {
                normalise_value(item, roles, None);
            }
            if matches!(key, Some("members" | "groups")) {
                items.sort_by_key(|item| {
                    item.get("value").map(Value::to_string).unwrap_or_default()
                });
            }
        }
        Value::Object(obj) => {
            for (k, v) in obj.iter_mut() {
                normalise_value(v, roles, Some(k.as_str()));
            }
        }
        _ => {}
    }
}

fn is_timestamp(s: &str) -> bool {
    s.len() >= 20 && s.as_bytes()[4] == b'-' && OffsetDateTime::parse(s, &Rfc3339).is_ok()
}
