//! The filter AST of RFC 7644 §3.4.2.2, shared by queries and PATCH value paths.
//!
//! `Display` prints a filter in canonical form (lower-case operators, minimal parentheses,
//! JSON-escaped strings); parsing that text gives back an equal AST.

use serde_json::Number;

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
