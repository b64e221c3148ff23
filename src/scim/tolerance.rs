//! [`Compliance`] and the [`Tolerance`]s: the documented deviations from RFC 7643/7644 that the
//! default mode accepts, and how Strict mode refuses each one.
//!
//! One enum so that the README, the reports and every strict-mode error name a deviation the
//! same way: a client author who reads `tolerated by default as op-case` can find the row, and a
//! call site cannot misspell a tolerance (it names a variant). Every call site goes through
//! [`Compliance::tolerate`], which refuses under Strict and, when tolerant, records at `debug`
//! which tolerance fired (the server's log shows it; the model does no other I/O).

use crate::scim::{ScimError, ScimType};

/// How the model treats requests that leave the RFC in ways real identity providers do.
///
/// `Tolerant` (the default) accepts the documented Okta and Entra deviations and does what the
/// identity provider meant; `Strict` rejects each of them with a 400 whose `detail` names the
/// deviation and the rule it breaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Compliance {
    #[default]
    Tolerant,
    Strict,
}

impl Compliance {
    /// A request relies on tolerance `t`: under Strict, the 400 that names it (see
    /// [`Tolerance::refuse`]); otherwise `Ok`, with a `debug` event naming the tolerance.
    /// `deviation` is only computed when it is needed.
    pub fn tolerate(
        self,
        t: Tolerance,
        scim_type: ScimType,
        deviation: impl FnOnce() -> String,
    ) -> Result<(), ScimError> {
        match self {
            Compliance::Strict => Err(t.refuse(scim_type, deviation())),
            Compliance::Tolerant => {
                tracing::debug!(
                    tolerance = t.name(),
                    "tolerated an identity-provider deviation"
                );
                fired(t);
                Ok(())
            }
        }
    }
}

tokio::task_local! {
    /// The tolerances a computation run under [`observing`] relied on, in first-use order.
    static FIRED: std::cell::RefCell<Vec<Tolerance>>;
}

/// Run `work` and also return the tolerances it relied on (each once, in first-use order):
/// the mock's journal shows them per request. Outside `observing`, nothing is recorded.
pub async fn observing<F: std::future::Future>(work: F) -> (F::Output, Vec<Tolerance>) {
    FIRED
        .scope(std::cell::RefCell::new(Vec::new()), async move {
            let out = work.await;
            (out, FIRED.with(|fired| fired.take()))
        })
        .await
}

fn fired(t: Tolerance) {
    let _ = FIRED.try_with(|fired| {
        let mut fired = fired.borrow_mut();
        if !fired.contains(&t) {
            fired.push(t);
        }
    });
}

/// One deviation the default mode tolerates (`Compliance::Tolerant`) and Strict refuses. Its
/// stable [`name`](Tolerance::name) tags feature-file scenarios `@tolerance-<name>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tolerance {
    OpCase,
    StringBoolean,
    MembersRemoveValue,
    DottedKeys,
    FilterCreates,
    ManagerString,
    RoleJsonString,
    RemoveNoMatch,
    MissingSchemas,
    BareToken,
    AuthScheme,
    DuplicatePrimary,
    LegacySchemaUrn,
    MultiValuedObject,
}

impl Tolerance {
    /// Every tolerance, in the README's order.
    pub const ALL: &'static [Tolerance] = &[
        Tolerance::OpCase,
        Tolerance::StringBoolean,
        Tolerance::MembersRemoveValue,
        Tolerance::DottedKeys,
        Tolerance::FilterCreates,
        Tolerance::ManagerString,
        Tolerance::RoleJsonString,
        Tolerance::RemoveNoMatch,
        Tolerance::MissingSchemas,
        Tolerance::BareToken,
        Tolerance::AuthScheme,
        Tolerance::DuplicatePrimary,
        Tolerance::LegacySchemaUrn,
        Tolerance::MultiValuedObject,
    ];

    /// The stable kebab-case name (`op-case`), as in `@tolerance-op-case` and the README.
    pub const fn name(self) -> &'static str {
        match self {
            Tolerance::OpCase => "op-case",
            Tolerance::StringBoolean => "string-boolean",
            Tolerance::MembersRemoveValue => "members-remove-value",
            Tolerance::DottedKeys => "dotted-keys",
            Tolerance::FilterCreates => "filter-creates",
            Tolerance::ManagerString => "manager-string",
            Tolerance::RoleJsonString => "role-json-string",
            Tolerance::RemoveNoMatch => "remove-no-match",
            Tolerance::MissingSchemas => "missing-schemas",
            Tolerance::BareToken => "bare-token",
            Tolerance::MultiValuedObject => "multi-valued-object",
            Tolerance::LegacySchemaUrn => "legacy-schema-urn",
            Tolerance::DuplicatePrimary => "duplicate-primary",
            Tolerance::AuthScheme => "auth-scheme",
        }
    }

    /// What the default mode accepts, and which identity provider sends it (with its source).
    pub const fn tolerated(self) -> &'static str {
        match self {
            Tolerance::OpCase => {
                "PATCH `op` in any case (`Add`, `Replace`, `Remove`): Entra default dialect \
                 (docs/idp/entra.md §0.2, Q1)"
            }
            Tolerance::StringBoolean => {
                "boolean attributes given as the strings \"True\"/\"False\"/\"true\"/\"false\", \
                 also in path filters (`roles[primary eq \"True\"]`): Entra `active`, validator \
                 `roles.primary` (docs/idp/entra.md §1.9, Q2, Q3); OneLogin templates' \
                 `\"active\": \"{$user.active}\"` (docs/idp/onelogin.md §1.3, §3 Q6)"
            }
            Tolerance::MembersRemoveValue => {
                "`remove` carrying a `value`: on a multi-valued attribute (`members`) it removes \
                 only the listed elements, matched by `value` (docs/idp/entra.md §2.7, Q4); elsewhere \
                 the value is ignored (docs/idp/entra.md §1.7 g); OneLogin and JumpCloud remove \
                 members the same way (docs/idp/onelogin.md §2.4, docs/idp/jumpcloud.md §2.4)"
            }
            Tolerance::DottedKeys => {
                "keys of a path-less add/replace value (or of a POST/PUT body) that are paths: \
                 `name.givenName`, `urn:…:enterprise:2.0:User:employeeNumber` \
                 (docs/idp/entra.md §1.7 e, Q6, Q7)"
            }
            Tolerance::FilterCreates => {
                "add/replace on a value-filtered path that matches nothing creates the element \
                 from the filter's `eq` values (`emails[type eq \"work\"].value`; \
                 docs/idp/entra.md §1.7 f, Q8, validator U9)"
            }
            Tolerance::ManagerString => {
                "enterprise `manager` as a bare id string, as a one-element array (legacy \
                 Example 5), and `\"\"` / `{\"value\":\"\"}` meaning removal (docs/idp/entra.md §1.5, \
                 Q10, Q11)"
            }
            Tolerance::RoleJsonString => {
                "role values that are JSON strings embedding an object \
                 (`{\"id\":…,\"value\":…,\"displayName\":…}`), and role objects using \
                 `displayName` for `display` (docs/idp/entra.md §1.8, Q12, Q13)"
            }
            Tolerance::RemoveNoMatch => {
                "remove with a value filter that matches nothing succeeds as a no-op: Okta \
                 re-sends removals (docs/idp/okta.md §2.3, Q14)"
            }
            Tolerance::MissingSchemas => {
                "a PatchOp body without the PatchOp URN in `schemas`: Okta's logged path-less \
                 group pushes (docs/idp/okta.md §2.4)"
            }
            Tolerance::BareToken => {
                "an `Authorization` header holding the token without the `Bearer` scheme: \
                 Okta AIW \"HTTP Header\" mode sends what the admin typed (docs/idp/okta.md §0.2, \
                 Q19); enforced by the server's authentication"
            }
            Tolerance::MultiValuedObject => {
                "a multi-valued complex attribute of a POST/PUT body given as one object \
                 (`\"emails\": {\"value\": …}`) read as a one-element array: OneLogin \
                 (docs/idp/onelogin.md §3 Q4)"
            }
            Tolerance::LegacySchemaUrn => {
                "SCIM 1.x-style URNs in a POST/PUT body's `schemas` \
                 (`urn:scim:schemas:core:2.0`, `urn:scim:schemas:extension:enterprise:2.0`, \
                 `urn:scim:schemas:core:1.0`) read as the resource type's RFC 7643 schemas: \
                 OneLogin templates (docs/idp/onelogin.md §1.5, §3 Q3)"
            }
            Tolerance::DuplicatePrimary => {
                "more than one element with `\"primary\": true` in a POST or PUT value: Ping \
                 writes one address into two email slots and flags both (docs/idp/ping.md \
                 §1.4, Q7); the first stays primary, the others lose the flag"
            }
            Tolerance::AuthScheme => {
                "an `Authorization` header whose scheme word is not `Bearer` (`oauth2 <token>`, \
                 a custom word): PingFederate's \"Authorization Header Type\" and PingOne's \
                 \"Auth Type Header\" are admin-chosen (docs/idp/ping.md §0.3, Q5); `Basic` \
                 stays refused; enforced by the server's authentication"
            }
        }
    }

    /// The rule Strict mode enforces instead.
    pub const fn rule(self) -> &'static str {
        match self {
            Tolerance::OpCase => "RFC 7644 §3.5.2: op is one of add, remove, replace",
            Tolerance::StringBoolean => "RFC 7643 §2.3.2: booleans are JSON true/false",
            Tolerance::MembersRemoveValue => {
                "RFC 7644 §3.5.2.2: remove takes no value; select elements with a value filter \
                 such as members[value eq \"…\"]"
            }
            Tolerance::DottedKeys => {
                "RFC 7644 §3.5.2.1/§3.5.2.3: a path-less value holds attributes as in a resource \
                 (sub-attributes nested, extension attributes under their schema URN)"
            }
            Tolerance::FilterCreates => {
                "RFC 7644 §3.5.2.3 and §3.12: a filter that yields no match is 400 noTarget"
            }
            Tolerance::ManagerString => {
                "RFC 7643 §4.3: manager is a single complex attribute {value, $ref, displayName}; \
                 remove it with op remove (RFC 7644 §3.5.2.2)"
            }
            Tolerance::RoleJsonString => {
                "RFC 7643 §4.1.2: roles[].value is a plain string and the label sub-attribute is \
                 display"
            }
            Tolerance::RemoveNoMatch => {
                "RFC 7644 §3.12 Table 9: a path whose filter yields no match is 400 noTarget"
            }
            Tolerance::MissingSchemas => {
                "RFC 7644 §3.5.2: the body's schemas MUST contain \
                 urn:ietf:params:scim:api:messages:2.0:PatchOp"
            }
            Tolerance::BareToken => {
                "RFC 7644 §2 and RFC 6750 §2.1: credentials are `Bearer <token>`; anything else \
                 is 401"
            }
            Tolerance::MultiValuedObject => {
                "RFC 7643 §2.4: a multi-valued attribute is a JSON array"
            }
            Tolerance::LegacySchemaUrn => {
                "RFC 7643 §3 and §8.7: schemas holds the schema URIs of RFC 7643 \
                 (urn:ietf:params:scim:schemas:core:2.0:User, …)"
            }
            Tolerance::DuplicatePrimary => {
                "RFC 7643 §2.4: the primary attribute value true MUST appear no more than once"
            }
            Tolerance::AuthScheme => {
                "RFC 7644 §2 and RFC 6750 §2.1: credentials are `Bearer <token>`; anything else \
                 is 401"
            }
        }
    }

    /// The tolerance called `name` (`op-case`), e.g. from a `@tolerance-<name>` tag.
    pub fn from_name(name: &str) -> Option<Tolerance> {
        Tolerance::ALL.iter().copied().find(|t| t.name() == name)
    }

    /// The Strict-mode detail for a request that relies on this tolerance: the deviation, the
    /// rule, and the name, e.g. `op "Replace" is not one of add, remove, replace (RFC 7644
    /// §3.5.2: …; tolerated by default as op-case)`.
    pub fn refusal(self, deviation: impl std::fmt::Display) -> String {
        format!(
            "{deviation} ({}; tolerated by default as {})",
            self.rule(),
            self.name()
        )
    }

    /// The Strict-mode 400 carrying [`refusal`](Tolerance::refusal).
    pub fn refuse(self, scim_type: ScimType, deviation: impl std::fmt::Display) -> ScimError {
        ScimError::bad_request(scim_type, self.refusal(deviation))
    }
}

impl std::fmt::Display for Tolerance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The table as Markdown (`| name | tolerated by default | rule under --strict |`), for the
/// README and reports.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| name | tolerated by default (source) | rule enforced by `--strict` |\n|---|---|---|\n",
    );
    for t in Tolerance::ALL {
        let cell = |s: &str| {
            s.replace('|', "\\|")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            t.name(),
            cell(t.tolerated()),
            cell(t.rule())
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_round_trip() {
        for (i, t) in Tolerance::ALL.iter().enumerate() {
            assert!(
                t.name().chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{t}"
            );
            assert!(
                Tolerance::ALL[i + 1..].iter().all(|o| o.name() != t.name()),
                "{t}"
            );
            assert_eq!(Tolerance::from_name(t.name()), Some(*t));
        }
        assert_eq!(Tolerance::from_name("op_case"), None);
    }

    #[test]
    fn markdown_lists_every_tolerance() {
        let md = markdown_table();
        assert_eq!(md.lines().count(), Tolerance::ALL.len() + 2);
        assert!(md.contains("| `op-case` |"), "{md}");
    }

    #[test]
    fn strict_refuses_naming_the_tolerance_and_rule_and_tolerant_accepts() {
        let e = Compliance::Strict
            .tolerate(Tolerance::OpCase, ScimType::InvalidSyntax, || {
                "op \"Replace\" is not lower case".into()
            })
            .expect_err("strict refuses");
        assert_eq!(e.status, 400);
        assert!(e.detail.contains("RFC 7644 §3.5.2"), "{}", e.detail);
        assert!(
            e.detail.ends_with("tolerated by default as op-case)"),
            "{}",
            e.detail
        );
        let ok = Compliance::Tolerant.tolerate(Tolerance::OpCase, ScimType::InvalidSyntax, || {
            unreachable!("the deviation text is only built when refusing")
        });
        assert!(ok.is_ok());
    }

    /// The README's table is this table: a tolerance added here must be documented there.
    #[test]
    fn the_readme_lists_every_tolerance_exactly() {
        let readme = include_str!("../../README.md");
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
            "README.md's tolerance table differs from Tolerance::ALL"
        );
    }
}
