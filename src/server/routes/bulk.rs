//! `POST /Bulk` (RFC 7644 §3.7): many resource operations in one request.
//!
//! Each operation runs through the same code as its single request (`prepare_create`,
//! `prepare_replace`, `patch`, the store's versioned writes), so each is exactly as atomic as
//! that request; the Bulk as a whole is not a transaction: operations that succeeded stay when
//! a later one fails (§3.7: "continue performing as many changes as possible").
//!
//! Decisions where the RFC leaves room:
//!
//! - **Order and `bulkId`s (§3.7.2).** Operations run in request order, except that an operation
//!   referring to `bulkId:X` (any string value equal to it in `data`, or `/Users/bulkId:X` as
//!   its `path`) first runs the POST that defines `X`, wherever it is: forward references work.
//!   A reference to a bulkId no POST defines, or to a POST that failed, fails the operation with
//!   409 Conflict.
//! - **Circular references (§3.7.1).** When POSTs refer to each other (group A has member group B
//!   and B has member A), the first is created without the references still pending, the others
//!   as usual, and the first is then completed with a replace of its full `data`, references
//!   resolved. Its result carries the final version.
//! - **`failOnErrors`.** After that many failed operations nothing more runs; the response lists
//!   the operations that ran. Without it every operation runs.
//! - **`version`** is the operation's `If-Match` (§3.14): a mismatch is that operation's 412.
//! - **Limits** ([`MAX_OPERATIONS`], [`MAX_PAYLOAD_SIZE`]) are advertised in
//!   `/ServiceProviderConfig` and refused with 413 naming the limit, before anything runs.
//! - Successful operations carry no `response` body (the RFC allows omitting it); failed ones
//!   carry the SCIM Error. `status` is a string, as in the RFC's examples.

use std::collections::{HashMap, HashSet};

use axum::extract::{FromRequest, Request, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::json_response;
use super::resources::{context, resource_type, retrying, update};
use crate::scim::keys::get_ci;
use crate::scim::resource::{prepare_create, prepare_replace};
use crate::scim::schema::{BULK_REQUEST, BULK_RESPONSE};
use crate::scim::{ScimError, patch};
use crate::server::error::ApiError;
use crate::server::extract::{BaseUrl, Conditions, MAX_BODY_BYTES, ScimBody};
use crate::server::state::AppState;
use crate::server::store::{Kind, StoreError};

/// `bulk.maxOperations`: the most operations one Bulk request may carry.
pub const MAX_OPERATIONS: usize = 1000;
/// `bulk.maxPayloadSize`: the largest Bulk request body, in bytes (the server's body limit).
pub const MAX_PAYLOAD_SIZE: usize = MAX_BODY_BYTES;

const BULK_ID_PREFIX: &str = "bulkId:";

fn payload_too_large(size: Option<usize>) -> ApiError {
    let size = size.map_or_else(String::new, |s| format!(" ({s} bytes)"));
    ScimError::too_large(format!(
        "the bulk request{size} exceeds maxPayloadSize ({MAX_PAYLOAD_SIZE} bytes, see \
         /ServiceProviderConfig): split it into smaller requests"
    ))
    .into()
}

/// `POST /Bulk`: 200 with a BulkResponse, or a SCIM Error when the request as a whole is refused.
pub async fn bulk_post(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    request: Request,
) -> Result<Response, ApiError> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_PAYLOAD_SIZE) {
        return Err(payload_too_large(declared));
    }
    let ScimBody(body) = match ScimBody::from_request(request, &state).await {
        Ok(b) => b,
        Err(e) if e.status() == 413 => return Err(payload_too_large(None)),
        Err(e) => return Err(e),
    };
    let bulk = parse(&body)?;
    let mut run = Run::new(&state, &base, &bulk);
    for i in 0..bulk.operations.len() {
        if run.stopped {
            break;
        }
        run.execute(i);
        run.complete_cycles();
    }
    let operations: Vec<Value> = run
        .results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().map(|r| r.to_json(&bulk.operations[i])))
        .collect();
    // Built by hand: `json!` would serialise `operations` into a copy of every result.
    let body = Map::from_iter([
        ("schemas".to_owned(), json!([BULK_RESPONSE])),
        ("Operations".to_owned(), Value::Array(operations)),
    ]);
    Ok(json_response(StatusCode::OK, &Value::Object(body)))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    Post,
    Put,
    Patch,
    Delete,
}

/// One operation as sent; `Err` when its own shape is wrong (that operation fails, not the Bulk).
struct Operation {
    /// The method as sent, upper-cased, for the response.
    method_text: String,
    bulk_id: Option<String>,
    parsed: Result<Parsed, ScimError>,
}

struct Parsed {
    method: Method,
    version: Option<String>,
    path: String,
    data: Option<Value>,
}

struct Bulk {
    fail_on_errors: Option<usize>,
    operations: Vec<Operation>,
}

fn field<'a>(obj: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    get_ci(obj, name).filter(|v| !v.is_null())
}

fn parse(body: &Value) -> Result<Bulk, ApiError> {
    let Value::Object(obj) = body else {
        return Err(ScimError::invalid_syntax("the BulkRequest must be a JSON object").into());
    };
    let names_schema = field(obj, "schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| {
            s.iter().any(|u| {
                u.as_str()
                    .is_some_and(|u| u.eq_ignore_ascii_case(BULK_REQUEST))
            })
        });
    if !names_schema {
        return Err(ScimError::invalid_syntax(format!(
            "schemas must contain {BULK_REQUEST} (RFC 7644 §3.7)"
        ))
        .into());
    }
    let fail_on_errors = match field(obj, "failOnErrors") {
        None => None,
        Some(v) => match v.as_u64().filter(|n| *n >= 1) {
            Some(n) => Some(usize::try_from(n).unwrap_or(usize::MAX)),
            None => {
                return Err(ScimError::invalid_value(format!(
                    "failOnErrors must be a positive integer (the number of errors after which \
                     processing stops), got {v}"
                ))
                .into());
            }
        },
    };
    let Some(Value::Array(ops)) = field(obj, "Operations") else {
        return Err(ScimError::invalid_syntax(
            "Operations is REQUIRED and must be an array of operations (RFC 7644 §3.7)",
        )
        .into());
    };
    if ops.len() > MAX_OPERATIONS {
        return Err(ScimError::too_large(format!(
            "the bulk request has {} operations, more than maxOperations ({MAX_OPERATIONS}, see \
             /ServiceProviderConfig): split it into smaller requests",
            ops.len()
        ))
        .into());
    }
    let operations: Vec<Operation> = ops.iter().map(operation).collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, op) in operations.iter().enumerate() {
        if let Some(id) = op.bulk_id.as_deref()
            && let Some(first) = seen.insert(id, i)
        {
            return Err(ScimError::invalid_value(format!(
                "bulkId {id:?} is used by operations {} and {}: a bulkId must be unique within \
                 the request (RFC 7644 §3.7)",
                first + 1,
                i + 1
            ))
            .into());
        }
    }
    Ok(Bulk {
        fail_on_errors,
        operations,
    })
}

fn operation(op: &Value) -> Operation {
    let Value::Object(obj) = op else {
        return Operation {
            method_text: String::new(),
            bulk_id: None,
            parsed: Err(ScimError::invalid_syntax(
                "each operation must be a JSON object",
            )),
        };
    };
    let method_text = field(obj, "method")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_uppercase();
    let bulk_id = field(obj, "bulkId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let parsed = (|| {
        let method = match method_text.as_str() {
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            _ => {
                return Err(ScimError::invalid_value(format!(
                    "method must be POST, PUT, PATCH or DELETE, got {}",
                    field(obj, "method").map_or("nothing".to_owned(), Value::to_string)
                )));
            }
        };
        let Some(path) = field(obj, "path").and_then(Value::as_str) else {
            return Err(ScimError::invalid_value(
                "path is REQUIRED: /Users or /Groups for POST, /Users/{id} or /Groups/{id} otherwise",
            ));
        };
        if method == Method::Post && bulk_id.is_none() {
            return Err(ScimError::invalid_value(
                "bulkId is REQUIRED when method is POST (RFC 7644 §3.7)",
            ));
        }
        let data = field(obj, "data").cloned();
        if method != Method::Delete && data.is_none() {
            return Err(ScimError::invalid_value(format!(
                "data is REQUIRED for {method_text}"
            )));
        }
        let version = match field(obj, "version") {
            None => None,
            Some(Value::String(v)) => Some(v.clone()),
            Some(other) => {
                return Err(ScimError::invalid_value(format!(
                    "version must be a string (an ETag such as W/\"3\"), got {other}"
                )));
            }
        };
        Ok(Parsed {
            method,
            version,
            path: path.trim().trim_end_matches('/').to_owned(),
            data,
        })
    })();
    Operation {
        method_text,
        bulk_id,
        parsed,
    }
}

/// The outcome of one operation.
struct Outcome {
    status: u16,
    location: Option<String>,
    version: Option<String>,
    error: Option<ScimError>,
}

impl Outcome {
    fn failed(error: ScimError, location: Option<String>) -> Self {
        Outcome {
            status: error.status,
            location,
            version: None,
            error: Some(error),
        }
    }

    fn to_json(&self, op: &Operation) -> Value {
        let mut out = Map::new();
        out.insert("method".into(), Value::String(op.method_text.clone()));
        if let Some(id) = &op.bulk_id {
            out.insert("bulkId".into(), Value::String(id.clone()));
        }
        if let Some(v) = &self.version {
            out.insert("version".into(), Value::String(v.clone()));
        }
        if let Some(l) = &self.location {
            out.insert("location".into(), Value::String(l.clone()));
        }
        out.insert("status".into(), Value::String(self.status.to_string()));
        if let Some(e) = &self.error {
            out.insert("response".into(), e.to_json());
        }
        Value::Object(out)
    }
}

fn to_scim(e: ApiError) -> ScimError {
    match e {
        ApiError::Scim(e) => e,
        ApiError::Internal(cause) => {
            tracing::error!(%cause, "internal error in a bulk operation");
            ScimError::new(500, None, "internal error")
        }
        other => ScimError::new(other.status(), None, "the operation was refused"),
    }
}

/// Every `bulkId:X` an operation refers to, in `data` strings and in `path`.
fn references(parsed: &Parsed) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => {
                if let Some(id) = s.strip_prefix(BULK_ID_PREFIX) {
                    out.push(id.to_owned());
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(d) = &parsed.data {
        walk(d, &mut out);
    }
    if let Some((_, last)) = parsed.path.rsplit_once('/')
        && let Some(id) = last.strip_prefix(BULK_ID_PREFIX)
    {
        out.push(id.to_owned());
    }
    out.dedup();
    out
}

fn refers_to(v: &Value, pending: &HashSet<String>) -> bool {
    match v {
        Value::String(s) => s
            .strip_prefix(BULK_ID_PREFIX)
            .is_some_and(|id| pending.contains(id)),
        Value::Array(a) => a.iter().any(|x| refers_to(x, pending)),
        Value::Object(o) => o.values().any(|x| refers_to(x, pending)),
        _ => false,
    }
}

/// `data` without what refers to a pending bulkId: such array elements are dropped, and so is
/// any other attribute that holds such a reference.
fn strip(v: &mut Value, pending: &HashSet<String>) {
    match v {
        Value::Array(a) => {
            a.retain(|x| !refers_to(x, pending));
            a.iter_mut().for_each(|x| strip(x, pending));
        }
        Value::Object(o) => {
            o.retain(|_, x| x.is_array() || !refers_to(x, pending));
            o.values_mut().for_each(|x| strip(x, pending));
        }
        _ => {}
    }
}

/// The state of one Bulk request being run.
struct Run<'a> {
    state: &'a AppState,
    base: &'a str,
    bulk: &'a Bulk,
    by_bulk_id: HashMap<&'a str, usize>,
    results: Vec<Option<Outcome>>,
    /// bulkId → the created resource.
    created: HashMap<String, (Kind, String)>,
    running: HashSet<usize>,
    /// POSTs created without their circular references, to complete afterwards.
    incomplete: Vec<usize>,
    errors: usize,
    stopped: bool,
}

impl<'a> Run<'a> {
    fn new(state: &'a AppState, base: &'a str, bulk: &'a Bulk) -> Self {
        let by_bulk_id = bulk
            .operations
            .iter()
            .enumerate()
            .filter(|(_, op)| matches!(&op.parsed, Ok(p) if p.method == Method::Post))
            .filter_map(|(i, op)| op.bulk_id.as_deref().map(|id| (id, i)))
            .collect();
        Run {
            state,
            base,
            bulk,
            by_bulk_id,
            results: (0..bulk.operations.len()).map(|_| None).collect(),
            created: HashMap::new(),
            running: HashSet::new(),
            incomplete: Vec::new(),
            errors: 0,
            stopped: false,
        }
    }

    fn finish(&mut self, i: usize, outcome: Outcome) {
        if outcome.error.is_some() {
            self.errors += 1;
            if self.bulk.fail_on_errors.is_some_and(|n| self.errors >= n) {
                self.stopped = true;
            }
        }
        self.results[i] = Some(outcome);
    }

    /// Run operation `i` (and first the POSTs it refers to), unless it ran already.
    fn execute(&mut self, i: usize) {
        if self.stopped || self.results[i].is_some() || self.running.contains(&i) {
            return;
        }
        let op = &self.bulk.operations[i];
        let parsed = match &op.parsed {
            Ok(p) => p,
            Err(e) => {
                self.finish(i, Outcome::failed(e.clone(), None));
                return;
            }
        };
        self.running.insert(i);
        let mut pending = HashSet::new();
        for reference in references(parsed) {
            if self.created.contains_key(&reference) {
                continue;
            }
            let Some(&j) = self.by_bulk_id.get(reference.as_str()) else {
                self.running.remove(&i);
                let e = ScimError::new(
                    409,
                    None,
                    format!(
                        "bulkId:{reference} refers to no POST operation of this request \
                         (RFC 7644 §3.7.2)"
                    ),
                );
                self.finish(i, Outcome::failed(e, None));
                return;
            };
            if self.running.contains(&j) {
                // A circular reference (§3.7.1): completed once `j` exists.
                pending.insert(reference);
                continue;
            }
            self.execute(j);
            if self.stopped {
                self.running.remove(&i);
                return;
            }
            if !self.created.contains_key(&reference) {
                self.running.remove(&i);
                let e = ScimError::new(
                    409,
                    None,
                    format!(
                        "bulkId:{reference} cannot be resolved: operation {} that defines it \
                         failed",
                        j + 1
                    ),
                );
                self.finish(i, Outcome::failed(e, None));
                return;
            }
        }
        let mut data = parsed.data.clone();
        if !pending.is_empty()
            && let Some(d) = &mut data
        {
            strip(d, &pending);
            self.incomplete.push(i);
        }
        let outcome = self.perform(parsed, data.as_ref(), op.bulk_id.as_deref());
        self.running.remove(&i);
        if outcome.error.is_some() {
            self.incomplete.retain(|x| *x != i);
        }
        self.finish(i, outcome);
    }

    /// Complete the POSTs created without their circular references, now that every operation
    /// they wait for has run; if one of those failed, the incomplete resource is removed again.
    fn complete_cycles(&mut self) {
        for i in std::mem::take(&mut self.incomplete) {
            let op = &self.bulk.operations[i];
            let (Ok(parsed), Some(bulk_id)) = (&op.parsed, op.bulk_id.as_deref()) else {
                continue;
            };
            let Some((kind, id)) = self.created.get(bulk_id).cloned() else {
                continue;
            };
            let outcome = match self.complete(kind, &id, parsed) {
                Ok(version) => Outcome {
                    status: 201,
                    location: Some(self.location(kind, &id)),
                    version: Some(version),
                    error: None,
                },
                Err(e) => {
                    let _ = self.state.store().remove(kind, &id, None);
                    self.created.remove(bulk_id);
                    Outcome::failed(e, None)
                }
            };
            // The first result was a success (it did not count as an error): replace it.
            self.results[i] = None;
            self.finish(i, outcome);
        }
    }

    fn complete(&self, kind: Kind, id: &str, parsed: &Parsed) -> Result<String, ScimError> {
        let data = self.resolve(parsed.data.as_ref().unwrap_or(&Value::Null))?;
        let rt = resource_type(self.state, kind).map_err(to_scim)?;
        let ctx = context(self.state, rt);
        let stored = update(self.state, kind, id, &Conditions::default(), |current| {
            Ok(prepare_replace(current, &data, &ctx)?)
        })
        .map_err(to_scim)?;
        Ok(stored.etag())
    }

    /// `data` with every `bulkId:X` replaced by the id created for X.
    fn resolve(&self, data: &Value) -> Result<Value, ScimError> {
        match data {
            Value::String(s) => match s.strip_prefix(BULK_ID_PREFIX) {
                None => Ok(data.clone()),
                Some(b) => match self.created.get(b) {
                    Some((_, id)) => Ok(Value::String(id.clone())),
                    None => Err(ScimError::new(
                        409,
                        None,
                        format!("bulkId:{b} cannot be resolved: its operation failed"),
                    )),
                },
            },
            Value::Array(a) => a.iter().map(|x| self.resolve(x)).collect(),
            Value::Object(o) => o
                .iter()
                .map(|(k, v)| Ok((k.clone(), self.resolve(v)?)))
                .collect::<Result<Map<_, _>, _>>()
                .map(Value::Object),
            _ => Ok(data.clone()),
        }
    }

    fn location(&self, kind: Kind, id: &str) -> String {
        format!("{}{}/{id}", self.base, kind.endpoint())
    }

    /// `/Users` → User; `/Groups/abc` → (Group, "abc").
    fn target(path: &str) -> Result<(Kind, Option<&str>), ScimError> {
        let rest = path.strip_prefix('/').unwrap_or(path);
        let (endpoint, id) = match rest.split_once('/') {
            Some((e, id)) => (e, Some(id)),
            None => (rest, None),
        };
        let kind = Kind::ALL
            .into_iter()
            .find(|k| k.endpoint()[1..].eq_ignore_ascii_case(endpoint))
            .ok_or_else(|| {
                ScimError::invalid_value(format!(
                    "path {path:?} names no resource endpoint: use /Users or /Groups"
                ))
            })?;
        if id.is_some_and(|id| id.is_empty() || id.contains('/')) {
            return Err(ScimError::invalid_value(format!(
                "path {path:?} must be /Users/{{id}} or /Groups/{{id}}"
            )));
        }
        Ok((kind, id))
    }

    fn perform(&mut self, parsed: &Parsed, data: Option<&Value>, bulk_id: Option<&str>) -> Outcome {
        let result = (|| -> Result<(Outcome, Option<(Kind, String)>), ScimError> {
            let data = data.map(|d| self.resolve(d)).transpose()?;
            let path = self.resolve(&Value::String(parsed.path.clone()))?;
            let path = path.as_str().unwrap_or_default().to_owned();
            // A resolved `/Users/bulkId:X` path: the last segment is the id.
            let path = match path.rsplit_once('/') {
                Some((head, last)) if last.starts_with(BULK_ID_PREFIX) => {
                    let resolved = self.resolve(&Value::String(last.to_owned()))?;
                    format!("{head}/{}", resolved.as_str().unwrap_or_default())
                }
                _ => path,
            };
            let (kind, id) = Self::target(&path)?;
            let rt = resource_type(self.state, kind).map_err(to_scim)?;
            let ctx = context(self.state, rt);
            let data = data.unwrap_or(Value::Null);
            let conditions = Conditions {
                if_match: parsed.version.clone(),
                if_none_match: None,
            };
            let object = |d: &Value| {
                if d.is_object() {
                    Ok(())
                } else {
                    Err(ScimError::invalid_syntax("data must be a JSON object"))
                }
            };
            match (parsed.method, id) {
                (Method::Post, None) => {
                    object(&data)?;
                    let stored = prepare_create(&data, &ctx)?;
                    let stored = self
                        .state
                        .store()
                        .insert(kind, stored)
                        .map_err(StoreError::into_scim)?;
                    Ok((
                        Outcome {
                            status: 201,
                            location: Some(self.location(kind, &stored.id)),
                            version: Some(stored.etag()),
                            error: None,
                        },
                        Some((kind, stored.id.clone())),
                    ))
                }
                (Method::Post, Some(_)) => Err(ScimError::invalid_value(format!(
                    "a POST path names the endpoint (/Users or /Groups), got {path:?}"
                ))),
                (_, None) => Err(ScimError::invalid_value(format!(
                    "a {:?} path names one resource (/Users/{{id}}), got {path:?}",
                    parsed.method
                ))),
                (method, Some(id)) => {
                    let location = self.location(kind, id);
                    let done = |status, version| Outcome {
                        status,
                        location: Some(location.clone()),
                        version,
                        error: None,
                    };
                    let run = || -> Result<Outcome, ApiError> {
                        match method {
                            Method::Put => {
                                object(&data)?;
                                let s = update(self.state, kind, id, &conditions, |current| {
                                    Ok(prepare_replace(current, &data, &ctx)?)
                                })?;
                                Ok(done(200, Some(s.etag())))
                            }
                            Method::Patch => {
                                if self.state.store().get(kind, id).is_none() {
                                    return Err(StoreError::NotFound(kind, id.to_owned()).into());
                                }
                                let ops = patch::parse_request(&data, &ctx)?;
                                let s = update(self.state, kind, id, &conditions, |current| {
                                    Ok(patch::apply(current, &ops, &ctx)?)
                                })?;
                                Ok(done(200, Some(s.etag())))
                            }
                            Method::Delete | Method::Post => {
                                let conditional = conditions.if_match.is_some();
                                retrying(self.state, kind, id, &conditions, |current| {
                                    let expected = conditional.then_some(current.version);
                                    Ok(self.state.store().remove(kind, id, expected))
                                })?;
                                Ok(done(204, None))
                            }
                        }
                    };
                    run()
                        .map(|o| (o, None))
                        .map_err(|e| (to_scim(e), location.clone()))
                        .or_else(|(e, location)| Ok((Outcome::failed(e, Some(location)), None)))
                }
            }
        })();
        match result {
            Ok((outcome, created)) => {
                if let (Some(created), Some(bulk_id)) = (created, bulk_id) {
                    self.created.insert(bulk_id.to_owned(), created);
                }
                outcome
            }
            Err(e) => Outcome::failed(e, None),
        }
    }
}
