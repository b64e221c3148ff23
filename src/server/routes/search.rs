//! Lists and searches (RFC 7644 §3.4.2, §3.4.3): `GET /Users?filter=…`, `POST /Users/.search`,
//! and `POST /.search` across both resource types.
//!
//! The pipeline: parse and validate the filter → candidates from the store (an index lookup
//! when the filter allows, else every resource) → `filter::matches` on each candidate → sort →
//! page → project the page. `totalResults` counts every match; `itemsPerPage` is the size of
//! the page returned. A page is picked by `startIndex` (RFC 7644 §3.4.2.4, the default) or by
//! `cursor` (RFC 9865, see `server::cursor`): never both.

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use super::resources::resource_type;
use super::{Projection, json_response};
use crate::scim::filter::{self, AttrPath, Filter};
use crate::scim::keys::get_ci;
use crate::scim::projection::View;
use crate::scim::schema::LIST_RESPONSE;
use crate::scim::sort::{self, SortKey, SortOrder};
use crate::scim::{ScimError, ScimType};
use crate::server::cursor::{self, Direction, Position};
use crate::server::error::ApiError;
use crate::server::extract::{BaseUrl, QueryParams, ScimBody};
use crate::server::render::{render, view};
use crate::server::state::AppState;
use crate::server::store::{Kind, Stored};

/// `filter.maxResults` of `/ServiceProviderConfig`: the largest page; larger `count`s are cut
/// to it, and it is the page size when `count` is absent.
pub use crate::server::limits::MAX_RESULTS;

/// A query, from the query string or a SearchRequest body.
#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    pub filter: Option<String>,
    pub projection: Projection,
    pub sort_by: Option<AttrPath>,
    pub descending: bool,
    /// 1-based, at least 1.
    pub start_index: usize,
    /// At most [`MAX_RESULTS`].
    pub count: usize,
    /// RFC 9865 `cursor`: `Some("")` asks for the first page of a cursor walk.
    pub cursor: Option<String>,
    /// `count` as sent (cursor paging refuses one above `maxPageSize`, RFC 9865 §2.1).
    pub count_asked: Option<i64>,
    /// Whether `startIndex` was sent.
    pub index_asked: bool,
}

impl SearchRequest {
    pub fn from_query(q: &QueryParams) -> Result<Self, ApiError> {
        let number = |name: &str| -> Result<Option<i64>, ApiError> {
            match q.get(name).map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => s.parse::<i64>().map(Some).map_err(|_| {
                    ScimError::invalid_value(format!("{name}={s:?} is not an integer")).into()
                }),
            }
        };
        Self::build(
            q.get("filter").map(str::to_owned),
            Projection::from_query(q)?,
            q.get("sortBy").map(str::to_owned),
            q.get("sortOrder"),
            number("startIndex")?,
            number("count")?,
            q.get("cursor").map(str::to_owned),
        )
    }

    /// A SearchRequest body (RFC 7644 §3.4.3). `attributes` may be an array or a
    /// comma-separated string; numbers may arrive as numeric strings.
    pub fn from_body(body: &Value) -> Result<Self, ApiError> {
        let Value::Object(obj) = body else {
            return Err(
                ScimError::invalid_syntax("the SearchRequest must be a JSON object").into(),
            );
        };
        let get = |name: &str| get_ci(obj, name);
        let string = |name: &str| -> Result<Option<String>, ApiError> {
            match get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(other) => Err(ScimError::invalid_value(format!(
                    "{name} must be a string, got {other}"
                ))
                .into()),
            }
        };
        let list = |name: &str| -> Result<Option<String>, ApiError> {
            match get(name) {
                Some(Value::Array(items)) => {
                    let mut names = Vec::new();
                    for item in items {
                        match item.as_str() {
                            Some(s) => names.push(s),
                            None => {
                                return Err(ScimError::invalid_value(format!(
                                    "{name} must be an array of attribute names, got {item}"
                                ))
                                .into());
                            }
                        }
                    }
                    Ok(Some(names.join(",")))
                }
                _ => string(name),
            }
        };
        let number = |name: &str| -> Result<Option<i64>, ApiError> {
            match get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64()),
                Some(Value::String(s)) if s.trim().parse::<i64>().is_ok() => {
                    Ok(s.trim().parse().ok())
                }
                Some(other) => Err(ScimError::invalid_value(format!(
                    "{name} must be an integer, got {other}"
                ))
                .into()),
            }
        };
        let attributes = list("attributes")?;
        let excluded = list("excludedAttributes")?;
        let sort_order = string("sortOrder")?;
        Self::build(
            string("filter")?,
            Projection::from_lists(attributes.as_deref(), excluded.as_deref())?,
            string("sortBy")?,
            sort_order.as_deref(),
            number("startIndex")?,
            number("count")?,
            string("cursor")?,
        )
    }

    fn build(
        filter: Option<String>,
        projection: Projection,
        sort_by: Option<String>,
        sort_order: Option<&str>,
        start_index: Option<i64>,
        count: Option<i64>,
        cursor: Option<String>,
    ) -> Result<Self, ApiError> {
        if cursor.is_some() && start_index.is_some() {
            return Err(ScimError::invalid_value(
                "send startIndex (index paging, RFC 7644 §3.4.2.4) or cursor (RFC 9865), not both",
            )
            .into());
        }
        let descending = match sort_order.map(str::trim).filter(|s| !s.is_empty()) {
            None => false,
            Some(o) => SortOrder::parse(o)?.is_descending(),
        };
        let sort_by = match sort_by.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(sort::parse_sort_by(s)?),
        };
        let (count_raw, start_index_raw) = (count, start_index);
        let start_index = usize::try_from(start_index.unwrap_or(1).max(1)).unwrap_or(usize::MAX);
        let count = usize::try_from(count.unwrap_or(MAX_RESULTS as i64).max(0))
            .unwrap_or(MAX_RESULTS)
            .min(MAX_RESULTS);
        Ok(SearchRequest {
            filter: filter.filter(|f| !f.trim().is_empty()),
            projection,
            sort_by,
            descending,
            start_index,
            count,
            cursor,
            count_asked: count_raw,
            index_asked: start_index_raw.is_some(),
        })
    }
}

/// `GET /Users`, `GET /Groups`.
pub async fn resources_list(
    State(state): State<AppState>,
    Extension(kind): Extension<Kind>,
    BaseUrl(base): BaseUrl,
    query: QueryParams,
) -> Result<Response, ApiError> {
    let request = SearchRequest::from_query(&query)?;
    run(&state, &[kind], &request, &base)
}

/// `POST /Users/.search`, `POST /Groups/.search`.
pub async fn resources_search(
    State(state): State<AppState>,
    Extension(kind): Extension<Kind>,
    BaseUrl(base): BaseUrl,
    ScimBody(body): ScimBody,
) -> Result<Response, ApiError> {
    let request = SearchRequest::from_body(&body)?;
    run(&state, &[kind], &request, &base)
}

/// `GET /` (the base path itself, RFC 7644 §3.4.2.1): a query across every resource type.
pub async fn root_list(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    query: QueryParams,
) -> Result<Response, ApiError> {
    let request = SearchRequest::from_query(&query)?;
    run(&state, &Kind::ALL, &request, &base)
}

/// `POST /.search`: users and groups together (users first, each in insertion order).
pub async fn root_search(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    ScimBody(body): ScimBody,
) -> Result<Response, ApiError> {
    let request = SearchRequest::from_body(&body)?;
    run(&state, &Kind::ALL, &request, &base)
}

/// One match: the stored resource, and its full representation when it was already built.
struct Hit {
    stored: Arc<Stored>,
    full: Option<Value>,
}

fn run(
    state: &AppState,
    kinds: &[Kind],
    request: &SearchRequest,
    base: &str,
) -> Result<Response, ApiError> {
    let registry = state.registry();
    let parsed: Option<Filter> = request.filter.as_deref().map(filter::parse).transpose()?;
    let mut hits: Vec<Hit> = Vec::new();
    let mut first_error = None;
    let mut searched = 0;
    for &kind in kinds {
        let rt = resource_type(state, kind)?;
        let Some(f) = &parsed else {
            hits.extend(
                state
                    .store()
                    .select(kind, None)
                    .into_iter()
                    .map(|stored| Hit { stored, full: None }),
            );
            searched += 1;
            continue;
        };
        // Across types, a filter that names attributes of one type only searches that type.
        if let Err(e) = filter::validate(f, rt, registry, state.compliance()) {
            first_error.get_or_insert(e);
            continue;
        }
        searched += 1;
        let on_stored_form = !needs_render(f);
        for stored in state.store().select(kind, Some(f)) {
            if on_stored_form {
                // No copy: the filter only reads attributes the stored form has as they are.
                if filter::matches(f, &stored.value, rt, registry) {
                    hits.push(Hit { stored, full: None });
                }
                continue;
            }
            let full = render(&stored, state.store(), base);
            if filter::matches(f, &full, rt, registry) {
                hits.push(Hit {
                    stored,
                    full: Some(full),
                });
            }
        }
    }
    if searched == 0
        && let Some(e) = first_error
    {
        return Err(e.into());
    }
    if let Some(sort_by) = &request.sort_by {
        sort_hits(state, &mut hits, sort_by, request.descending, base)?;
    }
    let total = hits.len();
    let paged = match &request.cursor {
        None => Paged {
            start: (request.start_index - 1).min(total),
            end: (request.start_index - 1)
                .saturating_add(request.count)
                .min(total),
            next: None,
            previous: None,
        },
        Some(token) => cursor_page(state, kinds, request, token, &hits)?,
    };
    let mut resources = Vec::with_capacity(paged.end - paged.start);
    for hit in &mut hits[paged.start..paged.end] {
        let rt = resource_type(state, hit.stored.kind)?;
        let full = match hit.full.take() {
            Some(rendered) => View::from_value(rendered),
            None => view(&hit.stored, state.store(), base),
        };
        resources.push(request.projection.apply(full, rt, registry));
    }
    let body = ListResponse {
        schemas: [LIST_RESPONSE],
        total_results: total,
        items_per_page: resources.len(),
        // RFC 9865 §2: a cursor page has no index.
        start_index: request.cursor.is_none().then_some(request.start_index),
        resources,
        next_cursor: paged.next,
        previous_cursor: paged.previous,
    };
    Ok(json_response(StatusCode::OK, &body))
}

/// A list response (RFC 7644 §3.4.2), serialised straight from the resources' views.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListResponse<'a> {
    schemas: [&'static str; 1],
    total_results: usize,
    items_per_page: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_index: Option<usize>,
    #[serde(rename = "Resources")]
    resources: Vec<View<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_cursor: Option<String>,
}

/// The page of the sorted matches to return, and the cursors to the pages around it.
struct Paged {
    start: usize,
    end: usize,
    next: Option<String>,
    previous: Option<String>,
}

/// The boundary of a cursor at `hit`.
fn position(hit: &Hit, sorted: bool) -> Position {
    Position {
        slot: hit.stored.kind.slot(),
        seq: hit.stored.seq,
        full: if sorted { hit.full.clone() } else { None },
    }
}

/// RFC 9865 paging over `hits`, which are in the query's order: the sort (if any), then
/// resource type, then insertion order — the same total order a cursor's boundary is placed in.
fn cursor_page(
    state: &AppState,
    kinds: &[Kind],
    request: &SearchRequest,
    token: &str,
    hits: &[Hit],
) -> Result<Paged, ApiError> {
    if request.count_asked.is_some_and(|c| c > MAX_RESULTS as i64) {
        return Err(ScimError::bad_request(
            ScimType::InvalidCount,
            format!(
                "count {} is above maxPageSize ({MAX_RESULTS}, see /ServiceProviderConfig)                  (RFC 9865 §2.1)",
                request.count_asked.unwrap_or_default()
            ),
        )
        .into());
    }
    // Every parameter but cursor and count: a cursor is valid for this query only.
    let query = format!(
        "{kinds:?}|{:?}|{:?}|{}|{:?}",
        request.filter, request.sort_by, request.descending, request.projection
    );
    let order = match &request.sort_by {
        Some(by) => Some(Order::new(state, by, request.descending)?),
        None => None,
    };
    let compare = |hit: &Hit, boundary: &Position| {
        let by_sort = match (&order, &boundary.full, &hit.full) {
            (Some(order), Some(b), Some(h)) => {
                order.compare((hit.stored.kind, h), (Kind::ALL[boundary.slot.min(1)], b))
            }
            _ => std::cmp::Ordering::Equal,
        };
        by_sort.then((hit.stored.kind.slot(), hit.stored.seq).cmp(&(boundary.slot, boundary.seq)))
    };
    let window = if token.is_empty() {
        cursor::window(hits.len(), request.count, None, |_| {
            std::cmp::Ordering::Equal
        })
    } else {
        let (direction, boundary) = state.cursors().resolve(token, &query, request.count)?;
        cursor::window(hits.len(), request.count, Some(direction), |i| {
            compare(&hits[i], &boundary)
        })
    };
    let sorted = order.is_some();
    let cursors = state.cursors();
    let page = &hits[window.start..window.end];
    let next = match page.last() {
        Some(last) if window.more_after => Some(cursors.issue(
            &query,
            request.count,
            Direction::After,
            position(last, sorted),
        )),
        _ => None,
    };
    // RFC 9865 §2: never on the first page.
    let previous = match page.first() {
        Some(first) if window.more_before => Some(cursors.issue(
            &query,
            request.count,
            Direction::Before,
            position(first, sorted),
        )),
        _ => None,
    };
    Ok(Paged {
        start: window.start,
        end: window.end,
        next,
        previous,
    })
}

/// Does `filter` read what only the rendered representation has right: the server-owned
/// `id`, `meta`, `schemas` and computed `groups`, any `$ref`, or `password` (never returned,
/// so it must never match — filtering on it would leak it)?
fn needs_render(filter: &Filter) -> bool {
    const RENDERED: [&str; 5] = ["id", "meta", "schemas", "groups", "password"];
    fn is_ref(name: &str) -> bool {
        name.eq_ignore_ascii_case("$ref")
    }
    fn top(p: &AttrPath) -> bool {
        RENDERED.iter().any(|n| p.name.eq_ignore_ascii_case(n))
            || p.sub.as_deref().is_some_and(is_ref)
    }
    fn inner(f: &Filter) -> bool {
        match f {
            Filter::Present(p) | Filter::Compare(p, _, _) => {
                is_ref(&p.name) || p.sub.as_deref().is_some_and(is_ref)
            }
            Filter::ValuePath(p, f) => is_ref(&p.name) || inner(f),
            Filter::And(a, b) | Filter::Or(a, b) => inner(a) || inner(b),
            Filter::Not(a) => inner(a),
        }
    }
    match filter {
        Filter::Present(p) | Filter::Compare(p, _, _) => top(p),
        Filter::ValuePath(p, f) => top(p) || inner(f),
        Filter::And(a, b) | Filter::Or(a, b) => needs_render(a) || needs_render(b),
        Filter::Not(a) => needs_render(a),
    }
}

/// Stable sort by `sort_by` (`scim::sort`: missing values last when ascending); ties keep
/// insertion order, so pages of a sorted list do not shuffle.
fn sort_hits(
    state: &AppState,
    hits: &mut [Hit],
    by: &AttrPath,
    descending: bool,
    base: &str,
) -> Result<(), ApiError> {
    for hit in hits.iter_mut() {
        if hit.full.is_none() {
            hit.full = Some(render(&hit.stored, state.store(), base));
        }
    }
    let order = Order::new(state, by, descending)?;
    let null = Value::Null;
    hits.sort_by(|a, b| {
        order.compare(
            (a.stored.kind, a.full.as_ref().unwrap_or(&null)),
            (b.stored.kind, b.full.as_ref().unwrap_or(&null)),
        )
    });
    Ok(())
}

/// The order of `sortBy` / `sortOrder` between two full representations.
struct Order {
    user: SortKey<'static>,
    group: SortKey<'static>,
    descending: bool,
}

impl Order {
    fn new(state: &AppState, by: &AttrPath, descending: bool) -> Result<Self, ApiError> {
        Ok(Order {
            user: SortKey::new(by, resource_type(state, Kind::User)?, state.registry()),
            group: SortKey::new(by, resource_type(state, Kind::Group)?, state.registry()),
            descending,
        })
    }

    fn compare(&self, a: (Kind, &Value), b: (Kind, &Value)) -> std::cmp::Ordering {
        // Across types (root search) the User reading of the path decides.
        let key = if a.0 == Kind::Group && b.0 == Kind::Group {
            &self.group
        } else {
            &self.user
        };
        key.compare(a.1, b.1, self.descending)
    }
}
