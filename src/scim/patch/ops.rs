//! add / replace / remove on whole attributes and on sub-attributes without a value filter
//! (RFC 7644 §3.5.2.1–§3.5.2.3).

use serde_json::{Map, Value};

use super::OpKind;
use super::target::{Sub, Target, container, key_in};
use crate::scim::ScimError;
use crate::scim::resource::{
    WriteContext, attribute_value, element_value, elements_equal, is_manager, is_primary,
    multi_values, type_error,
};
use crate::scim::schema::{AttrType, Attribute, Mutability};

pub(super) fn immutable_error(label: &str) -> ScimError {
    ScimError::mutability(format!(
        "path {label:?} would change an immutable value that is already set (RFC 7643 §7; \
         RFC 7644 §3.5.2)"
    ))
}

/// Whole-attribute target: `emails`, `active`, `urn:…:User:manager`, or a path-less key.
pub(super) fn whole(
    res: &mut Map<String, Value>,
    kind: OpKind,
    t: &Target<'_>,
    value: Option<&Value>,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    let v = value.unwrap_or(&Value::Null);
    let create = kind != OpKind::Remove && !v.is_null();
    let Some(map) = container(res, &t.scope, create) else {
        return Ok(());
    };
    let key = key_in(map, &t.name);
    let Some(attr) = t.attr else {
        // An attribute no schema defines (Okta custom attributes): stored as sent.
        match (kind, v) {
            (OpKind::Remove, _) | (OpKind::Replace, Value::Null) => {
                map.shift_remove(&key);
            }
            (_, Value::Null) => {}
            (_, Value::Object(new)) => match map.get_mut(&key) {
                Some(Value::Object(old)) => {
                    old.extend(new.iter().map(|(k, v)| (k.clone(), v.clone())))
                }
                _ => {
                    map.insert(key, v.clone());
                }
            },
            _ => {
                map.insert(key, v.clone());
            }
        }
        return Ok(());
    };
    if kind == OpKind::Remove {
        if attr.mutability == Mutability::Immutable && map.contains_key(&key) {
            return Err(immutable_error(&t.label));
        }
        if attr.multi_valued && !v.is_null() {
            // Entra's `{"op":"Remove","path":"members","value":[{"value":"id"}]}` (Strict
            // refused it in apply_op): remove only the listed elements.
            return remove_listed(map, &key, attr, t, v, ctx);
        }
        map.shift_remove(&key);
        return Ok(());
    }
    if attr.multi_valued {
        let items: Vec<Value> = match v {
            Value::Array(a) => a.clone(),
            Value::Null => Vec::new(),
            other => vec![other.clone()],
        };
        let new = match multi_values(ctx, attr, &t.label, &items)? {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        };
        if kind == OpKind::Replace || !matches!(map.get(&key), Some(Value::Array(_))) {
            if new.is_empty() {
                if kind == OpKind::Replace {
                    map.shift_remove(&key);
                }
            } else {
                map.insert(key, Value::Array(new));
            }
            return Ok(());
        }
        if let Some(Value::Array(list)) = map.get_mut(&key) {
            let mut touched = Vec::new();
            for item in new {
                match list.iter().position(|e| elements_equal(attr, e, &item)) {
                    Some(i) => {
                        if let (Value::Object(e), Value::Object(n)) = (&mut list[i], &item) {
                            // The same value again: keep its identity (`value` as first
                            // stored), take the other sub-attributes sent (`primary`, `display`).
                            e.extend(
                                n.iter()
                                    .filter(|(k, _)| k.as_str() != "value")
                                    .map(|(k, v)| (k.clone(), v.clone())),
                            );
                        }
                        touched.push(i);
                    }
                    None => {
                        list.push(item);
                        touched.push(list.len() - 1);
                    }
                }
            }
            fix_primary(list, &touched);
        }
        return Ok(());
    }
    let new = attribute_value(ctx, attr, &t.label, v)?;
    if let (Value::Object(given), true) = (v, attr.ty == AttrType::Complex && !is_manager(attr)) {
        // RFC 7644 §3.5.2.1/§3.5.2.3: a complex value is merged sub-attribute by sub-attribute;
        // those not given are left unchanged and those given as null become unassigned.
        let cleared: Vec<String> = given
            .iter()
            .filter(|(_, sv)| sv.is_null())
            .map(|(k, _)| {
                attr.sub_attribute(k)
                    .map_or_else(|| k.clone(), |sa| sa.name.to_owned())
            })
            .collect();
        let slot = map
            .entry(key.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        if let Value::Object(obj) = slot {
            for k in &cleared {
                obj.shift_remove(k);
            }
            if let Some(Value::Object(new)) = new {
                obj.extend(new);
            }
            if obj.is_empty() {
                map.shift_remove(&key);
            }
        }
        return Ok(());
    }
    let old = map.get(&key);
    if attr.mutability == Mutability::Immutable && old.is_some() && old != new.as_ref() {
        return Err(immutable_error(&t.label));
    }
    match new {
        // null, "" for manager, {} — the attribute becomes unassigned.
        None => {
            if !v.is_null() || kind == OpKind::Replace {
                map.shift_remove(&key);
            }
        }
        Some(nv) => {
            map.insert(key, nv);
        }
    }
    Ok(())
}

/// `remove` with a value list on a multi-valued attribute: drop the listed elements only.
pub(super) fn remove_listed(
    map: &mut Map<String, Value>,
    key: &str,
    attr: &Attribute,
    t: &Target<'_>,
    v: &Value,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    let items: Vec<&Value> = match v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    let mut listed = Vec::with_capacity(items.len());
    for item in items {
        if let Some(e) = element_value(ctx, attr, &t.label, item)? {
            listed.push(e);
        }
    }
    if let Some(Value::Array(list)) = map.get_mut(key) {
        list.retain(|e| !listed.iter().any(|l| elements_equal(attr, e, l)));
        if list.is_empty() {
            map.shift_remove(key);
        }
    }
    Ok(())
}

/// After add/replace touched elements `touched`: if one of them is now primary, no other is
/// (RFC 7644 §3.5.2: the server SHALL set primary false on the other values).
pub(super) fn fix_primary(list: &mut [Value], touched: &[usize]) {
    let Some(&keep) = touched
        .iter()
        .rev()
        .find(|&&i| list.get(i).is_some_and(is_primary))
    else {
        return;
    };
    for (i, e) in list.iter_mut().enumerate() {
        if i != keep
            && is_primary(e)
            && let Value::Object(o) = e
        {
            o.insert("primary".into(), Value::Bool(false));
        }
    }
}

/// Normalise a value for a sub-attribute target.
pub(super) fn sub_value(
    sub: &Sub<'_>,
    label: &str,
    v: &Value,
    ctx: &WriteContext<'_>,
) -> Result<Option<Value>, ScimError> {
    match sub.attr {
        Some(sa) => attribute_value(ctx, sa, &label, v),
        None if v.is_null() => Ok(None),
        None => Ok(Some(v.clone())),
    }
}

/// Set (or with `None` remove) sub-attribute `sub` of one element, honouring immutability.
pub(super) fn set_sub(
    element: &mut Map<String, Value>,
    sub: &Sub<'_>,
    new: Option<&Value>,
    label: &str,
) -> Result<(), ScimError> {
    let key = key_in(element, &sub.name);
    let old = element.get(&key);
    if sub
        .attr
        .is_some_and(|sa| sa.mutability == Mutability::Immutable)
        && old.is_some()
        && old != new
    {
        return Err(immutable_error(label));
    }
    match new {
        Some(v) => {
            element.insert(key, v.clone());
        }
        None => {
            element.shift_remove(&key);
        }
    }
    Ok(())
}

/// `attr.sub` without a filter: the sub-attribute of a single complex attribute, or of every
/// element of a multi-valued one.
pub(super) fn sub_everywhere(
    res: &mut Map<String, Value>,
    kind: OpKind,
    t: &Target<'_>,
    sub: &Sub<'_>,
    value: Option<&Value>,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    let new = match (kind, value) {
        (OpKind::Remove, _) | (_, None) => None,
        (_, Some(v)) => sub_value(sub, &t.label, v, ctx)?,
    };
    let Some(map) = container(res, &t.scope, new.is_some()) else {
        return Ok(());
    };
    let key = key_in(map, &t.name);
    let multi = t.attr.is_some_and(|a| a.multi_valued);
    if multi {
        let list = match map.get_mut(&key) {
            Some(Value::Array(list)) if !list.is_empty() => list,
            _ => {
                // Nothing to change; add/replace create one element (§3.5.2.3: replace on a
                // missing target is an add).
                if let Some(v) = new {
                    let mut e = Map::new();
                    e.insert(sub.name.clone(), v);
                    map.insert(key, Value::Array(vec![Value::Object(e)]));
                }
                return Ok(());
            }
        };
        for e in list.iter_mut() {
            if let Value::Object(e) = e {
                set_sub(e, sub, new.as_ref(), &t.label)?;
            }
        }
        if let Some(attr) = t.attr {
            let items = std::mem::take(list);
            match multi_values(ctx, attr, &t.label, &items)? {
                Some(v) => {
                    map.insert(key, v);
                }
                None => {
                    map.shift_remove(&key);
                }
            }
        }
        return Ok(());
    }
    let obj = match map.get_mut(&key) {
        Some(Value::Object(o)) => o,
        Some(other) => {
            return Err(match t.attr {
                Some(attr) => type_error(&t.name, attr, other, false),
                None => ScimError::invalid_path(format!(
                    "path {:?}: \"{}\" is not an object",
                    t.label, t.name
                )),
            });
        }
        None => {
            let Some(v) = new else { return Ok(()) };
            let mut o = Map::new();
            o.insert(sub.name.clone(), v);
            map.insert(key.clone(), Value::Object(o));
            return renormalise_single(map, &key, t, ctx);
        }
    };
    set_sub(obj, sub, new.as_ref(), &t.label)?;
    renormalise_single(map, &key, t, ctx)
}

/// Re-check a single complex value after a sub-attribute changed: `manager.value` set to ""
/// clears the manager (tolerance `manager-string`), an emptied object is unassigned.
pub(super) fn renormalise_single(
    map: &mut Map<String, Value>,
    key: &str,
    t: &Target<'_>,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    let Some(current) = map.get(key) else {
        return Ok(());
    };
    let normalised = match t.attr {
        Some(attr) => attribute_value(ctx, attr, &t.label, current)?,
        None => Some(current.clone()).filter(|v| v.as_object().is_none_or(|o| !o.is_empty())),
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
