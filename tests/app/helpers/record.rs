//! Writing the record straight into the database, as history would have it,
//! and reading ids back.

use rusqlite::{Connection, params};

use super::{Period, TestApp};

/// The id of the account `email`, on a connection of its own.
fn user_id(conn: &Connection, email: &str) -> i64 {
    conn.query_row("SELECT id FROM users WHERE email = ?1", [email], |r| {
        r.get(0)
    })
    .unwrap()
}

/// Writes an accepted update with chosen timestamps, as history would have it.
pub fn accepted(
    app: &TestApp,
    track: i64,
    period: &str,
    status: &str,
    reviewed_at: &str,
    text: &str,
) -> i64 {
    accepted_on(&app.conn(), track, (period, status), reviewed_at, text)
}

/// As [`accepted`], on a connection the caller holds (in a transaction of theirs).
pub fn accepted_on(
    conn: &Connection,
    track: i64,
    (period, status): (&str, &str),
    reviewed_at: &str,
    text: &str,
) -> i64 {
    let author = user_id(conn, "kz@example.org");
    let reviewer = user_id(conn, "rev@example.org");
    let p: Period = period.parse().unwrap();
    conn.execute(
        "INSERT INTO updates (track_id, period, period_rank, status, narrative_en, state, author_id,
            created_at, submitted_at, reviewer_id, reviewed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'accepted', ?6, ?7, ?7, ?8, ?7)",
        params![track, period, p.rank(), status, text, author, reviewed_at, reviewer],
    )
    .unwrap();
    conn.last_insert_rowid()
}

/// `n` updates of the Kazakh focal point awaiting review, on tracks of
/// `country`, the first submitted first; their ids in that order.
pub fn submitted(app: &TestApp, country: &str, n: usize) -> Vec<i64> {
    let conn = app.conn();
    let author = user_id(&conn, "kz@example.org");
    let tracks: Vec<i64> = conn
        .prepare("SELECT id FROM tracks WHERE country = ?1 ORDER BY id")
        .unwrap()
        .query_map([country], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (0..n)
        .map(|i| {
            let at = format!("2030-01-01T00:{:02}:{:02}.000Z", i / 60, i % 60);
            conn.execute(
                "INSERT INTO updates (track_id, period, period_rank, status, narrative_en, state,
                    author_id, created_at, submitted_at)
                 VALUES (?1, '2029', 20292, 'limited', ?2, 'submitted', ?3, ?4, ?4)",
                params![tracks[i % tracks.len()], format!("entry {i}"), author, at],
            )
            .unwrap();
            conn.last_insert_rowid()
        })
        .collect()
}

/// The id in an address such as `/updates/12?done=submitted`, after `prefix`
/// (`/updates/`).
pub fn id_after(prefix: &str, path: &str) -> i64 {
    path.strip_prefix(prefix)
        .and_then(|rest| rest.split('?').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no id after {prefix} in {path}"))
}

/// The counts of updates by state that triggers keep agree with the updates.
pub fn assert_counts_agree(conn: &Connection) {
    let drift: i64 = conn
        .query_row(
            "SELECT count(*) FROM update_counts c
             WHERE c.n <> (SELECT count(*) FROM updates u WHERE u.state = c.state)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        drift, 0,
        "the kept counts of updates agree with the updates"
    );
}
