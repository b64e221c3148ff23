//! Regression snapshots: a scenario's exchanges, normalised, kept as insta-format `.snap` files.
//!
//! Conformance checks catch broken rules; snapshots catch every other change in a server's
//! behaviour (a lost `meta.location`, a renamed field, 201 becoming 200). A snapshot is the
//! sequence of exchanges a scenario made — method, path, request body, status, the headers that
//! matter and the response body — normalised so that it is identical from run to run:
//!
//! - the base URL and host:port become `[base]` / `[host]`, the scenario's `{{run}}` token `[run]`;
//! - ids the server assigned become their role: the name the scenario saved the resource under
//!   (`[alice.id]`), else the resource type and order of appearance (`[user-1.id]`); saved GUIDs
//!   become `[name]`;
//! - timestamps become `[timestamp]`, versions and ETags `[version]`;
//! - `members` and `groups` (unordered sets in SCIM) are sorted;
//! - lists answering a request without `filter`, or holding resources this scenario did not
//!   create, depend on what else is on the target: their totals and foreign resources are
//!   redacted.
//!
//! Files are named after the feature and scenario (`okta__group_push__push_now_replaces_members`),
//! never a counter, so concurrent scenarios cannot collide. They use insta's file format, so
//! `cargo insta review` works on the `.snap.new` files a changed run leaves outside CI.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::exchange::Exchange;

/// Response headers kept in a snapshot.
const KEPT_HEADERS: [&str; 3] = ["content-type", "location", "etag"];
/// How many changed pointers a drift report lists before summarising.
const MAX_LISTED_CHANGES: usize = 25;
const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/// What a scenario recorded, as the snapshot layer needs it.
#[derive(Clone, Copy, Debug)]
pub struct Recording<'a> {
    /// Feature file path (`features/okta/group_push.feature`).
    pub path: &'a str,
    /// Scenario name.
    pub scenario: &'a str,
    /// 1 for the first scenario of that name in its feature, 2 for the next (outlines).
    pub ordinal: usize,
    /// The target's base URL.
    pub base_url: &'a str,
    /// The scenario's `{{run}}` token.
    pub run_token: &'a str,
    /// Values the scenario saved (`alice` → the created user).
    pub saved: &'a BTreeMap<String, Value>,
    pub exchanges: &'a [Exchange],
}

/// The result of comparing a recording with its stored snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Identical to the stored snapshot.
    Matches,
    /// Written (update mode), new or changed.
    Written,
    /// No stored snapshot (check mode).
    Missing { file: PathBuf },
    /// Different from the stored snapshot: each changed JSON pointer with old and new value.
    Changed { file: PathBuf, changes: Vec<String> },
}

impl Verdict {
    /// True when the behaviour drifted from (or has no) baseline.
    pub fn is_drift(&self) -> bool {
        matches!(self, Verdict::Missing { .. } | Verdict::Changed { .. })
    }

    /// A message that stands alone, for failure text and reports.
    pub fn describe(&self, name: &str) -> String {
        match self {
            Verdict::Matches => format!("snapshot {name}: unchanged"),
            Verdict::Written => format!("snapshot {name}: written"),
            Verdict::Missing { file } => format!(
                "behaviour changed (not an RFC violation): no snapshot {} yet\n  hint:     record a baseline with --update-snapshots and commit it",
                file.display()
            ),
            Verdict::Changed { file, changes } => {
                let mut out = format!(
                    "behaviour changed (not an RFC violation): {} differs from the recorded exchanges\n",
                    file.display()
                );
                for change in changes {
                    let _ = writeln!(out, "  {change}");
                }
                out.push_str(
                    "  hint:     if the change is intended, accept it with --update-snapshots (or cargo insta review)",
                );
                out
            }
        }
    }
}

/// Where snapshots live and what to do with them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Store {
    pub dir: PathBuf,
    /// Write snapshots instead of checking them.
    pub update: bool,
    /// Write `.snap.new` beside a missing or changed snapshot (insta's pending file). Never
    /// under CI.
    pub write_pending: bool,
}

impl Store {
    /// Compare (or, in update mode, write) the snapshot of `recording`.
    pub fn check(&self, recording: &Recording<'_>) -> Result<(String, Verdict), String> {
        let name = name(recording.path, recording.scenario, recording.ordinal);
        let file = self.dir.join(format!("{name}.snap"));
        let document = normalise(recording);
        let text = render(recording, &document);
        let stored = match std::fs::read_to_string(&file) {
            Ok(s) => Some(s),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(format!("cannot read snapshot {}: {e}", file.display())),
        };
        let stored_doc = stored.as_deref().map(parse_contents).transpose()?;
        if stored_doc.as_ref() == Some(&document) {
            return Ok((name, Verdict::Matches));
        }
        if self.update {
            write_file(&file, &text)?;
            return Ok((name, Verdict::Written));
        }
        if self.write_pending {
            write_file(&file.with_extension("snap.new"), &text)?;
        }
        let verdict = match stored_doc {
            None => Verdict::Missing { file },
            Some(old) => {
                let mut changes = Vec::new();
                diff("", &old, &document, &mut changes);
                if changes.len() > MAX_LISTED_CHANGES {
                    let more = changes.len() - MAX_LISTED_CHANGES;
                    changes.truncate(MAX_LISTED_CHANGES);
                    changes.push(format!("… and {more} more changes"));
                }
                Verdict::Changed { file, changes }
            }
        };
        Ok((name, verdict))
    }
}

fn write_file(file: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(file, text).map_err(|e| format!("cannot write snapshot {}: {e}", file.display()))
}

/// The snapshot name: `<folder>__<feature file stem>__<scenario slug>[_<ordinal>]`.
pub fn name(path: &str, scenario: &str, ordinal: usize) -> String {
    let p = Path::new(path);
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = p
        .parent()
        .and_then(Path::file_name)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = [slug(&folder, 40), slug(&stem, 60), slug(scenario, 80)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("__");
    if ordinal > 1 {
        let _ = write!(out, "_{ordinal}");
    }
    out
}

/// Lower-case ASCII letters and digits, everything else one `_`, at most `max` bytes.
fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let mut out = out.trim_matches('_').to_owned();
    if out.len() > max {
        out.truncate(max);
        out = out.trim_end_matches('_').to_owned();
    }
    out
}

/// insta's `.snap` format: a YAML front matter, then the contents (pretty JSON here).
fn render(recording: &Recording<'_>, document: &Value) -> String {
    let pretty = serde_json::to_string_pretty(document).unwrap_or_else(|_| document.to_string());
    format!(
        "---\nsource: {}\nexpression: {}\n---\n{pretty}\n",
        display_path(recording.path),
        serde_json::to_string(recording.scenario).unwrap_or_default()
    )
}

/// `features/okta/x.feature` for any path that contains a `features/` directory, else as given.
fn display_path(path: &str) -> &str {
    path.rfind("features/").map_or(path, |i| &path[i..])
}

/// The JSON contents of a `.snap` file (after the front matter).
fn parse_contents(text: &str) -> Result<Value, String> {
    let body = text
        .strip_prefix("---")
        .and_then(|rest| rest.split_once("\n---\n").map(|(_, body)| body))
        .unwrap_or(text);
    serde_json::from_str(body)
        .map_err(|e| format!("snapshot file is not JSON after its header: {e}"))
}

/// Every difference between `old` and `new`, as `pointer: old → new` lines.
fn diff(pointer: &str, old: &Value, new: &Value, out: &mut Vec<String>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, va) in a {
                let p = format!("{pointer}/{}", escape_pointer(key));
                match b.get(key) {
                    Some(vb) => diff(&p, va, vb, out),
                    None => out.push(format!("{p}: {} → (absent)", short(va))),
                }
            }
            for (key, vb) in b {
                if !a.contains_key(key) {
                    out.push(format!(
                        "{pointer}/{}: (absent) → {}",
                        escape_pointer(key),
                        short(vb)
                    ));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let p = format!("{pointer}/{i}");
                match (a.get(i), b.get(i)) {
                    (Some(va), Some(vb)) => diff(&p, va, vb, out),
                    (Some(va), None) => out.push(format!("{p}: {} → (absent)", short(va))),
                    (None, Some(vb)) => out.push(format!("{p}: (absent) → {}", short(vb))),
                    (None, None) => {}
                }
            }
        }
        _ if old != new => out.push(format!(
            "{}: {} → {}",
            if pointer.is_empty() { "/" } else { pointer },
            short(old),
            short(new)
        )),
        _ => {}
    }
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.len() <= 120 {
        return text;
    }
    let mut end = 117;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

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
    request.insert("path".into(), Value::String(roles.apply(path)));
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn exchange(method: &str, url: &str, req: Option<&str>, status: u16, body: &str) -> Exchange {
        Exchange {
            method: method.into(),
            url: url.into(),
            request_headers: vec![],
            request_body: req.map(Into::into),
            status,
            response_headers: vec![
                ("content-type".into(), "application/scim+json".into()),
                ("etag".into(), "W/\"3\"".into()),
            ],
            body: body.into(),
            json: serde_json::from_str(body).ok(),
            elapsed: Duration::from_millis(1),
        }
    }

    fn record(exchanges: &[Exchange], saved: &BTreeMap<String, Value>, run: &str) -> Value {
        normalise(&Recording {
            path: "features/okta/group_push.feature",
            scenario: "Push Now",
            ordinal: 1,
            base_url: "http://127.0.0.1:41234/scim/v2",
            run_token: run,
            saved,
            exchanges,
        })
    }

    fn created(id: &str, run: &str) -> String {
        json!({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":id,"userName":format!("{run}.alice@example.com"),
               "meta":{"resourceType":"User","created":"2026-11-24T05:00:00Z","lastModified":"2026-11-24T05:00:00.123Z",
                       "location":format!("http://127.0.0.1:41234/scim/v2/Users/{id}"),"version":"W/\"1\""}})
        .to_string()
    }

    #[test]
    fn two_runs_with_different_ids_tokens_and_ports_normalise_alike() {
        let run_once = |id: &str, run: &str, port: u16| {
            let base = format!("http://127.0.0.1:{port}/scim/v2");
            let body = created(id, run).replace("41234", &port.to_string());
            let ex = vec![
                exchange(
                    "POST",
                    &format!("{base}/Users"),
                    Some(&format!("{{\"userName\":\"{run}.alice@example.com\"}}")),
                    201,
                    &body,
                ),
                exchange("GET", &format!("{base}/Users/{id}"), None, 200, &body),
            ];
            let mut saved = BTreeMap::new();
            saved.insert("alice".to_owned(), serde_json::from_str(&body).unwrap());
            normalise(&Recording {
                path: "features/okta/user_push.feature",
                scenario: "Push a new user",
                ordinal: 1,
                base_url: &base,
                run_token: run,
                saved: &saved,
                exchanges: &ex,
            })
        };
        let a = run_once("2819c223-7f76-453a-919d-413861904646", "sh1234abcd", 41234);
        let b = run_once("9a1b2c3d-0000-4000-8000-000000000001", "sh9999ffff", 50000);
        assert_eq!(a, b);
        assert_eq!(
            a.pointer("/exchanges/1/request/path").unwrap(),
            "/Users/[alice.id]"
        );
        assert_eq!(
            a.pointer("/exchanges/0/response/body/userName").unwrap(),
            "[run].alice@example.com"
        );
        assert_eq!(
            a.pointer("/exchanges/0/response/body/meta/location")
                .unwrap(),
            "[base]/Users/[alice.id]"
        );
        assert_eq!(
            a.pointer("/exchanges/0/response/body/meta/created")
                .unwrap(),
            "[timestamp]"
        );
        assert_eq!(
            a.pointer("/exchanges/0/response/body/meta/version")
                .unwrap(),
            "[version]"
        );
        assert_eq!(
            a.pointer("/exchanges/0/response/headers/etag").unwrap(),
            "[version]"
        );
    }

    #[test]
    fn unsaved_ids_are_named_by_type_and_order() {
        let ex = vec![
            exchange(
                "POST",
                "http://127.0.0.1:41234/scim/v2/Users",
                None,
                201,
                &created("id-one-1111", "r"),
            ),
            exchange(
                "POST",
                "http://127.0.0.1:41234/scim/v2/Users",
                None,
                201,
                &created("id-two-2222", "r"),
            ),
        ];
        let doc = record(&ex, &BTreeMap::new(), "r");
        assert_eq!(
            doc.pointer("/exchanges/0/response/body/id").unwrap(),
            "[user-1.id]"
        );
        assert_eq!(
            doc.pointer("/exchanges/1/response/body/id").unwrap(),
            "[user-2.id]"
        );
    }

    #[test]
    fn foreign_resources_and_unscoped_totals_are_redacted() {
        let list =
            json!({"schemas":[LIST_RESPONSE],"totalResults":7,"itemsPerPage":2,"startIndex":1,
                          "Resources":[{"id":"someone-else-123"},{"id":"mine-4567"}]})
            .to_string();
        let ex = vec![
            exchange(
                "GET",
                "http://127.0.0.1:41234/scim/v2/Users/mine-4567",
                None,
                200,
                &created("mine-4567", "r"),
            ),
            exchange(
                "GET",
                "http://127.0.0.1:41234/scim/v2/Users?startIndex=1&count=2",
                None,
                200,
                &list,
            ),
        ];
        let doc = record(&ex, &BTreeMap::new(), "r");
        let body = doc.pointer("/exchanges/1/response/body").unwrap();
        assert_eq!(body["totalResults"], "[depends on the target's contents]");
        assert_eq!(body["Resources"], "[depends on the target's contents]");
        assert_eq!(body["startIndex"], 1);
    }

    #[test]
    fn a_scoped_list_of_own_resources_keeps_its_counts() {
        let list =
            json!({"schemas":[LIST_RESPONSE],"totalResults":1,"itemsPerPage":1,"startIndex":1,
                          "Resources":[{"id":"mine-4567"}]})
            .to_string();
        let ex = vec![
            exchange(
                "POST",
                "http://127.0.0.1:41234/scim/v2/Users",
                None,
                201,
                &created("mine-4567", "r"),
            ),
            exchange(
                "GET",
                "http://127.0.0.1:41234/scim/v2/Users?filter=userName%20eq%20%22x%22",
                None,
                200,
                &list,
            ),
        ];
        let doc = record(&ex, &BTreeMap::new(), "r");
        assert_eq!(
            doc.pointer("/exchanges/1/response/body/totalResults")
                .unwrap(),
            1
        );
    }

    #[test]
    fn upper_cased_tokens_embedded_timestamps_and_versions_are_redacted() {
        let ex = vec![exchange(
            "GET",
            "http://127.0.0.1:41234/scim/v2/Users?filter=userName%20eq%20%22SH12AB.X%22%20and%20meta.created%20ge%20%222026-11-24T05%3A30%3A57.93Z%22",
            None,
            412,
            r#"{"detail":"If-Match W/\"772\" does not match W/\"774\" at 2026-11-24T05:30:57+01:00"}"#,
        )];
        let doc = record(&ex, &BTreeMap::new(), "sh12ab");
        assert_eq!(
            doc.pointer("/exchanges/0/request/path").unwrap(),
            "/Users?filter=userName%20eq%20%22[RUN].X%22%20and%20meta.created%20ge%20%22[timestamp]%22"
        );
        assert_eq!(
            doc.pointer("/exchanges/0/response/body/detail").unwrap(),
            r#"If-Match W/"[version]" does not match W/"[version]" at [timestamp]"#
        );
    }

    #[test]
    fn members_are_compared_as_sets() {
        let a = json!({"id":"g-1234","members":[{"value":"b"},{"value":"a"}]}).to_string();
        let b = json!({"id":"g-1234","members":[{"value":"a"},{"value":"b"}]}).to_string();
        let url = "http://127.0.0.1:41234/scim/v2/Groups/g-1234";
        let one = record(
            &[exchange("GET", url, None, 200, &a)],
            &BTreeMap::new(),
            "r",
        );
        let two = record(
            &[exchange("GET", url, None, 200, &b)],
            &BTreeMap::new(),
            "r",
        );
        assert_eq!(one, two);
    }

    #[test]
    fn names_follow_folder_feature_and_scenario() {
        assert_eq!(
            name(
                "features/okta/group_push.feature",
                "Push Now replaces the whole member list",
                1
            ),
            "okta__group_push__push_now_replaces_the_whole_member_list"
        );
        assert_eq!(
            name("features/entra/roles.feature", "Roles (<dialect>)", 2),
            "entra__roles__roles_dialect_2"
        );
    }

    #[test]
    fn drift_is_reported_by_pointer_and_nothing_is_written_without_update() {
        let dir = std::env::temp_dir().join(format!(
            "scim-harness-snap-{}",
            uuid::Uuid::new_v4().simple()
        ));
        let url = "http://127.0.0.1:41234/scim/v2/Users";
        let saved = BTreeMap::new();
        let first = [exchange("POST", url, None, 201, &created("abcd-1234", "r"))];
        let rec = |ex: &'static [Exchange]| Recording {
            path: "features/protocol/users_crud.feature",
            scenario: "Create",
            ordinal: 1,
            base_url: "http://127.0.0.1:41234/scim/v2",
            run_token: "r",
            saved: &saved,
            exchanges: ex,
        };
        let first: &'static [Exchange] = Box::leak(Box::new(first));
        let checking = Store {
            dir: dir.clone(),
            update: false,
            write_pending: false,
        };
        let (name, verdict) = checking.check(&rec(first)).unwrap();
        assert!(matches!(verdict, Verdict::Missing { .. }), "{verdict:?}");
        assert!(
            !dir.join(format!("{name}.snap")).exists(),
            "check mode wrote a snapshot"
        );
        let updating = Store {
            dir: dir.clone(),
            update: true,
            write_pending: false,
        };
        assert_eq!(updating.check(&rec(first)).unwrap().1, Verdict::Written);
        assert_eq!(checking.check(&rec(first)).unwrap().1, Verdict::Matches);
        let second: &'static [Exchange] = Box::leak(Box::new([exchange(
            "POST",
            url,
            None,
            200,
            &created("abcd-1234", "r"),
        )]));
        let (_, verdict) = checking.check(&rec(second)).unwrap();
        let Verdict::Changed { changes, .. } = verdict else {
            panic!("expected drift")
        };
        assert_eq!(
            changes,
            vec!["/exchanges/0/response/status: 201 → 200".to_owned()]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
