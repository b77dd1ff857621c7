//! The embedded SQLite database: one writer connection on its own thread
//! (which commits in groups, see [`writer`]) and a small pool of readers,
//! all with the same pragmas. Every call runs on a blocking thread; no
//! connection is ever held across an `.await`.

pub mod audit;
pub mod comments;
pub mod commitments;
pub mod due;
pub mod health;
pub mod import;
pub mod kept;
pub mod memo;
mod migrate;
pub mod notifications;
pub mod outbox;
pub mod schedule;
pub mod schedules;
pub mod second_factors;
pub mod seed;
pub mod tracks;
pub mod updates;
pub mod users;
mod writer;

use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::{AppError, AppResult};
use crate::settings::Settings;
use crate::telemetry;
use memo::Memo;

/// A column read as a value of the vocabulary (a country, a period, a
/// state…): an unknown word is an error, never a silent default.
pub fn parsed<T>(r: &rusqlite::Row<'_>, column: &str) -> rusqlite::Result<T>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: String = r.get(column)?;
    text.parse().map_err(|e| {
        let at = r.as_ref().column_index(column).unwrap_or(0);
        rusqlite::Error::FromSqlConversionFailure(at, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// As [`parsed`], for a column that may be NULL.
pub fn parsed_opt<T>(r: &rusqlite::Row<'_>, column: &str) -> rusqlite::Result<Option<T>>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: Option<String> = r.get(column)?;
    text.map(|t| {
        t.parse().map_err(|e| {
            let at = r.as_ref().column_index(column).unwrap_or(0);
            rusqlite::Error::FromSqlConversionFailure(at, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 5000;
         PRAGMA synchronous = FULL;",
    )
}

/// Opens a single connection with the house pragmas (command-line tools).
pub fn open_connection(path: &Path) -> anyhow::Result<Connection> {
    let conn = Connection::open(path)
        .with_context(|| format!("cannot open database {}", path.display()))?;
    configure(&conn)?;
    Ok(conn)
}

#[derive(Clone)]
pub struct Db {
    writer: writer::Writer,
    readers: r2d2::Pool<SqliteConnectionManager>,
    watch: Arc<memo::Watch>,
    path: Arc<PathBuf>,
}

impl Db {
    /// Opens (creating if need be) the database, brings its schema up to date
    /// and loads the seed data into a new one.
    pub fn open(path: &Path) -> anyhow::Result<Db> {
        Db::open_with(path, &Settings::defaults())
    }

    /// As [`Db::open`], with the settings' reader count and write group size.
    pub fn open_with(path: &Path, settings: &Settings) -> anyhow::Result<Db> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create folder {}", dir.display()))?;
        }
        let mut conn = open_connection(path)?;
        migrate::to_latest(&mut conn)?;
        seed::load_if_empty(&mut conn)?;
        let manager = SqliteConnectionManager::file(path)
            .with_flags(
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .with_init(configure_reader);
        let readers = r2d2::Pool::builder()
            .max_size(settings.readers)
            .min_idle(Some(1))
            .build(manager)
            .context("cannot open database readers")?;
        let watch = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .context("cannot open the database's change watch")?;
        Ok(Db {
            writer: writer::Writer::start(
                conn,
                usize::try_from(settings.write_group).unwrap_or(64),
            )?,
            readers,
            watch: Arc::new(memo::Watch::new(watch)),
            path: Arc::new(path.to_path_buf()),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes the database at shutdown: the readers first, then the writer
    /// folds the write-ahead log into the file, so the file alone is the
    /// whole record and a copy of it needs nothing beside it; unless another
    /// process (Litestream) is reading it, which then folds it in itself.
    pub fn close(self) -> anyhow::Result<()> {
        let Db {
            writer,
            readers,
            watch,
            ..
        } = self;
        drop(readers);
        drop(watch);
        writer.close()
    }

    /// Runs `f` on a reader connection off the async runtime.
    pub async fn read<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> AppResult<T> + Send + 'static,
    {
        let pool = self.readers.clone();
        tokio::task::spawn_blocking(move || {
            let conn = pool.get().context("no database reader available")?;
            f(&conn)
        })
        .await?
    }

    /// The value `compute` reads, kept in `memo` under `key` until what the
    /// memo follows changes: the record, or anything in the file. A kept value is found without leaving the
    /// runtime; the version is read before computing, so a value is never
    /// older than the version it is kept under.
    pub async fn read_kept<K, V, F>(
        &self,
        memo: &Arc<Memo<K, V>>,
        key: K,
        compute: F,
    ) -> AppResult<Arc<V>>
    where
        K: Hash + Eq + Send + 'static,
        V: Send + Sync + 'static,
        F: FnOnce(&Connection) -> AppResult<V> + Send + 'static,
    {
        let (follows, name) = (memo.follows(), memo.name());
        if let Ok(version) = self.watch.version(follows)
            && let Some(kept) = memo.get(&key, version)
        {
            telemetry::kept(name, true);
            return Ok(kept);
        }
        let (pool, watch, memo) = (self.readers.clone(), self.watch.clone(), memo.clone());
        tokio::task::spawn_blocking(move || {
            // Should the watch fail, the value is read and not kept.
            let version = watch.version(follows).ok();
            if let Some(kept) = version.and_then(|v| memo.get(&key, v)) {
                telemetry::kept(name, true);
                return Ok(kept);
            }
            let _computing = memo.gate(&key);
            // Whoever held the gate may have just kept it.
            let version = watch.version(follows).ok();
            if let Some(kept) = version.and_then(|v| memo.get(&key, v)) {
                telemetry::kept(name, true);
                return Ok(kept);
            }
            telemetry::kept(name, false);
            let conn = pool.get().context("no database reader available")?;
            let value = Arc::new(compute(&conn)?);
            if let Some(v) = version {
                memo.put(key, v, Arc::clone(&value));
            }
            Ok(value)
        })
        .await?
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction, committed only if `f`
    /// returns `Ok` (a refused write leaves nothing behind), and answers once
    /// it is on disk. Concurrent writes share a commit, each in a savepoint.
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> AppResult<T> + Send + 'static,
    {
        self.writer.write(f).await
    }

    /// As [`Db::write`] for work that can be refused with an error of its
    /// own (`E`, e.g. every problem of an imported file): committed only on
    /// `Ok`, rolled back on `Err(e)`, which is handed back as `Ok(Err(e))`.
    pub async fn try_write<T, E, F>(&self, f: F) -> AppResult<Result<T, E>>
    where
        T: Send + 'static,
        E: Send + 'static,
        F: FnOnce(&Transaction) -> Result<T, E> + Send + 'static,
    {
        // The refusal travels beside the write, which fails so that
        // nothing of it is kept.
        let refused = std::sync::Arc::new(std::sync::Mutex::new(None));
        let slot = std::sync::Arc::clone(&refused);
        let written = self
            .write(move |tx| match f(tx) {
                Ok(v) => Ok(v),
                Err(e) => {
                    if let Ok(mut s) = slot.lock() {
                        *s = Some(e);
                    }
                    Err(AppError::conflict("refused"))
                }
            })
            .await;
        let refusal = refused.lock().ok().and_then(|mut s| s.take());
        match (written, refusal) {
            (Ok(v), _) => Ok(Ok(v)),
            (Err(_), Some(e)) => Ok(Err(e)),
            (Err(e), None) => Err(e),
        }
    }

    /// A long read (a whole report, a snapshot) on a connection of its own,
    /// so that pages keep the pooled readers.
    pub async fn report<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> AppResult<T> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || f(&db.stream_reader()?)).await?
    }

    /// A connection of its own for a long read on a blocking thread (a report
    /// streamed to a slow client), so that it never holds one of the pool's.
    pub fn stream_reader(&self) -> AppResult<Connection> {
        let conn = Connection::open_with_flags(
            self.path.as_ref(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .context("cannot open a database reader")?;
        // No map here: a whole report touches most of the file, and every
        // page touched through a map counted in the server's memory while
        // the read lasted (two XLSX builds of 900k rows: 1.3 GB). Read by
        // system calls into a small cache, a report costs what its rows
        // do, at the same speed for a read from start to end.
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;
             PRAGMA mmap_size = 0; PRAGMA cache_size = -8192;",
        )?;
        Ok(conn)
    }
}

/// Readers map the file into memory and keep a larger page cache: pages
/// are then read without a system call each, which was a quarter of a
/// dashboard's time under concurrent load.
fn configure_reader(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;
         PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768;",
    )
}

/// `LIMIT :limit OFFSET :offset` for statements run many times. With a bare
/// parameter there SQLite plans with the value bound, so it compiles the
/// statement again at every run (a third of a commitment page's time);
/// through CAST the statement is compiled once.
pub const PAGE: &str = "LIMIT CAST(:limit AS INTEGER) OFFSET CAST(:offset AS INTEGER)";

/// One immediate transaction around `f`; shared by the server and the CLI.
pub fn write_tx<T>(
    conn: &mut Connection,
    f: impl FnOnce(&Transaction) -> AppResult<T>,
) -> AppResult<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let out = f(&tx)?;
    tx.commit()?;
    Ok(out)
}

/// Reads the next row of a query that must have one; `None` becomes 404.
pub trait OptionalRow<T> {
    fn or_not_found(self) -> AppResult<T>;
}

impl<T> OptionalRow<T> for rusqlite::Result<T> {
    fn or_not_found(self) -> AppResult<T> {
        match self {
            Ok(v) => Ok(v),
            Err(rusqlite::Error::QueryReturnedNoRows) => Err(AppError::NotFound),
            Err(e) => Err(e.into()),
        }
    }
}

/// Turns a uniqueness violation into a message the user can act on.
pub fn on_unique<T>(
    r: rusqlite::Result<T>,
    field: &'static str,
    msg: impl Into<crate::domain::Msg>,
) -> AppResult<T> {
    match r {
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
        {
            Err(AppError::Invalid {
                field: Some(field),
                message: msg.into(),
            })
        }
        other => Ok(other?),
    }
}
