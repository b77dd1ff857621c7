//! The outbox: mail written in the transaction of the event that causes it,
//! then delivered, retried or given up by the sender.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::db::users::timestamp;
use crate::domain::{Mail, now_utc};
use crate::error::AppResult;

/// A mail waiting for, or past, delivery.
#[derive(Debug, Clone)]
pub struct Queued {
    pub id: i64,
    pub created_at: String,
    pub to_address: String,
    pub to_name: String,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: String,
    pub expires_at: Option<String>,
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
}

const COLUMNS: &str = "id, created_at, to_address, to_name, kind, subject, body, state,
     attempts, next_attempt_at, expires_at, last_error, sent_at";

fn queued_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Queued> {
    Ok(Queued {
        id: r.get("id")?,
        created_at: r.get("created_at")?,
        to_address: r.get("to_address")?,
        to_name: r.get("to_name")?,
        kind: r.get("kind")?,
        subject: r.get("subject")?,
        body: r.get("body")?,
        state: r.get("state")?,
        attempts: r.get("attempts")?,
        next_attempt_at: r.get("next_attempt_at")?,
        expires_at: r.get("expires_at")?,
        last_error: r.get("last_error")?,
        sent_at: r.get("sent_at")?,
    })
}

/// Queues a mail for `recipient` (an account, or `None`); it goes at once.
pub fn enqueue(tx: &Transaction, recipient: Option<i64>, mail: &Mail) -> AppResult<i64> {
    let now = now_utc();
    tx.execute(
        "INSERT INTO outbox (created_at, recipient_id, to_address, to_name, kind, subject, body,
             secret, expires_at, next_attempt_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?1)",
        params![
            now,
            recipient,
            mail.to_address,
            mail.to_name,
            mail.kind.as_str(),
            mail.subject,
            mail.body,
            mail.kind.is_security(),
            mail.expires_at,
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Queued mails whose time has come, oldest first.
pub fn due(conn: &Connection, limit: i64) -> AppResult<Vec<Queued>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM outbox WHERE state = 'queued' AND next_attempt_at <= ?1
         ORDER BY next_attempt_at, id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![now_utc(), limit], queued_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Delivered: a body holding a one-time link is not kept.
pub fn sent(tx: &Transaction, id: i64) -> AppResult<()> {
    tx.execute(
        "UPDATE outbox SET state = 'sent', sent_at = ?2, attempts = attempts + 1,
             last_error = NULL, body = CASE secret WHEN 1 THEN '' ELSE body END
         WHERE id = ?1",
        params![id, now_utc()],
    )?;
    Ok(())
}

/// A delivery that did not go through: tried again at `retry_at`, or,
/// with `None`, given up (a one-time link in it is not kept).
pub fn not_sent(
    tx: &Transaction,
    id: i64,
    error: &str,
    retry_at: Option<chrono::DateTime<chrono::Utc>>,
) -> AppResult<()> {
    match retry_at {
        Some(at) => tx.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3
             WHERE id = ?1",
            params![id, error, timestamp(at)],
        )?,
        None => tx.execute(
            "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?2,
                 body = CASE secret WHEN 1 THEN '' ELSE body END
             WHERE id = ?1",
            params![id, error],
        )?,
    };
    Ok(())
}

/// Mails whose one-time link has expired, unsent (no mail server, or one
/// that never took them): failed, and the link no longer kept. How many.
pub fn forget_expired(tx: &Transaction) -> AppResult<usize> {
    Ok(tx.execute(
        "UPDATE outbox SET state = 'failed', body = '',
             last_error = coalesce(last_error, 'its link expired before it could be sent')
         WHERE secret = 1 AND state = 'queued' AND expires_at <= ?1",
        [now_utc()],
    )?)
}

/// A failed mail queued again, to go at once; false if it is not failed
/// or its one-time link is gone.
pub fn retry(tx: &Transaction, id: i64) -> AppResult<bool> {
    Ok(tx.execute(
        "UPDATE outbox SET state = 'queued', next_attempt_at = ?2, attempts = 0
         WHERE id = ?1 AND state = 'failed' AND body <> ''",
        params![id, now_utc()],
    )? == 1)
}

pub fn get(conn: &Connection, id: i64) -> AppResult<Option<Queued>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"),
            [id],
            queued_from_row,
        )
        .optional()?)
}

/// One page of the outbox: failing mails (retried or given up) first, then
/// the rest, newest first.
pub fn page(conn: &Connection, offset: i64, limit: i64) -> AppResult<Vec<Queued>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM outbox
         ORDER BY CASE WHEN state = 'failed' OR last_error IS NOT NULL AND state = 'queued'
                  THEN 0 ELSE 1 END, id DESC
         LIMIT ?1 OFFSET ?2"
    ))?;
    let rows = stmt.query_map(params![limit, offset], queued_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many mails wait, are failing (queued after a failed try), have
/// failed for good, and were sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub queued: i64,
    pub retrying: i64,
    pub failed: i64,
    pub sent: i64,
}

pub fn figures(conn: &Connection) -> AppResult<Figures> {
    Ok(conn.query_row(
        "SELECT count(*) FILTER (WHERE state = 'queued') AS queued,
                count(*) FILTER (WHERE state = 'queued' AND last_error IS NOT NULL) AS retrying,
                count(*) FILTER (WHERE state = 'failed') AS failed,
                count(*) FILTER (WHERE state = 'sent') AS sent
         FROM outbox",
        [],
        |r| {
            Ok(Figures {
                queued: r.get("queued")?,
                retrying: r.get("retrying")?,
                failed: r.get("failed")?,
                sent: r.get("sent")?,
            })
        },
    )?)
}
