//! `CheckFailure`: why a step failed, in a text that stands alone.
//!
//! cucumber keeps only the `Display` of a step's error, so the message carries everything a reader
//! needs: expected and got, the request line, the truncated response, the rule (the scenario's
//! sentence and its tags) and a hint. Transport problems are a different kind ("could not test").

use std::fmt;

use super::exchange::Exchange;
use super::redact::Redactor;

/// What kind of failure a step met; it decides the verdict of the scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// The target broke the rule the step checks.
    Violation,
    /// A setup step (fixture) did not work: the scenario's own check was never reached.
    Setup,
    /// The target could not be reached or answered nothing usable (connection, TLS, timeout).
    CouldNotTest,
    /// The feature file itself is wrong (an unknown saved name, a bad pointer or JSON literal).
    Feature,
    /// Every check passed, but the exchanges differ from the regression snapshot: behaviour
    /// changed, which is not the same as breaking a rule.
    Drift,
}

/// A failed check with its evidence (boxed: it travels in every step's `Result`).
#[derive(Clone, Debug, PartialEq)]
pub struct CheckFailure {
    pub kind: FailureKind,
    /// `response status: expected 201 Created, got 200 OK`
    pub headline: String,
    pub evidence: Box<Evidence>,
}

/// The lines under the headline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evidence {
    pub request: Option<String>,
    pub response: Option<String>,
    pub rule: Option<String>,
    pub hint: Option<String>,
    /// The exchange the request and response lines quote: the reports show it in full.
    pub exchange: Option<Box<Exchange>>,
}

impl CheckFailure {
    pub fn new(kind: FailureKind, headline: impl Into<String>) -> Self {
        CheckFailure {
            kind,
            headline: headline.into(),
            evidence: Box::default(),
        }
    }

    /// A failure whose evidence is `exchange`.
    pub fn with_exchange(mut self, exchange: Option<&Exchange>) -> Self {
        if let Some(x) = exchange {
            self.evidence.request = Some(x.request_line());
            self.evidence.response = Some(x.response_summary());
            self.evidence.exchange = Some(Box::new(x.clone()));
        }
        self
    }

    pub fn with_rule(mut self, rule: Option<&str>) -> Self {
        if self.evidence.rule.is_none() {
            self.evidence.rule = rule.map(str::to_owned);
        }
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.evidence.hint = Some(hint.into());
        self
    }

    /// The same failure with the token masked wherever it stands whole (see `redact`).
    pub fn redacted(mut self, redactor: &Redactor) -> Self {
        self.headline = redactor.string(&self.headline);
        let e = &mut *self.evidence;
        for text in [&mut e.request, &mut e.response, &mut e.rule, &mut e.hint]
            .into_iter()
            .flatten()
        {
            *text = redactor.string(text);
        }
        self
    }

    /// Turn a violation found while setting up into a setup failure.
    pub fn as_setup(mut self) -> Self {
        if self.kind == FailureKind::Violation {
            self.kind = FailureKind::Setup;
        }
        self
    }
}

impl fmt::Display for CheckFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            FailureKind::Violation => {}
            FailureKind::Setup => f.write_str("setup failed: ")?,
            FailureKind::CouldNotTest => f.write_str("could not test: ")?,
            FailureKind::Feature => f.write_str("feature error: ")?,
            // The snapshot verdict says "behaviour changed" itself.
            FailureKind::Drift => {}
        }
        f.write_str(&self.headline)?;
        for (label, value) in [
            ("request: ", &self.evidence.request),
            ("response:", &self.evidence.response),
            ("rule:    ", &self.evidence.rule),
            ("hint:    ", &self.evidence.hint),
        ] {
            if let Some(v) = value {
                write!(f, "\n  {label} {v}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for CheckFailure {}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn display_has_the_fixed_shape() {
        let f = CheckFailure::new(
            FailureKind::Violation,
            "response status: expected 201 Created, got 200 OK",
        )
        .with_rule(Some("RFC 7644 §3.3"))
        .with_hint("return 201");
        let text = f.to_string();
        assert!(text.starts_with("response status: expected 201 Created"));
        assert!(text.contains("\n  rule:     RFC 7644 §3.3"));
        assert!(text.contains("\n  hint:     return 201"));
        let setup = f.as_setup().to_string();
        assert!(setup.starts_with("setup failed: "));
    }
}
