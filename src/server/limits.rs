//! Every bound the reference server puts on a client, in one place: what one request may
//! carry, how long a connection may take, and how many connections are held at once. The
//! README's limits table lists each row of [`ROWS`] (a test keeps them equal).
//!
//! Why these values: they are far above anything an identity provider sends (Okta and Entra
//! send heads of a few hundred bytes and bodies of a few KiB), and low enough that a hostile
//! or broken client cannot make the server hold unbounded memory or file descriptors.

use std::time::Duration;

/// The largest request body accepted; more is answered 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The most resources on one page (`filter.maxResults` in `/ServiceProviderConfig`).
pub const MAX_RESULTS: usize = 1000;

/// The most operations one PATCH request may carry (the PATCH engine enforces it: 413).
pub use crate::scim::patch::MAX_OPERATIONS;

/// The longest request target (path and query) accepted; more is answered 414. A raw `"` is
/// re-encoded as `%22` before routing, so the target handed on stays below `http::Uri`'s own
/// bound of 65534 bytes even if every byte needs encoding.
pub const MAX_TARGET_BYTES: usize = 16 * 1024;

/// The largest request head (request line and header fields); more is answered 431.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// The most header fields in one request; more is answered 431.
pub const MAX_HEADERS: usize = 100;

/// How long a client may take to send a complete request head once it has sent its first
/// byte; then 408 and the connection is closed (slow-loris heads cannot pin a connection).
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a client may take to send a request body once its head is in; then 408 and the
/// connection is closed (a body declared and then trickled, or never sent, cannot pin a busy
/// connection, which the connection cap could not evict).
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a connection may stay open without sending a request (new, or kept alive after a
/// response); then it is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The most connections held at once, at most; the effective cap is also kept
/// [`FD_RESERVE`] below the process's open-file limit. At the cap a new connection evicts the
/// connection that has waited longest for a request head (idle or slow), so a slow crowd
/// cannot lock out a real client; if every connection is busy with a request, the new one is
/// answered 503.
pub const MAX_CONNECTIONS: usize = 1024;

/// File descriptors kept free of connections (listener, runtime, logs, the accept itself).
pub const FD_RESERVE: usize = 32;

/// How long `accept` waits after a failure (e.g. out of file descriptors) before trying again;
/// doubled on each further failure up to [`ACCEPT_BACKOFF_MAX`], reset on success.
pub const ACCEPT_BACKOFF_MIN: Duration = Duration::from_millis(10);
pub const ACCEPT_BACKOFF_MAX: Duration = Duration::from_secs(1);

/// The README's limits table rows: `| limit | value | beyond it |`.
pub const ROWS: &[[&str; 3]] = &[
    ["Request body", "1 MiB", "413 SCIM Error"],
    ["Operations in one PATCH", "1000", "413 SCIM Error"],
    [
        "Results per page (`filter.maxResults`)",
        "1000",
        "`count` is cut to 1000; without `count` a page holds up to 1000; `totalResults` always counts every match",
    ],
    [
        "Request target (path and query)",
        "16 KiB",
        "414 SCIM Error",
    ],
    [
        "Request head (request line and headers)",
        "64 KiB, 100 header fields",
        "431 SCIM Error",
    ],
    [
        "Time to send a request head, from its first byte",
        "10 s",
        "408 SCIM Error, connection closed",
    ],
    [
        "Time to send a request body, from the end of its head",
        "30 s",
        "408 SCIM Error, connection closed",
    ],
    [
        "Idle connection (no request sent, also between keep-alive requests)",
        "30 s",
        "connection closed",
    ],
    [
        "Open connections",
        "1024, and at most the open-file limit − 32",
        "the connection waiting longest for a request head is closed to make room; 503 SCIM Error if all are busy",
    ],
];

/// One [`ROWS`] entry as a Markdown table row.
pub fn markdown_row(row: &[&str; 3]) -> String {
    format!("| {} | {} | {} |", row[0], row[1], row[2])
}

/// How many connections to hold: [`MAX_CONNECTIONS`], or fewer when the open-file limit is
/// low (read from `/proc/self/limits` where there is one).
pub fn connection_cap() -> usize {
    let soft = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|s| open_files_soft_limit(&s));
    cap_for(soft)
}

fn cap_for(soft_fd_limit: Option<usize>) -> usize {
    match soft_fd_limit {
        Some(n) => n.saturating_sub(FD_RESERVE).clamp(1, MAX_CONNECTIONS),
        None => MAX_CONNECTIONS,
    }
}

/// The soft "Max open files" of a `/proc/<pid>/limits` text (`unlimited` is no bound).
fn open_files_soft_limit(limits: &str) -> Option<usize> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    let soft = line["Max open files".len()..].split_whitespace().next()?;
    soft.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_room_below_the_open_file_limit() {
        let text = "Limit                     Soft Limit           Hard Limit           Units\n\
                    Max open files            256                  524288               files\n";
        assert_eq!(open_files_soft_limit(text), Some(256));
        assert_eq!(cap_for(Some(256)), 256 - FD_RESERVE);
        assert_eq!(cap_for(Some(1_048_576)), MAX_CONNECTIONS);
        assert_eq!(cap_for(Some(10)), 1);
        assert_eq!(cap_for(None), MAX_CONNECTIONS);
        assert_eq!(
            open_files_soft_limit("Max open files  unlimited  unlimited  files"),
            None
        );
    }

    #[test]
    fn the_rows_state_the_constants() {
        assert_eq!(MAX_BODY_BYTES, 1024 * 1024);
        assert!(ROWS[1][1] == MAX_OPERATIONS.to_string());
        assert!(ROWS[2][1] == MAX_RESULTS.to_string());
        assert_eq!(MAX_TARGET_BYTES, 16 * 1024);
        assert_eq!(MAX_HEAD_BYTES, 64 * 1024);
        assert!(ROWS[4][1].contains(&MAX_HEADERS.to_string()));
        assert!(ROWS[5][1] == format!("{} s", HEAD_TIMEOUT.as_secs()));
        assert!(ROWS[6][1] == format!("{} s", BODY_TIMEOUT.as_secs()));
        assert!(ROWS[7][1] == format!("{} s", IDLE_TIMEOUT.as_secs()));
        assert!(ROWS[8][1].contains(&MAX_CONNECTIONS.to_string()));
        assert!(ROWS[8][1].contains(&FD_RESERVE.to_string()));
    }

    /// Each row is in the README's limits table, as written here.
    #[test]
    fn the_readme_lists_every_limit() {
        let readme = include_str!("../../README.md");
        for row in ROWS {
            let line = markdown_row(row);
            assert!(
                readme.lines().any(|l| l.trim() == line),
                "README.md's limits table lacks the row\n{line}"
            );
        }
    }
}
