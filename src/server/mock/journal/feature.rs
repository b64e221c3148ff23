//! Journal entries as a Gherkin feature in the harness's own step language
//! (features/STEPS.md), which `scim-harness test --features DIR --only-features` replays against
//! a fresh target: each request sent by the actor whose headers it carried, its response status
//! checked.
//!
//! What makes a recording replayable:
//! - server ids are the target's, not ours: each resource a recorded `201` created is saved
//!   under a name (`user1`, `group1`) and every later use of its id (paths, bodies, `$ref`s,
//!   `If-Match`) becomes `{{user1}}`;
//! - unique values (`userName`, `externalId`, a group's `displayName`) are prefixed with the
//!   run's `{{run}}`, so a replay on a shared target never collides with an earlier one — in
//!   bodies as `{{v1 | json}}`, in filters as `{{v1 | pct}}` / `{{v1 | form}}`;
//! - the token is the run's own (actors send it), and one recorded without or with a refused
//!   credential replays without it / with a wrong one;
//! - an exchange the mock did not answer itself (an injected fault), whose body was cut, or
//!   that holds a literal `{{` (always a template in the step language) is left out, with a
//!   comment saying so.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use serde_json::Value;

use super::{Entry, Presented};
use crate::percent::percent_encode;

/// The feature file of `entries` (oldest first), recorded in `tenant`.
pub fn render(tenant: &str, entries: &[Arc<Entry>]) -> String {
    let mut names = Names::default();
    for e in entries {
        names.collect_unique(e);
    }
    let mut steps = String::new();
    for e in entries {
        names.step(e, &mut steps);
    }
    let (first, last) = (
        entries.first().map_or(0, |e| e.id),
        entries.last().map_or(0, |e| e.id),
    );
    let mut out = String::new();
    let _ = writeln!(out, "@recorded");
    let _ = writeln!(
        out,
        "Feature: Recorded by scim-harness serve: tenant {tenant:?}, journal entries {first}–{last}"
    );
    let _ = writeln!(
        out,
        "  What a client sent to the mock, as a regression test: each request as the actor whose headers it\n  \
         carried, each response status as the mock answered it. Server ids are saved names, unique values\n  \
         carry the run's token. Replay: scim-harness test --target URL --token T --features DIR --only-features"
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "  @must");
    let _ = writeln!(
        out,
        "  Scenario: {} recorded exchanges replay with the same statuses",
        entries.len()
    );
    for (i, original) in names.unique.iter().enumerate() {
        let _ = writeln!(
            out,
            "    Given the value \"{{{{run}}}}.{}\" saved as \"v{}\"",
            quote(original),
            i + 1
        );
    }
    out.push_str(&steps);
    if entries.is_empty() {
        let _ = writeln!(out, "    # the journal selection is empty");
        let _ = writeln!(
            out,
            "    When the client sends GET \"/ServiceProviderConfig\"\n    Then the response status is 200"
        );
    }
    out
}

#[derive(Default)]
struct Names {
    /// Unique values in first-use order (`v1`, `v2`, …).
    unique: Vec<String>,
    /// Server id → saved name.
    ids: BTreeMap<String, String>,
    users: usize,
    groups: usize,
}

impl Names {
    /// The unique-constrained values the requests set, so that a replay can vary them.
    fn collect_unique(&mut self, e: &Entry) {
        let Some(body) = e.request.json() else {
            return;
        };
        let path = e.scim_path.as_deref().unwrap_or("").to_ascii_lowercase();
        let group = path.starts_with("/groups");
        let mut keys = vec!["userName", "externalId"];
        if group {
            keys.push("displayName");
        }
        let mut add = |v: &Value| {
            if let Some(s) = v.as_str()
                && !s.is_empty()
                && !self.unique.iter().any(|u| u == s)
            {
                self.unique.push(s.to_owned());
            }
        };
        for key in &keys {
            if let Some(v) = body.get(*key) {
                add(v);
            }
        }
        for op in body
            .get("Operations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match op.get("path").and_then(Value::as_str) {
                Some(p) if keys.iter().any(|k| k.eq_ignore_ascii_case(p)) => {
                    if let Some(v) = op.get("value") {
                        add(v);
                    }
                }
                None => {
                    for key in &keys {
                        if let Some(v) = op.get("value").and_then(|v| v.get(*key)) {
                            add(v);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Originals, longest first, so that no value is replaced inside a longer one.
    fn by_length(&self) -> Vec<(usize, &String)> {
        let mut list: Vec<(usize, &String)> = self.unique.iter().enumerate().collect();
        list.sort_by_key(|(_, s)| std::cmp::Reverse(s.len()));
        list
    }

    fn ids_in(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for (id, name) in &self.ids {
            out = out.replace(id.as_str(), &format!("{{{{{name}}}}}"));
        }
        out
    }

    /// A path and query: ids, then unique values in each encoding a client uses.
    fn path(&self, raw: &str) -> String {
        let mut out = self.ids_in(raw);
        for (i, original) in self.by_length() {
            let n = i + 1;
            out = out.replace(
                &percent_encode(original, false),
                &format!("{{{{v{n} | pct}}}}"),
            );
            out = out.replace(
                &percent_encode(original, true),
                &format!("{{{{v{n} | form}}}}"),
            );
            out = out.replace(original.as_str(), &format!("{{{{v{n}}}}}"));
        }
        out
    }

    fn body(&self, value: &Value, base: Option<&str>) -> Value {
        match value {
            Value::String(s) => {
                if let Some(i) = self.unique.iter().position(|u| u == s) {
                    return Value::String(format!("{{{{v{} | json}}}}", i + 1));
                }
                let mut s = self.ids_in(s);
                if let Some(base) = base.filter(|b| !b.is_empty()) {
                    s = s.replace(base, "{{base}}");
                }
                Value::String(s)
            }
            Value::Array(a) => Value::Array(a.iter().map(|v| self.body(v, base)).collect()),
            Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, v)| (k.clone(), self.body(v, base)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn step(&mut self, e: &Entry, out: &mut String) {
        let _ = writeln!(out, "    # {} {}", e.id, e.operation);
        let Some(scim_path) = &e.scim_path else {
            let _ = writeln!(
                out,
                "    # left out: {} is not under the SCIM base path",
                e.path
            );
            return;
        };
        if let Some(fault) = &e.fault {
            let _ = writeln!(out, "    # left out: the mock injected a fault ({fault})");
            return;
        }
        if e.request.body_truncated {
            let _ = writeln!(
                out,
                "    # left out: the request body ({} bytes) was not recorded whole",
                e.request.body_bytes
            );
            return;
        }
        let target = match &e.query {
            Some(q) => format!("{scim_path}?{q}"),
            None => scim_path.clone(),
        };
        // The step language has no way to quote a literal `{{`: every one is a template.
        if target.contains("{{") || e.request.body.as_deref().is_some_and(|b| b.contains("{{")) {
            let _ = writeln!(
                out,
                "    # left out: the request holds a literal \"{{{{\", which the step language reads as a template"
            );
            return;
        }
        let raw = target
            .bytes()
            .any(|b| b == b'"' || b == b' ' || !b.is_ascii_graphic());
        let base = e
            .request
            .header("host")
            .map(|h| format!("http://{h}{}", &e.path[..e.path.len() - scim_path.len()]));
        let actor = actor(e);
        let mut line = format!(
            "    When {actor} sends {} {}\"{}\"",
            e.method,
            if raw { "raw " } else { "" },
            quote(&self.path(&target))
        );
        match e.presented {
            Presented::None => line.push_str(" without authorization"),
            Presented::Refused => {
                line.push_str(" with the authorization header \"Bearer not-the-recorded-token\"")
            }
            Presented::Accepted => {
                if let Some((name, value)) = ["if-match", "if-none-match"]
                    .iter()
                    .find_map(|n| e.request.header(n).map(|v| (*n, v)))
                {
                    let _ = write!(
                        line,
                        " with header \"{}\" set to \"{}\"",
                        name,
                        quote(&self.ids_in(value))
                    );
                }
            }
        }
        let body = e.request.body.as_deref().filter(|b| !b.is_empty());
        match body {
            Some(text) => {
                let text = match serde_json::from_str::<Value>(text) {
                    Ok(v) => serde_json::to_string_pretty(&self.body(&v, base.as_deref()))
                        .unwrap_or_else(|_| text.to_owned()),
                    Err(_) => self.ids_in(text),
                };
                let fence = if text.contains("\"\"\"") {
                    "```"
                } else {
                    "\"\"\""
                };
                let _ = writeln!(out, "{line} with:");
                let _ = writeln!(out, "      {fence}");
                for l in text.lines() {
                    let _ = writeln!(out, "      {l}");
                }
                let _ = writeln!(out, "      {fence}");
            }
            None => {
                let _ = writeln!(out, "{line}");
            }
        }
        let _ = writeln!(out, "    Then the response status is {}", e.status);
        if e.status == 201
            && let Some(id) = e
                .response
                .json()
                .and_then(|b| b.get("id").and_then(Value::as_str).map(str::to_owned))
            && !self.ids.contains_key(&id)
        {
            let group = scim_path.to_ascii_lowercase().starts_with("/groups");
            let name = if group {
                self.groups += 1;
                format!("group{}", self.groups)
            } else {
                self.users += 1;
                format!("user{}", self.users)
            };
            let _ = writeln!(out, "    And the value at \"/id\" is saved as \"{name}\"");
            self.ids.insert(id, name);
        }
    }
}

/// The actor whose headers the request carried (features/STEPS.md "Actors").
fn actor(e: &Entry) -> &'static str {
    match (e.client, e.client_label.as_str()) {
        ("okta", "Okta SPEC test") => "Okta's SPEC test",
        ("okta", _) => "Okta",
        ("entra", _) => "Entra",
        ("entra-validator", _) => "the SCIM Validator",
        ("onelogin", _) => "OneLogin",
        ("jumpcloud", _) => "JumpCloud",
        ("rippling", _) => "Rippling",
        ("ping", _) => "Ping",
        _ => match e.request.header("accept") {
            Some(a) if e.request.header("user-agent").is_none() => {
                if a.contains("scim+json") {
                    "PingOne"
                } else {
                    "Ping"
                }
            }
            _ => "the client",
        },
    }
}

/// Inside a step's `"…"`: `\` and `"` escaped.
fn quote(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::server::mock::journal::Message;

    fn entry(
        id: u64,
        method: &str,
        path: &str,
        query: Option<&str>,
        body: &str,
        status: u16,
        response: &str,
    ) -> Arc<Entry> {
        let headers = vec![
            ("host".to_owned(), "127.0.0.1:1".to_owned()),
            ("user-agent".to_owned(), "Okta SCIM Client 1.0.0".to_owned()),
            ("authorization".to_owned(), "Bearer ***".to_owned()),
        ];
        let message = |headers: Vec<(String, String)>, text: &str| Message {
            headers,
            body: (!text.is_empty()).then(|| text.to_owned()),
            body_bytes: text.len(),
            body_truncated: false,
        };
        Arc::new(Entry {
            id,
            time: String::new(),
            tenant: "t".into(),
            method: method.into(),
            path: format!("/scim/v2{path}"),
            query: query.map(str::to_owned),
            status,
            duration_ms: 1.0,
            client: "okta",
            client_label: "Okta".into(),
            operation: format!("Okta: {method}"),
            tolerances: Vec::new(),
            fault: None,
            changes: Vec::new(),
            notes: Vec::new(),
            request: message(headers, body),
            response: message(Vec::new(), response),
            scim_path: Some(path.into()),
            presented: Presented::Accepted,
            at: None,
        })
    }

    #[test]
    fn ids_become_saved_names_and_unique_values_carry_the_run() {
        let id = "2819c223-7f76-453a-919d-413861904646";
        let entries = vec![
            entry(
                1,
                "POST",
                "/Users",
                None,
                r#"{"userName":"a@b.c","externalId":"00u1"}"#,
                201,
                &format!(r#"{{"id":"{id}"}}"#),
            ),
            entry(
                2,
                "GET",
                "/Users",
                Some("filter=userName%20eq%20%22a%40b.c%22"),
                "",
                200,
                "{}",
            ),
            entry(
                3,
                "PATCH",
                &format!("/Users/{id}"),
                None,
                &format!(
                    r#"{{"Operations":[{{"op":"replace","value":{{"active":false}}}}],"x":"http://127.0.0.1:1/scim/v2/Users/{id}"}}"#
                ),
                200,
                "{}",
            ),
            entry(
                4,
                "PUT",
                &format!("/Users/{id}"),
                None,
                r#"{"displayName":"{{not a template}}"}"#,
                200,
                "{}",
            ),
        ];
        let text = render("t", &entries);
        assert!(
            text.contains("Given the value \"{{run}}.a@b.c\" saved as \"v1\""),
            "{text}"
        );
        assert!(
            text.contains("Given the value \"{{run}}.00u1\" saved as \"v2\""),
            "{text}"
        );
        assert!(text.contains("\"userName\": \"{{v1 | json}}\""), "{text}");
        assert!(
            text.contains("And the value at \"/id\" is saved as \"user1\""),
            "{text}"
        );
        assert!(
            text.contains(
                "When Okta sends GET \"/Users?filter=userName%20eq%20%22{{v1 | pct}}%22\""
            ),
            "{text}"
        );
        assert!(
            text.contains("When Okta sends PATCH \"/Users/{{user1}}\" with:"),
            "{text}"
        );
        assert!(
            text.contains("\"x\": \"{{base}}/Users/{{user1}}\""),
            "{text}"
        );
        assert!(!text.contains(id), "a server id is left: {text}");
        assert!(
            text.contains("# left out: the request holds a literal"),
            "{text}"
        );
        assert!(!text.contains("sends PUT"), "{text}");
        assert_eq!(text.matches("Then the response status is").count(), 3);
    }
}
