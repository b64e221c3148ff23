//! What the target says it supports: `/ServiceProviderConfig`, read once before any scenario.
//!
//! The same read is the preflight: a target that cannot be reached, or that does not answer this
//! request with a JSON document, "could not be tested" (exit code 3) rather than failing rules.

use serde_json::Value;

use super::client::{Actor, Authorization, Request, Target};

/// The `@capability-<name>` tags and the ServiceProviderConfig attribute each one reads.
pub const CAPABILITIES: [&str; 6] = ["patch", "filter", "sort", "etag", "bulk", "changePassword"];

/// The capabilities the target declares.
#[derive(Clone, Debug, Default)]
pub struct Capabilities {
    /// The ServiceProviderConfig document as read.
    pub document: Value,
}

impl Capabilities {
    /// Why a scenario with these tags must be skipped, if the target lacks a capability it needs.
    pub fn skip_reason<'a>(&self, tags: impl IntoIterator<Item = &'a String>) -> Option<String> {
        for tag in tags {
            let Some(name) = tag.strip_prefix("capability-") else {
                continue;
            };
            let Some(attr) = CAPABILITIES.iter().find(|c| c.eq_ignore_ascii_case(name)) else {
                continue;
            };
            let supported = self
                .document
                .get(*attr)
                .and_then(|a| a.get("supported"))
                .and_then(Value::as_bool);
            if supported != Some(true) {
                let said = if supported.is_some() {
                    "false"
                } else {
                    "absent"
                };
                return Some(format!(
                    "the target declares {attr}.supported = {said} in /ServiceProviderConfig"
                ));
            }
        }
        None
    }
}

/// Read `/ServiceProviderConfig`: `Err` is why the target cannot be tested.
pub async fn preflight(target: &Target) -> Result<Capabilities, String> {
    let request = Request {
        actor: Actor::Client,
        method: "GET".to_owned(),
        path: "/ServiceProviderConfig".to_owned(),
        headers: Vec::new(),
        body: None,
        authorization: Authorization::Bearer,
    };
    let exchange = target
        .send(&request)
        .await
        .map_err(|e| format!("{}: {}", e.request_line, e.message))?;
    if exchange.status == 401 || exchange.status == 403 {
        return Err(format!(
            "{} answered {}: the target rejects the token (check --token / SCIM_TOKEN)",
            exchange.request_line(),
            exchange.status_line()
        ));
    }
    if !(200..300).contains(&exchange.status) {
        return Err(format!(
            "{} answered {}: is --target the SCIM base URL (the one that serves /Users)?",
            exchange.request_line(),
            exchange.status_line()
        ));
    }
    match exchange.json {
        Some(document @ Value::Object(_)) => Ok(Capabilities { document }),
        _ => Err(format!(
            "{} answered {} without a JSON object: the target is not a SCIM server",
            exchange.request_line(),
            exchange.status_line()
        )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unsupported_capabilities_give_a_reason() {
        let caps = Capabilities {
            document: json!({"patch": {"supported": true}, "etag": {"supported": false}}),
        };
        let tags = ["must".to_owned(), "capability-patch".to_owned()];
        assert_eq!(caps.skip_reason(&tags), None);
        let tags = ["capability-etag".to_owned()];
        assert!(
            caps.skip_reason(&tags)
                .is_some_and(|r| r.contains("etag.supported = false"))
        );
        let tags = ["capability-bulk".to_owned()];
        assert!(
            caps.skip_reason(&tags)
                .is_some_and(|r| r.contains("absent"))
        );
    }
}
