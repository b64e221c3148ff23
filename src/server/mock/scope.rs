//! What one request did, collected while it runs: the store changes it committed, the
//! tolerances it relied on and the fault injected into it — for the journal and the role map.
//!
//! The collection is task-local ([`within`]): handlers need no extra arguments, and a request
//! outside a scope (tests of the bare router) records nothing.

use std::cell::RefCell;
use std::future::Future;
use std::sync::Arc;

use crate::scim::{Tolerance, tolerance};
use crate::server::store::{Change, Observer};

/// What a request did, as [`within`] returns it.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Every store change committed while the request ran, in commit order.
    pub changes: Vec<Change>,
    /// The tolerances the request relied on (each once, first use first).
    pub tolerances: Vec<Tolerance>,
    /// How a fault was injected into the request, if one was (`injected 429 (rule f1)`).
    pub fault: Option<String>,
}

#[derive(Default)]
struct Collected {
    changes: Vec<Change>,
    fault: Option<String>,
}

tokio::task_local! {
    static CURRENT: RefCell<Collected>;
}

/// Run `work` and return what it did.
pub async fn within<F: Future>(work: F) -> (F::Output, Scope) {
    CURRENT
        .scope(RefCell::new(Collected::default()), async move {
            let (out, tolerances) = tolerance::observing(work).await;
            let collected = CURRENT.with(|c| c.take());
            (
                out,
                Scope {
                    changes: collected.changes,
                    tolerances,
                    fault: collected.fault,
                },
            )
        })
        .await
}

/// Mark the current request as carrying an injected fault, described for the journal.
pub fn mark_fault(description: String) {
    let _ = CURRENT.try_with(|c| c.borrow_mut().fault = Some(description));
}

/// The store observer of a tenant: records changes into the current request's scope, then
/// hands them to the next observer (durable state), if any.
pub struct ScopeObserver {
    pub next: Option<Arc<dyn Observer>>,
}

impl Observer for ScopeObserver {
    fn committed(&self, changes: &[Change]) {
        let _ = CURRENT.try_with(|c| c.borrow_mut().changes.extend_from_slice(changes));
        if let Some(next) = &self.next {
            next.committed(changes);
        }
    }

    fn cleared(&self) {
        if let Some(next) = &self.next {
            next.cleared();
        }
    }
}
