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
