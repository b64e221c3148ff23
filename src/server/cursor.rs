//! Cursor paging (RFC 9865): the cursors the server issues, what each one stands for, and the
//! window of an ordered result a cursor selects.
//!
//! Decisions where RFC 9865 leaves room:
//!
//! - **A cursor is a position, not an offset.** It names the boundary resource of a page — its
//!   insertion sequence (never reused) and, for a sorted query, its full representation — and
//!   the next page is "the `count` results after that boundary" in the query's total order
//!   (the sort key, then resource type, then insertion order). Resources created or deleted
//!   during a walk therefore never shift it: nothing that existed throughout is repeated or
//!   skipped, which index paging (RFC 7644 §3.4.2.4) cannot promise.
//! - **Cursors are server-side.** The value sent is a random token (URL-safe, RFC 9865 §2);
//!   the position stays here, so a cursor cannot be forged or read (RFC 9865 §6.2): an unknown
//!   token is `invalidCursor`.
//! - **Lifetime.** A cursor is valid for `cursorTimeout` after the page that issued it; an older
//!   one is `expiredCursor` for as long again, then forgotten (`invalidCursor`). At most
//!   [`MAX_LIVE_CURSORS`] are kept; beyond that the oldest go first.
//! - **One query per cursor.** Every query parameter but `cursor` must repeat the first page's
//!   (RFC 9865 §2): another filter, sort or projection is `invalidCursor`, another `count` is
//!   `invalidCount`.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::scim::{ScimError, ScimType};

/// How many cursors the server remembers at once (each page issues up to two).
pub const MAX_LIVE_CURSORS: usize = 10_000;

/// Which side of its boundary a cursor's page lies on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `nextCursor`: the `count` results after the boundary.
    After,
    /// `previousCursor`: the `count` results before the boundary.
    Before,
}

/// A boundary resource in a query's total order.
#[derive(Clone, Debug, PartialEq)]
pub struct Position {
    /// Resource type order (users before groups in a root search).
    pub slot: usize,
    /// Insertion sequence number.
    pub seq: u64,
    /// The boundary's full representation, when the query sorts (its sort value decides).
    pub full: Option<Value>,
}

#[derive(Debug)]
struct Entry {
    query: String,
    count: usize,
    direction: Direction,
    position: Position,
    issued: Instant,
}

/// The cursors of one server.
#[derive(Debug)]
pub struct Cursors {
    timeout: Duration,
    entries: Mutex<HashMap<String, Entry>>,
}

impl Cursors {
    pub fn new(timeout: Duration) -> Self {
        Cursors {
            timeout,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// `cursorTimeout` of `/ServiceProviderConfig`.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// A fresh cursor for the page on `direction`'s side of `position` in `query`.
    pub fn issue(
        &self,
        query: &str,
        count: usize,
        direction: Direction,
        position: Position,
    ) -> String {
        let token = uuid::Uuid::new_v4().simple().to_string();
        let now = Instant::now();
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        // Forget what is past answering `expiredCursor`, then the oldest if still full.
        entries.retain(|_, e| now.duration_since(e.issued) <= self.timeout * 2);
        if entries.len() >= MAX_LIVE_CURSORS
            && let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, e)| e.issued)
                .map(|(k, _)| k.clone())
        {
            entries.remove(&oldest);
        }
        entries.insert(
            token.clone(),
            Entry {
                query: query.to_owned(),
                count,
                direction,
                position,
                issued: now,
            },
        );
        token
    }

    /// The page a cursor stands for, if it is valid for `query` and `count`.
    pub fn resolve(
        &self,
        token: &str,
        query: &str,
        count: usize,
    ) -> Result<(Direction, Position), ScimError> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(entry) = entries.get(token) else {
            return Err(ScimError::bad_request(
                ScimType::InvalidCursor,
                format!(
                    "cursor {token:?} was not issued by this server (or is long gone): start again \
                     with an empty cursor and follow nextCursor / previousCursor (RFC 9865 §2.1)"
                ),
            ));
        };
        if entry.issued.elapsed() > self.timeout {
            return Err(ScimError::bad_request(
                ScimType::ExpiredCursor,
                format!(
                    "cursor {token:?} expired: a cursor is valid for cursorTimeout ({} s) after \
                     the page that returned it; start again with an empty cursor (RFC 9865 §2.1)",
                    self.timeout.as_secs()
                ),
            ));
        }
        if entry.query != query {
            return Err(ScimError::bad_request(
                ScimType::InvalidCursor,
                "this cursor belongs to another query: repeat every parameter of the first page \
                 (filter, sortBy, sortOrder, attributes, excludedAttributes) and change only \
                 cursor (RFC 9865 §2)",
            ));
        }
        if entry.count != count {
            return Err(ScimError::bad_request(
                ScimType::InvalidCount,
                format!(
                    "count {count} differs from the first page's count {}: keep count identical \
                     while following cursors (RFC 9865 §2.1)",
                    entry.count
                ),
            ));
        }
        Ok((entry.direction, entry.position.clone()))
    }
}

/// The page of an ordered result: indexes `start..end`, and whether results lie before and after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    pub more_before: bool,
    pub more_after: bool,
}

/// The window of `len` ordered results that a cursor selects; `cmp(i)` compares result `i`
/// with the cursor's boundary. `None` is the first page.
pub fn window(
    len: usize,
    count: usize,
    cursor: Option<Direction>,
    cmp: impl Fn(usize) -> Ordering,
) -> Window {
    // The results are in ascending order, so each bound is a partition point.
    let partition = |pred: &dyn Fn(Ordering) -> bool| {
        let (mut lo, mut hi) = (0, len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if pred(cmp(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    };
    let (start, end) = match cursor {
        None => (0, count.min(len)),
        Some(Direction::After) => {
            let start = partition(&|o| o != Ordering::Greater);
            (start, (start + count).min(len))
        }
        Some(Direction::Before) => {
            let end = partition(&|o| o == Ordering::Less);
            (end.saturating_sub(count), end)
        }
    };
    Window {
        start,
        end,
        more_before: start > 0,
        more_after: end < len,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn pos(seq: u64) -> Position {
        Position {
            slot: 0,
            seq,
            full: None,
        }
    }

    /// Results are sequence numbers; the boundary is `b`.
    fn win(seqs: &[u64], count: usize, cursor: Option<(Direction, u64)>) -> Window {
        window(seqs.len(), count, cursor.map(|c| c.0), |i| {
            seqs[i].cmp(&cursor.map_or(0, |c| c.1))
        })
    }

    #[test]
    fn pages_follow_the_boundary_not_an_offset() {
        let seqs = [1, 2, 3, 4, 5];
        assert_eq!(
            win(&seqs, 2, None),
            Window {
                start: 0,
                end: 2,
                more_before: false,
                more_after: true
            }
        );
        // After 2, with 1 deleted meanwhile: 3 and 4 still come next.
        let w = win(&[2, 3, 4, 5], 2, Some((Direction::After, 2)));
        assert_eq!(
            (w.start, w.end, w.more_before, w.more_after),
            (1, 3, true, true)
        );
        // The boundary itself deleted: the page starts at what followed it.
        let w = win(&[1, 3, 4, 5], 2, Some((Direction::After, 2)));
        assert_eq!((w.start, w.end), (1, 3));
        // Before 4: the two results before it.
        let w = win(&seqs, 2, Some((Direction::Before, 4)));
        assert_eq!((w.start, w.end, w.more_before), (1, 3, true));
        // The last page.
        let w = win(&seqs, 2, Some((Direction::After, 4)));
        assert_eq!((w.start, w.end, w.more_after), (4, 5, false));
    }

    #[test]
    fn cursors_resolve_only_for_their_query_and_count() {
        let cursors = Cursors::new(Duration::from_secs(60));
        let token = cursors.issue("q", 2, Direction::After, pos(7));
        assert_eq!(
            cursors.resolve(&token, "q", 2).unwrap(),
            (Direction::After, pos(7))
        );
        let e = cursors.resolve("forged", "q", 2).unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidCursor));
        let e = cursors.resolve(&token, "other", 2).unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidCursor));
        let e = cursors.resolve(&token, "q", 3).unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidCount));
        assert!(token.bytes().all(|b| b.is_ascii_alphanumeric()));
    }

    #[test]
    fn an_old_cursor_is_expired() {
        let cursors = Cursors::new(Duration::from_millis(1));
        let token = cursors.issue("q", 2, Direction::After, pos(1));
        std::thread::sleep(Duration::from_millis(5));
        let e = cursors.resolve(&token, "q", 2).unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::ExpiredCursor));
        assert_eq!(e.status, 400);
    }
}
