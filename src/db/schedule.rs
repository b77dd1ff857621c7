//! The jobs the server runs by itself: each claims its day once, so that a
//! restart or a second look the same day does not run it again.

use rusqlite::{Transaction, params};

use crate::error::AppResult;

/// Claims `day` (YYYY-MM-DD) for `job`: true the first time that day.
pub fn claim_day(tx: &Transaction, job: &str, day: &str) -> AppResult<bool> {
    Ok(tx.execute(
        "INSERT INTO scheduled_runs (job, last_day) VALUES (?1, ?2)
         ON CONFLICT (job) DO UPDATE SET last_day = excluded.last_day
         WHERE scheduled_runs.last_day < excluded.last_day",
        params![job, day],
    )? == 1)
}

/// Records a reminder; true the first time for this track, period and kind.
pub fn remind_once(
    tx: &Transaction,
    track_id: i64,
    period: &str,
    kind: &str,
    day: &str,
) -> AppResult<bool> {
    Ok(tx.execute(
        "INSERT INTO reminders_sent (track_id, period, kind, sent_on) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO NOTHING",
        params![track_id, period, kind, day],
    )? == 1)
}
