//! The JUnit XML report (`--junit FILE`), built from the [`Outcome`] so that CI dashboards read
//! the verdict the exit code gives: one `<testsuite>` per feature file, one `<testcase>` per
//! scenario.
//!
//! | scenario | element |
//! |---|---|
//! | failure that counts (MUST; SHOULD with `--strict`) | `<failure type="MUST" message="rule">` text and evidence |
//! | undefined step (counts at every level) | `<failure type="undefined-step">` |
//! | behaviour changed (snapshot drift, counts) | `<failure type="drift">` |
//! | failure that does not count (MAY; SHOULD without `--strict`) | `<skipped message="SHOULD failed (not counted): …">` |
//! | could not test (transport) | `<error type="could-not-test">` |
//! | capability not supported | `<skipped message="reason">` |
//!
//! So `failures > 0` exactly when the run exits 1, and `errors > 0` without failures exactly when
//! it exits 3. Each test case carries `level`, `tags`, `counted` and `rule` properties; a failed
//! one has every exchange it made in `<system-out>`.

use std::fmt::Write as _;
use std::path::Path;

use crate::harness::{Aborted, FailureKind, Outcome, ScenarioResult, Status};

use super::{evidence, tolerance_note};

/// What a scenario becomes in JUnit.
#[derive(Debug, PartialEq)]
enum Case {
    Passed,
    Failure { ty: String, message: String },
    Error { message: String },
    Skipped { message: String },
}

fn headline(s: &ScenarioResult) -> String {
    s.failure
        .as_deref()
        .and_then(|f| f.lines().next())
        .unwrap_or("(no message)")
        .to_owned()
}

fn case(s: &ScenarioResult, strict: bool) -> Case {
    match &s.status {
        Status::Passed => Case::Passed,
        Status::Skipped(reason) => Case::Skipped {
            message: reason.clone(),
        },
        Status::Failed(Some(FailureKind::CouldNotTest)) => Case::Error {
            message: headline(s),
        },
        Status::Failed(Some(FailureKind::Drift)) => Case::Failure {
            ty: "drift".to_owned(),
            message: headline(s),
        },
        Status::Failed(None) => Case::Failure {
            ty: "undefined-step".to_owned(),
            message: headline(s),
        },
        Status::Failed(Some(_)) if s.counts_as_failure(strict) => Case::Failure {
            ty: s.level.to_string(),
            message: s.rule.clone().unwrap_or_else(|| headline(s)),
        },
        Status::Failed(Some(_)) => Case::Skipped {
            message: format!("{} failed (not counted): {}", s.level, headline(s)),
        },
    }
}

/// Totals of a set of cases: tests, failures, errors, skipped.
fn totals<'a>(cases: impl Iterator<Item = &'a Case>) -> [usize; 4] {
    let mut t = [0; 4];
    for c in cases {
        t[0] += 1;
        match c {
            Case::Passed => {}
            Case::Failure { .. } => t[1] += 1,
            Case::Error { .. } => t[2] += 1,
            Case::Skipped { .. } => t[3] += 1,
        }
    }
    t
}

/// The JUnit XML text.
pub fn render(outcome: &Outcome) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if let Some(aborted) = &outcome.aborted {
        let (ty, reason) = match aborted {
            Aborted::Usage(r) => ("usage", r),
            Aborted::CouldNotTest(r) => ("could-not-test", r),
        };
        let _ = write!(
            out,
            "<testsuites name=\"scim-harness\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0.000\">\n\
             <testsuite name=\"scim-harness\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0.000\">\n\
             <testcase name=\"run\" classname=\"scim-harness\" time=\"0.000\">\n\
             <error type=\"{ty}\" message=\"{}\">{}</error>\n</testcase>\n</testsuite>\n</testsuites>\n",
            attr(reason),
            text(reason)
        );
        return out;
    }
    let cases: Vec<(&ScenarioResult, Case)> = outcome
        .scenarios
        .iter()
        .map(|s| (s, case(s, outcome.strict)))
        .collect();
    let secs = |list: &[&(&ScenarioResult, Case)]| -> f64 {
        list.iter().map(|(s, _)| s.duration.as_secs_f64()).sum()
    };
    let all: Vec<&(&ScenarioResult, Case)> = cases.iter().collect();
    let [tests, failures, errors, skipped] = totals(cases.iter().map(|(_, c)| c));
    let _ = writeln!(
        out,
        "<testsuites name=\"scim-harness\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"{:.3}\">",
        secs(&all)
    );
    let mut files: Vec<&str> = Vec::new();
    for (s, _) in &cases {
        if !files.contains(&s.path.as_str()) {
            files.push(&s.path);
        }
    }
    for file in files {
        let suite: Vec<&(&ScenarioResult, Case)> =
            cases.iter().filter(|(s, _)| s.path == file).collect();
        let [tests, failures, errors, skipped] = totals(suite.iter().map(|(_, c)| c));
        let feature = suite.first().map_or("", |(s, _)| s.feature.as_str());
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" file=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"{:.3}\">",
            attr(&format!("{file}: {feature}")),
            attr(file),
            secs(&suite)
        );
        for (s, c) in suite {
            testcase(&mut out, s, c, outcome.strict);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn testcase(out: &mut String, s: &ScenarioResult, c: &Case, strict: bool) {
    // `features/okta/group_push.feature` → `features.okta.group_push` (dashboards split on dots).
    let classname = s
        .path
        .trim_end_matches(".feature")
        .replace(['/', '\\', '.'], ".");
    let _ = writeln!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\" time=\"{:.3}\">",
        attr(&s.name),
        attr(&classname),
        attr(&s.path),
        s.line,
        s.duration.as_secs_f64()
    );
    let tags: Vec<String> = s.tags.iter().map(|t| format!("@{t}")).collect();
    out.push_str("      <properties>\n");
    for (name, value) in [
        ("level", s.level.to_string()),
        ("tags", tags.join(" ")),
        (
            "counted",
            (matches!(s.status, Status::Failed(_)) && s.counts_as_failure(strict)).to_string(),
        ),
        ("rule", s.rule.clone().unwrap_or_default()),
    ] {
        let _ = writeln!(
            out,
            "        <property name=\"{name}\" value=\"{}\"/>",
            attr(&value)
        );
    }
    out.push_str("      </properties>\n");
    let mut body = evidence::failure_text(s);
    if let Some(note) = tolerance_note(s) {
        body.push('\n');
        body.push_str(&note);
    }
    match c {
        Case::Passed => {}
        Case::Failure { ty, message } => {
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                attr(ty),
                attr(message),
                text(&body)
            );
        }
        Case::Error { message } => {
            let _ = writeln!(
                out,
                "      <error type=\"could-not-test\" message=\"{}\">{}</error>",
                attr(message),
                text(&body)
            );
        }
        Case::Skipped { message } if matches!(s.status, Status::Failed(_)) => {
            // A failure that does not count: skipped for the dashboard, the text still there.
            let _ = writeln!(
                out,
                "      <skipped message=\"{}\">{}</skipped>",
                attr(message),
                text(&body)
            );
        }
        Case::Skipped { message } => {
            let _ = writeln!(out, "      <skipped message=\"{}\"/>", attr(message));
        }
    }
    if matches!(s.status, Status::Failed(_)) && !s.exchanges.is_empty() {
        let _ = writeln!(
            out,
            "      <system-out>{}</system-out>",
            text(&evidence::all(s))
        );
    }
    out.push_str("    </testcase>\n");
}

/// Characters XML 1.0 cannot hold even escaped (most C0 controls, U+FFFE/U+FFFF), shown as
/// `\u{1b}` so the evidence stays readable.
fn legal(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn escape(raw: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\'' if in_attribute => out.push_str("&apos;"),
            // An attribute's newlines and tabs would be normalised to spaces by the parser.
            '\n' if in_attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            c if legal(c) => out.push(c),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    out
}

fn attr(raw: &str) -> String {
    escape(raw, true)
}

fn text(raw: &str) -> String {
    escape(raw, false)
}

/// Write the JUnit report to `path`.
pub fn write(outcome: &Outcome, path: &Path) -> std::io::Result<()> {
    std::fs::write(path, render(outcome))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::harness::Level;
    use crate::report::evidence::tests::{failed_scenario, patch_exchange};
    use quick_xml::events::Event;

    /// Parse `xml` fully (quick-xml checks nesting and escapes); each element with its attributes
    /// (unescaped) and its text.
    /// An element: its name, its attributes (unescaped) and its text.
    type Element = (String, Vec<(String, String)>, String);

    fn parse(xml: &str) -> Vec<Element> {
        let mut reader = quick_xml::Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        let mut out: Vec<Element> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Eof => break,
                e @ (Event::Start(_) | Event::Empty(_)) => {
                    let (Event::Start(t) | Event::Empty(t)) = &e else {
                        unreachable!()
                    };
                    let name = String::from_utf8(t.name().as_ref().to_vec()).unwrap();
                    let attrs = t
                        .attributes()
                        .map(|a| {
                            let a = a.unwrap();
                            (
                                String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .unwrap()
                                    .into_owned(),
                            )
                        })
                        .collect();
                    out.push((name, attrs, String::new()));
                    if matches!(e, Event::Start(_)) {
                        open.push(out.len() - 1);
                    }
                }
                Event::End(_) => {
                    open.pop();
                }
                Event::Text(t) => {
                    if let Some(&i) = open.last() {
                        out[i].2.push_str(&t.decode().unwrap());
                    }
                }
                Event::GeneralRef(r) => {
                    if let Some(&i) = open.last() {
                        let name = r.decode().unwrap();
                        let c = match name.as_ref() {
                            "amp" => "&".to_owned(),
                            "lt" => "<".to_owned(),
                            "gt" => ">".to_owned(),
                            "quot" => "\"".to_owned(),
                            "apos" => "'".to_owned(),
                            other => {
                                let n = other.trim_start_matches('#');
                                char::from_u32(n.parse().unwrap()).unwrap().to_string()
                            }
                        };
                        out[i].2.push_str(&c);
                    }
                }
                _ => {}
            }
        }
        assert!(open.is_empty(), "unclosed elements");
        out
    }

    fn attr_of<'a>(el: &'a Element, name: &str) -> &'a str {
        el.1.iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    fn outcome() -> Outcome {
        let must = failed_scenario(
            vec![patch_exchange(
                "{\"detail\":\"<bad> & \\u0001 \\\"x\\\"\"}\u{1b}[0m",
            )],
            Some(0),
        );
        let mut should = failed_scenario(vec![patch_exchange("{}")], Some(0));
        should.level = Level::Should;
        should.name = "a SHOULD".into();
        let mut may_passed = failed_scenario(Vec::new(), None);
        may_passed.status = Status::Passed;
        may_passed.name = "passes".into();
        let mut skipped = failed_scenario(Vec::new(), None);
        skipped.status = Status::Skipped("the target declares etag.supported = false".into());
        skipped.path = "features/protocol/etag.feature".into();
        let mut untested = failed_scenario(Vec::new(), None);
        untested.status = Status::Failed(Some(FailureKind::CouldNotTest));
        untested.failure = Some("could not test: no response: timed out".into());
        untested.path = "features/protocol/etag.feature".into();
        let mut drift = failed_scenario(Vec::new(), None);
        drift.status = Status::Failed(Some(FailureKind::Drift));
        drift.failure = Some("behaviour changed: …".into());
        Outcome {
            scenarios: vec![must, should, may_passed, drift, skipped, untested],
            ..Outcome::default()
        }
    }

    #[test]
    fn counts_match_the_verdict_and_not_counted_failures_are_skipped() {
        let o = outcome();
        assert_eq!(o.exit_code(), 1);
        let els = parse(&render(&o));
        let root = &els[0];
        assert_eq!(root.0, "testsuites");
        assert_eq!(
            [
                attr_of(root, "tests"),
                attr_of(root, "failures"),
                attr_of(root, "errors"),
                attr_of(root, "skipped")
            ],
            ["6", "2", "1", "2"]
        );
        let failures: Vec<_> = els.iter().filter(|e| e.0 == "failure").collect();
        assert_eq!(attr_of(failures[0], "type"), "MUST");
        assert_eq!(attr_of(failures[0], "message"), "RFC 7644 §3.5.2 MUST");
        assert_eq!(attr_of(failures[1], "type"), "drift");
        let skipped: Vec<_> = els.iter().filter(|e| e.0 == "skipped").collect();
        assert!(
            attr_of(skipped[0], "message")
                .starts_with("SHOULD failed (not counted): response status: expected 204"),
            "{skipped:?}"
        );
        assert_eq!(
            attr_of(skipped[1], "message"),
            "the target declares etag.supported = false"
        );
        let errors: Vec<_> = els.iter().filter(|e| e.0 == "error").collect();
        assert_eq!(
            attr_of(errors[0], "message"),
            "could not test: no response: timed out"
        );
        // With --strict the SHOULD counts: one more failure, one fewer skipped.
        let strict = Outcome { strict: true, ..o };
        let els = parse(&render(&strict));
        assert_eq!(attr_of(&els[0], "failures"), "3");
        assert_eq!(attr_of(&els[0], "skipped"), "1");
    }

    #[test]
    fn failures_carry_the_text_and_full_evidence_escaped() {
        let els = parse(&render(&outcome()));
        let failure = els.iter().find(|e| e.0 == "failure").unwrap();
        assert!(
            failure
                .2
                .contains("> PATCH http://127.0.0.1:1/scim/v2/Users/42"),
            "{}",
            failure.2
        );
        assert!(failure.2.contains("<bad> & \\u0001"), "{}", failure.2);
        assert!(failure.2.contains("\\u{1b}[0m"), "{}", failure.2);
        let case = els.iter().find(|e| e.0 == "testcase").unwrap();
        assert_eq!(attr_of(case, "name"), "Deactivate <user> & \"quote\"");
        assert_eq!(attr_of(case, "classname"), "features.okta.x");
        let props: Vec<_> = els.iter().filter(|e| e.0 == "property").take(4).collect();
        assert_eq!(attr_of(props[0], "value"), "MUST");
        assert_eq!(attr_of(props[1], "value"), "@must @okta-oin");
        assert_eq!(attr_of(props[2], "value"), "true");
        let out = els.iter().find(|e| e.0 == "system-out").unwrap();
        assert!(out.2.starts_with("exchange 1 of 1 (12 ms):"), "{}", out.2);
    }

    #[test]
    fn a_multi_line_message_survives_attribute_normalisation() {
        let mut s = failed_scenario(Vec::new(), None);
        s.rule = Some("line one\nline\ttwo".into());
        let o = Outcome {
            scenarios: vec![s],
            ..Outcome::default()
        };
        let els = parse(&render(&o));
        let failure = els.iter().find(|e| e.0 == "failure").unwrap();
        assert_eq!(attr_of(failure, "message"), "line one\nline\ttwo");
    }

    #[test]
    fn an_aborted_run_is_one_error() {
        let o = Outcome::aborted("t", Aborted::CouldNotTest("no <answer>".into()));
        let els = parse(&render(&o));
        assert_eq!(attr_of(&els[0], "errors"), "1");
        let error = els.iter().find(|e| e.0 == "error").unwrap();
        assert_eq!(attr_of(error, "message"), "no <answer>");
    }

    #[test]
    fn attributes_keep_newlines_and_illegal_characters_become_visible() {
        assert_eq!(attr("a\nb\"<"), "a&#10;b&quot;&lt;");
        assert_eq!(text("a\u{0}b\u{FFFF}"), "a\\u{0}b\\u{ffff}");
    }
}
