//! Expectations on JSON: the predicates of `the value at <pointer> …`, recursive subset matching
//! and literal parsing. Pure functions, so the step files stay thin and this grammar is unit-tested.

use serde_json::Value;

use super::exchange::truncate;

/// What `the value at "<pointer>" …` asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueCheck {
    Equals(Value),
    EqualsIgnoringCase(Value),
    NotEquals(Value),
    Absent,
    Present,
    NotEmpty,
    Kind(JsonKind),
    HasItems(usize),
    Contains(Value),
    NotContains(Value),
    /// `is saved as "name"`: not a check, a save.
    SaveAs(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonKind {
    Number,
    String,
    Boolean,
    Array,
}

impl JsonKind {
    fn matches(self, v: &Value) -> bool {
        match self {
            JsonKind::Number => v.is_number(),
            JsonKind::String => v.is_string(),
            JsonKind::Boolean => v.is_boolean(),
            JsonKind::Array => v.is_array(),
        }
    }
    fn name(self) -> &'static str {
        match self {
            JsonKind::Number => "a number",
            JsonKind::String => "a string",
            JsonKind::Boolean => "a boolean",
            JsonKind::Array => "an array",
        }
    }
}

/// Parse the words after `the value at "<pointer>" `.
pub fn parse_check(rest: &str) -> Result<ValueCheck, String> {
    let rest = rest.trim();
    let fixed = match rest {
        "is absent" => Some(ValueCheck::Absent),
        "is present" => Some(ValueCheck::Present),
        "is not empty" => Some(ValueCheck::NotEmpty),
        "is a number" => Some(ValueCheck::Kind(JsonKind::Number)),
        "is a string" => Some(ValueCheck::Kind(JsonKind::String)),
        "is a boolean" => Some(ValueCheck::Kind(JsonKind::Boolean)),
        "is an array" => Some(ValueCheck::Kind(JsonKind::Array)),
        _ => None,
    };
    if let Some(check) = fixed {
        return Ok(check);
    }
    if let Some(name) = rest.strip_prefix("is saved as ") {
        return Ok(ValueCheck::SaveAs(unquote(name)?));
    }
    if let Some(json) = rest.strip_prefix("is not ") {
        return Ok(ValueCheck::NotEquals(literal(json)?));
    }
    if let Some(json) = rest.strip_prefix("is ") {
        if let Some(json) = json.strip_suffix(" ignoring case") {
            return Ok(ValueCheck::EqualsIgnoringCase(literal(json)?));
        }
        return Ok(ValueCheck::Equals(literal(json)?));
    }
    if let Some(n) = rest.strip_prefix("has ") {
        let n = n.trim_end_matches(" items").trim_end_matches(" item");
        return n
            .trim()
            .parse()
            .map(ValueCheck::HasItems)
            .map_err(|_| format!("not a count: {n:?}"));
    }
    if let Some(json) = rest.strip_prefix("does not contain ") {
        return Ok(ValueCheck::NotContains(literal(json)?));
    }
    if let Some(json) = rest.strip_prefix("contains ") {
        return Ok(ValueCheck::Contains(literal(json)?));
    }
    Err(format!("unknown check {rest:?} (see features/STEPS.md)"))
}

/// A JSON literal as written in a step.
pub fn literal(text: &str) -> Result<Value, String> {
    serde_json::from_str(text.trim()).map_err(|e| format!("not a JSON literal: {text} ({e})"))
}

/// A `"quoted"` step string, unescaped.
pub fn unquote(text: &str) -> Result<String, String> {
    let text = text.trim();
    let inner = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .ok_or_else(|| format!("expected a quoted string, got {text}"))?;
    Ok(unescape(inner))
}

/// Undo the `\"` and `\\` escapes of a cucumber `{string}`.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n @ ('"' | '\\')) => out.push(n),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Apply `f` to every string inside `value` (templates in expected values).
pub fn map_strings(
    value: &Value,
    f: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Value, String> {
    Ok(match value {
        Value::String(s) => Value::String(f(s)?),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| map_strings(v, f))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), map_strings(v, f)?)))
                .collect::<Result<_, String>>()?,
        ),
        other => other.clone(),
    })
}

/// JSON equality where numbers compare by value (`1` equals `1.0`).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Recursive subset match: objects by key, arrays element-wise anywhere, scalars equal.
pub fn includes(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e
            .iter()
            .all(|(k, ev)| a.get(k).is_some_and(|av| includes(av, ev))),
        (Value::Array(a), Value::Array(e)) => {
            e.iter().all(|ev| a.iter().any(|av| includes(av, ev)))
        }
        _ => json_eq(actual, expected),
    }
}

/// Whether a value counts as empty for `is not empty`.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Short JSON text of a value for messages.
pub fn show(v: Option<&Value>) -> String {
    match v {
        None => "nothing (absent)".to_owned(),
        Some(v) => truncate(&v.to_string(), 200),
    }
}

/// Evaluate a check on the value found at `pointer` (`None`: absent); `Err` is the headline.
pub fn evaluate(pointer: &str, actual: Option<&Value>, check: &ValueCheck) -> Result<(), String> {
    let got = show(actual);
    let fail = |expected: String| {
        Err(format!(
            "value at {pointer}: expected {expected}, got {got}"
        ))
    };
    match check {
        ValueCheck::Equals(e) => match actual {
            Some(a) if json_eq(a, e) => Ok(()),
            _ => fail(e.to_string()),
        },
        ValueCheck::EqualsIgnoringCase(e) => match (actual, e) {
            (Some(Value::String(a)), Value::String(s)) if a.to_lowercase() == s.to_lowercase() => {
                Ok(())
            }
            (Some(a), _) if json_eq(a, e) => Ok(()),
            _ => fail(format!("{e} (ignoring case)")),
        },
        ValueCheck::NotEquals(e) => match actual {
            Some(a) if json_eq(a, e) => fail(format!("anything but {e}")),
            _ => Ok(()),
        },
        ValueCheck::Absent => match actual {
            None => Ok(()),
            Some(_) => fail("no value (absent)".to_owned()),
        },
        ValueCheck::Present => match actual {
            Some(_) => Ok(()),
            None => fail("a value".to_owned()),
        },
        ValueCheck::NotEmpty => match actual {
            Some(a) if !is_empty(a) => Ok(()),
            _ => fail("a non-empty value".to_owned()),
        },
        ValueCheck::Kind(kind) => match actual {
            Some(a) if kind.matches(a) => Ok(()),
            _ => fail(kind.name().to_owned()),
        },
        ValueCheck::HasItems(n) => match actual {
            Some(Value::Array(items)) if items.len() == *n => Ok(()),
            Some(Value::Array(items)) => Err(format!(
                "value at {pointer}: expected {n} item(s), got {} item(s): {got}",
                items.len()
            )),
            _ => fail(format!("an array of {n} item(s)")),
        },
        ValueCheck::Contains(e) => match actual {
            Some(Value::Array(items)) if items.iter().any(|a| includes(a, e)) => Ok(()),
            _ => fail(format!("an array with an element including {e}")),
        },
        ValueCheck::NotContains(e) => match actual {
            Some(Value::Array(items)) if items.iter().any(|a| includes(a, e)) => {
                fail(format!("no element including {e}"))
            }
            _ => Ok(()),
        },
        ValueCheck::SaveAs(_) => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn checks_parse() {
        assert_eq!(parse_check("is absent"), Ok(ValueCheck::Absent));
        assert_eq!(
            parse_check("is \"absent\""),
            Ok(ValueCheck::Equals(json!("absent")))
        );
        assert_eq!(parse_check("is not empty"), Ok(ValueCheck::NotEmpty));
        assert_eq!(parse_check("is not 3"), Ok(ValueCheck::NotEquals(json!(3))));
        assert_eq!(
            parse_check("is \"A\" ignoring case"),
            Ok(ValueCheck::EqualsIgnoringCase(json!("A")))
        );
        assert_eq!(parse_check("has 1 item"), Ok(ValueCheck::HasItems(1)));
        assert_eq!(parse_check("has 12 items"), Ok(ValueCheck::HasItems(12)));
        assert_eq!(
            parse_check("contains {\"a\":1}"),
            Ok(ValueCheck::Contains(json!({"a":1})))
        );
        assert_eq!(
            parse_check("does not contain 1"),
            Ok(ValueCheck::NotContains(json!(1)))
        );
        assert_eq!(
            parse_check("is saved as \"x\""),
            Ok(ValueCheck::SaveAs("x".into()))
        );
        assert_eq!(
            parse_check("is \"a \\\"b\\\"\""),
            Ok(ValueCheck::Equals(json!("a \"b\"")))
        );
        assert!(parse_check("wobbles").is_err());
    }

    #[test]
    fn subset_matching_is_recursive() {
        let actual = json!({"emails": [{"value": "a", "type": "work"}, {"value": "b"}], "n": 1});
        assert!(includes(&actual, &json!({"emails": [{"value": "b"}]})));
        assert!(includes(&actual, &json!({"n": 1.0})));
        assert!(!includes(&actual, &json!({"emails": [{"value": "c"}]})));
        assert!(!includes(&actual, &json!({"x": null})));
    }

    #[test]
    fn evaluation_reports_expected_and_got() {
        let err = evaluate("/a", Some(&json!(2)), &ValueCheck::Equals(json!(1))).unwrap_err();
        assert_eq!(err, "value at /a: expected 1, got 2");
        assert!(evaluate("/a", None, &ValueCheck::NotEquals(json!(1))).is_ok());
        assert!(
            evaluate(
                "/a",
                Some(&json!("Ab")),
                &ValueCheck::EqualsIgnoringCase(json!("aB"))
            )
            .is_ok()
        );
        assert!(evaluate("/a", Some(&json!([])), &ValueCheck::NotEmpty).is_err());
    }
}
