//! RFC 3986 percent-encoding of query values: one rule for the harness's `pct` / `form`
//! template filters and for the journal's feature export, which must write exactly what those
//! filters produce.

/// Percent-encode `text`, keeping the unreserved characters (RFC 3986 §2.3); `form` writes a
/// space as `+` (`application/x-www-form-urlencoded`).
pub fn percent_encode(text: &str, form: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte))
            }
            b' ' if form => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::percent_encode;

    #[test]
    fn unreserved_stay_everything_else_is_escaped() {
        assert_eq!(percent_encode("a b\"~", false), "a%20b%22~");
        assert_eq!(percent_encode("a b", true), "a+b");
        assert_eq!(percent_encode("é", false), "%C3%A9");
    }
}
