//! The file format of `serve --data FILE`: opening an SQLite file, refusing what is not ours
//! (another application's database, a newer schema, something that is not SQLite at all),
//! migrating older schemas step by step, and reading every tenant's rows back.
//!
//! Version history (`PRAGMA user_version`):
//! - 0: an empty file (SQLite's default): nothing to keep.
//! - 1: `tenants`, `resources`, and the views `users`, `groups`, `memberships`.
//!
//! A future version 2 adds `migrate_1_to_2` and one line in [`MIGRATIONS`]; each step runs in
//! the same transaction as the bump of `user_version`, so a crash mid-migration leaves the
//! file at the version it had.

use std::collections::HashMap;

use rusqlite::Connection;
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::server::store::{Kind, Snapshot, Stored};

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 1;

/// `PRAGMA application_id` of our files: "SCIM" in ASCII. Tells our file from another
/// application's SQLite database before anything is written to it.
pub const APPLICATION_ID: i64 = 0x5343_494D;

/// Migration `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[fn(&rusqlite::Transaction<'_>) -> rusqlite::Result<()>] = &[migrate_0_to_1];

// One migration per version step, no gap.
const _: () = assert!(MIGRATIONS.len() as i64 == SCHEMA_VERSION);

fn migrate_0_to_1(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        "
        -- One row per tenant: the counters its store has reached. They outlive a reset (which
        -- removes the tenant's resources), so ids' seq and versions are never reused.
        CREATE TABLE tenants (
            name        TEXT PRIMARY KEY,
            next_seq    INTEGER NOT NULL,  -- highest insertion seq assigned
            generation  INTEGER NOT NULL   -- highest version assigned (meta.version W/\"N\")
        ) STRICT;
        -- One row per stored User or Group, in its stored form (no id, meta or User.groups).
        CREATE TABLE resources (
            tenant        TEXT NOT NULL REFERENCES tenants(name),
            id            TEXT NOT NULL,
            kind          TEXT NOT NULL CHECK (kind IN ('User', 'Group')),
            seq           INTEGER NOT NULL,  -- insertion order: the order of lists and pages
            version       INTEGER NOT NULL,
            created       TEXT NOT NULL,     -- RFC 3339, milliseconds, UTC
            last_modified TEXT NOT NULL,
            body          TEXT NOT NULL,     -- JSON object
            PRIMARY KEY (tenant, id),
            UNIQUE (tenant, seq)
        ) STRICT;
        CREATE VIEW users AS
            SELECT tenant, id, version, json_extract(body, '$.userName') AS user_name,
                   json_extract(body, '$.active') AS active, created, last_modified, body
            FROM resources WHERE kind = 'User';
        CREATE VIEW groups AS
            SELECT tenant, id, version, json_extract(body, '$.displayName') AS display_name,
                   created, last_modified, body
            FROM resources WHERE kind = 'Group';
        -- Direct memberships, from each group's members (what User.groups is computed from).
        CREATE VIEW memberships AS
            SELECT g.tenant, g.id AS group_id, json_extract(m.value, '$.value') AS member_id,
                   json_extract(m.value, '$.type') AS member_type
            FROM resources g, json_each(g.body, '$.members') m
            WHERE g.kind = 'Group';
        ",
    )
}

/// Why a data file cannot be used. Every message names the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error(
        "{path}: not an SQLite database ({cause}); give --data a new file name or a file written by serve --data"
    )]
    NotSqlite { path: String, cause: String },
    #[error(
        "{path}: an SQLite database of another application (application_id {found:#x}); give --data a file of its own"
    )]
    Foreign { path: String, found: i64 },
    #[error(
        "{path}: schema version {found} is newer than this scim-harness knows ({SCHEMA_VERSION}); use a newer scim-harness, or another file"
    )]
    Newer { path: String, found: i64 },
    #[error("{path}: {what}: {cause}")]
    Sqlite {
        path: String,
        what: &'static str,
        cause: String,
    },
    #[error("{path}: {what}")]
    Content { path: String, what: String },
}

fn sqlite_error<'a>(
    path: &'a str,
    what: &'static str,
) -> impl Fn(rusqlite::Error) -> FileError + 'a {
    move |e| {
        let not_a_db = matches!(
            &e,
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(f.code, rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
        );
        if not_a_db {
            FileError::NotSqlite {
                path: path.to_owned(),
                cause: e.to_string(),
            }
        } else {
            FileError::Sqlite {
                path: path.to_owned(),
                what,
                cause: e.to_string(),
            }
        }
    }
}

/// Check that `conn` is ours (or empty), switch it to WAL with full sync, and migrate it to
/// [`SCHEMA_VERSION`].
pub fn prepare(conn: &mut Connection, path: &str) -> Result<(), FileError> {
    // The first read of the header: this is where a file that is not SQLite is found out.
    let found_app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(sqlite_error(path, "cannot read the header"))?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sqlite_error(path, "cannot read the schema version"))?;
    let has_tables: bool = conn
        .query_row("SELECT count(*) > 0 FROM sqlite_schema", [], |r| r.get(0))
        .map_err(sqlite_error(path, "cannot read the schema"))?;
    if found_app != APPLICATION_ID && (found_app != 0 || has_tables) {
        return Err(FileError::Foreign {
            path: path.to_owned(),
            found: found_app,
        });
    }
    if version < 0 {
        return Err(FileError::Content {
            path: path.to_owned(),
            what: format!("schema version {version} was never written by scim-harness"),
        });
    }
    if version > SCHEMA_VERSION {
        return Err(FileError::Newer {
            path: path.to_owned(),
            found: version,
        });
    }
    // WAL: readers (the sqlite3 CLI) never block the server, and a commit is one append.
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(sqlite_error(path, "cannot switch to WAL"))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(FileError::Sqlite {
            path: path.to_owned(),
            what: "cannot switch to WAL",
            cause: format!("journal_mode stays {mode}"),
        });
    }
    // FULL: the WAL is synced at every commit, so a committed write survives a power cut,
    // not only a killed process (NORMAL would survive only the latter).
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
        .map_err(sqlite_error(path, "cannot set pragmas"))?;
    for step in version..SCHEMA_VERSION {
        let Some(migrate) = usize::try_from(step).ok().and_then(|i| MIGRATIONS.get(i)) else {
            break;
        };
        let tx = conn
            .transaction()
            .map_err(sqlite_error(path, "cannot start the migration"))?;
        migrate(&tx).map_err(sqlite_error(path, "migration failed"))?;
        tx.pragma_update(None, "user_version", step + 1)
            .and_then(|()| tx.pragma_update(None, "application_id", APPLICATION_ID))
            .and_then(|()| tx.commit())
            .map_err(sqlite_error(path, "migration failed"))?;
    }
    Ok(())
}

/// Every tenant's state in the file, by tenant name.
pub fn load(conn: &Connection, path: &str) -> Result<HashMap<String, Snapshot>, FileError> {
    let mut out: HashMap<String, Snapshot> = HashMap::new();
    let read = sqlite_error(path, "cannot read the stored state");
    let mut tenants = conn
        .prepare("SELECT name, next_seq, generation FROM tenants")
        .map_err(&read)?;
    let rows = tenants
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })
        .map_err(&read)?;
    for row in rows {
        let (name, next_seq, generation) = row.map_err(&read)?;
        out.insert(
            name,
            Snapshot {
                next_seq: u64::try_from(next_seq).unwrap_or_default(),
                generation: u64::try_from(generation).unwrap_or_default(),
                rows: Vec::new(),
            },
        );
    }
    let mut resources = conn
        .prepare(
            "SELECT tenant, id, kind, seq, version, created, last_modified, body FROM resources \
             ORDER BY tenant, seq",
        )
        .map_err(&read)?;
    let rows = resources
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
            ))
        })
        .map_err(&read)?;
    for row in rows {
        let (tenant, id, kind, seq, version, created, last_modified, body) = row.map_err(&read)?;
        let bad = |what: String| FileError::Content {
            path: path.to_owned(),
            what: format!("{kind} {id}: {what}"),
        };
        let kind_ = match kind.as_str() {
            "User" => Kind::User,
            "Group" => Kind::Group,
            other => return Err(bad(format!("unknown kind {other:?}"))),
        };
        let time = |s: &str| {
            OffsetDateTime::parse(s, &Rfc3339).map_err(|e| bad(format!("timestamp {s:?}: {e}")))
        };
        let value: Value =
            serde_json::from_str(&body).map_err(|e| bad(format!("body is not JSON: {e}")))?;
        if !value.is_object() {
            return Err(bad("body is not a JSON object".into()));
        }
        let stored = Stored {
            kind: kind_,
            id: id.clone(),
            seq: u64::try_from(seq).map_err(|_| bad(format!("seq {seq}")))?,
            version: u64::try_from(version).map_err(|_| bad(format!("version {version}")))?,
            created: time(&created)?,
            last_modified: time(&last_modified)?,
            value: std::sync::Arc::new(value),
        };
        out.entry(tenant).or_default().rows.push(stored);
    }
    Ok(out)
}

/// The RFC 3339 text of a stored timestamp (milliseconds, as the store keeps them).
pub fn timestamp(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// Statements the writer runs, prepared once per connection (`prepare_cached`).
pub const UPSERT_RESOURCE: &str = "INSERT INTO resources \
    (tenant, id, kind, seq, version, created, last_modified, body) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
    ON CONFLICT (tenant, id) DO UPDATE SET version = excluded.version, \
    last_modified = excluded.last_modified, body = excluded.body";
pub const DELETE_RESOURCE: &str = "DELETE FROM resources WHERE tenant = ?1 AND id = ?2";
pub const CLEAR_TENANT: &str = "DELETE FROM resources WHERE tenant = ?1";
pub const UPSERT_TENANT: &str = "INSERT INTO tenants (name, next_seq, generation) \
    VALUES (?1, ?2, ?3) ON CONFLICT (name) DO UPDATE SET \
    next_seq = max(next_seq, excluded.next_seq), generation = max(generation, excluded.generation)";
