//! Case-insensitive JSON member lookup (RFC 7643 §2.1: attribute names are case-insensitive),
//! in one place so that every layer finds `userName`, `UserName` and `USERNAME` the same way.

use serde_json::{Map, Value};

/// The member `key` of `obj`: the exact spelling if present, else the first member whose name
/// equals `key` without regard to ASCII case.
pub(crate) fn get_ci<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn exact_spelling_first_then_any_case() {
        let v = json!({"Value": 1, "value": 2, "userName": 3});
        let obj = v.as_object().expect("object");
        assert_eq!(get_ci(obj, "value"), Some(&json!(2)));
        assert_eq!(get_ci(obj, "USERNAME"), Some(&json!(3)));
        assert_eq!(get_ci(obj, "missing"), None);
    }
}
