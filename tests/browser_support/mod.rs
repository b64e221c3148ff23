//! Shared by the `browser*` test targets: finding Chromium, the skip-or-fail rule, the
//! screenshot folder, the [`cdp`] driver, and the [`console`] flows several tests walk.
//!
//! The rule: without a Chromium, a browser test is skipped with a loud message on a
//! developer's machine, and **fails** under `CI` (set and not `false`/`0`), so CI cannot go
//! green by not running them. `CHROMIUM=/path/to/chrome` picks a browser; otherwise
//! `chromium` (Debian's package), `chromium-browser`, `google-chrome` on `PATH`.

#![allow(dead_code, unused_imports)]

pub mod cdp;
pub mod console;

use std::io::Write as _;
use std::path::{Path, PathBuf};

pub use cdp::{Browser, Page, js_string};

/// Whether we run under CI (`CI` set to anything but empty, `false` or `0`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The Chromium binary to drive, if there is one.
pub fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let dirs = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&dirs).map(move |d| d.join(name)))
    .find(|p| p.is_file())
}

/// A fresh headless browser, or `None` (after a loud message) when there is no Chromium and
/// we are not under CI. Under CI a missing Chromium panics: the test fails.
pub async fn browser_or_skip(test: &str) -> Option<Browser> {
    let Some(path) = chromium() else {
        let message = "no Chromium found (CHROMIUM unset; no chromium, chromium-browser or \
                       google-chrome on PATH). Install Debian's package: `apt-get install -y chromium`";
        assert!(!in_ci(), "{test}: CI is set and {message}");
        // Straight to the terminal: libtest hides a passing test's eprintln! output.
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED browser test {test}: {message} ***\n"
        );
        return None;
    };
    match Browser::launch(&path).await {
        Ok(b) => Some(b),
        Err(e) => panic!("{test}: {e}"),
    }
}

/// Where screenshots go: `$SCREENSHOT_DIR`, else `target/screenshots` (CI keeps that folder).
pub fn screenshot_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SCREENSHOT_DIR") {
        return PathBuf::from(dir);
    }
    // CARGO_TARGET_TMPDIR is `<target dir>/tmp`, wherever CARGO_TARGET_DIR puts it.
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map_or_else(|| PathBuf::from("target"), Path::to_path_buf)
        .join("screenshots")
}

/// Save a screenshot of `page` as `<screenshot_dir>/<name>.png`.
pub async fn screenshot(page: &Page, name: &str) {
    let path = screenshot_dir().join(format!("{name}.png"));
    page.screenshot(&path)
        .await
        .unwrap_or_else(|e| panic!("screenshot {name}: {e}"));
}

/// Unwrap a driver result with the step that failed in the message.
pub trait Step<T> {
    fn step(self, what: &str) -> T;
}

impl<T> Step<T> for Result<T, String> {
    #[track_caller]
    fn step(self, what: &str) -> T {
        self.unwrap_or_else(|e| panic!("{what}: {e}"))
    }
}

/// Open the console at `origin` and sign in with `token` through the form, as a person would.
pub async fn sign_in(page: &Page, origin: &str, token: &str) {
    page.goto(&format!("{origin}/_console"))
        .await
        .step("load /_console");
    page.wait_for("document.querySelector('#token')")
        .await
        .step("the sign-in form");
    page.type_into("#token", token).await.step("type the token");
    page.press("Enter").await.step("submit");
    page.wait_for("document.querySelector('#users-table, #empty')")
        .await
        .step("the users view after sign-in");
}
