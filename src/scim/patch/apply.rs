//! Running PATCH operations on a stored resource: target resolution, the add / replace /
//! remove semantics of RFC 7644 §3.5.2.1–§3.5.2.3, and the tolerated Okta/Entra shapes.

use serde_json::{Map, Value};

use super::tolerance::refuse;
use super::{OpKind, Operation, at_op};
use crate::scim::filter::{self, AttrPath, CompValue, CompareOp, Filter};
use crate::scim::path::{self, PatchPath};
use crate::scim::resource::{
    WriteContext, attribute_value, check_primary, check_required, element_value, elements_equal,
    finish, is_manager, is_path_key, is_primary, is_roles, multi_values, type_error,
};
use crate::scim::schema::{AttrType, Attribute, Mutability};
use crate::scim::{Compliance, ScimError, ScimType};

fn strict(ctx: &WriteContext<'_>) -> bool {
    ctx.compliance == Compliance::Strict
}

/// Where an attribute lives: at the top level or inside an extension object.
#[derive(Clone, Debug)]
enum Scope {
    Core,
    Ext(String),
}

#[derive(Clone, Debug)]
struct Sub<'r> {
    name: String,
    attr: Option<&'r Attribute>,
}

/// A resolved PATCH target.
#[derive(Clone, Debug)]
struct Target<'r> {
    scope: Scope,
    /// Canonical name for known attributes, as sent for unknown ones.
    name: String,
    attr: Option<&'r Attribute>,
    sub: Option<Sub<'r>>,
    filter: Option<Filter>,
    /// The path (or value key) as the client wrote it, for messages.
    label: String,
}

/// Check a path at parse time: it parses, and Strict refuses string booleans in its filter.
pub(super) fn check_path(raw: &str, ctx: &WriteContext<'_>) -> Result<(), ScimError> {
    if ctx.registry.extension_urn(ctx.rt, raw.trim()).is_some() {
        return Ok(());
    }
    let parsed = path::parse(raw)?;
    if parsed.is_whole_extension() {
        return Ok(());
    }
    resolve(&parsed, raw, ctx, false).map(|_| ())
}

/// Resolve a parsed path. `None` when it names a readOnly attribute and `skip_read_only`
/// (keys of a path-less value); otherwise a readOnly target is 400 `mutability`.
fn resolve<'r>(
    pp: &PatchPath,
    raw: &str,
    ctx: &WriteContext<'r>,
    skip_read_only: bool,
) -> Result<Option<Target<'r>>, ScimError> {
    let a = &pp.attr;
    if a.sub.is_some() && pp.sub_after_filter.is_some() {
        return Err(ScimError::invalid_path(format!(
            "path {raw:?} names two sub-attributes"
        )));
    }
    let read_only = |what: &str| -> Result<Option<Target<'r>>, ScimError> {
        if skip_read_only {
            Ok(None)
        } else {
            Err(ScimError::mutability(format!(
                "path {raw:?} targets \"{what}\", which is readOnly; clients cannot change it \
                 (RFC 7643 §7, RFC 7644 §3.5.2)"
            )))
        }
    };
    let (scope, name, attr) = match ctx.registry.resolve(ctx.rt, a.urn.as_deref(), &a.name) {
        Some(r) => {
            let scope = if r.in_extension {
                Scope::Ext(r.schema.to_owned())
            } else {
                Scope::Core
            };
            (scope, r.attribute.name.to_owned(), Some(r.attribute))
        }
        None => match &a.urn {
            Some(u) if !u.eq_ignore_ascii_case(ctx.rt.schema) => {
                (Scope::Ext(u.clone()), a.name.clone(), None)
            }
            _ => (Scope::Core, a.name.clone(), None),
        },
    };
    if let Some(attr) = attr.filter(|a| a.is_read_only()) {
        return read_only(attr.name);
    }
    let sub_name = a.sub.as_deref().or(pp.sub_after_filter.as_deref());
    let sub = match (sub_name, attr) {
        (None, _) => None,
        (Some(s), None) => Some(Sub {
            name: s.to_owned(),
            attr: None,
        }),
        (Some(s), Some(attr)) => {
            if attr.ty != AttrType::Complex {
                return Err(ScimError::invalid_path(format!(
                    "path {raw:?}: \"{}\" is not complex and has no sub-attributes",
                    attr.name
                )));
            }
            match attr.sub_attribute(s) {
                Some(sa) if sa.is_read_only() => {
                    return read_only(&format!("{}.{}", attr.name, sa.name));
                }
                Some(sa) => Some(Sub {
                    name: sa.name.to_owned(),
                    attr: Some(sa),
                }),
                None if is_roles(attr) && s.eq_ignore_ascii_case("displayName") => {
                    if strict(ctx) {
                        return Err(refuse(
                            "role-json-string",
                            ScimType::InvalidPath,
                            format!("path {raw:?} uses \"displayName\" instead of \"display\""),
                        ));
                    }
                    let sa = attr.sub_attribute("display");
                    Some(Sub {
                        name: "display".into(),
                        attr: sa,
                    })
                }
                None => {
                    return Err(ScimError::invalid_path(format!(
                        "path {raw:?}: \"{}\" has no sub-attribute \"{s}\" (RFC 7644 §3.5.2)",
                        attr.name
                    )));
                }
            }
        }
    };
    if let (Some(f), Some(attr)) = (&pp.filter, attr) {
        if attr.ty != AttrType::Complex {
            return Err(ScimError::invalid_path(format!(
                "path {raw:?}: a value filter needs a complex attribute, and \"{}\" is not one",
                attr.name
            )));
        }
        if strict(ctx) {
            check_filter_booleans(f, attr, raw)?;
        }
    }
    let target = Target {
        scope,
        name,
        attr,
        sub,
        filter: pp.filter.clone(),
        label: raw.to_owned(),
    };
    if let Some(f) = &target.filter {
        filter::validate(
            &value_path(&target, f),
            ctx.rt,
            ctx.registry,
            ctx.compliance,
        )
        .map_err(|e| ScimError::invalid_path(format!("path {raw:?}: {}", e.detail)))?;
    }
    Ok(Some(target))
}

/// Strict mode: `primary eq "True"` compares a boolean with a string (tolerance
/// `string-boolean`).
fn check_filter_booleans(f: &Filter, attr: &Attribute, raw: &str) -> Result<(), ScimError> {
    match f {
        Filter::Compare(p, _, CompValue::String(s)) => {
            let boolean = attr
                .sub_attribute(&p.name)
                .is_some_and(|sa| sa.ty == AttrType::Boolean);
            if boolean && p.sub.is_none() {
                return Err(refuse(
                    "string-boolean",
                    ScimType::InvalidPath,
                    format!(
                        "path {raw:?} compares the boolean \"{}\" with the string {s:?}",
                        p.name
                    ),
                ));
            }
            Ok(())
        }
        Filter::And(a, b) | Filter::Or(a, b) => {
            check_filter_booleans(a, attr, raw)?;
            check_filter_booleans(b, attr, raw)
        }
        Filter::Not(a) | Filter::ValuePath(_, a) => check_filter_booleans(a, attr, raw),
        _ => Ok(()),
    }
}

/// `attr[filter]` as a whole-resource filter, for the shared evaluator.
fn value_path(t: &Target<'_>, f: &Filter) -> Filter {
    let urn = match &t.scope {
        Scope::Core => None,
        Scope::Ext(u) => Some(u.clone()),
    };
    Filter::ValuePath(
        AttrPath {
            urn,
            name: t.name.clone(),
            sub: None,
        },
        Box::new(f.clone()),
    )
}

/// Does one element of the target satisfy the value filter (names relative to the element)?
fn element_matches(f: &Filter, t: &Target<'_>, element: &Value) -> bool {
    filter::matches_element(f, element, t.attr)
}

/// The key under which `name` is stored in `map` (any case), or `name` itself.
fn key_in(map: &Map<String, Value>, name: &str) -> String {
    map.keys()
        .find(|k| k.eq_ignore_ascii_case(name))
        .cloned()
        .unwrap_or_else(|| name.to_owned())
}

/// The object holding the target's attribute; created when `create`.
fn container<'m>(
    res: &'m mut Map<String, Value>,
    scope: &Scope,
    create: bool,
) -> Option<&'m mut Map<String, Value>> {
    match scope {
        Scope::Core => Some(res),
        Scope::Ext(u) => {
            let key = key_in(res, u);
            if !res.contains_key(&key) {
                if !create {
                    return None;
                }
                res.insert(key.clone(), Value::Object(Map::new()));
            }
            res.get_mut(&key).and_then(Value::as_object_mut)
        }
    }
}

pub(super) fn apply(
    current: &Map<String, Value>,
    ops: &[Operation],
    ctx: &WriteContext<'_>,
) -> Result<Map<String, Value>, ScimError> {
    let mut res = current.clone();
    for (i, op) in ops.iter().enumerate() {
        apply_op(&mut res, op, ctx).map_err(|e| at_op(i, e))?;
    }
    check_result(&res, ctx)?;
    Ok(finish(res, ctx))
}

/// The result must still be a valid resource: required attributes present, one primary.
fn check_result(res: &Map<String, Value>, ctx: &WriteContext<'_>) -> Result<(), ScimError> {
    check_required(res, ctx).map_err(|mut e| {
        e.detail = format!("the patched resource is invalid: {}", e.detail);
        e
    })?;
    let check = |urn: Option<&str>, map: &Map<String, Value>| -> Result<(), ScimError> {
        for (k, v) in map {
            if let (Some(r), Value::Array(items)) = (ctx.registry.resolve(ctx.rt, urn, k), v)
                && r.attribute.multi_valued
            {
                check_primary(r.attribute.name, items)?;
            }
        }
        Ok(())
    };
    check(Some(ctx.rt.schema), res)?;
    for ext in &ctx.rt.schema_extensions {
        if let Some(Value::Object(m)) = res.get(ext.schema) {
            check(Some(ext.schema), m)?;
        }
    }
    Ok(())
}

fn apply_op(
    res: &mut Map<String, Value>,
    op: &Operation,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    let kind = OpKind::parse(&op.op, ctx.compliance)?;
    let value = op.value.as_ref();
    let Some(raw) = op.path.as_deref() else {
        return match kind {
            OpKind::Remove => Err(ScimError::no_target(
                "remove needs a \"path\" naming what to remove (RFC 7644 §3.5.2.2)",
            )),
            _ => pathless(res, kind, value, ctx),
        };
    };
    if kind == OpKind::Remove && value.is_some_and(|v| !v.is_null()) && strict(ctx) {
        return Err(refuse(
            "members-remove-value",
            ScimType::InvalidSyntax,
            format!("remove on {raw:?} carries a \"value\""),
        ));
    }
    if let Some(ext) = ctx.registry.extension_urn(ctx.rt, raw.trim()) {
        // The whole extension object as the target.
        return match (kind, value) {
            (OpKind::Remove, _) | (OpKind::Replace, Some(Value::Null)) => {
                let key = key_in(res, ext);
                res.shift_remove(&key);
                Ok(())
            }
            (_, Some(v)) => {
                let mut wrapped = Map::new();
                wrapped.insert(ext.to_owned(), v.clone());
                pathless(res, kind, Some(&Value::Object(wrapped)), ctx)
            }
            _ => Ok(()),
        };
    }
    let parsed = path::parse(raw)?;
    if let (true, Some(urn)) = (parsed.is_whole_extension(), &parsed.attr.urn) {
        // An extension no schema defines, as a whole: stored as sent.
        return whole(res, kind, &unknown(Scope::Core, urn), value, ctx);
    }
    let Some(target) = resolve(&parsed, raw, ctx, false)? else {
        return Ok(());
    };
    run(res, kind, &target, value, ctx)
}

/// Path-less add/replace: the value is a resource fragment applied attribute by attribute,
/// never a replacement of the whole resource (okta Q1). readOnly keys are ignored (okta Q2).
fn pathless(
    res: &mut Map<String, Value>,
    kind: OpKind,
    value: Option<&Value>,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    let obj = match value {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Object(obj)) => obj,
        Some(other) => {
            return Err(ScimError::invalid_value(format!(
                "a path-less {} needs a JSON object of attributes as its value (RFC 7644 §3.5.2.1), \
                 got {other}",
                kind.as_str()
            )));
        }
    };
    for (k, v) in obj {
        if k.eq_ignore_ascii_case("schemas") {
            continue;
        }
        if let Some(ext) = ctx.registry.extension_urn(ctx.rt, k) {
            match v {
                Value::Null => {
                    if kind == OpKind::Replace {
                        let key = key_in(res, ext);
                        res.shift_remove(&key);
                    }
                }
                Value::Object(inner) => {
                    for (ik, iv) in inner {
                        if ik.contains('.') || ik.contains('[') {
                            dotted(res, kind, &format!("{ext}:{ik}"), iv, ctx)?;
                            continue;
                        }
                        let target = match ctx.registry.resolve(ctx.rt, Some(ext), ik) {
                            Some(r) if r.attribute.is_read_only() => continue,
                            Some(r) => known(Scope::Ext(ext.to_owned()), r.attribute, ik),
                            None => unknown(Scope::Ext(ext.to_owned()), ik),
                        };
                        run(res, kind, &target, Some(iv), ctx)?;
                    }
                }
                other => {
                    return Err(ScimError::invalid_value(format!(
                        "\"{ext}\" must be a JSON object of extension attributes (RFC 7643 §3), got {other}"
                    )));
                }
            }
            continue;
        }
        if k.eq_ignore_ascii_case(ctx.rt.schema) {
            pathless(res, kind, Some(v), ctx)?;
            continue;
        }
        if k.contains('[') || is_path_key(k, ctx) {
            dotted(res, kind, k, v, ctx)?;
            continue;
        }
        let target = match ctx.registry.resolve(ctx.rt, Some(ctx.rt.schema), k) {
            Some(r) if r.attribute.is_read_only() => continue,
            Some(r) => known(Scope::Core, r.attribute, k),
            None => unknown(Scope::Core, k),
        };
        run(res, kind, &target, Some(v), ctx)?;
    }
    Ok(())
}

fn known<'r>(scope: Scope, attr: &'r Attribute, label: &str) -> Target<'r> {
    Target {
        scope,
        name: attr.name.to_owned(),
        attr: Some(attr),
        sub: None,
        filter: None,
        label: label.to_owned(),
    }
}

fn unknown(scope: Scope, name: &str) -> Target<'static> {
    Target {
        scope,
        name: name.to_owned(),
        attr: None,
        sub: None,
        filter: None,
        label: name.to_owned(),
    }
}

/// A path-less value key that is itself a path (`name.givenName`, `urn:…:User:employeeNumber`):
/// Entra's flag dialect (tolerance `dotted-keys`).
fn dotted(
    res: &mut Map<String, Value>,
    kind: OpKind,
    key: &str,
    v: &Value,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    if strict(ctx) {
        return Err(refuse(
            "dotted-keys",
            ScimType::InvalidValue,
            format!("path-less value key {key:?} is a path, not an attribute name"),
        ));
    }
    let parsed = path::parse(key)?;
    match resolve(&parsed, key, ctx, true)? {
        Some(target) => run(res, kind, &target, Some(v), ctx),
        None => Ok(()),
    }
}

fn run(
    res: &mut Map<String, Value>,
    kind: OpKind,
    t: &Target<'_>,
    value: Option<&Value>,
    ctx: &WriteContext<'_>,
) -> Result<(), ScimError> {
    match (&t.filter, &t.sub) {
        (None, None) => whole(res, kind, t, value, ctx),
        (None, Some(sub)) => sub_everywhere(res, kind, t, sub, value, ctx),
        (Some(f), sub) => filtered(res, kind, t, f, sub.as_ref(), value, ctx),
    }
}

fn immutable_error(label: &str) -> ScimError {
    ScimError::mutability(format!(
        "path {label:?} would change an immutable value that is already set (RFC 7643 §7; \
         RFC 7644 §3.5.2)"
    ))
}

/// Whole-attribute target: `emails`, `active`, `urn:…:User:manager`, or a path-less key.
fn whole(
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
        Some(Value::Object(new)) if attr.ty == AttrType::Complex && !is_manager(attr) => {
            // RFC 7644 §3.5.2.1/§3.5.2.3: sub-attributes not given are left unchanged.
            match map.get_mut(&key) {
                Some(Value::Object(old)) => old.extend(new),
                _ => {
                    map.insert(key, Value::Object(new));
                }
            }
        }
        Some(nv) => {
            map.insert(key, nv);
        }
    }
    Ok(())
}

/// `remove` with a value list on a multi-valued attribute: drop the listed elements only.
fn remove_listed(
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
fn fix_primary(list: &mut [Value], touched: &[usize]) {
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
fn sub_value(
    sub: &Sub<'_>,
    label: &str,
    v: &Value,
    ctx: &WriteContext<'_>,
) -> Result<Option<Value>, ScimError> {
    match sub.attr {
        Some(sa) => attribute_value(ctx, sa, label, v),
        None if v.is_null() => Ok(None),
        None => Ok(Some(v.clone())),
    }
}

/// Set (or with `None` remove) sub-attribute `sub` of one element, honouring immutability.
fn set_sub(
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
fn sub_everywhere(
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
fn renormalise_single(
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

/// The element a filter describes, from its `eq` comparisons joined by `and`
/// (`type eq "work"` → `{"type":"work"}`); `None` when the filter is anything else.
fn creation_seed(f: &Filter, out: &mut Map<String, Value>) -> bool {
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
fn filtered(
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
                if strict(ctx) {
                    return Err(refuse(
                        "filter-creates",
                        ScimType::NoTarget,
                        format!("path {:?} matched no value to {}", t.label, kind.as_str()),
                    ));
                }
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
    write_back(map, &key, t, list, ctx)
}

fn write_back(
    map: &mut Map<String, Value>,
    key: &str,
    t: &Target<'_>,
    list: Vec<Value>,
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
            Some(attr) => multi_values(ctx, attr, &t.label, &list)?,
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
fn no_match(kind: OpKind, t: &Target<'_>, ctx: &WriteContext<'_>) -> Result<(), ScimError> {
    match kind {
        OpKind::Remove if strict(ctx) => Err(refuse(
            "remove-no-match",
            ScimType::NoTarget,
            format!("path {:?} matched no value to remove", t.label),
        )),
        OpKind::Remove => Ok(()),
        _ if strict(ctx) => Err(refuse(
            "filter-creates",
            ScimType::NoTarget,
            format!("path {:?} matched no value to {}", t.label, kind.as_str()),
        )),
        _ => Ok(()),
    }
}
