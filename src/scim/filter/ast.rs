//! The filter AST of RFC 7644 §3.4.2.2, shared by queries and PATCH value paths.
//!
//! `Display` prints a filter in canonical form (lower-case operators, minimal parentheses,
//! JSON-escaped strings); parsing that text gives back an equal AST.

use serde_json::Number;
use std::fmt;

/// An attribute reference: `userName`, `name.familyName`,
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
///
/// Names keep the spelling the client used; resolution against the schema registry is
/// case-insensitive.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AttrPath {
    /// Schema URN prefix, when the reference was URN-qualified.
    pub urn: Option<String>,
    /// Top-level attribute name.
    pub name: String,
    /// Sub-attribute name (`familyName` in `name.familyName`).
    pub sub: Option<String>,
}

impl AttrPath {
    /// A plain attribute reference without URN or sub-attribute.
    pub fn simple(name: impl Into<String>) -> Self {
        AttrPath {
            urn: None,
            name: name.into(),
            sub: None,
        }
    }
}

/// Comparison operators (RFC 7644 §3.4.2.2 Table 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompareOp {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

/// A comparison value: `compValue = false / null / true / number / string`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompValue {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
}

/// A parsed filter expression.
///
/// Entra's `emails[type eq "work"].value eq "x"` (a value path followed by a sub-attribute
/// comparison) is represented as `ValuePath(emails, And(type eq "work", value eq "x"))`: true
/// when one element satisfies both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    /// `attr pr`
    Present(AttrPath),
    /// `attr op value`
    Compare(AttrPath, CompareOp, CompValue),
    /// `attr[filter]`: some element of the multi-valued (or the single complex) attribute
    /// matches `filter`, whose attribute names are relative to the element.
    ValuePath(AttrPath, Box<Filter>),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
}

impl CompareOp {
    /// Every operator, in the order of RFC 7644 Table 3.
    pub const ALL: [CompareOp; 9] = [
        CompareOp::Eq,
        CompareOp::Ne,
        CompareOp::Co,
        CompareOp::Sw,
        CompareOp::Ew,
        CompareOp::Gt,
        CompareOp::Ge,
        CompareOp::Lt,
        CompareOp::Le,
    ];

    /// The operator keyword in canonical (lower) case.
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "eq",
            CompareOp::Ne => "ne",
            CompareOp::Co => "co",
            CompareOp::Sw => "sw",
            CompareOp::Ew => "ew",
            CompareOp::Gt => "gt",
            CompareOp::Ge => "ge",
            CompareOp::Lt => "lt",
            CompareOp::Le => "le",
        }
    }

    /// `gt`, `ge`, `lt`, `le`.
    pub fn is_ordering(self) -> bool {
        matches!(
            self,
            CompareOp::Gt | CompareOp::Ge | CompareOp::Lt | CompareOp::Le
        )
    }

    /// `co`, `sw`, `ew`.
    pub fn is_substring(self) -> bool {
        matches!(self, CompareOp::Co | CompareOp::Sw | CompareOp::Ew)
    }
}

impl fmt::Display for CompareOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AttrPath {
    /// The same reference with `sub` as its sub-attribute.
    pub fn with_sub(mut self, sub: impl Into<String>) -> Self {
        self.sub = Some(sub.into());
        self
    }

    /// A reference to a whole schema extension object (`urn:…:enterprise:2.0:User`): a URN
    /// and an empty name. Only PATCH paths and attribute lists produce this form.
    pub fn is_whole_extension(&self) -> bool {
        self.urn.is_some() && self.name.is_empty()
    }
}

impl fmt::Display for AttrPath {
    /// `urn:…:name.sub`; the whole-extension form prints as the bare URN.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.urn, self.name.is_empty()) {
            (Some(urn), true) => f.write_str(urn)?,
            (Some(urn), false) => write!(f, "{urn}:{}", self.name)?,
            (None, _) => f.write_str(&self.name)?,
        }
        if let Some(sub) = &self.sub {
            write!(f, ".{sub}")?;
        }
        Ok(())
    }
}

impl fmt::Display for CompValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompValue::Null => f.write_str("null"),
            CompValue::Bool(b) => write!(f, "{b}"),
            CompValue::Number(n) => write!(f, "{n}"),
            // serde_json cannot fail on a string; fall back to Debug quoting all the same.
            CompValue::String(s) => match serde_json::to_string(s) {
                Ok(json) => f.write_str(&json),
                Err(_) => write!(f, "{s:?}"),
            },
        }
    }
}

impl Filter {
    /// Binding strength for minimal parenthesisation: `or` 1, `and` 2, everything else 3.
    fn precedence(&self) -> u8 {
        match self {
            Filter::Or(..) => 1,
            Filter::And(..) => 2,
            _ => 3,
        }
    }

    fn fmt_operand(&self, f: &mut fmt::Formatter<'_>, parens: bool) -> fmt::Result {
        if parens {
            write!(f, "({self})")
        } else {
            write!(f, "{self}")
        }
    }
}

impl fmt::Display for Filter {
    /// Canonical text: lower-case operators, parentheses only where precedence or left
    /// associativity needs them, JSON-escaped strings.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Present(path) => write!(f, "{path} pr"),
            Filter::Compare(path, op, value) => write!(f, "{path} {op} {value}"),
            Filter::ValuePath(path, inner) => write!(f, "{path}[{inner}]"),
            Filter::And(l, r) => {
                l.fmt_operand(f, l.precedence() < 2)?;
                f.write_str(" and ")?;
                r.fmt_operand(f, r.precedence() <= 2)
            }
            Filter::Or(l, r) => {
                l.fmt_operand(f, false)?;
                f.write_str(" or ")?;
                r.fmt_operand(f, r.precedence() <= 1)
            }
            Filter::Not(inner) => write!(f, "not ({inner})"),
        }
    }
}

/// proptest strategies for filters, shared by the parser's and the evaluator's tests.
#[cfg(test)]
pub(crate) mod arb {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn arb_name() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z][a-zA-Z0-9_-]{0,8}",
            Just("$ref".to_owned()),
            // Names that look like keywords must still print and parse back as names.
            Just("and".to_owned()),
            Just("or".to_owned()),
            Just("pr".to_owned()),
            Just("eq".to_owned()),
            // Known names, so evaluator properties exercise typed comparisons too.
            prop::sample::select(vec![
                "userName",
                "emails",
                "active",
                "meta",
                "created",
                "name",
                "members",
                "id",
                "primary",
                "value",
                "type",
                "employeeNumber",
                "manager",
            ])
            .prop_map(str::to_owned),
        ]
    }

    pub(crate) fn arb_path() -> impl Strategy<Value = AttrPath> {
        (
            prop::option::of(prop_oneof![
                Just("urn:ietf:params:scim:schemas:core:2.0:User".to_owned()),
                Just("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User".to_owned()),
            ]),
            arb_name(),
            prop::option::of(arb_name()),
        )
            .prop_map(|(urn, name, sub)| AttrPath { urn, name, sub })
    }

    pub(crate) fn arb_value() -> impl Strategy<Value = CompValue> {
        prop_oneof![
            Just(CompValue::Null),
            any::<bool>().prop_map(CompValue::Bool),
            any::<i64>().prop_map(|n| CompValue::Number(n.into())),
            any::<u64>().prop_map(|n| CompValue::Number(n.into())),
            any::<f64>()
                .prop_filter_map("finite", Number::from_f64)
                .prop_map(CompValue::Number),
            any::<String>().prop_map(CompValue::String),
        ]
    }

    pub(crate) fn arb_op() -> impl Strategy<Value = CompareOp> {
        prop::sample::select(CompareOp::ALL.to_vec())
    }

    /// Filters without value paths (what may appear inside brackets).
    pub(crate) fn arb_val_filter() -> impl Strategy<Value = Filter> {
        let leaf = prop_oneof![
            arb_path().prop_map(Filter::Present),
            (arb_path(), arb_op(), arb_value()).prop_map(|(p, o, v)| Filter::Compare(p, o, v)),
        ];
        leaf.prop_recursive(4, 24, 2, logic)
    }

    /// `and`, `or` and `not` over filters drawn from `inner`.
    fn logic(inner: BoxedStrategy<Filter>) -> impl Strategy<Value = Filter> {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(l, r)| Filter::And(Box::new(l), Box::new(r))),
            (inner.clone(), inner.clone()).prop_map(|(l, r)| Filter::Or(Box::new(l), Box::new(r))),
            inner.prop_map(|f| Filter::Not(Box::new(f))),
        ]
    }

    pub(crate) fn arb_filter() -> impl Strategy<Value = Filter> {
        let leaf = prop_oneof![
            3 => arb_val_filter(),
            1 => (arb_path(), arb_val_filter()).prop_map(|(p, f)| Filter::ValuePath(p, Box::new(f))),
        ];
        leaf.prop_recursive(3, 24, 2, logic)
    }
}
