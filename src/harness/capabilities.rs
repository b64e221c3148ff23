//! What the target says it supports: `/ServiceProviderConfig`, read once before any scenario.
//!
//! The same read is the preflight: a target that cannot be reached, or that does not answer this
//! request with a JSON document, "could not be tested" (exit code 3) rather than failing rules.

use serde_json::Value;

use super::client::{Actor, Authorization, Request, Target};
use crate::scim::schema::SERVICE_PROVIDER_CONFIG_SCHEMA;

/// The `@capability-<name>` tags and the ServiceProviderConfig attribute each one reads
/// (`<name>.supported`).
pub const CAPABILITIES: [&str; 6] = ["patch", "filter", "sort", "etag", "bulk", "changePassword"];

/// `@capability-cursor`: RFC 9865 §4 declares cursor paging as `pagination.cursor`.
pub const CURSOR_CAPABILITY: &str = "cursor";

/// The capabilities the target declares.
#[derive(Clone, Debug, Default)]
pub struct Capabilities {
    /// The ServiceProviderConfig document as read.
    pub document: Value,
    /// The status of `GET /Me` at preflight (`None`: no answer): RFC 7644 §3.11 has no
    /// ServiceProviderConfig attribute for `/Me`, so `@capability-me` asks the endpoint itself.
    pub me_status: Option<u16>,
}

/// `@capability-me`: the target answers `GET /Me` with 200 for the token.
pub const ME_CAPABILITY: &str = "me";

impl Capabilities {
    /// Why a scenario with these tags must be skipped, if the target lacks a capability it needs.
    pub fn skip_reason<'a>(&self, tags: impl IntoIterator<Item = &'a String>) -> Option<String> {
        for tag in tags {
            let Some(name) = tag.strip_prefix("capability-") else {
                continue;
            };
            if name.eq_ignore_ascii_case(ME_CAPABILITY) {
                if self.me_status != Some(200) {
                    let said = self
                        .me_status
                        .map_or("no answer".to_owned(), |s| s.to_string());
                    return Some(format!(
                        "GET /Me answered {said}: the token stands for no user on the target (RFC 7644 §3.11)"
                    ));
                }
                continue;
            }
            if name.eq_ignore_ascii_case(CURSOR_CAPABILITY) {
                let cursor = self
                    .document
                    .pointer("/pagination/cursor")
                    .and_then(Value::as_bool);
                if cursor != Some(true) {
                    let said = cursor.map_or("absent", |_| "false");
                    return Some(format!(
                        "the target declares pagination.cursor = {said} in /ServiceProviderConfig (RFC 9865 §4)"
                    ));
                }
                continue;
            }
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
        raw: false,
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
        Some(document) if looks_like_service_provider_config(&document) => {
            let me = Request {
                path: "/Me".to_owned(),
                ..request
            };
            let me_status = target.send(&me).await.ok().map(|x| x.status);
            Ok(Capabilities {
                document,
                me_status,
            })
        }
        Some(Value::Object(_)) => Err(format!(
            "{} answered {} with JSON that is not a ServiceProviderConfig (no {SERVICE_PROVIDER_CONFIG_SCHEMA} in schemas, none of patch, bulk, filter, changePassword, sort, etag, authenticationSchemes): the target is not a SCIM server",
            exchange.request_line(),
            exchange.status_line()
        )),
        _ => Err(format!(
            "{} answered {} without a JSON object: the target is not a SCIM server",
            exchange.request_line(),
            exchange.status_line()
        )),
    }
}

/// A ServiceProviderConfig (RFC 7643 §5) names its schema, or at least carries one of its
/// capability objects: a SCIM server with a sloppy document is still tested, while any other
/// JSON service is "could not test", not a list of violations.
fn looks_like_service_provider_config(document: &Value) -> bool {
    let Some(object) = document.as_object() else {
        return false;
    };
    let names_schema = object
        .get("schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| {
            s.iter()
                .any(|u| u.as_str() == Some(SERVICE_PROVIDER_CONFIG_SCHEMA))
        });
    names_schema
        || [
            "patch",
            "bulk",
            "filter",
            "changePassword",
            "sort",
            "etag",
            "authenticationSchemes",
        ]
        .iter()
        .any(|k| object.contains_key(*k))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_a_service_provider_config_passes_the_preflight_shape_check() {
        assert!(looks_like_service_provider_config(&json!({
            "schemas": [SERVICE_PROVIDER_CONFIG_SCHEMA]
        })));
        assert!(looks_like_service_provider_config(
            &json!({"patch": {"supported": true}})
        ));
        assert!(!looks_like_service_provider_config(
            &json!({"status": "ok", "service": "billing"})
        ));
        assert!(!looks_like_service_provider_config(&json!([1, 2])));
    }

    #[test]
    fn unsupported_capabilities_give_a_reason() {
        let caps = Capabilities {
            me_status: Some(501),
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
