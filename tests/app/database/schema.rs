//! The schema's own rules, whatever writes to the file.

use crate::helpers::run;

#[test]
fn the_schema_refuses_to_change_or_delete_an_accepted_update() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let (ok, _, err) = run(&["demo-data", "--updates", "50"], &db, "");
    assert!(ok, "{err}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let id: i64 = conn
        .query_row(
            "SELECT id FROM updates WHERE state = 'accepted' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        conn.execute("UPDATE updates SET status = 'complete' WHERE id = ?1", [id])
            .is_err()
    );
    assert!(
        conn.execute(
            "UPDATE updates SET narrative_en = 'rewritten' WHERE id = ?1",
            [id]
        )
        .is_err()
    );
    assert!(
        conn.execute("UPDATE updates SET state = 'submitted' WHERE id = ?1", [id])
            .is_err()
    );
    assert!(
        conn.execute("DELETE FROM updates WHERE id = ?1", [id])
            .is_err()
    );
    let pending: i64 = conn
        .query_row(
            "SELECT id FROM updates WHERE state = 'submitted' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        conn.execute(
            "UPDATE updates SET narrative_en = 'rewritten' WHERE id = ?1",
            [pending]
        )
        .is_err(),
        "submitted text is frozen too"
    );
    // No report for a period that had not begun when it was submitted.
    let author: i64 = conn
        .query_row("SELECT author_id FROM updates LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let insert = |period: &str, submitted: &str| {
        conn.execute(
            "INSERT INTO updates (track_id, period, period_rank, status, state, author_id,
                                  created_at, submitted_at)
             VALUES (1, ?1, 20242, 'limited', 'submitted', ?2, ?3, ?3)",
            rusqlite::params![period, author, submitted],
        )
    };
    assert!(insert("2024-H2", "2024-06-30T23:59:59.000Z").is_err());
    assert!(insert("2025", "2024-12-31T10:00:00.000Z").is_err());
    assert!(insert("2024-H2", "2024-07-01T00:00:00.000Z").is_ok());
}

#[test]
fn the_schema_refuses_a_focal_point_for_the_regional_track() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let (ok, _, err) = run(&["demo-data", "--updates", "1"], &db, "");
    assert!(ok, "{err}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let insert = "INSERT INTO users (email, name, role, country, password_hash, created_at)
                  VALUES (?1, 'X', 'focal-point', ?2, '', '2026-01-01T00:00:00.000Z')";
    assert!(conn.execute(insert, ["reg@example.org", "REG"]).is_err());
    assert_eq!(conn.execute(insert, ["kz@example.org", "KZ"]).unwrap(), 1);
    let moved = conn.execute(
        "UPDATE users SET country = 'REG' WHERE email = 'kz@example.org'",
        [],
    );
    assert!(moved.is_err(), "nor can one be moved there");
}
