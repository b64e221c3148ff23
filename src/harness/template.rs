//! `{{…}}` templates in paths, header values, bodies and expected values (features/STEPS.md).
//!
//! `{{run}}`, `{{name}}`, `{{name.a.0.b}}`, `{{name[urn:…:User].manager.value}}`, each optionally
//! piped through `upper`, `lower`, `pct`, `form` or `json`.

use std::collections::BTreeMap;

use serde_json::Value;

/// The names every scenario has besides its saved values.
#[derive(Clone, Copy, Debug)]
pub struct Builtins<'a> {
    /// `{{run}}`: the scenario's unique token.
    pub run: &'a str,
    /// `{{base}}`: the target's base URL (no trailing `/`), for checking absolute URLs such as
    /// `Location` and `meta.location`.
    pub base: &'a str,
}

/// Expand every `{{…}}` in `text`; an unknown name or filter is an error naming it.
pub fn expand(
    text: &str,
    builtins: &Builtins<'_>,
    saved: &BTreeMap<String, Value>,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err(format!("unclosed template in {text:?}"));
        };
        out.push_str(&evaluate(after[..end].trim(), builtins, saved)?);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn evaluate(
    expr: &str,
    builtins: &Builtins<'_>,
    saved: &BTreeMap<String, Value>,
) -> Result<String, String> {
    let mut parts = expr.split('|').map(str::trim);
    let reference = parts.next().unwrap_or_default();
    let mut value = lookup(reference, builtins, saved)?;
    for filter in parts {
        value = match filter {
            "upper" => value.to_uppercase(),
            "lower" => value.to_lowercase(),
            "pct" => percent_encode(&value, false),
            "form" => percent_encode(&value, true),
            "json" => {
                let quoted = Value::String(value).to_string();
                quoted[1..quoted.len() - 1].to_owned()
            }
            other => {
                return Err(format!(
                    "unknown template filter {other:?} in {{{{{expr}}}}}"
                ));
            }
        };
    }
    Ok(value)
}

/// Resolve `name.path[key].0` against the saved values (or a builtin: `run`, `base`).
fn lookup(
    reference: &str,
    builtins: &Builtins<'_>,
    saved: &BTreeMap<String, Value>,
) -> Result<String, String> {
    let (name, segments) = split_reference(reference)?;
    let root = match saved.get(&name) {
        Some(v) => v,
        None if name == "run" && segments.is_empty() => return Ok(builtins.run.to_owned()),
        None if name == "base" && segments.is_empty() => return Ok(builtins.base.to_owned()),
        None => {
            let known: Vec<&str> = saved.keys().map(String::as_str).collect();
            return Err(format!(
                "unknown saved value {name:?} in {{{{{reference}}}}} (saved so far: {})",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ));
        }
    };
    let mut current = root;
    for segment in &segments {
        let next = match current {
            Value::Object(map) => map.get(segment).or_else(|| {
                map.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(segment))
                    .map(|(_, v)| v)
            }),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        current =
            next.ok_or_else(|| format!("{{{{{reference}}}}}: {name:?} has no {segment:?}"))?;
    }
    Ok(match current {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

fn split_reference(reference: &str) -> Result<(String, Vec<String>), String> {
    let name_end = reference.find(['.', '[']).unwrap_or(reference.len());
    let name = reference[..name_end].to_owned();
    if name.is_empty() {
        return Err(format!("empty template {{{{{reference}}}}}"));
    }
    let mut segments = Vec::new();
    let mut rest = &reference[name_end..];
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let close = r
                .find(']')
                .ok_or_else(|| format!("unclosed [ in {{{{{reference}}}}}"))?;
            segments.push(r[..close].to_owned());
            rest = &r[close + 1..];
        } else if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            segments.push(r[..end].to_owned());
            rest = &r[end..];
        } else {
            return Err(format!("cannot read {{{{{reference}}}}}"));
        }
    }
    Ok((name, segments))
}

pub use crate::percent::percent_encode;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const B: Builtins<'static> = Builtins {
        run: "R",
        base: "http://h:1/scim/v2",
    };
    use serde_json::json;

    fn saved() -> BTreeMap<String, Value> {
        let mut m = BTreeMap::new();
        m.insert(
            "alice".to_owned(),
            json!({"id": "a1", "name": {"givenName": "Alice"}, "emails": [{"value": "a@x.org"}],
                   "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "m1"}}}),
        );
        m.insert("n".to_owned(), json!(42));
        m.insert("s".to_owned(), json!("Ann Lee \"x\""));
        m
    }

    #[test]
    fn templates_expand() {
        assert_eq!(
            expand("{{base}}/Users", &B, &saved()).as_deref(),
            Ok("http://h:1/scim/v2/Users")
        );
        let s = saved();
        let cases = [
            ("{{run}}.x", "R.x"),
            ("{{alice.id}}", "a1"),
            ("{{alice.name.givenName | upper}}", "ALICE"),
            ("{{alice.emails.0.value|pct}}", "a%40x.org"),
            (
                "{{alice[urn:ietf:params:scim:schemas:extension:enterprise:2.0:User].manager.value}}",
                "m1",
            ),
            ("{{n}}", "42"),
            ("{{s | form}}", "Ann+Lee+%22x%22"),
            ("{{s | pct}}", "Ann%20Lee%20%22x%22"),
            ("{{s | json}}", "Ann Lee \\\"x\\\""),
            ("{{s | lower}}", "ann lee \"x\""),
        ];
        for (input, want) in cases {
            assert_eq!(expand(input, &B, &s).as_deref(), Ok(want), "{input}");
        }
    }

    #[test]
    fn unknown_names_are_errors_that_name_them() {
        let err = expand("{{bob.id}}", &B, &saved()).unwrap_err();
        assert!(err.contains("\"bob\""), "{err}");
        assert!(expand("{{alice.nope}}", &B, &saved()).is_err());
        assert!(expand("{{alice | shout}}", &B, &saved()).is_err());
    }
}
