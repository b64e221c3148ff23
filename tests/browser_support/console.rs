//! The console flows that more than one browser test walks (against the real server and
//! against the contract's stand-in), so each selector and each wait lives in one place.

use super::{Page, Step as _};

/// Click the nav link to `#/{view}` and wait until `ready` (a JS expression) holds.
pub async fn open_view(page: &Page, view: &str, ready: &str) {
    page.click(&format!("nav a[href='#/{view}']"))
        .await
        .step(view);
    page.wait_for(ready).await.step(&format!("the {view} view"));
}

/// In Controls: add a rule answering `status` to `method` requests whose path matches
/// `path_regex`, and wait until it is the one rule listed.
pub async fn add_fault_rule(page: &Page, method: &str, path_regex: &str, status: u16) {
    open_view(page, "controls", "document.querySelector('#fault-form')").await;
    page.eval(&format!(
        "document.querySelector('#fault-method').value = {}",
        super::js_string(method)
    ))
    .await
    .step("method");
    page.type_into("#fault-path", path_regex).await.step("path");
    page.eval("document.querySelector('#fault-value').value = ''")
        .await
        .step("clear the value");
    page.type_into("#fault-value", &status.to_string())
        .await
        .step("status");
    page.click("#fault-form button[type=submit]")
        .await
        .step("add the rule");
    page.wait_for("document.querySelectorAll('#fault-rows tr').length === 1")
        .await
        .step("the rule is listed");
}

/// In Controls, with the rule of [`add_fault_rule`] listed: wait until its fired count is
/// `fired` (it updates live).
pub async fn fault_rule_fired(page: &Page, fired: u32) {
    page.wait_for(&format!(
        "document.querySelector('#fault-rows .fired')?.textContent === '{fired}'"
    ))
    .await
    .step("the fired count updates live");
}

/// In Controls: remove the one listed rule and wait until none is listed.
pub async fn remove_the_fault_rule(page: &Page) {
    page.click("#fault-rows button.danger")
        .await
        .step("remove the rule");
    page.wait_for("document.querySelectorAll('#fault-rows tr').length === 0")
        .await
        .step("the rule is removed");
}

/// In Controls: reset the tenant to empty, wait for the report, and see the users view empty.
pub async fn reset_to_empty(page: &Page) {
    page.click("#reset-empty").await.step("reset to empty");
    page.wait_for("document.querySelector('#control-result')?.textContent.startsWith('Reset to empty: done (0 users, 0 groups)')")
        .await
        .step("the reset is reported");
    open_view(page, "users", "document.querySelector('#empty')").await;
}
