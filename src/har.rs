//! The HAR 1.2 shape of one HTTP exchange (http://www.softwareishard.com/blog/har-12-spec/),
//! defined once for both writers: the harness's evidence files (`report::har`) and the mock's
//! journal export (`server::mock::journal::har`). No I/O; each caller says what it measured.
//! What neither measures is stated the way HAR states it: `-1` for header sizes and for the
//! timing phases that cannot be told apart (the whole exchange is `wait`).

use serde_json::{Value, json};

/// One exchange as a HAR writer needs it (credentials already redacted by the caller).
#[derive(Clone, Copy, Debug)]
pub struct Exchange<'a> {
    /// RFC 3339.
    pub started: &'a str,
    pub time_ms: f64,
    pub method: &'a str,
    /// Absolute, with the query as sent.
    pub url: &'a str,
    pub http_version: &'a str,
    pub request_headers: &'a [(String, String)],
    pub request_body: Option<&'a str>,
    pub request_body_size: usize,
    pub status: u16,
    pub response_headers: &'a [(String, String)],
    pub response_body: &'a str,
    pub response_body_size: usize,
    pub comment: Option<&'a str>,
}

/// The HAR document of `entries` (each from [`entry`]).
pub fn log(creator: &str, entries: Vec<Value>, comment: Option<String>) -> Value {
    let mut log = json!({
        "version": "1.2",
        "creator": {"name": creator, "version": env!("CARGO_PKG_VERSION")},
        "pages": [],
        "entries": entries,
    });
    if let Some(c) = comment {
        log["comment"] = json!(c);
    }
    json!({ "log": log })
}

/// One HAR entry.
pub fn entry(x: &Exchange<'_>) -> Value {
    let mut request = json!({
        "method": x.method,
        "url": x.url,
        "httpVersion": x.http_version,
        "cookies": [],
        "headers": pairs(x.request_headers),
        "queryString": query_string(x.url),
        "headersSize": -1,
        "bodySize": x.request_body_size,
    });
    if let Some(body) = x.request_body {
        request["postData"] = json!({
            "mimeType": header(x.request_headers, "content-type").unwrap_or(""),
            "text": body,
        });
    }
    let reason = axum::http::StatusCode::from_u16(x.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let mut entry = json!({
        "startedDateTime": x.started,
        "time": x.time_ms,
        "request": request,
        "response": {
            "status": x.status,
            "statusText": reason,
            "httpVersion": x.http_version,
            "cookies": [],
            "headers": pairs(x.response_headers),
            "content": {
                "size": x.response_body_size,
                "mimeType": header(x.response_headers, "content-type").unwrap_or(""),
                "text": x.response_body,
            },
            "redirectURL": header(x.response_headers, "location").unwrap_or(""),
            "headersSize": -1,
            "bodySize": x.response_body_size,
        },
        "cache": {},
        "timings": {"blocked": -1, "dns": -1, "connect": -1, "ssl": -1, "send": 0, "wait": x.time_ms, "receive": 0},
    });
    if let Some(c) = x.comment {
        entry["comment"] = json!(c);
    }
    entry
}

fn pairs(headers: &[(String, String)]) -> Vec<Value> {
    headers
        .iter()
        .map(|(name, value)| json!({"name": name, "value": value}))
        .collect()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The query parameters, percent-decoded (`+` as a space), in order.
fn query_string(url: &str) -> Vec<Value> {
    let Some((_, query)) = url.split_once('?') else {
        return Vec::new();
    };
    let query = query.split('#').next().unwrap_or_default();
    form_urlencoded_pairs(query)
        .into_iter()
        .map(|(name, value)| json!({"name": name, "value": value}))
        .collect()
}

pub fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(n), decode(v))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let hex = |b: u8| char::from(b).to_digit(16);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| Some((hex(*bytes.get(i + 1)?)?, hex(*bytes.get(i + 2)?)?)))
            .flatten();
        match (bytes[i], escaped) {
            (_, Some((hi, lo))) => {
                // Two hex digits are at most 0xff.
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                i += 3;
                continue;
            }
            (b'+', _) => out.push(b' '),
            (b, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_are_decoded() {
        assert_eq!(
            form_urlencoded_pairs("filter=userName+eq+%22a%40b%22&x&bad=%zz"),
            vec![
                ("filter".to_owned(), "userName eq \"a@b\"".to_owned()),
                ("x".to_owned(), String::new()),
                ("bad".to_owned(), "%zz".to_owned()),
            ]
        );
    }
}
