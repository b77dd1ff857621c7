//! The database before and after a request: every row of every table.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::hash::{Hash, Hasher};

use proptest::test_runner::TestCaseError;
use rusqlite::Connection;
use rusqlite::types::ValueRef;

use super::fail;
use crate::helpers::assert_counts_agree;

/// Every row of every table: a short rendering to read, and a hash of the
/// whole row, so that a change anywhere in a long text is seen.
#[derive(Clone, PartialEq)]
pub struct Fingerprint {
    pub tables: BTreeMap<String, BTreeSet<String>>,
    pub max_audit_id: i64,
}

pub fn render(v: ValueRef<'_>, h: &mut impl Hasher) -> String {
    match v {
        ValueRef::Null => {
            0u8.hash(h);
            "NULL".into()
        }
        ValueRef::Integer(i) => {
            (1u8, i).hash(h);
            i.to_string()
        }
        ValueRef::Real(r) => {
            (2u8, r.to_bits()).hash(h);
            format!("{r:?}")
        }
        ValueRef::Text(t) => {
            (3u8, t).hash(h);
            let shown: String = String::from_utf8_lossy(&t[..t.len().min(48)]).into_owned();
            format!("{shown:?}{}", if t.len() > 48 { "…" } else { "" })
        }
        ValueRef::Blob(b) => {
            (4u8, b).hash(h);
            format!("blob:{}", b.len())
        }
    }
}

pub fn fingerprint(conn: &Connection) -> Fingerprint {
    // `update_counts` is derived (kept by triggers): checked against the
    // updates themselves rather than compared. `record_version` is drawn
    // anew by triggers at any change of the record (`database::kept`).
    assert_counts_agree(conn);
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
               AND name NOT IN ('update_counts', 'record_version')",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut tables = BTreeMap::new();
    for name in names {
        // Names come from the schema itself, never from a request.
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
        let n = stmt.column_count();
        let rows: BTreeSet<String> = stmt
            .query_map([], |r| {
                // SipHash with fixed keys: the same row always hashes alike.
                let mut h = std::hash::DefaultHasher::new();
                let shown = (0..n)
                    .map(|i| render(r.get_ref(i).unwrap(), &mut h))
                    .collect::<Vec<_>>()
                    .join(" | ");
                Ok(format!("{shown} #{:016x}", h.finish()))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        tables.insert(name, rows);
    }
    let max_audit_id = conn
        .query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
            r.get(0)
        })
        .unwrap();
    Fingerprint {
        tables,
        max_audit_id,
    }
}

/// Rows added and removed, per table that changed.
pub struct Diff(pub BTreeMap<String, (Vec<String>, Vec<String>)>);

impl Fingerprint {
    /// Nothing changed since this fingerprint, after an answer of `status`.
    pub fn unchanged_after(&self, conn: &Connection, status: u16) -> Result<(), TestCaseError> {
        self.diff(&fingerprint(conn))
            .unchanged()
            .map_err(|e| fail(format!("{status}: {e}")))
    }

    pub fn diff(&self, after: &Fingerprint) -> Diff {
        let empty = BTreeSet::new();
        let mut out = BTreeMap::new();
        let names: BTreeSet<&String> = self.tables.keys().chain(after.tables.keys()).collect();
        for name in names {
            let a = self.tables.get(name).unwrap_or(&empty);
            let b = after.tables.get(name).unwrap_or(&empty);
            let added: Vec<String> = b.difference(a).cloned().collect();
            let removed: Vec<String> = a.difference(b).cloned().collect();
            if !added.is_empty() || !removed.is_empty() {
                out.insert(name.clone(), (added, removed));
            }
        }
        Diff(out)
    }
}

impl Diff {
    /// (table, rows added, rows removed) of every table that changed.
    pub fn shape(&self) -> Vec<(String, usize, usize)> {
        self.0
            .iter()
            .map(|(t, (a, r))| (t.clone(), a.len(), r.len()))
            .collect()
    }

    /// Exactly these tables changed, by exactly these numbers of rows.
    pub fn expect(&self, want: &[(&str, usize, usize)]) -> Result<(), TestCaseError> {
        let mut want: Vec<(String, usize, usize)> = want
            .iter()
            .filter(|(_, a, r)| *a + *r > 0)
            .map(|(t, a, r)| ((*t).to_owned(), *a, *r))
            .collect();
        want.sort();
        if self.shape() == want {
            Ok(())
        } else {
            Err(fail(format!("expected changes {want:?}, got {self}")))
        }
    }

    pub fn unchanged(&self) -> Result<(), TestCaseError> {
        self.expect(&[])
    }
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return write!(f, "no change");
        }
        for (t, (added, removed)) in &self.0 {
            writeln!(f, "{t}: +{} -{}", added.len(), removed.len())?;
            for (sign, rows) in [("+", added), ("-", removed)] {
                for row in rows.iter().take(3) {
                    let row: String = row.chars().take(200).collect();
                    writeln!(f, "  {sign} {row}")?;
                }
            }
        }
        Ok(())
    }
}

/// The audit entries written since `before`: (actor_id, action, subject).
pub fn new_audit(conn: &Connection, before: &Fingerprint) -> Vec<(Option<i64>, String, String)> {
    conn.prepare("SELECT actor_id, action, subject FROM audit_log WHERE id > ?1 ORDER BY id")
        .unwrap()
        .query_map([before.max_audit_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

pub fn audit_actions(conn: &Connection, before: &Fingerprint) -> Vec<String> {
    new_audit(conn, before)
        .into_iter()
        .map(|(_, a, _)| a)
        .collect()
}
