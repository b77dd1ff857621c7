//! Figures computed from the record, kept until the record changes.
//!
//! Freshness comes from SQLite itself. `PRAGMA data_version` on a connection
//! that never writes moves whenever any other connection commits, the
//! server's writer or a command-line tool on the same file alike; that is
//! cheap to ask at every request. Most commits are not the record (a
//! session's last-seen time, a sign-in, a notification, an audit row), so
//! when the number moved the watch reads the record's own version, which
//! triggers in the schema draw anew at any change of a table of the record
//! (`record_version`, migration 15). A kept value is used only while the
//! version it follows is the one it was computed under.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::Connection;

use crate::error::AppResult;

/// What a kept value is computed from, and so which version it follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follows {
    /// The record alone (tracks, updates, names, schedules…).
    Record,
    /// Anything in the file: sessions, accounts, notifications too.
    File,
}

/// A read-only connection that only asks whether the file changed, and
/// the record's version as last read, with the file's version it was read at.
pub struct Watch(Mutex<Seen>);

struct Seen {
    conn: Connection,
    file: Option<i64>,
    record: i64,
}

impl Watch {
    pub fn new(conn: Connection) -> Watch {
        Watch(Mutex::new(Seen {
            conn,
            file: None,
            record: 0,
        }))
    }

    /// The current version of what `follows` names. The record's is read
    /// only when the file changed since it was last read; read after the
    /// file's, it is never older than the file's version it is noted under.
    pub fn version(&self, follows: Follows) -> AppResult<i64> {
        let mut seen = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let file: i64 = seen
            .conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?;
        if follows == Follows::File {
            return Ok(file);
        }
        if seen.file != Some(file) {
            let record: i64 = seen
                .conn
                .prepare_cached("SELECT v FROM record_version")?
                .query_row([], |r| r.get(0))?;
            seen.record = record;
            seen.file = Some(file);
        }
        Ok(seen.record)
    }
}

/// At most `capacity` values by key, each with the version it was read at.
/// Values read at an older version are dropped first when it is full.
pub struct Memo<K, V> {
    /// What it keeps, as the metrics name it (`dashboard`, `sessions`…).
    name: &'static str,
    follows: Follows,
    capacity: usize,
    entries: Mutex<HashMap<K, (i64, Arc<V>)>>,
    /// One computation at a time per stripe of keys: after a change every
    /// reader of a page missed at once and each computed the same figures
    /// (the dashboard's p99 under 20 writes a second was 50 ms at 1M).
    gates: [Mutex<()>; GATES],
}

const GATES: usize = 16;

impl<K: Hash + Eq, V> Memo<K, V> {
    pub fn new(name: &'static str, follows: Follows, capacity: usize) -> Memo<K, V> {
        Memo {
            name,
            follows,
            capacity: capacity.max(1),
            entries: Mutex::new(HashMap::new()),
            gates: std::array::from_fn(|_| Mutex::new(())),
        }
    }

    /// Held while the value of `key` is computed, so that who misses the
    /// same key meanwhile waits for it instead of computing it again.
    pub fn gate(&self, key: &K) -> std::sync::MutexGuard<'_, ()> {
        use std::hash::{BuildHasher, RandomState};
        static SEED: std::sync::OnceLock<RandomState> = std::sync::OnceLock::new();
        let stripe = SEED.get_or_init(RandomState::new).hash_one(key) as usize % GATES;
        self.gates[stripe]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub fn follows(&self) -> Follows {
        self.follows
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn get(&self, key: &K, version: i64) -> Option<Arc<V>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(key)
            .filter(|(v, _)| *v == version)
            .map(|(_, value)| Arc::clone(value))
    }

    pub fn put(&self, key: K, version: i64, value: Arc<V>) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            entries.retain(|_, (v, _)| *v == version);
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        entries.insert(key, (version, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_used_only_at_its_version_and_the_memo_stays_bounded() {
        let m: Memo<u32, &str> = Memo::new("test", Follows::Record, 2);
        m.put(1, 7, Arc::new("a"));
        assert_eq!(m.get(&1, 7).as_deref(), Some(&"a"));
        assert_eq!(m.get(&1, 8), None, "the record changed since");
        m.put(2, 8, Arc::new("b"));
        m.put(3, 8, Arc::new("c"));
        assert_eq!(m.get(&1, 7), None, "older versions go first");
        assert_eq!(m.get(&2, 8).as_deref(), Some(&"b"));
        m.put(4, 8, Arc::new("d"));
        assert!(m.entries.lock().unwrap().len() <= 2);
        assert_eq!(m.get(&4, 8).as_deref(), Some(&"d"));
    }

    #[test]
    fn the_watch_sees_a_commit_by_another_connection_and_the_record_only_when_it_moves() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let writer = Connection::open(&path).unwrap();
        writer
            .execute_batch(
                "PRAGMA journal_mode = WAL; CREATE TABLE t (x);
                 CREATE TABLE record_version (v INTEGER NOT NULL);
                 INSERT INTO record_version VALUES (1);",
            )
            .unwrap();
        let watch = Watch::new(Connection::open(&path).unwrap());
        let (file, record) = (
            watch.version(Follows::File).unwrap(),
            watch.version(Follows::Record).unwrap(),
        );
        assert_eq!(
            watch.version(Follows::File).unwrap(),
            file,
            "no change, same number"
        );
        writer.execute("INSERT INTO t VALUES (1)", []).unwrap();
        assert_ne!(watch.version(Follows::File).unwrap(), file);
        assert_eq!(
            watch.version(Follows::Record).unwrap(),
            record,
            "a commit that leaves the record alone"
        );
        writer
            .execute("UPDATE record_version SET v = 2", [])
            .unwrap();
        assert_eq!(watch.version(Follows::Record).unwrap(), 2);
    }
}
