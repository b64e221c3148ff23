//! add / replace / remove on value-filtered paths (`members[value eq "…"]`,
//! `emails[type eq "work"].value`), including Entra's create-on-no-match (`filter-creates`).

use serde_json::{Map, Value};

use super::OpKind;
use super::ops::{fix_primary, renormalise_single, set_sub, sub_value};
use super::target::{Sub, Target, container, element_matches, key_in};
use crate::scim::filter::{CompValue, CompareOp, Filter};
use crate::scim::resource::{WriteContext, element_value, multi_values};
use crate::scim::{ScimError, ScimType, Tolerance};

/// The element a filter describes, from its `eq` comparisons joined by `and`
/// (`type eq "work"` → `{"type":"work"}`); `None` when the filter is anything else.
pub(super) fn creation_seed(f: &Filter, out: &mut Map<String, Value>) -> bool {
    match f {
        Filter::Compare(p, CompareOp::Eq, v) if p.urn.is_none() && p.sub.is_none() => {
            let v = match v {
                CompValue::Null => return false,
                CompValue::Bool(b) => Value::Bool(*b),
                CompValue::Number(n) => Value::Number(n.clone()),
                CompValue::String(s) => Value::String(s.clone()),
            };
            out.insert(p.name.clone(), v);
            true
        }
        Filter::And(a, b) => creation_seed(a, out) && creation_seed(b, out),
        _ => false,
    }
}

/// `attr[filter]` and `attr[filter].sub`.
#[allow(clippy::too_many_arguments)]
pub(super) fn filtered(
    res: &mut Map<String, Value>,
    kind: OpKind,
    t: &Target<'_>,
    f: &Filter,
    sub: Option<&Sub<'_>>,
    value: Option<&Value>,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    let single = t.attr.is_some_and(|a| !a.multi_valued);
    let Some(map) = container(res, &t.scope, kind != OpKind::Remove) else {
        return no_match(kind, t, ctx);
    };
    let key = key_in(map, &t.name);
    let mut list: Vec<Value> = match map.get(&key) {
        None => Vec::new(),
        Some(Value::Array(a)) if !single => a.clone(),
        Some(o @ Value::Object(_)) if single || t.attr.is_none() => vec![o.clone()],
        Some(other) => {
            return Err(ScimError::invalid_path(format!(
                "path {:?}: \"{}\" holds {other}, which a value filter cannot select from",
                t.label, t.name
            )));
        }
    };
    let matched: Vec<usize> = (0..list.len())
        .filter(|&i| element_matches(f, t, &list[i]))
        .collect();
    match kind {
        OpKind::Remove => {
            if matched.is_empty() {
                return no_match(kind, t, ctx);
            }
            match sub {
                None => {
                    let mut i = 0;
                    list.retain(|_| {
                        let keep = !matched.contains(&i);
                        i += 1;
                        keep
                    });
                }
                Some(sub) => {
                    for &i in &matched {
                        if let Value::Object(e) = &mut list[i] {
                            set_sub(e, sub, None, &t.label)?;
                        }
                    }
                }
            }
        }
        OpKind::Add | OpKind::Replace => {
            let v = value.unwrap_or(&Value::Null);
            let payload = match (sub, t.attr) {
                (Some(sub), _) => sub_value(sub, &t.label, v, ctx)?,
                (None, Some(attr)) => element_value(ctx, attr, &t.label, v)?,
                (None, None) => Some(v.clone()).filter(|v| !v.is_null()),
            };
            let touched = if matched.is_empty() {
                ctx.compliance
                    .tolerate(Tolerance::FilterCreates, ScimType::NoTarget, || {
                        format!("path {:?} matched no value to {}", t.label, kind.as_str())
                    })?;
                let Some(payload) = payload else {
                    return Ok(());
                };
                let mut seed = Map::new();
                if !creation_seed(f, &mut seed) {
                    return Err(ScimError::no_target(format!(
                        "path {:?} matched no value, and its filter is not a conjunction of eq \
                         comparisons from which to create one (RFC 7644 §3.5.2.3)",
                        t.label
                    )));
                }
                match (sub, payload) {
                    (Some(sub), p) => {
                        seed.insert(sub.name.clone(), p);
                    }
                    (None, Value::Object(p)) => seed.extend(p),
                    (None, other) => {
                        return Err(ScimError::invalid_value(format!(
                            "path {:?} selects elements; the value must be an object, got {other}",
                            t.label
                        )));
                    }
                }
                let element = match t.attr {
                    Some(attr) => element_value(ctx, attr, &t.label, &Value::Object(seed))?,
                    None => Some(Value::Object(seed)),
                };
                let Some(element) = element else {
                    return Ok(());
                };
                list.push(element);
                vec![list.len() - 1]
            } else {
                for &i in &matched {
                    match (sub, &payload, &mut list[i]) {
                        (Some(sub), p, Value::Object(e)) => set_sub(e, sub, p.as_ref(), &t.label)?,
                        (None, Some(Value::Object(p)), Value::Object(e)) if kind == OpKind::Add => {
                            e.extend(p.iter().map(|(k, v)| (k.clone(), v.clone())));
                        }
                        (None, Some(p), e) => *e = p.clone(),
                        (None, None, e) => *e = Value::Null,
                        _ => {}
                    }
                }
                list.retain(|e| !e.is_null());
                matched
            };
            fix_primary(&mut list, &touched);
        }
    }
    // Removing whole elements leaves the others as they were stored: no need to check them again.
    let recheck = !(kind == OpKind::Remove && sub.is_none());
    write_back(map, &key, t, list, recheck, ctx)
}

pub(super) fn write_back(
    map: &mut Map<String, Value>,
    key: &str,
    t: &Target<'_>,
    list: Vec<Value>,
    recheck: bool,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    let single = t.attr.is_some_and(|a| !a.multi_valued)
        || (t.attr.is_none() && !matches!(map.get(key), Some(Value::Array(_)) | None));
    if single {
        match list.into_iter().next() {
            Some(v) => {
                map.insert(key.to_owned(), v);
                renormalise_single(map, key, t, ctx)
            }
            None => {
                map.shift_remove(key);
                Ok(())
            }
        }
    } else {
        let normalised = match t.attr {
            Some(attr) if recheck => multi_values(ctx, attr, &t.label, &list)?,
            Some(_) => (!list.is_empty()).then_some(Value::Array(list)),
            None => (!list.is_empty()).then_some(Value::Array(list)),
        };
        match normalised {
            Some(v) => {
                map.insert(key.to_owned(), v);
            }
            None => {
                map.shift_remove(key);
            }
        }
        Ok(())
    }
}

/// A value filter selected nothing.
pub(super) fn no_match(
    kind: OpKind,
    t: &Target<'_>,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    let (tolerance, verb) = match kind {
        OpKind::Remove => (Tolerance::RemoveNoMatch, "remove"),
        _ => (Tolerance::FilterCreates, kind.as_str()),
    };
    ctx.compliance.tolerate(tolerance, ScimType::NoTarget, || {
        format!("path {:?} matched no value to {verb}", t.label)
    })
}
