//! PATCH paths (RFC 7644 §3.5.2): `attr`, `attr.sub`, `urn:…:attr`, `attr[filter]`, `attr[filter].sub`.
//!
//! The ABNF (RFC 7644 §3.5.2, Figure 5) is `PATH = attrPath / valuePath [subAttr]`; the
//! bracketed filter is parsed by the filter parser itself ([`crate::scim::filter`]), so PATCH
//! and queries speak one language. A bare schema URN
//! (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`) addresses the whole
//! extension object; it is represented as `attr.urn = Some(urn)`, `attr.name = ""` (see
//! [`AttrPath::is_whole_extension`]).

use std::fmt;

use super::ScimError;
use super::filter::{AttrPath, Filter, Parser, is_attr_name, is_schema_urn, split_attr_token};

/// A parsed PATCH `path`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatchPath {
    /// The attribute, with its sub-attribute when the path is `attr.sub` (no filter).
    pub attr: AttrPath,
    /// The value filter of `attr[filter]`, relative to the elements of `attr`.
    pub filter: Option<Filter>,
    /// The sub-attribute after the brackets: `value` in `emails[type eq "work"].value`.
    pub sub_after_filter: Option<String>,
}

impl PatchPath {
    /// True when the path names a whole schema extension object.
    pub fn is_whole_extension(&self) -> bool {
        self.attr.is_whole_extension()
    }
}

impl fmt::Display for PatchPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.attr)?;
        if let Some(filter) = &self.filter {
            write!(f, "[{filter}]")?;
        }
        if let Some(sub) = &self.sub_after_filter {
            write!(f, ".{sub}")?;
        }
        Ok(())
    }
}

/// Parse a PATCH path; errors are 400 `invalidPath`.
pub fn parse(input: &str) -> Result<PatchPath, ScimError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(ScimError::invalid_path("the PATCH path is empty"));
    }
    let invalid = |why: String| {
        ScimError::invalid_path(format!("invalid PATCH path {}: {why}", quote(input)))
    };
    let (head, rest) = match trimmed.find('[') {
        Some(i) => (&trimmed[..i], Some(&trimmed[i..])),
        None => (trimmed, None),
    };
    let attr = if is_schema_urn(head) {
        AttrPath {
            urn: Some(head.to_owned()),
            name: String::new(),
            sub: None,
        }
    } else {
        split_attr_token(head).ok_or_else(|| {
            invalid(format!(
                "expected an attribute name (attr, attr.sub or urn:…:attr), found {}",
                quote(head)
            ))
        })?
    };
    let Some(bracketed) = rest else {
        return Ok(PatchPath {
            attr,
            filter: None,
            sub_after_filter: None,
        });
    };
    if attr.sub.is_some() || attr.is_whole_extension() {
        return Err(invalid(format!(
            "a value filter must follow a multi-valued attribute, not {}",
            quote(head)
        )));
    }
    // Parse the bracket contents with the filter parser, then find the closing bracket.
    // Positions in its errors count from the start of the whole path.
    let open = input.len() - bracketed.len() - (input.len() - input.trim_end().len());
    let mut parser = Parser::starting_at(input, open + 1);
    let filter = parser
        .filter(1, true)
        .map_err(|e| invalid(format!("the value filter is not valid: {}", e.detail)))?;
    let after = input[parser.position()..].trim();
    let Some(after) = after.strip_prefix(']') else {
        return Err(invalid(format!(
            "expected \"]\" to close the value filter, found {}",
            if after.is_empty() {
                "the end of the path".to_owned()
            } else {
                quote(after)
            }
        )));
    };
    let sub_after_filter = if after.is_empty() {
        None
    } else {
        let sub = after
            .strip_prefix('.')
            .filter(|s| is_attr_name(s))
            .ok_or_else(|| {
                invalid(format!(
                    "expected \".subAttribute\" or the end after \"]\", found {}",
                    quote(after)
                ))
            })?;
        Some(sub.to_owned())
    };
    Ok(PatchPath {
        attr,
        filter: Some(filter),
        sub_after_filter,
    })
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scim::filter::ast_arb::{arb_name, arb_path, arb_val_filter};
    use crate::scim::filter::{CompValue, CompareOp};
    use crate::scim::schema::{ENTERPRISE_USER_SCHEMA, USER_SCHEMA};
    use proptest::prelude::*;

    fn ok(input: &str) -> PatchPath {
        parse(input).unwrap_or_else(|e| panic!("{input:?} should parse: {e}"))
    }

    fn eq(name: &str, v: &str) -> Filter {
        Filter::Compare(
            AttrPath::simple(name),
            CompareOp::Eq,
            CompValue::String(v.to_owned()),
        )
    }

    #[test]
    fn every_path_form() {
        let urn_attr = |urn: &str, name: &str, sub: Option<&str>| AttrPath {
            urn: Some(urn.to_owned()),
            name: name.to_owned(),
            sub: sub.map(str::to_owned),
        };
        let table: Vec<(&str, AttrPath, Option<Filter>, Option<&str>)> = vec![
            ("userName", AttrPath::simple("userName"), None, None),
            ("  active  ", AttrPath::simple("active"), None, None),
            (
                "name.givenName",
                AttrPath::simple("name").with_sub("givenName"),
                None,
                None,
            ),
            ("members", AttrPath::simple("members"), None, None),
            (
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                urn_attr(ENTERPRISE_USER_SCHEMA, "manager", None),
                None,
                None,
            ),
            (
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
                urn_attr(ENTERPRISE_USER_SCHEMA, "manager", Some("value")),
                None,
                None,
            ),
            (
                "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName",
                urn_attr(USER_SCHEMA, "name", Some("givenName")),
                None,
                None,
            ),
            (
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                urn_attr(ENTERPRISE_USER_SCHEMA, "", None),
                None,
                None,
            ),
            (
                "urn:ietf:params:scim:schemas:extension:CustomExt:2.0:User",
                urn_attr(
                    "urn:ietf:params:scim:schemas:extension:CustomExt:2.0:User",
                    "",
                    None,
                ),
                None,
                None,
            ),
            (
                "urn:ietf:params:scim:schemas:extension:CustomExt:2.0:User:badge",
                urn_attr(
                    "urn:ietf:params:scim:schemas:extension:CustomExt:2.0:User",
                    "badge",
                    None,
                ),
                None,
                None,
            ),
            (
                r#"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#,
                AttrPath::simple("members"),
                Some(eq("value", "2819c223-7f76-453a-919d-413861904646")),
                None,
            ),
            (
                r#"emails[type eq "work"].value"#,
                AttrPath::simple("emails"),
                Some(eq("type", "work")),
                Some("value"),
            ),
            (
                r#"roles[primary eq "True"].value"#,
                AttrPath::simple("roles"),
                Some(eq("primary", "True")),
                Some("value"),
            ),
            (
                r#"addresses[type eq "work" and primary EQ true].streetAddress"#,
                AttrPath::simple("addresses"),
                Some(Filter::And(
                    Box::new(eq("type", "work")),
                    Box::new(Filter::Compare(
                        AttrPath::simple("primary"),
                        CompareOp::Eq,
                        CompValue::Bool(true),
                    )),
                )),
                Some("streetAddress"),
            ),
            (
                r#"emails[ value eq "a]b" ]"#,
                AttrPath::simple("emails"),
                Some(eq("value", "a]b")),
                None,
            ),
        ];
        for (input, attr, filter, sub) in table {
            let p = ok(input);
            assert_eq!(p.attr, attr, "{input}");
            assert_eq!(p.filter, filter, "{input}");
            assert_eq!(p.sub_after_filter.as_deref(), sub, "{input}");
        }
        assert!(
            ok("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").is_whole_extension()
        );
        assert!(
            !ok("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager")
                .is_whole_extension()
        );
    }

    #[test]
    fn invalid_paths_are_invalid_path_errors() {
        let table: &[(&str, &str)] = &[
            ("", "empty"),
            ("   ", "empty"),
            ("emails[", "value filter is not valid"),
            (r#"emails[type eq "work""#, "expected \"]\""),
            (
                r#"emails[type eq "work"]value"#,
                "expected \".subAttribute\"",
            ),
            (r#"emails[type eq "work"].value.x"#, "subAttribute"),
            (r#"emails[type]"#, "expected a comparison operator"),
            (r#"emails[type eq "work"]]"#, "subAttribute"),
            (
                r#"name.givenName[value eq "x"]"#,
                "must follow a multi-valued attribute",
            ),
            ("9name", "expected an attribute name"),
            ("name.given.extra", "expected an attribute name"),
            ("user name", "expected an attribute name"),
            ("urn:", "expected an attribute name"),
            (r#"emails[type eq "x"] "#, ""),
        ];
        for (input, fragment) in table {
            match parse(input) {
                Ok(p) if fragment.is_empty() => assert!(p.filter.is_some()),
                Ok(p) => panic!("{input:?} parsed as {p:?}"),
                Err(err) => {
                    assert_eq!(err.status, 400);
                    assert_eq!(err.scim_type, Some(crate::scim::ScimType::InvalidPath));
                    assert!(err.detail.contains(fragment), "{input:?}: {}", err.detail);
                }
            }
        }
    }

    #[test]
    fn filter_errors_point_into_the_whole_path() {
        let err = parse(r#"emails[type = "work"]"#).expect_err("bad operator");
        assert!(err.detail.contains("at position 12"), "{}", err.detail);
    }

    #[test]
    fn display_round_trips() {
        for input in [
            "userName",
            "name.givenName",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
            r#"members[value eq "x"]"#,
            r#"emails[type eq "work" and primary eq true].value"#,
        ] {
            let p = ok(input);
            assert_eq!(p.to_string(), input);
            assert_eq!(ok(&p.to_string()), p);
        }
    }

    proptest! {
        #[test]
        fn path_parser_never_panics(input in any::<String>()) {
            let _ = parse(&input);
        }

        #[test]
        fn printed_paths_parse_back_equal(
            path in arb_path(),
            filter in proptest::option::of(arb_val_filter()),
            sub in proptest::option::of(arb_name()),
            whole in any::<bool>(),
        ) {
            let p = match (whole, filter) {
                (true, _) => PatchPath {
                    attr: AttrPath { urn: Some(ENTERPRISE_USER_SCHEMA.to_owned()), name: String::new(), sub: None },
                    filter: None,
                    sub_after_filter: None,
                },
                (false, None) => PatchPath { attr: path, filter: None, sub_after_filter: None },
                (false, Some(f)) => PatchPath {
                    attr: AttrPath { sub: None, ..path },
                    filter: Some(f),
                    sub_after_filter: sub,
                },
            };
            let text = p.to_string();
            prop_assert_eq!(parse(&text).ok(), Some(p), "{}", text);
        }

        #[test]
        fn path_parser_never_panics_on_path_like_text(input in r#"[a-z\[\]". :$0-9]{0,40}"#) {
            let _ = parse(&input);
        }
    }
}
