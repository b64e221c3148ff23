//! `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) and `returned` (RFC 7643 §7).
//!
//! Every representation the server sends goes through [`project`]:
//! - `returned: never` (`password`) is always removed, at any depth;
//! - `returned: always` (`id`, and the `schemas` list) is always kept, whatever the lists say;
//! - `returned: request` only when `attributes` names it;
//! - `attributes` returns only the named attributes (plus the always ones);
//!   `excludedAttributes` removes the named default ones.
//!
//! Names are matched without regard to case and may be `attr`, `attr.sub`, URN-qualified
//! (`urn:…:enterprise:2.0:User:department`) or a whole extension URN. An extension object
//! left empty is dropped. Unknown attributes are treated as `returned: default`.

use serde_json::{Map, Value};

use super::ScimError;
use super::filter::{AttrPath, is_schema_urn, split_attr_token};
use super::schema::{Attribute, Registry, ResourceType, Returned};

/// Parse a comma-separated attribute list (`userName,name.givenName,urn:…:User:department`).
///
/// Blank entries (`a,,b`, a trailing comma) are ignored; a whole extension URN becomes
/// `AttrPath { urn: Some(urn), name: "", sub: None }` as in PATCH paths. Anything else that is
/// not an attribute reference is 400 `invalidValue`.
pub fn parse_attribute_list(input: &str) -> Result<Vec<AttrPath>, ScimError> {
    input
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| {
            if is_schema_urn(item) {
                return Ok(AttrPath {
                    urn: Some(item.to_owned()),
                    name: String::new(),
                    sub: None,
                });
            }
            split_attr_token(item).ok_or_else(|| {
                ScimError::invalid_value(format!(
                    "the attribute list {} names {}, which is not an attribute: expected attr, \
                     attr.sub, urn:…:attr or a schema URN (RFC 7644 §3.4.2.5)",
                    quote(input),
                    quote(item)
                ))
            })
        })
        .collect()
}

/// The representation of a stored resource to return: `returned: never` attributes removed,
/// `request` ones only when asked for, then `attributes` / `excludedAttributes` applied.
pub fn project(
    resource: &Value,
    rt: &ResourceType,
    registry: &Registry,
    attributes: Option<&[AttrPath]>,
    excluded: Option<&[AttrPath]>,
) -> Value {
    let Some(obj) = resource.as_object() else {
        return resource.clone();
    };
    let include = attributes.map(|list| Selectors::new(list, rt, registry));
    let exclude = Selectors::new(excluded.unwrap_or(&[]), rt, registry);
    let mut out = Map::new();
    for (key, value) in obj {
        if key.eq_ignore_ascii_case("schemas") {
            out.insert(key.clone(), value.clone());
            continue;
        }
        let extension = registry
            .extension_urn(rt, key)
            .or_else(|| (looks_like_urn(key) && value.is_object()).then_some(""));
        if let (Some(canonical), Value::Object(ext)) = (extension, value) {
            let schema_id = if canonical.is_empty() {
                key.as_str()
            } else {
                canonical
            };
            let schema = registry.schema(schema_id);
            let mut projected = Map::new();
            for (name, v) in ext {
                let def = schema.and_then(|s| s.attribute(name));
                let ctx = Ctx {
                    schema: schema_id,
                    name,
                    def,
                };
                if let Some(v) = project_attribute(&ctx, v, include.as_ref(), &exclude) {
                    projected.insert(name.clone(), v);
                }
            }
            if !projected.is_empty() {
                out.insert(key.clone(), Value::Object(projected));
            }
            continue;
        }
        let def = registry
            .resolve(rt, Some(rt.schema), key)
            .map(|r| r.attribute);
        let ctx = Ctx {
            schema: rt.schema,
            name: key,
            def,
        };
        if let Some(v) = project_attribute(&ctx, value, include.as_ref(), &exclude) {
            out.insert(key.clone(), v);
        }
    }
    Value::Object(out)
}

fn looks_like_urn(key: &str) -> bool {
    key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:"))
}

/// A top-level attribute being projected: the schema it belongs to, its stored name, its
/// definition when known.
struct Ctx<'a> {
    schema: &'a str,
    name: &'a str,
    def: Option<&'a Attribute>,
}

/// One list entry with its schema made explicit.
struct Selector {
    schema: String,
    /// Empty for a whole extension.
    name: String,
    sub: Option<String>,
}

struct Selectors(Vec<Selector>);

/// What a list says about one top-level attribute.
enum Selection<'s> {
    Nothing,
    Whole,
    Subs(Vec<&'s str>),
}

impl Selectors {
    fn new(list: &[AttrPath], rt: &ResourceType, registry: &Registry) -> Self {
        Selectors(
            list.iter()
                .map(|p| {
                    let schema = match &p.urn {
                        Some(urn) => urn.clone(),
                        // Unqualified names belong to the core schema unless only an
                        // extension defines them (RFC 7644 §3.10).
                        None => registry
                            .resolve(rt, None, &p.name)
                            .map_or(rt.schema, |r| r.schema)
                            .to_owned(),
                    };
                    Selector {
                        schema,
                        name: p.name.clone(),
                        sub: p.sub.clone(),
                    }
                })
                .collect(),
        )
    }

    fn select(&self, ctx: &Ctx<'_>) -> Selection<'_> {
        let mut subs = Vec::new();
        for s in &self.0 {
            if !s.schema.eq_ignore_ascii_case(ctx.schema) {
                continue;
            }
            if s.name.is_empty() {
                return Selection::Whole;
            }
            if s.name.eq_ignore_ascii_case(ctx.name) {
                match &s.sub {
                    None => return Selection::Whole,
                    Some(sub) => subs.push(sub.as_str()),
                }
            }
        }
        if subs.is_empty() {
            Selection::Nothing
        } else {
            Selection::Subs(subs)
        }
    }
}

/// How sub-attributes of a kept complex value are chosen.
enum SubMode<'s> {
    /// Default ones (no `request`, no `never`).
    Default,
    /// Only these (plus `always`); `request` ones when named.
    Only(&'s [&'s str]),
    /// Default ones except these.
    Except(&'s [&'s str]),
}

fn project_attribute(
    ctx: &Ctx<'_>,
    value: &Value,
    include: Option<&Selectors>,
    exclude: &Selectors,
) -> Option<Value> {
    let returned = ctx.def.map_or(Returned::Default, |d| d.returned);
    match returned {
        Returned::Never => return None,
        Returned::Always => return select_subs(value, ctx.def, &SubMode::Default),
        Returned::Default | Returned::Request => {}
    }
    match include {
        Some(include) => match include.select(ctx) {
            Selection::Nothing => None,
            Selection::Whole => select_subs(value, ctx.def, &SubMode::Default),
            Selection::Subs(names) => select_subs(value, ctx.def, &SubMode::Only(&names)),
        },
        None if returned == Returned::Request => None,
        None => match exclude.select(ctx) {
            Selection::Whole => None,
            Selection::Nothing => select_subs(value, ctx.def, &SubMode::Default),
            Selection::Subs(names) => select_subs(value, ctx.def, &SubMode::Except(&names)),
        },
    }
}

/// Apply `mode` to the sub-attributes of a complex value (each element of a multi-valued
/// one). Simple values pass unchanged, except that `Only` selects nothing from them. Elements
/// and values left empty are dropped.
fn select_subs(value: &Value, def: Option<&Attribute>, mode: &SubMode<'_>) -> Option<Value> {
    match value {
        Value::Array(items) => {
            let kept: Vec<Value> = items
                .iter()
                .filter_map(|item| select_subs(item, def, mode))
                .collect();
            if kept.is_empty() && !items.is_empty() {
                None
            } else {
                Some(Value::Array(kept))
            }
        }
        Value::Object(obj) => {
            let mut out = Map::new();
            for (key, v) in obj {
                let sub_def = def.and_then(|d| d.sub_attribute(key));
                let returned = sub_def.map_or(Returned::Default, |d| d.returned);
                let named = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(key));
                let keep = match (returned, mode) {
                    (Returned::Never, _) => false,
                    (Returned::Always, _) => true,
                    (_, SubMode::Only(names)) => named(names),
                    (Returned::Request, _) => false,
                    (_, SubMode::Default) => true,
                    (_, SubMode::Except(names)) => !named(names),
                };
                if keep {
                    out.insert(key.clone(), v.clone());
                }
            }
            if out.is_empty() && !obj.is_empty() {
                None
            } else {
                Some(Value::Object(out))
            }
        }
        _ => match mode {
            SubMode::Only(_) => None,
            _ => Some(value.clone()),
        },
    }
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}
