//! The conversation on each update: comments appended, never changed or
//! removed (the schema's triggers refuse both), read oldest first.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::domain::{CommentText, FormId, now_utc};
use crate::error::AppResult;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Comment {
    pub id: i64,
    /// The name of who wrote it.
    pub author: String,
    pub body: String,
    pub created_at: String,
}

/// Appends a comment to an update; `form` is the form it was sent from.
pub fn insert(
    tx: &Transaction,
    update_id: i64,
    author_id: i64,
    body: &CommentText,
    form: Option<&FormId>,
) -> AppResult<i64> {
    tx.execute(
        "INSERT INTO update_comments (update_id, author_id, body, created_at, form_id)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            update_id,
            author_id,
            body.as_str(),
            now_utc(),
            form.map(FormId::as_str)
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The comment an author sent from this form before.
pub fn by_form(conn: &Connection, author_id: i64, form: &FormId) -> AppResult<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM update_comments WHERE author_id = ?1 AND form_id = ?2",
            params![author_id, form.as_str()],
            |r| r.get(0),
        )
        .optional()?)
}

/// The conversation on an update, oldest first.
pub fn for_update(conn: &Connection, update_id: i64) -> AppResult<Vec<Comment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, a.name, c.body, c.created_at
         FROM update_comments c JOIN users a ON a.id = c.author_id
         WHERE c.update_id = ?1
         ORDER BY c.id",
    )?;
    let rows = stmt.query_map([update_id], |r| {
        Ok(Comment {
            id: r.get("id")?,
            author: r.get("name")?,
            body: r.get("body")?,
            created_at: r.get("created_at")?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
