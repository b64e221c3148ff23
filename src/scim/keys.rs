//! Small shared key rules, one home each: case-insensitive JSON member lookup (RFC 7643 §2.1:
//! attribute names are case-insensitive) and the two URN tests, so that every layer finds
//! `userName`, `UserName` and `USERNAME` the same way and agrees on what a URN is.

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

/// [`get_ci`] for writing: the member `key` of `obj` in any case (the exact spelling first).
pub(crate) fn get_ci_mut<'a>(obj: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Value> {
    let exact = obj.contains_key(key);
    obj.iter_mut()
        .find(|(k, _)| {
            if exact {
                k.as_str() == key
            } else {
                k.eq_ignore_ascii_case(key)
            }
        })
        .map(|(_, v)| v)
}

/// Does `s` start with `urn:` (any case) followed by something? The test for "this key or
/// reference is URN-qualified" (`urn:…:User:userName`, an extension object's key). Safe on any
/// UTF-8 input: it never slices inside a character.
pub fn has_urn_prefix(s: &str) -> bool {
    s.len() > 4 && s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:"))
}

/// A loose well-formedness check for a URN a client wrote (in a filter, a path): the
/// [`has_urn_prefix`] test, then non-empty colon-separated segments of URN characters
/// (RFC 8141's `pchar`, no spaces).
pub fn is_urn(s: &str) -> bool {
    has_urn_prefix(s)
        && s[4..].split(':').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-._~%+$!*'=,;@/?&".contains(c))
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

    #[test]
    fn get_ci_mut_finds_the_same_member_as_get_ci() {
        let mut v = json!({"Value": 1, "value": 2, "Manager": 3});
        let obj = v.as_object_mut().expect("object");
        *get_ci_mut(obj, "value").expect("value") = json!(20);
        *get_ci_mut(obj, "manager").expect("manager") = json!(30);
        assert!(get_ci_mut(obj, "missing").is_none());
        assert_eq!(v, json!({"Value": 1, "value": 20, "Manager": 30}));
    }

    #[test]
    fn urn_prefix_and_well_formed_urns() {
        for (s, prefix, urn) in [
            ("urn:ietf:params:scim:schemas:core:2.0:User", true, true),
            ("URN:IETF:params", true, true),
            ("urn:", false, false),
            ("urn", false, false),
            ("urn:a::b", true, false),
            ("urn:a b", true, false),
            ("name.givenName", false, false),
            ("ürn:x", false, false),
            ("urñ:x", false, false),
            (
                "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group",
                false,
                false,
            ),
        ] {
            assert_eq!(has_urn_prefix(s), prefix, "{s}");
            assert_eq!(is_urn(s), urn, "{s}");
        }
    }
}
