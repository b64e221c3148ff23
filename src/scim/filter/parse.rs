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

use crate::scim::keys::{has_urn_prefix, is_urn};
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
    let (urn, rest) = if has_urn_prefix(token) {
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

/// Is `token` a schema URN rather than a URN-qualified attribute? True for the URNs the
/// standard registry knows, and for any URN whose last segment follows a version segment
/// (`…:2.0:User`), the shape of every SCIM schema URN; a qualified attribute ends
/// `…:2.0:User:attr`.
pub(crate) fn is_schema_urn(token: &str) -> bool {
    if !is_urn(token) {
        return false;
    }
    if crate::scim::schema::Registry::standard()
        .schema(token)
        .is_some()
    {
        return true;
    }
    let mut segments = token.rsplit(':');
    let _last = segments.next();
    segments.next().is_some_and(|version| {
        version.contains('.')
            && version
                .split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
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

    /// A parser whose cursor starts at byte `pos` of `input` (error positions count from the
    /// start of `input`).
    pub(crate) fn starting_at(input: &'a str, pos: usize) -> Self {
        Parser {
            input,
            pos: pos.min(input.len()),
            terms: 0,
        }
    }

    /// The cursor, in bytes.
    pub(crate) fn position(&self) -> usize {
        self.pos
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scim::filter::ast::arb::arb_filter;
    use proptest::prelude::*;

    fn cmp(name: &str, op: CompareOp, v: CompValue) -> Filter {
        Filter::Compare(AttrPath::simple(name), op, v)
    }
    fn s(v: &str) -> CompValue {
        CompValue::String(v.to_owned())
    }
    fn and(l: Filter, r: Filter) -> Filter {
        Filter::And(Box::new(l), Box::new(r))
    }
    fn or(l: Filter, r: Filter) -> Filter {
        Filter::Or(Box::new(l), Box::new(r))
    }
    fn not(f: Filter) -> Filter {
        Filter::Not(Box::new(f))
    }
    fn vp(name: &str, f: Filter) -> Filter {
        Filter::ValuePath(AttrPath::simple(name), Box::new(f))
    }
    fn ok(input: &str) -> Filter {
        parse(input).unwrap_or_else(|e| panic!("{input:?} should parse: {e}"))
    }

    #[test]
    fn every_operator_in_any_case() {
        for op in CompareOp::ALL {
            let lower = op.as_str();
            for spelling in [lower.to_owned(), lower.to_uppercase(), {
                let mut c = lower.chars();
                c.next().map_or(String::new(), |f| {
                    f.to_ascii_uppercase().to_string() + c.as_str()
                })
            }] {
                let input = format!(r#"userName {spelling} "bjensen""#);
                assert_eq!(ok(&input), cmp("userName", op, s("bjensen")), "{input}");
            }
        }
        for pr in ["title pr", "title PR", "title Pr"] {
            assert_eq!(ok(pr), Filter::Present(AttrPath::simple("title")));
        }
    }

    #[test]
    fn rfc_examples_parse() {
        let table: &[(&str, Filter)] = &[
            (
                r#"userName Eq "john""#,
                cmp("userName", CompareOp::Eq, s("john")),
            ),
            (
                r#"name.familyName co "O'Malley""#,
                Filter::Compare(
                    AttrPath::simple("name").with_sub("familyName"),
                    CompareOp::Co,
                    s("O'Malley"),
                ),
            ),
            (
                r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
                Filter::Compare(
                    AttrPath::simple("meta").with_sub("lastModified"),
                    CompareOp::Gt,
                    s("2011-05-13T04:42:34Z"),
                ),
            ),
            (
                r#"title pr and userType eq "Employee""#,
                and(
                    Filter::Present(AttrPath::simple("title")),
                    cmp("userType", CompareOp::Eq, s("Employee")),
                ),
            ),
            (
                r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
                and(
                    cmp("userType", CompareOp::Eq, s("Employee")),
                    or(
                        cmp("emails", CompareOp::Co, s("example.com")),
                        Filter::Compare(
                            AttrPath::simple("emails").with_sub("value"),
                            CompareOp::Co,
                            s("example.org"),
                        ),
                    ),
                ),
            ),
            (
                r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
                and(
                    cmp("userType", CompareOp::Ne, s("Employee")),
                    not(or(
                        cmp("emails", CompareOp::Co, s("example.com")),
                        Filter::Compare(
                            AttrPath::simple("emails").with_sub("value"),
                            CompareOp::Co,
                            s("example.org"),
                        ),
                    )),
                ),
            ),
            (
                r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
                or(
                    vp(
                        "emails",
                        and(
                            cmp("type", CompareOp::Eq, s("work")),
                            cmp("value", CompareOp::Co, s("@example.com")),
                        ),
                    ),
                    vp(
                        "ims",
                        and(
                            cmp("type", CompareOp::Eq, s("xmpp")),
                            cmp("value", CompareOp::Co, s("@foo.com")),
                        ),
                    ),
                ),
            ),
            (
                "x509Certificates.value pr",
                Filter::Present(AttrPath::simple("x509Certificates").with_sub("value")),
            ),
            (
                r#"members[$ref eq "https://x/Users/1"]"#,
                vp(
                    "members",
                    cmp("$ref", CompareOp::Eq, s("https://x/Users/1")),
                ),
            ),
        ];
        for (input, expected) in table {
            assert_eq!(&ok(input), expected, "{input}");
        }
    }

    #[test]
    fn and_binds_tighter_than_or_and_both_associate_left() {
        let a = || Filter::Present(AttrPath::simple("a"));
        let b = || Filter::Present(AttrPath::simple("b"));
        let c = || Filter::Present(AttrPath::simple("c"));
        assert_eq!(ok("a pr or b pr and c pr"), or(a(), and(b(), c())));
        assert_eq!(ok("a pr and b pr or c pr"), or(and(a(), b()), c()));
        assert_eq!(ok("a pr AND b pr And c pr"), and(and(a(), b()), c()));
        assert_eq!(ok("a pr OR b pr or c pr"), or(or(a(), b()), c()));
        assert_eq!(ok("(a pr or b pr) and c pr"), and(or(a(), b()), c()));
        assert_eq!(ok("a pr and (b pr or c pr)"), and(a(), or(b(), c())));
        assert_eq!(ok("((a pr))"), a());
        assert_eq!(ok("NOT (a pr) and b pr"), and(not(a()), b()));
        assert_eq!(ok("not(a pr)"), not(a()));
        assert_eq!(
            ok("a pr and not (b pr or c pr)"),
            and(a(), not(or(b(), c())))
        );
    }

    #[test]
    fn comp_values_of_every_kind() {
        let table: &[(&str, CompValue)] = &[
            ("active eq true", CompValue::Bool(true)),
            ("active eq TRUE", CompValue::Bool(true)),
            ("active eq False", CompValue::Bool(false)),
            ("title eq null", CompValue::Null),
            ("title eq NULL", CompValue::Null),
            ("n eq 42", CompValue::Number(42.into())),
            ("n eq -7", CompValue::Number((-7).into())),
            ("n eq 0", CompValue::Number(0.into())),
            (
                "n eq 1.5",
                CompValue::Number(Number::from_f64(1.5).expect("finite")),
            ),
            (
                "n eq 2e3",
                CompValue::Number(Number::from_f64(2000.0).expect("finite")),
            ),
            (
                "n eq -0.25E-2",
                CompValue::Number(Number::from_f64(-0.0025).expect("finite")),
            ),
            (r#"s eq """#, s("")),
            (r#"s eq "a\"b""#, s("a\"b")),
            (r#"s eq "back\\slash""#, s("back\\slash")),
            (r#"s eq "tab\there""#, s("tab\there")),
            (r#"s eq "\u00e9t\u00E9""#, s("été")),
            (r#"s eq "with ] and ) inside""#, s("with ] and ) inside")),
            (r#"s eq "été 😀""#, s("été 😀")),
        ];
        for (input, value) in table {
            match ok(input) {
                Filter::Compare(_, CompareOp::Eq, v) => assert_eq!(&v, value, "{input}"),
                other => panic!("{input}: {other:?}"),
            }
        }
    }

    #[test]
    fn urn_qualified_names() {
        let f = ok(r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x""#);
        let Filter::Compare(path, ..) = f else {
            panic!("{f:?}")
        };
        assert_eq!(
            path.urn.as_deref(),
            Some("urn:ietf:params:scim:schemas:core:2.0:User")
        );
        assert_eq!((path.name.as_str(), path.sub), ("userName", None));

        let f = ok(
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m1""#,
        );
        let Filter::Compare(path, ..) = f else {
            panic!("{f:?}")
        };
        assert_eq!(
            path.urn.as_deref(),
            Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
        );
        assert_eq!(
            (path.name.as_str(), path.sub.as_deref()),
            ("manager", Some("value"))
        );

        let f = ok("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber pr");
        assert!(matches!(f, Filter::Present(AttrPath { urn: Some(_), .. })));
    }

    #[test]
    fn entra_value_path_with_trailing_sub_attribute() {
        assert_eq!(
            ok(r#"emails[type eq "work"].value eq "user@contoso.com""#),
            vp(
                "emails",
                and(
                    cmp("type", CompareOp::Eq, s("work")),
                    cmp("value", CompareOp::Eq, s("user@contoso.com")),
                )
            )
        );
        assert_eq!(
            ok(r#"roles[primary eq "True"].value pr"#),
            vp(
                "roles",
                and(
                    cmp("primary", CompareOp::Eq, s("True")),
                    Filter::Present(AttrPath::simple("value")),
                )
            )
        );
        assert_eq!(
            ok(r#"emails[type eq "work"] and userName eq "x""#),
            and(
                vp("emails", cmp("type", CompareOp::Eq, s("work"))),
                cmp("userName", CompareOp::Eq, s("x"))
            )
        );
    }

    #[test]
    fn extra_whitespace_is_tolerated() {
        let expected = and(
            cmp("userName", CompareOp::Eq, s("a b")),
            vp("emails", cmp("type", CompareOp::Eq, s("work"))),
        );
        for input in [
            r#"userName eq "a b" and emails[type eq "work"]"#,
            "  userName   eq\t\"a b\"   and  emails[ type  eq  \"work\" ]  ",
            "( userName eq \"a b\" ) and (emails[type eq \"work\"])",
        ] {
            assert_eq!(ok(input), expected, "{input}");
        }
        // A form-decoded query (`+` → space) arrives here as plain spaces.
        assert_eq!(
            ok(r#"externalId eq "johnwong""#),
            cmp("externalId", CompareOp::Eq, s("johnwong"))
        );
    }

    #[test]
    fn errors_say_what_was_expected_and_where() {
        let table: &[(&str, &str)] = &[
            (r#"userName = "x""#, r#"expected a comparison operator"#),
            (r#"userName = "x""#, r#"after "userName""#),
            (r#"userName = "x""#, "at position 9"),
            ("", "the filter is empty"),
            ("   ", "the filter is empty"),
            ("userName", "expected a comparison operator"),
            ("userName eq", "expected a value"),
            (r#"userName eq "x"#, "expected a closing"),
            (r#"userName eq "x" and"#, "expected an attribute name"),
            (
                r#"userName eq "x" xor title pr"#,
                r#"expected "and", "or" or the end of the filter at position 16"#,
            ),
            (
                r#"(userName eq "x""#,
                r#"expected ")" to close the "(" at position 0"#,
            ),
            (
                r#"emails[type eq "work""#,
                r#"expected "]" to close the "[" at position 6"#,
            ),
            (r#"userName eq "x")"#, "at position 15"),
            ("userName eq bjensen", "expected a value"),
            ("userName eq 01", "expected a value"),
            (
                r#"userName eq "bad \q escape""#,
                "expected a valid JSON string",
            ),
            (r#"emails[type[value eq "x"]]"#, "value paths cannot nest"),
            ("9lives pr", "expected an attribute name"),
            (
                r#"emails[type eq "work"].value"#,
                "expected a comparison operator",
            ),
            ("userNameeq \"x\"", "expected a comparison operator"),
        ];
        for (input, fragment) in table {
            let err = parse(input).expect_err(input);
            assert_eq!(err.status, 400);
            assert_eq!(err.scim_type, Some(crate::scim::ScimType::InvalidFilter));
            assert!(
                err.detail.contains(fragment),
                "{input:?}: {:?} lacks {fragment:?}",
                err.detail
            );
        }
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let err = parse(r#"displayName eq "été" xor"#).expect_err("xor");
        assert!(err.detail.ends_with("at position 21"), "{}", err.detail);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{}a pr{}", "(".repeat(10_000), ")".repeat(10_000));
        let err = parse(&deep).expect_err("too deep");
        assert!(
            err.detail.contains("nests deeper than 64"),
            "{}",
            err.detail
        );
        let nots = format!("{}a pr{}", "not (".repeat(10_000), ")".repeat(10_000));
        assert!(parse(&nots).is_err());
        let ok_depth = format!("{}a pr{}", "(".repeat(60), ")".repeat(60));
        assert!(parse(&ok_depth).is_ok());
        let long = vec!["a pr"; MAX_TERMS + 1].join(" and ");
        let err = parse(&long).expect_err("too many terms");
        assert!(err.detail.contains("more than 1000"), "{}", err.detail);
    }

    #[test]
    fn display_is_canonical() {
        let table: &[(&str, &str)] = &[
            (r#"userName EQ "x""#, r#"userName eq "x""#),
            ("a pr or (b pr and c pr)", "a pr or b pr and c pr"),
            ("(a pr or b pr) and c pr", "(a pr or b pr) and c pr"),
            ("a pr and (b pr and c pr)", "a pr and (b pr and c pr)"),
            ("a pr or (b pr or c pr)", "a pr or (b pr or c pr)"),
            ("NOT(a pr)", "not (a pr)"),
            ("active eq TRUE", "active eq true"),
            (r#"s eq "q\"\\\n""#, r#"s eq "q\"\\\n""#),
            (
                r#"emails[type eq "work"].value eq "u@x""#,
                r#"emails[type eq "work" and value eq "u@x"]"#,
            ),
            (
                r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m""#,
                r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m""#,
            ),
        ];
        for (input, canonical) in table {
            let f = ok(input);
            assert_eq!(f.to_string(), *canonical, "{input}");
            assert_eq!(ok(canonical), f);
        }
    }

    proptest! {
        #[test]
        fn parser_never_panics(input in any::<String>()) {
            let _ = parse(&input);
        }

        #[test]
        fn parser_never_panics_on_filter_like_text(
            input in r#"[a-z\[\]()". :$0-9\\-]{0,60}"#
        ) {
            let _ = parse(&input);
        }

        #[test]
        fn printed_filters_parse_back_equal(f in arb_filter()) {
            let text = f.to_string();
            let back = parse(&text);
            prop_assert_eq!(back.as_ref().ok(), Some(&f), "{} -> {:?}", text, back);
        }
    }
}
