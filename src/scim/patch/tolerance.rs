//! The documented deviations from RFC 7643/7644 that the default mode accepts, and how Strict
//! mode refuses each one.
//!
//! One table so that the README, the reports and every strict-mode error name a deviation the
//! same way: a client author who reads `tolerated by default as op-case` can find the row.

use crate::scim::{ScimError, ScimType};

/// One tolerance: its stable name (feature files tag scenarios `@tolerance-<name>`), what the
/// default mode accepts and where identity providers send it, and the rule Strict mode enforces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tolerance {
    pub name: &'static str,
    pub tolerated: &'static str,
    pub rule: &'static str,
}

/// Every deviation the default mode tolerates (`Compliance::Tolerant`) and Strict refuses.
pub const TOLERANCES: &[Tolerance] = &[
    Tolerance {
        name: "op-case",
        tolerated: "PATCH `op` in any case (`Add`, `Replace`, `Remove`): Entra default dialect \
                    (entra-flows §0.2, Q1)",
        rule: "RFC 7644 §3.5.2: op is one of add, remove, replace",
    },
    Tolerance {
        name: "string-boolean",
        tolerated: "boolean attributes given as the strings \"True\"/\"False\"/\"true\"/\"false\", \
                    also in path filters (`roles[primary eq \"True\"]`): Entra `active`, validator \
                    `roles.primary` (entra-flows §1.9, Q2, Q3); OneLogin templates' \
                    `\"active\": \"{$user.active}\"` (docs/idp/onelogin.md §1.3, §3 Q6)",
        rule: "RFC 7643 §2.3.2: booleans are JSON true/false",
    },
    Tolerance {
        name: "members-remove-value",
        tolerated: "`remove` carrying a `value`: on a multi-valued attribute (`members`) it removes \
                    only the listed elements, matched by `value` (entra-flows §2.7, Q4); elsewhere \
                    the value is ignored (entra-flows §1.7 g); OneLogin and JumpCloud remove \
                    members the same way (docs/idp/onelogin.md §2.4, docs/idp/jumpcloud.md §2.4)",
        rule: "RFC 7644 §3.5.2.2: remove takes no value; select elements with a value filter \
               such as members[value eq \"…\"]",
    },
    Tolerance {
        name: "dotted-keys",
        tolerated: "keys of a path-less add/replace value (or of a POST/PUT body) that are paths: \
                    `name.givenName`, `urn:…:enterprise:2.0:User:employeeNumber` \
                    (entra-flows §1.7 e, Q6, Q7)",
        rule: "RFC 7644 §3.5.2.1/§3.5.2.3: a path-less value holds attributes as in a resource \
               (sub-attributes nested, extension attributes under their schema URN)",
    },
    Tolerance {
        name: "filter-creates",
        tolerated: "add/replace on a value-filtered path that matches nothing creates the element \
                    from the filter's `eq` values (`emails[type eq \"work\"].value`; entra-flows \
                    §1.7 f, Q8, validator U9)",
        rule: "RFC 7644 §3.5.2.3 and §3.12: a filter that yields no match is 400 noTarget",
    },
    Tolerance {
        name: "manager-string",
        tolerated: "enterprise `manager` as a bare id string, as a one-element array (legacy \
                    Example 5), and `\"\"` / `{\"value\":\"\"}` meaning removal (entra-flows §1.5, \
                    Q10, Q11)",
        rule: "RFC 7643 §4.3: manager is a single complex attribute {value, $ref, displayName}; \
               remove it with op remove (RFC 7644 §3.5.2.2)",
    },
    Tolerance {
        name: "role-json-string",
        tolerated: "role values that are JSON strings embedding an object \
                    (`{\"id\":…,\"value\":…,\"displayName\":…}`), and role objects using \
                    `displayName` for `display` (entra-flows §1.8, Q12, Q13)",
        rule: "RFC 7643 §4.1.2: roles[].value is a plain string and the label sub-attribute is \
               display",
    },
    Tolerance {
        name: "remove-no-match",
        tolerated: "remove with a value filter that matches nothing succeeds as a no-op: Okta \
                    re-sends removals (okta-flows §2.3, Q14)",
        rule: "RFC 7644 §3.12 Table 9: a path whose filter yields no match is 400 noTarget",
    },
    Tolerance {
        name: "missing-schemas",
        tolerated: "a PatchOp body without the PatchOp URN in `schemas`: Okta's logged path-less \
                    group pushes (okta-flows §2.4)",
        rule: "RFC 7644 §3.5.2: the body's schemas MUST contain \
               urn:ietf:params:scim:api:messages:2.0:PatchOp",
    },
    Tolerance {
        name: "legacy-schema-urn",
        tolerated: "SCIM 1.x-style URNs in a POST/PUT body's `schemas` \
                    (`urn:scim:schemas:core:2.0`, `urn:scim:schemas:extension:enterprise:2.0`, \
                    `urn:scim:schemas:core:1.0`) read as the resource type's RFC 7643 schemas: \
                    OneLogin templates (docs/idp/onelogin.md §1.5, §3 Q3)",
        rule: "RFC 7643 §3 and §8.7: schemas holds the schema URIs of RFC 7643 \
               (urn:ietf:params:scim:schemas:core:2.0:User, …)",
    },
    Tolerance {
        name: "multi-valued-object",
        tolerated: "a multi-valued complex attribute of a POST/PUT body given as one object \
                    (`\"emails\": {\"value\": …}`) read as a one-element array: OneLogin \
                    (docs/idp/onelogin.md §3 Q4)",
        rule: "RFC 7643 §2.4: a multi-valued attribute is a JSON array",
    },
    Tolerance {
        name: "bare-token",
        tolerated: "an `Authorization` header holding the token without the `Bearer` scheme: \
                    Okta AIW \"HTTP Header\" mode sends what the admin typed (okta-flows §0.2, \
                    Q19); enforced by the server's authentication",
        rule: "RFC 7644 §2 and RFC 6750 §2.1: credentials are `Bearer <token>`; anything else \
               is 401",
    },
];

/// The row called `name`.
pub fn tolerance(name: &str) -> Option<&'static Tolerance> {
    TOLERANCES.iter().find(|t| t.name == name)
}

/// The table as Markdown (`| name | tolerated by default | rule under --strict |`), for the
/// README and reports.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| name | tolerated by default (source) | rule enforced by `--strict` |\n|---|---|---|\n",
    );
    for t in TOLERANCES {
        let cell = |s: &str| {
            s.replace('|', "\\|")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            t.name,
            cell(t.tolerated),
            cell(t.rule)
        ));
    }
    out
}

/// The Strict-mode 400 for a request that relies on tolerance `name`: the deviation, the rule,
/// and the tolerance's name, e.g. `op "Replace" is not one of add, remove, replace (RFC 7644
/// §3.5.2: …; tolerated by default as op-case)`.
pub fn refuse(name: &str, scim_type: ScimType, deviation: impl std::fmt::Display) -> ScimError {
    let rule = tolerance(name).map_or("RFC 7643/7644", |t| t.rule);
    ScimError::bad_request(
        scim_type,
        format!("{deviation} ({rule}; tolerated by default as {name})"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case() {
        for (i, t) in TOLERANCES.iter().enumerate() {
            assert!(
                t.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                t.name
            );
            assert!(
                TOLERANCES[i + 1..].iter().all(|o| o.name != t.name),
                "{}",
                t.name
            );
        }
    }

    #[test]
    fn markdown_lists_every_tolerance() {
        let md = markdown_table();
        assert_eq!(md.lines().count(), TOLERANCES.len() + 2);
        assert!(md.contains("| `op-case` |"), "{md}");
    }

    #[test]
    fn refusal_names_the_tolerance_and_rule() {
        let e = refuse(
            "op-case",
            ScimType::InvalidSyntax,
            "op \"Replace\" is not lower case",
        );
        assert_eq!(e.status, 400);
        assert!(e.detail.contains("RFC 7644 §3.5.2"), "{}", e.detail);
        assert!(
            e.detail.ends_with("tolerated by default as op-case)"),
            "{}",
            e.detail
        );
    }

    /// The README's table is this table: a tolerance added here must be documented there.
    #[test]
    fn the_readme_lists_every_tolerance_exactly() {
        let readme = include_str!("../../../README.md");
        let start = readme
            .find("<!-- tolerance-table:")
            .and_then(|i| readme[i..].find('\n').map(|j| i + j + 1))
            .expect("README has the tolerance-table marker");
        let end = readme
            .find("<!-- end tolerance-table -->")
            .expect("end marker");
        assert_eq!(
            readme[start..end].trim(),
            markdown_table().trim(),
            "README.md's tolerance table differs from TOLERANCES"
        );
    }
}
