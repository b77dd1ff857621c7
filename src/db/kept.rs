//! Forms that arrived after their session had ended: their fields are kept
//! for a day under a random key that only the browser holds (the table keeps
//! its hash), until the form's page is shown again to its author.

use rusqlite::{OptionalExtension, Transaction, params};

use super::users::timestamp;
use crate::auth::secret;
use crate::error::AppResult;

/// How long a kept form waits for its author to sign in again.
pub const KEPT_FOR: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Forms kept at once, at most: anyone may send a form without a session,
/// so the table is bounded. Past it a form is not kept (its sender is sent
/// to sign in all the same).
pub const KEPT_AT_MOST: i64 = 500;

/// A form to keep: the page it is filled in on, who sent it when the
/// server still knew them, and its fields as JSON.
pub struct KeptForm<'a> {
    pub page: &'a str,
    pub user_id: Option<i64>,
    pub fields: &'a str,
}

/// Keeps a form and gives the key that brings it back, replacing the form
/// this browser had kept before (`replaces`, its key); `None` when the
/// table is full. Forms past their day go at the same moment.
pub fn keep(
    tx: &Transaction,
    form: &KeptForm,
    replaces: Option<&str>,
) -> AppResult<Option<String>> {
    let now = chrono::Utc::now();
    tx.execute(
        "DELETE FROM kept_forms WHERE expires_at <= ?1",
        [timestamp(now)],
    )?;
    if let Some(old) = replaces {
        tx.execute(
            "DELETE FROM kept_forms WHERE key_hash = ?1",
            [secret::hash(old)],
        )?;
    }
    let kept: i64 = tx.query_row("SELECT count(*) FROM kept_forms", [], |r| r.get(0))?;
    if kept >= KEPT_AT_MOST {
        return Ok(None);
    }
    let key = secret::new_token();
    let until = now + chrono::Duration::from_std(KEPT_FOR).unwrap_or(chrono::Duration::MAX);
    // An account that does not exist (a form's word for it) binds nothing.
    tx.execute(
        "INSERT INTO kept_forms (key_hash, page, user_id, fields, created_at, expires_at)
         VALUES (?1, ?2, (SELECT id FROM users WHERE id = ?3), ?4, ?5, ?6)",
        params![
            secret::hash(&key),
            form.page,
            form.user_id,
            form.fields,
            timestamp(now),
            timestamp(until)
        ],
    )?;
    Ok(Some(key))
}

/// Takes the fields kept under `key` for `page`, if they are this user's
/// (or nobody's in particular) and their day is not over: they are removed
/// as they are given.
pub fn take(tx: &Transaction, key: &str, page: &str, user_id: i64) -> AppResult<Option<String>> {
    Ok(tx
        .query_row(
            "DELETE FROM kept_forms
             WHERE key_hash = ?1 AND page = ?2 AND (user_id IS NULL OR user_id = ?3)
               AND expires_at > ?4
             RETURNING fields",
            params![
                secret::hash(key),
                page,
                user_id,
                timestamp(chrono::Utc::now())
            ],
            |r| r.get(0),
        )
        .optional()?)
}
