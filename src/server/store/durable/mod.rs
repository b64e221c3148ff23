//! Durable state (`serve --data FILE`): every tenant's store kept in one SQLite file (WAL,
//! `synchronous = FULL`), read back at start-up; the [`MemoryStore`](super::MemoryStore)
//! stays the read path.
//!
//! How a write becomes durable (group commit):
//! 1. The store commits in memory and, still under its write lock (so in commit order), tells
//!    the tenant's observer ([`Durable::observer`]), which queues the changed rows with the next
//!    ticket number. Nothing is written or serialised under the lock.
//! 2. One writer thread takes everything queued, writes it in one transaction, commits (one
//!    WAL sync for the whole batch) and publishes the highest ticket now on disk.
//! 3. No response leaves the server before every ticket queued until it was produced is on
//!    disk ([`Durable::settle`], awaited by the mock's barrier around every request): a 2xx
//!    means durable, and no response, not even a GET, shows a state that is not on disk.
//!
//! A disk error (a failed or refused commit) cannot be undone in memory, so the server stops
//! acknowledging: from then on `settle` fails and every response is a 503 that says why and
//! that a restart reloads the file (what is on disk is a consistent earlier state: a batch is
//! one transaction). We chose this over aborting the process (nothing outside `main` ends the
//! process, and the operator sees the cause in every answer) and over rolling the memory back
//! (other writes may already have read the unconfirmed one).

pub mod schema;

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior, params};
use tokio::sync::watch;

pub use schema::{FileError, SCHEMA_VERSION};

use super::{Change, Observer, Snapshot};

/// The most queued jobs one transaction takes: bounds a transaction's size under a storm.
const MAX_BATCH: usize = 1024;

/// How long a commit waits for a lock held by another connection (a `sqlite3` session writing
/// to the file) before it counts as a disk error.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The durable state of every tenant: one file, one writer thread.
pub struct Durable {
    path: String,
    queue: Mutex<Option<mpsc::Sender<Job>>>,
    /// The highest ticket handed out (written under `queue`'s lock, in queue order).
    enqueued: AtomicU64,
    progress: Arc<watch::Sender<Progress>>,
    /// What the file held at start-up, per tenant, until the tenant is built.
    snapshots: Mutex<HashMap<String, Snapshot>>,
    writer: Mutex<Option<JoinHandle<()>>>,
    /// An exclusive advisory lock on the file: two servers on one file would overwrite each
    /// other's writes. Dropped last (see `Drop`), after the writer's connection is closed.
    _lock: File,
}

/// What the writer has done.
#[derive(Clone, Debug, Default)]
struct Progress {
    /// Every ticket up to this one is on disk.
    durable: u64,
    /// The disk error that stopped the writer, if any.
    failed: Option<Arc<str>>,
}

/// The durable state cannot confirm writes any more (see the module docs).
#[derive(Clone, Debug, thiserror::Error)]
#[error(
    "durable state failed: {0}; writes are no longer confirmed, restart serve to reload the file"
)]
pub struct Failed(Arc<str>);

enum Op {
    Changes(Vec<Change>),
    Clear,
}

struct Job {
    ticket: u64,
    tenant: Arc<str>,
    op: Op,
}

impl std::fmt::Debug for Durable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Durable")
            .field("path", &self.path)
            .field("enqueued", &self.enqueued)
            .finish_non_exhaustive()
    }
}

impl Durable {
    /// Open (or create) `path`: lock it, check and migrate the schema, read every tenant's
    /// state, start the writer.
    pub fn open(path: &Path) -> Result<Arc<Durable>, FileError> {
        let shown = path.display().to_string();
        let sqlite = |what: &'static str, cause: String| FileError::Sqlite {
            path: shown.clone(),
            what,
            cause,
        };
        let lock = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| sqlite("cannot open", e.to_string()))?;
        lock.try_lock().map_err(|e| {
            match e {
            std::fs::TryLockError::WouldBlock => sqlite(
                "in use",
                "another scim-harness serve has this file open; stop it or give --data another file"
                    .into(),
            ),
            std::fs::TryLockError::Error(e) => sqlite("cannot lock", e.to_string()),
        }
        })?;
        let mut conn = Connection::open(path).map_err(|e| sqlite("cannot open", e.to_string()))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| sqlite("cannot configure", e.to_string()))?;
        schema::prepare(&mut conn, &shown)?;
        let snapshots = schema::load(&conn, &shown)?;
        let (tx, rx) = mpsc::channel();
        let progress = Arc::new(watch::Sender::new(Progress::default()));
        let writer = {
            let progress = progress.clone();
            let path = shown.clone();
            std::thread::Builder::new()
                .name("scim-durable".into())
                .spawn(move || write_loop(conn, &rx, &progress, &path))
                .map_err(|e| sqlite("cannot start the writer", e.to_string()))?
        };
        Ok(Arc::new(Durable {
            path: shown,
            queue: Mutex::new(Some(tx)),
            enqueued: AtomicU64::new(0),
            progress,
            snapshots: Mutex::new(snapshots),
            writer: Mutex::new(Some(writer)),
            _lock: lock,
        }))
    }

    /// The file, as given.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The observer that keeps `tenant`'s store in the file.
    pub fn observer(self: &Arc<Self>, tenant: &str) -> Arc<dyn Observer> {
        Arc::new(TenantObserver {
            tenant: tenant.into(),
            durable: self.clone(),
        })
    }

    /// What the file held for `tenant` at start-up (once: the tenant is built once).
    pub fn take_snapshot(&self, tenant: &str) -> Option<Snapshot> {
        self.snapshots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(tenant)
    }

    /// The tenants the file holds that no tenant has been built for yet.
    pub fn unclaimed_tenants(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .snapshots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .keys()
            .cloned()
            .collect();
        names.sort();
        names
    }

    fn enqueue(&self, tenant: &Arc<str>, op: Op) {
        let queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(tx) = queue.as_ref() else { return };
        let ticket = self.enqueued.load(Ordering::Relaxed) + 1;
        let job = Job {
            ticket,
            tenant: tenant.clone(),
            op,
        };
        if tx.send(job).is_ok() {
            self.enqueued.store(ticket, Ordering::Release);
        } else {
            // The writer is gone (it only ends when the queue closes, or by a panic).
            self.progress.send_modify(|p| {
                p.failed
                    .get_or_insert_with(|| Arc::from("the writer thread stopped"));
            });
        }
    }

    /// Wait until everything queued so far is on disk.
    pub async fn settle(&self) -> Result<(), Failed> {
        let target = self.enqueued.load(Ordering::Acquire);
        let mut rx = self.progress.subscribe();
        let progress = rx
            .wait_for(|p| p.durable >= target || p.failed.is_some())
            .await
            .map_err(|_| Failed(Arc::from("the writer thread stopped")))?;
        match &progress.failed {
            Some(cause) => Err(Failed(cause.clone())),
            None => Ok(()),
        }
    }

    /// [`settle`](Self::settle), blocking the calling thread (start-up).
    pub fn settle_blocking(&self) -> Result<(), Failed> {
        futures::executor::block_on(self.settle())
    }
}

impl Drop for Durable {
    fn drop(&mut self) {
        // Close the queue; the writer commits what is left and ends, closing its connection
        // before the lock file is closed (closing any descriptor of the file would drop the
        // process's SQLite locks on it).
        self.queue
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(writer) = self
            .writer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            let _ = writer.join();
        }
    }
}

/// One tenant's link to the file.
struct TenantObserver {
    tenant: Arc<str>,
    durable: Arc<Durable>,
}

impl Observer for TenantObserver {
    fn committed(&self, changes: &[Change]) {
        self.durable
            .enqueue(&self.tenant, Op::Changes(changes.to_vec()));
    }

    fn cleared(&self) {
        self.durable.enqueue(&self.tenant, Op::Clear);
    }
}

/// The writer thread: batch, commit, publish; on the first error, stop confirming.
fn write_loop(
    mut conn: Connection,
    rx: &mpsc::Receiver<Job>,
    progress: &watch::Sender<Progress>,
    path: &str,
) {
    let mut failed = false;
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        if failed {
            continue;
        }
        let last = batch.last().map_or(0, |j| j.ticket);
        match write_batch(&mut conn, &batch) {
            Ok(()) => progress.send_modify(|p| p.durable = last),
            Err(e) => {
                failed = true;
                tracing::error!(file = path, error = %e, "durable state: commit failed; writes are no longer confirmed");
                let cause: Arc<str> = Arc::from(format!("{path}: {e}"));
                progress.send_modify(|p| p.failed = Some(cause));
            }
        }
    }
}

fn db_int(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// One transaction for the whole batch: all of it is on disk, or none of it.
fn write_batch(conn: &mut Connection, batch: &[Job]) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut upsert = tx.prepare_cached(schema::UPSERT_RESOURCE)?;
        let mut delete = tx.prepare_cached(schema::DELETE_RESOURCE)?;
        let mut clear = tx.prepare_cached(schema::CLEAR_TENANT)?;
        let mut tenant_row = tx.prepare_cached(schema::UPSERT_TENANT)?;
        for job in batch {
            let tenant = &*job.tenant;
            match &job.op {
                Op::Clear => {
                    clear.execute(params![tenant])?;
                }
                Op::Changes(changes) => {
                    // The counters first: resources reference their tenant's row.
                    let rows = changes.iter().filter_map(|c| c.after.as_deref());
                    let (seq, version) =
                        rows.fold((0, 0), |(s, v), r| (s.max(r.seq), v.max(r.version)));
                    tenant_row.execute(params![tenant, db_int(seq), db_int(version)])?;
                    for change in changes {
                        match &change.after {
                            Some(s) => {
                                let body = serde_json::to_string(&*s.value).map_err(|e| {
                                    rusqlite::Error::ToSqlConversionFailure(e.into())
                                })?;
                                upsert.execute(params![
                                    tenant,
                                    s.id,
                                    s.kind.name(),
                                    db_int(s.seq),
                                    db_int(s.version),
                                    schema::timestamp(s.created),
                                    schema::timestamp(s.last_modified),
                                    body,
                                ])?;
                            }
                            None => {
                                delete.execute(params![tenant, change.id])?;
                            }
                        }
                    }
                }
            }
        }
    }
    tx.commit()
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
