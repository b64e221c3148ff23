//! PATCH targets: a path (or a key of a path-less value) resolved against the schema
//! registry, with the mutability and Strict-mode checks that depend only on the path.

use serde_json::{Map, Value};

use super::OpTarget;
use crate::scim::filter::{self, AttrPath, Filter};
use crate::scim::path::{self, PatchPath};
use crate::scim::resource::{WriteContext, is_roles};
use crate::scim::schema::{AttrType, Attribute};
use crate::scim::{ScimError, ScimType, Tolerance};

/// Where an attribute lives: at the top level or inside an extension object.
#[derive(Clone, Debug)]
pub(super) enum Scope {
    Core,
    Ext(String),
}

#[derive(Clone, Debug)]
pub(super) struct Sub<'r> {
    pub(super) name: String,
    pub(super) attr: Option<&'r Attribute>,
}

/// A resolved PATCH target.
#[derive(Clone, Debug)]
pub(super) struct Target<'r> {
    pub(super) scope: Scope,
    /// Canonical name for known attributes, as sent for unknown ones.
    pub(super) name: String,
    pub(super) attr: Option<&'r Attribute>,
    pub(super) sub: Option<Sub<'r>>,
    pub(super) filter: Option<Filter>,
    /// The path (or value key) as the client wrote it, for messages.
    pub(super) label: String,
}

/// An operation's `path`, parsed and resolved once: the resource type's extension as a whole, an
/// extension no schema defines as a whole (stored as sent), or a resolved target. The checks that
/// depend only on the path (readOnly targets, sub-attributes, Strict's string booleans in a
/// filter) are made here.
pub(super) fn parse_target<'r>(
    raw: &str,
    ctx: &WriteContext<'r>,
) -> Result<OpTarget<'r>, ScimError> {
    if let Some(ext) = ctx.registry.extension_urn(ctx.rt, raw.trim()) {
        return Ok(OpTarget::Extension(ext));
    }
    let parsed = path::parse(raw)?;
    if let (true, Some(urn)) = (parsed.is_whole_extension(), &parsed.attr.urn) {
        return Ok(OpTarget::Path(unknown(Scope::Core, urn)));
    }
    match resolve(&parsed, raw, ctx)? {
        Resolution::Target(t) => Ok(OpTarget::Path(t)),
        Resolution::ReadOnly(what) => Err(ScimError::mutability(format!(
            "path {raw:?} targets \"{what}\", which is readOnly; clients cannot change it \
             (RFC 7643 §7, RFC 7644 §3.5.2)"
        ))),
    }
}

/// What a path resolves to: a target, or the readOnly attribute it names (an error for an
/// operation's path, skipped for a key of a path-less value).
pub(super) enum Resolution<'r> {
    Target(Target<'r>),
    ReadOnly(String),
}

/// Resolve a parsed path against the registry.
pub(super) fn resolve<'r>(
    pp: &PatchPath,
    raw: &str,
    ctx: &WriteContext<'r>,
) -> Result<Resolution<'r>, ScimError> {
    let a = &pp.attr;
    if a.sub.is_some() && pp.sub_after_filter.is_some() {
        return Err(ScimError::invalid_path(format!(
            "path {raw:?} names two sub-attributes"
        )));
    }
    let read_only = |what: &str| Ok(Resolution::ReadOnly(what.to_owned()));
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
                    ctx.compliance.tolerate(
                        Tolerance::RoleJsonString,
                        ScimType::InvalidPath,
                        || format!("path {raw:?} uses \"displayName\" instead of \"display\""),
                    )?;
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
    if let Some(attr) = attr
        && pp.filter.is_some()
        && attr.ty != AttrType::Complex
    {
        return Err(ScimError::invalid_path(format!(
            "path {raw:?}: a value filter needs a complex attribute, and \"{}\" is not one",
            attr.name
        )));
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
    Ok(Resolution::Target(target))
}

/// `attr[filter]` as a whole-resource filter, for the shared evaluator.
pub(super) fn value_path(t: &Target<'_>, f: &Filter) -> Filter {
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
pub(super) fn element_matches(f: &Filter, t: &Target<'_>, element: &Value) -> bool {
    filter::matches_element(f, element, t.attr)
}

/// The key under which `name` is stored in `map` (any case), or `name` itself.
pub(super) fn key_in(map: &Map<String, Value>, name: &str) -> String {
    map.keys()
        .find(|k| k.eq_ignore_ascii_case(name))
        .cloned()
        .unwrap_or_else(|| name.to_owned())
}

/// The object holding the target's attribute; created when `create`.
pub(super) fn container<'m>(
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

pub(super) fn known<'r>(scope: Scope, attr: &'r Attribute, label: &str) -> Target<'r> {
    Target {
        scope,
        name: attr.name.to_owned(),
        attr: Some(attr),
        sub: None,
        filter: None,
        label: label.to_owned(),
    }
}

pub(super) fn unknown(scope: Scope, name: &str) -> Target<'static> {
    Target {
        scope,
        name: name.to_owned(),
        attr: None,
        sub: None,
        filter: None,
        label: name.to_owned(),
    }
}
