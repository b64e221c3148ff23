//! Reports: terminal, JUnit, Cucumber JSON and Markdown, written from harness results only.
