//! The clean-up ledger: what a scenario created, deleted in reverse order when it ends.
//!
//! Every `201` carrying an `id` is registered; a `DELETE` the scenario made itself is remembered so
//! the after hook does not repeat it. What cannot be deleted is a leftover, listed in the summary.

use super::client::{Actor, Authorization, Request, Target};
use super::exchange::Exchange;

/// A resource the scenario created: its collection path (`/Users`) and id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Created {
    pub endpoint: String,
    pub id: String,
}

impl Created {
    pub fn path(&self) -> String {
        format!("{}/{}", self.endpoint, self.id)
    }
}

/// Resources created and deleted by one scenario.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    created: Vec<Created>,
    deleted: Vec<String>,
}

impl Ledger {
    /// Note what an exchange did: a creation (201 + id) or a deletion (DELETE answered 2xx/404).
    pub fn observe(&mut self, path: &str, exchange: &Exchange) {
        let path = path
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .trim_end_matches('/');
        if exchange.status == 201
            && let Some(id) = exchange
                .json
                .as_ref()
                .and_then(|j| j.get("id"))
                .and_then(|v| v.as_str())
        {
            let endpoint = match path.strip_suffix(&format!("/{id}")) {
                Some(parent) => parent.to_owned(),
                None => path.to_owned(),
            };
            self.created.push(Created {
                endpoint,
                id: id.to_owned(),
            });
        }
        if exchange.method == "DELETE"
            && ((200..300).contains(&exchange.status) || exchange.status == 404)
        {
            self.deleted.push(path.to_owned());
        }
    }

    /// Register a resource created in a way `observe` cannot see (an operation of a Bulk).
    pub fn register(&mut self, endpoint: &str, id: &str) {
        self.created.push(Created {
            endpoint: endpoint.to_owned(),
            id: id.to_owned(),
        });
    }

    /// Resources still to delete, newest first.
    pub fn pending(&self) -> Vec<Created> {
        let mut out: Vec<Created> = Vec::new();
        for c in self.created.iter().rev() {
            let path = c.path();
            if !self.deleted.contains(&path) && !out.iter().any(|o| o.path() == path) {
                out.push(c.clone());
            }
        }
        out
    }

    pub fn created_count(&self) -> usize {
        self.created.len()
    }
}

/// Delete everything pending; returns the leftovers (`DELETE /Users/1: 500 Internal Server Error`).
pub async fn clean_up(target: &Target, ledger: &Ledger) -> Vec<String> {
    let mut leftovers = Vec::new();
    for created in ledger.pending() {
        let request = Request {
            actor: Actor::Client,
            method: "DELETE".to_owned(),
            path: created.path(),
            headers: Vec::new(),
            body: None,
            authorization: Authorization::Bearer,
            raw: false,
        };
        match target.send(&request).await {
            Ok(x) if (200..300).contains(&x.status) || x.status == 404 => {}
            Ok(x) => leftovers.push(format!("{}: {}", x.request_line(), x.status_line())),
            Err(e) => leftovers.push(format!("{}: {}", e.request_line, e.message)),
        }
    }
    leftovers
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::time::Duration;

    fn exchange(method: &str, status: u16, json: Option<serde_json::Value>) -> Exchange {
        Exchange {
            method: method.to_owned(),
            url: String::new(),
            request_headers: Vec::new(),
            request_body: None,
            started: std::time::SystemTime::UNIX_EPOCH,
            status,
            response_headers: Vec::new(),
            body: String::new(),
            body_size: 0,
            json,
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn created_resources_are_deleted_newest_first_unless_already_deleted() {
        let mut l = Ledger::default();
        l.observe("/Users", &exchange("POST", 201, Some(json!({"id": "u1"}))));
        l.observe(
            "/Groups?x=1",
            &exchange("POST", 201, Some(json!({"id": "g1"}))),
        );
        l.observe("/Users", &exchange("POST", 201, Some(json!({"id": "u2"}))));
        l.observe("/Users/u2", &exchange("DELETE", 204, None));
        l.observe("/Users", &exchange("POST", 409, Some(json!({"id": "zz"}))));
        let pending: Vec<String> = l.pending().iter().map(Created::path).collect();
        assert_eq!(pending, ["/Groups/g1", "/Users/u1"]);
    }
}
