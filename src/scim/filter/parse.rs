//! Filter parser: the ABNF of RFC 7644 §3.4.2.2 (Figure 1) by recursive descent.
//!
//! Precedence, loosest first: `or`, `and`, then `not (…)` / `(…)` / attribute expressions;
//! `and` and `or` associate to the left. Operators, `and` / `or` / `not` and the literals
//! `true` / `false` / `null` are accepted in any case. Entra's
//! `emails[type eq "work"].value eq "x"` is desugared as the AST documents.
//!
//! Errors are 400 `invalidFilter` naming what was expected and the (0-based, in characters)
//! position where it was not found. Nesting is capped at [`MAX_DEPTH`] and the number of
//! attribute expressions at [`MAX_TERMS`], so hostile input cannot exhaust the stack of the
//! parser or of the recursive walks (evaluation, printing, dropping) that follow it.

use serde_json::Number;

use super::ast::{AttrPath, CompValue, CompareOp, Filter};
use crate::scim::ScimError;

/// Deepest nesting of `(…)`, `not (…)` and `[…]` a filter may use.
pub const MAX_DEPTH: usize = 64;
/// Most attribute expressions (`attr op value`, `attr pr`) one filter may hold.
pub const MAX_TERMS: usize = 1000;

/// Parse a filter expression; errors are 400 `invalidFilter` saying where it broke.
pub fn parse(input: &str) -> Result<Filter, ScimError> {
    let mut p = Parser::new(input);
    p.skip_ws();
    if p.at_end() {
        return Err(ScimError::invalid_filter("the filter is empty"));
    }
    let filter = p.filter(0, false)?;
    p.skip_ws();
    if !p.at_end() {
        return Err(p.error_here(r#"expected "and", "or" or the end of the filter"#));
    }
    Ok(filter)
}

/// Parse an attribute path (`userName`, `name.familyName`, `urn:…:User:manager.value`) that
/// must span the whole input; used by the attribute-list and sortBy parsers.
pub fn parse_attr_path(input: &str) -> Result<AttrPath, ScimError> {
    let mut p = Parser::new(input);
    p.skip_ws();
    let path = p.attr_path()?;
    p.skip_ws();
    if !p.at_end() {
        return Err(p.error_here("expected the end of the attribute name"));
    }
    Ok(path)
}

/// Split one attribute reference token into an [`AttrPath`]; `None` when the token is not a
/// well-formed reference. The URN (if any) ends at the last `:` (attribute names never contain
/// one); the rest is `name` or `name.sub`.
pub(crate) fn split_attr_token(token: &str) -> Option<AttrPath> {
    let (urn, rest) = if token.len() > 4 && token[..4].eq_ignore_ascii_case("urn:") {
        let pos = token.rfind(':')?;
        let urn = &token[..pos];
        if !is_urn(urn) {
            return None;
        }
        (Some(urn.to_owned()), &token[pos + 1..])
    } else {
        (None, token)
    };
    let (name, sub) = match rest.split_once('.') {
        Some((n, s)) => (n, Some(s)),
        None => (rest, None),
    };
    if !is_attr_name(name) || sub.is_some_and(|s| !is_attr_name(s)) {
        return None;
    }
    Some(AttrPath {
        urn,
        name: name.to_owned(),
        sub: sub.map(str::to_owned),
    })
}

/// `ATTRNAME = ALPHA *(nameChar)`, `nameChar = "-" / "_" / DIGIT / ALPHA`, plus `$ref`
/// (RFC 7643 §2.1 names `$ref` although the ABNF does not produce it).
pub(crate) fn is_attr_name(s: &str) -> bool {
    if s.eq_ignore_ascii_case("$ref") {
        return true;
    }
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A loose URN check: `urn:` then non-empty colon-separated segments without spaces.
pub(crate) fn is_urn(s: &str) -> bool {
    s.len() > 4
        && s[..4].eq_ignore_ascii_case("urn:")
        && s[4..].split(':').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-._~%+$!*'=,;@/?&".contains(c))
        })
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Characters that end an attribute-path token.
fn ends_token(c: char) -> bool {
    is_ws(c) || matches!(c, '[' | ']' | '(' | ')' | '"')
}

pub(crate) struct Parser<'a> {
    input: &'a str,
    pos: usize,
    terms: usize,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(input: &'a str) -> Self {
        Parser {
            input,
            pos: 0,
            terms: 0,
        }
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.input.len()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if !is_ws(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    /// Position in characters (what a person counts), not bytes.
    fn char_pos(&self, byte: usize) -> usize {
        self.input[..byte].chars().count()
    }

    fn error_at(&self, byte: usize, expected: &str) -> ScimError {
        ScimError::invalid_filter(format!("{expected} at position {}", self.char_pos(byte)))
    }

    fn error_here(&self, expected: &str) -> ScimError {
        if self.at_end() {
            ScimError::invalid_filter(format!(
                "{expected} at position {} (the end of the filter)",
                self.char_pos(self.pos)
            ))
        } else {
            self.error_at(self.pos, expected)
        }
    }

    /// A case-insensitive keyword at the cursor, followed by something that cannot continue a
    /// word (so `orphan` is not `or`).
    fn keyword(&self, word: &str) -> bool {
        let rest = self.rest();
        rest.len() >= word.len()
            && rest.is_char_boundary(word.len())
            && rest[..word.len()].eq_ignore_ascii_case(word)
            && rest[word.len()..].chars().next().is_none_or(|c| {
                !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '$'))
            })
    }

    /// `FILTER` with `or` as the loosest operator. `in_brackets` forbids nested value paths.
    pub(crate) fn filter(&mut self, depth: usize, in_brackets: bool) -> Result<Filter, ScimError> {
        let mut left = self.and_expr(depth, in_brackets)?;
        loop {
            let save = self.pos;
            self.skip_ws();
            if self.keyword("or") {
                self.pos += 2;
                let right = self.and_expr(depth, in_brackets)?;
                left = Filter::Or(Box::new(left), Box::new(right));
            } else {
                self.pos = save;
                return Ok(left);
            }
        }
    }

    fn and_expr(&mut self, depth: usize, in_brackets: bool) -> Result<Filter, ScimError> {
        let mut left = self.unary(depth, in_brackets)?;
        loop {
            let save = self.pos;
            self.skip_ws();
            if self.keyword("and") {
                self.pos += 3;
                let right = self.unary(depth, in_brackets)?;
                left = Filter::And(Box::new(left), Box::new(right));
            } else {
                self.pos = save;
                return Ok(left);
            }
        }
    }

    fn nest(&self, depth: usize) -> Result<usize, ScimError> {
        if depth >= MAX_DEPTH {
            Err(self.error_at(
                self.pos,
                &format!("the filter nests deeper than {MAX_DEPTH} levels"),
            ))
        } else {
            Ok(depth + 1)
        }
    }

    fn unary(&mut self, depth: usize, in_brackets: bool) -> Result<Filter, ScimError> {
        self.skip_ws();
        if self.keyword("not") {
            let save = self.pos;
            self.pos += 3;
            self.skip_ws();
            if self.peek() == Some('(') {
                let inner = self.group(depth, in_brackets)?;
                return Ok(Filter::Not(Box::new(inner)));
            }
            // `not` without a parenthesis: an attribute that happens to be called "not".
            self.pos = save;
        }
        if self.peek() == Some('(') {
            return self.group(depth, in_brackets);
        }
        self.attr_exp(depth, in_brackets)
    }

    /// `"(" FILTER ")"`, cursor on the `(`.
    fn group(&mut self, depth: usize, in_brackets: bool) -> Result<Filter, ScimError> {
        let open = self.pos;
        let depth = self.nest(depth)?;
        self.pos += 1;
        let inner = self.filter(depth, in_brackets)?;
        self.skip_ws();
        if self.peek() != Some(')') {
            return Err(self.error_here(&format!(
                r#"expected ")" to close the "(" at position {}"#,
                self.char_pos(open)
            )));
        }
        self.pos += 1;
        Ok(inner)
    }

    /// An attribute path token at the cursor.
    pub(crate) fn attr_path(&mut self) -> Result<AttrPath, ScimError> {
        let start = self.pos;
        let len = self.rest().find(ends_token).unwrap_or(self.rest().len());
        let token = &self.rest()[..len];
        if token.is_empty() {
            return Err(self.error_here("expected an attribute name"));
        }
        match split_attr_token(token) {
            Some(path) => {
                self.pos += len;
                Ok(path)
            }
            None => Err(self.error_at(
                start,
                &format!("expected an attribute name, found {}", quote(token)),
            )),
        }
    }

    fn count_term(&mut self, at: usize) -> Result<(), ScimError> {
        self.terms += 1;
        if self.terms > MAX_TERMS {
            return Err(self.error_at(
                at,
                &format!("the filter has more than {MAX_TERMS} attribute expressions"),
            ));
        }
        Ok(())
    }

    /// `attrPath SP "pr"`, `attrPath SP compareOp SP compValue`, or a value path
    /// `attrPath "[" valFilter "]"` (optionally followed by Entra's `.sub op value`).
    fn attr_exp(&mut self, depth: usize, in_brackets: bool) -> Result<Filter, ScimError> {
        let start = self.pos;
        let path = self.attr_path()?;
        self.count_term(start)?;
        if self.peek() == Some('[') {
            if in_brackets {
                return Err(
                    self.error_here("value paths cannot nest: expected a comparison operator")
                );
            }
            let open = self.pos;
            let inner_depth = self.nest(depth)?;
            self.pos += 1;
            let inner = self.filter(inner_depth, true)?;
            self.skip_ws();
            if self.peek() != Some(']') {
                return Err(self.error_here(&format!(
                    r#"expected "]" to close the "[" at position {}"#,
                    self.char_pos(open)
                )));
            }
            self.pos += 1;
            if self.peek() == Some('.') {
                // Entra: `emails[type eq "work"].value eq "x"`.
                self.pos += 1;
                let sub_start = self.pos;
                let sub = self.attr_path()?;
                if sub.urn.is_some() || sub.sub.is_some() {
                    return Err(
                        self.error_at(sub_start, "expected a sub-attribute name after \"].\"")
                    );
                }
                let tail = self.comparison(sub)?;
                let combined = Filter::And(Box::new(inner), Box::new(tail));
                return Ok(Filter::ValuePath(path, Box::new(combined)));
            }
            return Ok(Filter::ValuePath(path, Box::new(inner)));
        }
        self.comparison(path)
    }

    /// After an attribute path: `pr`, or an operator and a value.
    fn comparison(&mut self, path: AttrPath) -> Result<Filter, ScimError> {
        let after_path = self.pos;
        self.skip_ws();
        let op_start = self.pos;
        let len = self
            .rest()
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(self.rest().len());
        let word = &self.rest()[..len];
        let op = match word.to_ascii_lowercase().as_str() {
            "pr" => None,
            "eq" => Some(CompareOp::Eq),
            "ne" => Some(CompareOp::Ne),
            "co" => Some(CompareOp::Co),
            "sw" => Some(CompareOp::Sw),
            "ew" => Some(CompareOp::Ew),
            "gt" => Some(CompareOp::Gt),
            "ge" => Some(CompareOp::Ge),
            "lt" => Some(CompareOp::Lt),
            "le" => Some(CompareOp::Le),
            _ => {
                let found = self.found();
                return Err(self.error_here(&format!(
                    "expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after {}{found}",
                    quote(&path.to_string())
                )));
            }
        };
        if op_start == after_path {
            return Err(self.error_here(&format!(
                "expected a space between {} and the operator",
                quote(&path.to_string())
            )));
        }
        self.pos += len;
        let Some(op) = op else {
            return Ok(Filter::Present(path));
        };
        self.skip_ws();
        let value = self.comp_value(op)?;
        Ok(Filter::Compare(path, op, value))
    }

    /// `, found "…"` describing the next token, for error messages.
    fn found(&self) -> String {
        let rest = self.rest();
        if rest.is_empty() {
            return String::new();
        }
        let end = rest
            .char_indices()
            .find(|&(i, c)| i > 0 && (is_ws(c) || matches!(c, '(' | ')' | '[' | ']')))
            .map_or(rest.len(), |(i, _)| i);
        let token: String = rest[..end].chars().take(40).collect();
        format!(", found {}", quote(&token))
    }

    /// `compValue = false / null / true / number / string`.
    fn comp_value(&mut self, op: CompareOp) -> Result<CompValue, ScimError> {
        let start = self.pos;
        let expected = || {
            format!(
                "expected a value (a JSON string, a number, true, false or null) after {}",
                quote(op.as_str())
            )
        };
        match self.peek() {
            None => Err(self.error_here(&expected())),
            Some('"') => self.string_value(),
            Some(_) => {
                let len = self.rest().find(ends_token).unwrap_or(self.rest().len());
                let token = &self.rest()[..len];
                let value = match token.to_ascii_lowercase().as_str() {
                    "true" => Some(CompValue::Bool(true)),
                    "false" => Some(CompValue::Bool(false)),
                    "null" => Some(CompValue::Null),
                    _ if is_json_number(token) => serde_json::from_str::<Number>(token)
                        .ok()
                        .map(CompValue::Number),
                    _ => None,
                };
                match value {
                    Some(v) => {
                        self.pos += len;
                        Ok(v)
                    }
                    None => {
                        let found = self.found();
                        Err(self.error_at(start, &format!("{}{found}", expected())))
                    }
                }
            }
        }
    }

    /// A JSON string at the cursor (on the opening quote), escapes decoded.
    fn string_value(&mut self) -> Result<CompValue, ScimError> {
        let start = self.pos;
        let bytes = self.input.as_bytes();
        let mut i = start + 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'"' => {
                    let literal = &self.input[start..=i];
                    return match serde_json::from_str::<String>(literal) {
                        Ok(s) => {
                            self.pos = i + 1;
                            Ok(CompValue::String(s))
                        }
                        Err(e) => {
                            Err(self
                                .error_at(start, &format!("expected a valid JSON string ({e})")))
                        }
                    };
                }
                _ => i += 1,
            }
        }
        Err(self.error_at(start, "expected a closing '\"' for the string starting"))
    }
}

/// JSON `number = [ minus ] int [ frac ] [ exp ]`.
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(c) if c.is_ascii_digit() => {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return false;
        }
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return false;
        }
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    i == b.len()
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}
