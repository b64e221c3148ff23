//! Where two snapshot documents differ, as `pointer: old → new` lines (RFC 6901 pointers).

use serde_json::Value;

/// Every difference between `old` and `new`, as `pointer: old → new` lines.
pub(super) fn diff(pointer: &str, old: &Value, new: &Value, out: &mut Vec<String>) {
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
