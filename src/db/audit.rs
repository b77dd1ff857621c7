//! The audit trail: one row per change, written inside the change's own
//! transaction so that the two stand or fall together. The schema refuses
//! any edit or deletion of a row.

use rusqlite::{Connection, Transaction, params};
use serde_json::Value;

use crate::domain::{User, now_utc};
use crate::error::AppResult;

/// Who did it: a signed-in user, or a named non-person (the command line).
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    User(&'a User),
    System(&'static str),
}

pub fn record(
    tx: &Transaction,
    actor: Actor<'_>,
    action: &str,
    subject: &str,
    before: Option<Value>,
    after: Option<Value>,
) -> AppResult<()> {
    let (id, name) = match actor {
        Actor::User(u) => (Some(u.id), u.email.clone()),
        Actor::System(name) => (None, name.to_owned()),
    };
    tx.execute(
        "INSERT INTO audit_log (at, actor_id, actor, action, subject, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            now_utc(),
            id,
            name,
            action,
            subject,
            before.map(|v| v.to_string()),
            after.map(|v| v.to_string())
        ],
    )?;
    Ok(())
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor: Option<String>,
    /// Inclusive days, `YYYY-MM-DD`.
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}

const MATCHING: &str = "(:action IS NULL OR action = :action)
           AND (:actor IS NULL OR actor = :actor)
           AND (:from IS NULL OR at >= :from)
           AND (:to IS NULL OR at <= :to)";

/// Binds `:action`, `:actor`, `:from`, `:to` of [`MATCHING`].
fn filter_params(f: &AuditFilter) -> [(&'static str, Option<String>); 4] {
    [
        (":action", f.action.clone()),
        (":actor", f.actor.as_ref().map(|a| a.trim().to_lowercase())),
        (
            ":from",
            f.from
                .map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d"))),
        ),
        (
            ":to",
            f.to.map(|d| format!("{}T23:59:59Z", d.format("%Y-%m-%d"))),
        ),
    ]
}

/// How many entries match.
pub fn count(conn: &Connection, f: &AuditFilter) -> AppResult<i64> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT count(*) FROM audit_log WHERE {MATCHING}"))?;
    Ok(stmt.query_row(filter_params(f).as_slice(), |r| r.get(0))?)
}

/// Calls `each` for every matching entry, newest first, `limit` at most
/// (all with -1) after `offset`; rows are read one by one, never all held
/// at once.
pub fn for_each(
    conn: &Connection,
    f: &AuditFilter,
    (limit, offset): (i64, i64),
    mut each: impl FnMut(Entry) -> AppResult<()>,
) -> AppResult<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, at, actor, action, subject, before, after FROM audit_log
         WHERE {MATCHING}
         ORDER BY id DESC {}",
        crate::db::PAGE
    ))?;
    let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
    let filter = filter_params(f);
    for (k, v) in &filter {
        params.push((k, v));
    }
    params.push((":limit", &limit));
    params.push((":offset", &offset));
    let mut rows = stmt.query(params.as_slice())?;
    while let Some(r) = rows.next()? {
        each(Entry {
            id: r.get("id")?,
            at: r.get("at")?,
            actor: r.get("actor")?,
            action: r.get("action")?,
            subject: r.get("subject")?,
            before: r.get("before")?,
            after: r.get("after")?,
        })?;
    }
    Ok(())
}

/// One page of matching entries, newest first: `limit` after `offset`.
pub fn list(conn: &Connection, f: &AuditFilter, page: (i64, i64)) -> AppResult<Vec<Entry>> {
    let mut out = Vec::new();
    for_each(conn, f, page, |e| {
        out.push(e);
        Ok(())
    })?;
    Ok(out)
}

/// The actions that appear in the log, for the filter.
pub fn actions(conn: &Connection) -> AppResult<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT DISTINCT action FROM audit_log ORDER BY action")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
