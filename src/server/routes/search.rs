//! Lists and searches (RFC 7644 §3.4.2, §3.4.3): `GET /Users?filter=…`, `POST /Users/.search`,
//! and `POST /.search` across both resource types.
//!
//! The pipeline: parse and validate the filter → candidates from the store (an index lookup
//! when the filter allows, else every resource) → `filter::matches` on each candidate → sort →
//! page → project the page. `totalResults` counts every match; `itemsPerPage` is the size of
//! the page returned.

use std::cmp::Ordering;
use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::resources::resource_type;
use super::{Projection, json_response};
use crate::scim::ScimError;
use crate::scim::filter::{self, Filter};
use crate::scim::schema::LIST_RESPONSE;
use crate::server::error::ApiError;
use crate::server::extract::{BaseUrl, QueryParams, ScimBody};
use crate::server::render::render;
use crate::server::state::AppState;
use crate::server::store::{Kind, Stored};

/// `filter.maxResults` of `/ServiceProviderConfig`: the largest page; larger `count`s are cut
/// to it, and it is the page size when `count` is absent.
pub const MAX_RESULTS: usize = 1000;

/// A query, from the query string or a SearchRequest body.
#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    pub filter: Option<String>,
    pub projection: Projection,
    pub sort_by: Option<String>,
    pub descending: bool,
    /// 1-based, at least 1.
    pub start_index: usize,
    /// At most [`MAX_RESULTS`].
    pub count: usize,
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
        let get = |name: &str| {
            obj.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        };
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
        )
    }

    fn build(
        filter: Option<String>,
        projection: Projection,
        sort_by: Option<String>,
        sort_order: Option<&str>,
        start_index: Option<i64>,
        count: Option<i64>,
    ) -> Result<Self, ApiError> {
        let descending = match sort_order.map(str::trim).filter(|s| !s.is_empty()) {
            None => false,
            Some(o) if o.eq_ignore_ascii_case("ascending") => false,
            Some(o) if o.eq_ignore_ascii_case("descending") => true,
            Some(o) => {
                return Err(ScimError::invalid_value(format!(
                    "sortOrder={o:?}: use \"ascending\" or \"descending\""
                ))
                .into());
            }
        };
        let start_index = usize::try_from(start_index.unwrap_or(1).max(1)).unwrap_or(usize::MAX);
        let count = usize::try_from(count.unwrap_or(MAX_RESULTS as i64).max(0))
            .unwrap_or(MAX_RESULTS)
            .min(MAX_RESULTS);
        Ok(SearchRequest {
            filter: filter.filter(|f| !f.trim().is_empty()),
            projection,
            sort_by: sort_by.filter(|s| !s.trim().is_empty()),
            descending,
            start_index,
            count,
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
        for stored in state.store().select(kind, Some(f)) {
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
        sort(state, &mut hits, sort_by, request.descending, base)?;
    }
    let total = hits.len();
    let mut resources = Vec::new();
    for hit in hits
        .into_iter()
        .skip(request.start_index - 1)
        .take(request.count)
    {
        let rt = resource_type(state, hit.stored.kind)?;
        let full = hit
            .full
            .unwrap_or_else(|| render(&hit.stored, state.store(), base));
        resources.push(request.projection.apply(&full, rt, registry));
    }
    let body = json!({
        "schemas": [LIST_RESPONSE],
        "totalResults": total,
        "itemsPerPage": resources.len(),
        "startIndex": request.start_index,
        "Resources": resources,
    });
    Ok(json_response(StatusCode::OK, &body))
}

/// Stable sort by `sort_by` (RFC 7644 §3.4.2.3): resources without a value come last in
/// either order; ties keep insertion order. Strings compare as the attribute's `caseExact`
/// says; a multi-valued attribute sorts by its primary (else first) value.
fn sort(
    state: &AppState,
    hits: &mut Vec<Hit>,
    sort_by: &str,
    descending: bool,
    base: &str,
) -> Result<(), ApiError> {
    let path = crate::scim::projection::parse_attribute_list(sort_by)?
        .into_iter()
        .next()
        .ok_or_else(|| ScimError::invalid_value("sortBy names no attribute"))?;
    let mut keyed = Vec::with_capacity(hits.len());
    for mut hit in hits.drain(..) {
        let full = match hit.full.take() {
            Some(v) => v,
            None => render(&hit.stored, state.store(), base),
        };
        let rt = resource_type(state, hit.stored.kind)?;
        let key = sort_key(state, rt, &full, &path);
        hit.full = Some(full);
        keyed.push((key, hit));
    }
    // `sort_by` is stable: equal keys keep insertion order.
    keyed.sort_by(|(a, _), (b, _)| match (a, b) {
        (Some(a), Some(b)) => {
            let o = a.partial_cmp(b).unwrap_or(Ordering::Equal);
            if descending { o.reverse() } else { o }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
    hits.extend(keyed.into_iter().map(|(_, h)| h));
    Ok(())
}

#[derive(Debug, PartialEq, PartialOrd)]
enum SortKey {
    Bool(bool),
    Number(f64),
    Text(String),
}

fn sort_key(
    state: &AppState,
    rt: &crate::scim::schema::ResourceType,
    resource: &Value,
    path: &filter::AttrPath,
) -> Option<SortKey> {
    let resolved = state
        .registry()
        .resolve(rt, path.urn.as_deref(), &path.name)?;
    let attr = resolved.attribute;
    let get = |v: &Value, name: &str| -> Option<Value> {
        v.as_object()?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let holder = if resolved.in_extension {
        get(resource, resolved.schema)?
    } else {
        resource.clone()
    };
    let mut value = get(&holder, attr.name)?;
    let mut case_exact = attr.case_exact;
    // A multi-valued attribute sorts by its primary (else first) element.
    if let Value::Array(items) = &value {
        value = items
            .iter()
            .find(|e| e.get("primary").and_then(Value::as_bool) == Some(true))
            .or(items.first())
            .cloned()
            .unwrap_or(Value::Null);
    }
    let sub = path.sub.as_deref().or(if attr.sub_attributes.is_empty() {
        None
    } else {
        Some("value")
    });
    if let Some(sub) = sub {
        if let Some(s) = attr.sub_attribute(sub) {
            case_exact = s.case_exact;
        }
        value = get(&value, sub)?;
    }
    match value {
        Value::Bool(b) => Some(SortKey::Bool(b)),
        Value::Number(n) => n.as_f64().map(SortKey::Number),
        Value::String(s) if case_exact => Some(SortKey::Text(s)),
        Value::String(s) => Some(SortKey::Text(s.to_lowercase())),
        _ => None,
    }
}
