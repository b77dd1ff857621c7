//! The hot queries use the indexes designed for them (`EXPLAIN QUERY PLAN`
//! on a fresh database).

use crate::helpers::{Db, PROGRESS_SQL, due, open_connection, tracks, updates};
use tracks::{LATEST_ACCEPTED, TrackFilter};

/// The plan of `sql` as one line per step (SQLite's `detail` column). The
/// parameters stay unbound, as when the statement is prepared: the plan is
/// the one every call runs, whatever the filter's values.
fn plan(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(r) = rows.next().unwrap() {
        out.push(r.get::<_, String>(3).unwrap());
    }
    out
}

fn fresh() -> (tempfile::TempDir, rusqlite::Connection) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plans.db");
    drop(Db::open(&path).unwrap());
    let conn = open_connection(&path).unwrap();
    (dir, conn)
}

fn uses(plan: &[String], step: &str) -> bool {
    plan.iter().any(|l| l.contains(step))
}

#[test]
fn a_tracks_status_walks_the_accepted_index() {
    let (_dir, conn) = fresh();
    let p = plan(&conn, &tracks::list_sql());
    // For each track, one seek per period rank (newest first) into the
    // accepted index, to the last acceptance by the cut-off: never a walk
    // over the acceptances that came after it, nor over all updates.
    assert!(
        uses(
            &p,
            "updates_track_accepted (track_id=? AND period_rank=? AND reviewed_at<?)"
        ),
        "{p:#?}"
    );
    assert!(
        uses(
            &p,
            "SEARCH r USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"
        ),
        "{p:#?}"
    );
    assert!(!uses(&p, "SCAN x"), "{p:#?}");
    assert!(!uses(&p, "SCAN u"), "{p:#?}");
    // The same rule alone, as the review page reads it.
    let one = format!(
        "SELECT u.period FROM tracks t JOIN updates u ON u.id = ({LATEST_ACCEPTED}) WHERE t.id = 1"
    );
    let p = plan(&conn, &one);
    assert!(
        uses(&p, "updates_track_accepted (track_id=? AND period_rank=?"),
        "{p:#?}"
    );
}

#[test]
fn whether_a_track_reported_by_a_day_is_a_seek_to_that_day() {
    let (_dir, conn) = fresh();
    let p = plan(&conn, due::REPORTED_SQL);
    // Reports submitted after the cut-off are never read, however many.
    assert!(
        uses(
            &p,
            "COVERING INDEX updates_track_submitted (track_id=? AND period_rank=? AND submitted_at<?)"
        ),
        "{p:#?}"
    );
}

#[test]
fn the_progress_export_reads_updates_in_id_order_without_sorting() {
    let (_dir, conn) = fresh();
    let p = plan(&conn, PROGRESS_SQL);
    // Nine in ten updates are accepted and the export wants them all in id
    // order: one pass over the table in rowid order streams the first row at
    // once; a detour through an index followed by a sort of every row would
    // hold the whole result back (and spill it to a temporary file).
    assert!(!uses(&p, "USE TEMP B-TREE"), "{p:#?}");
    assert!(p.iter().any(|l| l == "SCAN u"), "{p:#?}");
    for table in ["t", "c", "d", "a", "r"] {
        assert!(
            uses(
                &p,
                &format!("SEARCH {table} USING INTEGER PRIMARY KEY (rowid=?)")
            ),
            "{table}: {p:#?}"
        );
    }
}

#[test]
fn the_review_queue_and_a_tracks_history_use_their_indexes() {
    let (_dir, conn) = fresh();
    let p = plan(&conn, &updates::queue_sql());
    assert!(uses(&p, "USING INDEX updates_state (state=?)"), "{p:#?}");
    assert!(!uses(&p, "USE TEMP B-TREE FOR ORDER BY"), "{p:#?}");

    let p = plan(&conn, &updates::track_history_sql());
    assert!(uses(&p, "USING INDEX updates_track (track_id=?)"), "{p:#?}");
    assert!(!uses(&p, "USE TEMP B-TREE FOR ORDER BY"), "{p:#?}");
    // Run again with other values, the statement is not compiled again
    // (SQLite recompiles one with a bare parameter in LIMIT at every run).
    let mut stmt = conn.prepare_cached(&updates::track_history_sql()).unwrap();
    for track in 1..=3i64 {
        let mut rows = stmt
            .query(rusqlite::named_params! {
                ":track": track, ":me": 1, ":see_all": true, ":own": "KZ",
                ":cutoff": None::<String>, ":limit": 20 + track, ":offset": 0,
            })
            .unwrap();
        while rows.next().unwrap().is_some() {}
    }
    assert_eq!(stmt.get_status(rusqlite::StatementStatus::RePrepare), 0);
    drop(stmt);
    // `TrackFilter` is what binds the list's parameters; keep it in view.
    assert_eq!(TrackFilter::default().params().len(), 8);
}
