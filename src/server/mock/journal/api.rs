//! The journal's admin endpoints: list (filtered), one entry, clear, the live stream (SSE),
//! HAR and the replayable feature — each declared once as an [`Endpoint`] with its OpenAPI
//! operation.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Json;
use axum::extract::Path;
use axum::http::{Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use serde_json::{Value, json};
use time::OffsetDateTime;
use tokio::sync::broadcast::error::RecvError;

use super::{Entry, known_client};
use crate::server::mock::admin::{AdminError, Endpoint, TenantRef, query_pairs};

/// `limit` of the list when none is given.
pub const DEFAULT_LIMIT: usize = 100;

/// Which entries a call is about: `?method=&path=&status=&client=&since=&q=&limit=`.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub method: Option<String>,
    pub path: Option<String>,
    pub status: Option<StatusMatch>,
    pub client: Option<String>,
    pub since: Option<Since>,
    pub q: Option<String>,
    pub limit: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusMatch {
    Exact(u16),
    /// `4xx`: the hundreds digit.
    Class(u16),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Since {
    /// After this entry id (exclusive).
    Id(u64),
    /// At or after this time.
    Time(OffsetDateTime),
}

impl Filter {
    /// Parse the query string; an unusable value is a 400 that says what to send.
    pub fn parse(query: Option<&str>) -> Result<Self, AdminError> {
        let mut f = Filter::default();
        for (key, value) in query_pairs(query.unwrap_or("")) {
            match key.as_str() {
                "method" => f.method = Some(value.to_ascii_uppercase()),
                "path" => f.path = Some(value),
                "status" => f.status = Some(parse_status(&value)?),
                "client" => {
                    if !known_client(&value) {
                        return Err(AdminError::bad_request(format!(
                            "client={value:?} is not a client the journal names: use okta, \
                             entra, entra-validator, ping, rippling, onelogin, jumpcloud, \
                             scim-harness or unknown"
                        )));
                    }
                    f.client = Some(value);
                }
                "since" => f.since = Some(parse_since(&value)?),
                "q" => f.q = Some(value.to_lowercase()),
                "limit" => {
                    f.limit = Some(value.parse::<usize>().map_err(|_| {
                        AdminError::bad_request(format!(
                            "limit={value:?} must be a whole number of entries"
                        ))
                    })?)
                }
                // `tenant` selects the journal (admin.rs); anything else is ignored like any
                // unknown query parameter.
                _ => {}
            }
        }
        Ok(f)
    }

    pub fn matches(&self, e: &Entry) -> bool {
        self.method.as_ref().is_none_or(|m| *m == e.method)
            && self
                .path
                .as_ref()
                .is_none_or(|p| e.path.starts_with(p.as_str()))
            && self.status.is_none_or(|s| match s {
                StatusMatch::Exact(n) => e.status == n,
                StatusMatch::Class(c) => e.status / 100 == c,
            })
            && self.client.as_ref().is_none_or(|c| c == e.client)
            && self.since.is_none_or(|s| match s {
                Since::Id(id) => e.id > id,
                Since::Time(t) => e.at.is_some_and(|at| at >= t),
            })
            && self
                .q
                .as_ref()
                .is_none_or(|q| e.operation.to_lowercase().contains(q.as_str()))
    }

    /// The matching entries of a tenant's journal, oldest first; with `limit`, the newest
    /// `limit` of them.
    pub fn select(&self, tenant: &crate::server::mock::Tenant) -> (Vec<Arc<Entry>>, usize) {
        let all: Vec<Arc<Entry>> = tenant
            .journal
            .entries()
            .into_iter()
            .filter(|e| self.matches(e))
            .collect();
        let total = all.len();
        let keep = self.limit.unwrap_or(usize::MAX).min(total);
        (all[total - keep..].to_vec(), total)
    }
}

fn parse_status(value: &str) -> Result<StatusMatch, AdminError> {
    let bad = || {
        AdminError::bad_request(format!(
            "status={value:?} must be a status code (404) or a class (4xx)"
        ))
    };
    let v = value.trim().to_ascii_lowercase();
    if let Some(d) = v.strip_suffix("xx") {
        let c: u16 = d.parse().map_err(|_| bad())?;
        return if (1..=5).contains(&c) {
            Ok(StatusMatch::Class(c))
        } else {
            Err(bad())
        };
    }
    match v.parse::<u16>() {
        Ok(n) if (100..=599).contains(&n) => Ok(StatusMatch::Exact(n)),
        _ => Err(bad()),
    }
}

fn parse_since(value: &str) -> Result<Since, AdminError> {
    if let Ok(id) = value.trim().parse::<u64>() {
        return Ok(Since::Id(id));
    }
    OffsetDateTime::parse(value.trim(), &time::format_description::well_known::Rfc3339)
        .map(Since::Time)
        .map_err(|_| {
            AdminError::bad_request(format!(
                "since={value:?} must be an entry id (17) or an RFC 3339 time \
                 (2026-12-07T10:00:00Z)"
            ))
        })
}

fn filter_parameters() -> Vec<Value> {
    let p = |name: &str, description: &str| json!({"name": name, "in": "query", "required": false, "description": description, "schema": {"type": "string"}});
    vec![
        p(
            "tenant",
            "The tenant whose journal (default: the one whose token is presented)",
        ),
        p("method", "Only this HTTP method (GET, POST, …)"),
        p(
            "path",
            "Only paths starting with this prefix (/scim/v2/Users)",
        ),
        p("status", "A status code (404) or a class (4xx)"),
        p(
            "client",
            "okta, entra, entra-validator, ping, rippling, onelogin, jumpcloud, scim-harness or unknown",
        ),
        p(
            "since",
            "After this entry id (exclusive), or at/after this RFC 3339 time",
        ),
        p("q", "Text in the operation label (case-insensitive)"),
        p("limit", "At most this many entries, the newest"),
    ]
}

/// The journal's admin endpoints.
pub fn endpoints() -> Vec<Endpoint> {
    let filters = filter_parameters();
    let tenant_only = vec![filters[0].clone()];
    vec![
        Endpoint::new(
            Method::GET,
            "/requests",
            get(list),
            json!({
                "summary": "The request journal, newest first, without bodies",
                "parameters": filters,
                "responses": {
                    "200": {"description": "`{\"entries\": [Entry…], \"total\": N}` (total: entries matching before `limit`; default limit 100)"},
                    "400": {"description": "A filter value that cannot be used: `{\"error\"}`"},
                    "401": {"description": "No or the wrong token"}
                }
            }),
        ),
        Endpoint::new(
            Method::DELETE,
            "/requests",
            delete(clear),
            json!({
                "summary": "Empty the journal (entry ids keep increasing)",
                "parameters": tenant_only,
                "responses": {"204": {"description": "Emptied"}, "401": {"description": "No or the wrong token"}}
            }),
        ),
        Endpoint::new(
            Method::GET,
            "/requests/stream",
            get(stream),
            json!({
                "summary": "New journal entries as Server-Sent Events",
                "description": "Each entry as `event: entry`, `id: <entry id>`, `data: <Entry without bodies>`; a consumer that falls behind gets `event: lagged` with the number skipped.",
                "parameters": tenant_only,
                "responses": {"200": {"description": "`text/event-stream`", "content": {"text/event-stream": {}}}}
            }),
        ),
        Endpoint::new(
            Method::GET,
            "/requests/har",
            get(har),
            json!({
                "summary": "The (filtered) journal as HAR 1.2, credentials redacted",
                "parameters": filter_parameters(),
                "responses": {"200": {"description": "A HAR 1.2 document", "content": {"application/json": {}}}, "400": {"description": "A bad filter"}}
            }),
        ),
        Endpoint::new(
            Method::GET,
            "/requests/feature",
            get(feature),
            json!({
                "summary": "The (filtered) journal as a Gherkin feature in the harness's step language",
                "description": "Replay it with `scim-harness test --features DIR --only-features`: server ids become saved names, userNames and externalIds are made unique per run with `{{run}}`, every response status is checked.",
                "parameters": filter_parameters(),
                "responses": {"200": {"description": "The feature file", "content": {"text/plain": {}}}, "400": {"description": "A bad filter"}}
            }),
        ),
        Endpoint::new(
            Method::GET,
            "/requests/{id}",
            get(one),
            json!({
                "summary": "One journal entry, with its request and response bodies",
                "parameters": tenant_only,
                "responses": {"200": {"description": "The Entry"}, "404": {"description": "No such entry (never recorded, or pushed out of the ring)"}}
            }),
        ),
    ]
}

async fn list(TenantRef(tenant): TenantRef, uri: Uri) -> Result<Json<Value>, AdminError> {
    let mut filter = Filter::parse(uri.query())?;
    filter.limit = Some(filter.limit.unwrap_or(DEFAULT_LIMIT));
    let (entries, total) = filter.select(&tenant);
    let entries: Vec<Value> = entries.iter().rev().map(|e| e.summary()).collect();
    Ok(Json(json!({"entries": entries, "total": total})))
}

async fn one(
    TenantRef(tenant): TenantRef,
    Path(id): Path<String>,
) -> Result<Json<Value>, AdminError> {
    let n: u64 = id.parse().map_err(|_| {
        AdminError::bad_request(format!("{id:?} is not an entry id (a whole number)"))
    })?;
    tenant
        .journal
        .get(n)
        .map(|e| Json(e.full()))
        .ok_or_else(|| {
            AdminError::not_found(format!(
                "no journal entry {n} in tenant {:?}: it was never recorded or was pushed out of \
             the ring (--journal sets its size)",
                tenant.name
            ))
        })
}

async fn clear(TenantRef(tenant): TenantRef) -> StatusCode {
    tenant.journal.clear();
    StatusCode::NO_CONTENT
}

async fn stream(TenantRef(tenant): TenantRef) -> Response {
    let rx = tenant.journal.subscribe();
    let events = futures::stream::unfold(rx, |mut rx| async move {
        let event = match rx.recv().await {
            Ok(exchange) => Event::default()
                .event("entry")
                .id(exchange.id().to_string())
                .data(exchange.entry().summary().to_string()),
            // A slow consumer skipped `n` entries; it is told, and goes on with the newest.
            Err(RecvError::Lagged(n)) => Event::default().event("lagged").data(n.to_string()),
            Err(RecvError::Closed) => return None,
        };
        Some((Ok::<_, Infallible>(event), rx))
    });
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
}

async fn har(TenantRef(tenant): TenantRef, uri: Uri) -> Result<Response, AdminError> {
    let filter = Filter::parse(uri.query())?;
    let (entries, _) = filter.select(&tenant);
    Ok(Json(super::har::document(&entries)).into_response())
}

async fn feature(TenantRef(tenant): TenantRef, uri: Uri) -> Result<Response, AdminError> {
    let filter = Filter::parse(uri.query())?;
    let (entries, _) = filter.select(&tenant);
    let text = super::feature::render(&tenant.name, &entries);
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_and_since_parse_or_say_why_not() {
        assert_eq!(parse_status("404").ok(), Some(StatusMatch::Exact(404)));
        assert_eq!(parse_status("4xx").ok(), Some(StatusMatch::Class(4)));
        assert!(parse_status("4yy").is_err());
        assert!(parse_status("9xx").is_err());
        assert_eq!(parse_since("17").ok(), Some(Since::Id(17)));
        assert!(matches!(
            parse_since("2026-12-07T10:00:00Z"),
            Ok(Since::Time(_))
        ));
        assert!(parse_since("yesterday").is_err());
        assert!(Filter::parse(Some("client=netscape")).is_err());
        assert!(Filter::parse(Some("limit=-1")).is_err());
    }
}
