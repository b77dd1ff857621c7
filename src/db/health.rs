//! What `jpoa-tracker check` asks of a database file: is it whole, does
//! every reference point at a row, and which schema version is it at.
//! Read only: nothing here writes, migrates or changes the journal mode,
//! so it may look at the file of a running server, or at a copy restored
//! from the replica.

use std::path::Path;

use anyhow::Context;
use rusqlite::{Connection, OpenFlags};

/// At most this many problems of the integrity check are read.
const PROBLEMS_SHOWN: u32 = 20;

/// What was found in the file.
#[derive(Debug)]
pub struct Health {
    /// What SQLite's integrity check said: empty when it said `ok`.
    pub problems: Vec<String>,
    /// Tables with rows whose foreign keys point at no row, and how many.
    pub dangling: Vec<(String, i64)>,
    /// The file's schema version (`PRAGMA user_version`).
    pub version: usize,
    /// The latest schema version this binary knows.
    pub latest: usize,
    /// Whether the file holds any table at all (a new, empty file does not).
    pub empty: bool,
}

/// Examines the database at `path` through a read-only connection: the
/// full `integrity_check`, or the faster `quick_check` (which skips
/// comparing indexes with their tables) when `quick`. An error means the
/// file could not be read as a database at all (not SQLite, or damaged
/// where SQLite looks first).
pub fn examine(path: &Path, quick: bool) -> anyhow::Result<Health> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open {}", path.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .context("cannot read it as a SQLite database")?;
    let pragma = if quick {
        "quick_check"
    } else {
        "integrity_check"
    };
    let mut stmt = conn.prepare(&format!("PRAGMA {pragma}({PROBLEMS_SHOWN})"))?;
    let said: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()
        .with_context(|| format!("its {} failed", pragma.replace('_', " ")))?;
    let problems = if said == ["ok"] { Vec::new() } else { said };
    let mut stmt = conn.prepare(
        "SELECT \"table\", count(*) FROM pragma_foreign_key_check GROUP BY 1 ORDER BY 1",
    )?;
    let dangling = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()
        .context("its foreign key check failed")?;
    let (version, latest) = super::migrate::versions(&conn)?;
    Ok(Health {
        problems,
        dangling,
        version,
        latest,
        empty: tables == 0,
    })
}
