//! Figures computed from the record, kept until the record changes.
//!
//! Freshness comes from SQLite itself: `PRAGMA data_version` on a connection
//! that never writes moves whenever any other connection commits, the
//! server's writer or a command-line tool on the same file alike. A kept
//! value is used only while that number is the one it was computed under.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::Connection;

use crate::error::AppResult;

/// A read-only connection that only asks whether the file changed.
pub struct Watch(Mutex<Connection>);

impl Watch {
    pub fn new(conn: Connection) -> Watch {
        Watch(Mutex::new(conn))
    }

    pub fn version(&self) -> AppResult<i64> {
        let conn = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?)
    }
}

/// At most `capacity` values by key, each with the version it was read at.
/// Values read at an older version are dropped first when it is full.
pub struct Memo<K, V> {
    capacity: usize,
    entries: Mutex<HashMap<K, (i64, Arc<V>)>>,
}

impl<K: Hash + Eq, V> Memo<K, V> {
    pub fn new(capacity: usize) -> Memo<K, V> {
        Memo {
            capacity: capacity.max(1),
            entries: Mutex::new(HashMap::new()),
        }
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
        let m: Memo<u32, &str> = Memo::new(2);
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
    fn the_watch_sees_a_commit_by_another_connection() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let writer = Connection::open(&path).unwrap();
        writer
            .execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x);")
            .unwrap();
        let watch = Watch::new(Connection::open(&path).unwrap());
        let before = watch.version().unwrap();
        assert_eq!(watch.version().unwrap(), before, "no change, same number");
        writer.execute("INSERT INTO t VALUES (1)", []).unwrap();
        assert_ne!(watch.version().unwrap(), before);
    }
}
