//! The inbox: every notification a person gets, read or not, and what the
//! daily digest has still to carry.

use rusqlite::{Connection, Transaction, params};

use crate::domain::{MailKind, MailPref, now_utc};
use crate::error::AppResult;

#[derive(Debug, Clone)]
pub struct Notification {
    pub id: i64,
    pub created_at: String,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
    pub read: bool,
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Notification> {
    Ok(Notification {
        id: r.get("id")?,
        created_at: r.get("created_at")?,
        kind: r.get("kind")?,
        subject: r.get("subject")?,
        body: r.get("body")?,
        link: r.get("link")?,
        read: r.get("read")?,
    })
}

/// A notification in `user_id`'s inbox; `digested` when no digest is to
/// carry it (the person takes each by mail, or none).
pub fn add(
    tx: &Transaction,
    user_id: i64,
    kind: MailKind,
    subject: &str,
    body: &str,
    link: Option<&str>,
    digested: bool,
) -> AppResult<i64> {
    let now = now_utc();
    tx.execute(
        "INSERT INTO notifications (user_id, created_at, kind, subject, body, link, digested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN ?7 THEN ?2 END)",
        params![user_id, now, kind.as_str(), subject, body, link, digested],
    )?;
    Ok(tx.last_insert_rowid())
}

pub fn unread(conn: &Connection, user_id: i64) -> AppResult<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL",
        )?
        .query_row([user_id], |r| r.get(0))?)
}

/// One page of a person's inbox, newest first.
pub fn page(
    conn: &Connection,
    user_id: i64,
    offset: i64,
    limit: i64,
) -> AppResult<Vec<Notification>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, created_at, kind, subject, body, link, read_at IS NOT NULL AS read
         FROM notifications WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3",
    )?;
    let rows = stmt.query_map(params![user_id, limit, offset], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn count(conn: &Connection, user_id: i64) -> AppResult<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM notifications WHERE user_id = ?1",
        [user_id],
        |r| r.get(0),
    )?)
}

/// Marks one of the person's notifications read (another's is no change);
/// gives its link.
pub fn mark_read(tx: &Transaction, user_id: i64, id: i64) -> AppResult<Option<Option<String>>> {
    use rusqlite::OptionalExtension;
    Ok(tx
        .query_row(
            "UPDATE notifications SET read_at = coalesce(read_at, ?3)
             WHERE id = ?1 AND user_id = ?2 RETURNING link",
            params![id, user_id, now_utc()],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn mark_all_read(tx: &Transaction, user_id: i64) -> AppResult<usize> {
    Ok(tx.execute(
        "UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 AND read_at IS NULL",
        params![user_id, now_utc()],
    )?)
}

/// People with notifications waiting for their digest.
pub fn awaiting_digest(conn: &Connection) -> AppResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT n.user_id FROM notifications n JOIN users u ON u.id = n.user_id
         WHERE n.digested_at IS NULL AND u.active = 1 AND u.mail_pref = 'digest'",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What a person's digest carries, oldest first, marked as carried.
pub fn take_for_digest(tx: &Transaction, user_id: i64) -> AppResult<Vec<Notification>> {
    let mut stmt = tx.prepare_cached(
        "UPDATE notifications SET digested_at = ?2 WHERE user_id = ?1 AND digested_at IS NULL
         RETURNING id, created_at, kind, subject, body, link, read_at IS NOT NULL AS read",
    )?;
    let rows = stmt.query_map(params![user_id, now_utc()], from_row)?;
    let mut taken: Vec<Notification> = rows.collect::<Result<_, _>>()?;
    taken.sort_by_key(|n| n.id);
    Ok(taken)
}

pub fn mail_pref(conn: &Connection, user_id: i64) -> AppResult<MailPref> {
    let text: String = conn.query_row(
        "SELECT mail_pref FROM users WHERE id = ?1",
        [user_id],
        |r| r.get(0),
    )?;
    Ok(text.parse().unwrap_or(MailPref::Instant))
}

pub fn set_mail_pref(tx: &Transaction, user_id: i64, pref: MailPref) -> AppResult<()> {
    tx.execute(
        "UPDATE users SET mail_pref = ?2 WHERE id = ?1",
        params![user_id, pref.as_str()],
    )?;
    if pref != MailPref::Digest {
        // What waited for a digest stays in the inbox; no digest will come.
        tx.execute(
            "UPDATE notifications SET digested_at = ?2 WHERE user_id = ?1 AND digested_at IS NULL",
            params![user_id, now_utc()],
        )?;
    }
    Ok(())
}

/// The active accounts of a role, for telling them all.
pub fn active_with_role(conn: &Connection, role: crate::domain::Role) -> AppResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM users WHERE role = ?1 AND active = 1 AND password_hash <> '' ORDER BY id",
    )?;
    let rows = stmt.query_map([role.as_str()], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The active focal points of a country.
pub fn focal_points_of(conn: &Connection, country: crate::domain::Country) -> AppResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM users WHERE role = 'focal-point' AND country = ?1 AND active = 1
             AND password_hash <> '' ORDER BY id",
    )?;
    let rows = stmt.query_map([country.code()], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
