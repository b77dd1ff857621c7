//! Each outcome document's reporting cycle, set by an administrator. A
//! document without a row has the default schedule (annual, 31 days).

use rusqlite::{Connection, Transaction, params};

use crate::db::parsed_opt;
use crate::domain::cycle::{DueDays, Schedule};
use crate::domain::{Msg, now_utc};
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone)]
pub struct DocumentSchedule {
    pub document_id: i64,
    pub code: String,
    pub title_en: String,
    pub title_ru: String,
    pub schedule: Schedule,
    /// 0 until first saved.
    pub version: i64,
    pub updated_at: Option<String>,
}

pub fn all(conn: &Connection) -> AppResult<Vec<DocumentSchedule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.code, d.title_en, d.title_ru, r.cycle, r.due_days, r.version, r.updated_at
         FROM documents d LEFT JOIN reporting_cycles r ON r.document_id = d.id
         ORDER BY d.id",
    )?;
    // No row yet: the default cycle; a row's values are checked like a form's.
    let rows = stmt.query_map([], |r| {
        let days: Option<i64> = r.get("due_days")?;
        let due_days = match days {
            None => DueDays::DEFAULT,
            Some(d) => DueDays::try_from(d).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    5,
                    rusqlite::types::Type::Integer,
                    Box::new(e),
                )
            })?,
        };
        Ok(DocumentSchedule {
            document_id: r.get("id")?,
            code: r.get("code")?,
            title_en: r.get("title_en")?,
            title_ru: r.get("title_ru")?,
            schedule: Schedule {
                cycle: parsed_opt(r, "cycle")?.unwrap_or_default(),
                due_days,
            },
            version: r.get::<_, Option<i64>>("version")?.unwrap_or(0),
            updated_at: r.get("updated_at")?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Saves a schedule read at `version`; a stale form gets 409 and changes
/// nothing. Gives the document as it was.
pub fn set(
    tx: &Transaction,
    by: i64,
    document_id: i64,
    version: i64,
    schedule: Schedule,
) -> AppResult<DocumentSchedule> {
    let current = all(tx)?
        .into_iter()
        .find(|d| d.document_id == document_id)
        .ok_or(AppError::NotFound)?;
    if current.version != version {
        return Err(AppError::Conflict(Msg::new("err-schedule-stale")));
    }
    tx.execute(
        "INSERT INTO reporting_cycles (document_id, cycle, due_days, version, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (document_id) DO UPDATE SET cycle = excluded.cycle,
             due_days = excluded.due_days, version = excluded.version,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        params![
            document_id,
            schedule.cycle.as_str(),
            schedule.due_days.get(),
            version + 1,
            now_utc(),
            by
        ],
    )?;
    Ok(current)
}

/// The schedule of each document by its code.
pub fn by_document(conn: &Connection) -> AppResult<std::collections::HashMap<String, Schedule>> {
    Ok(all(conn)?
        .into_iter()
        .map(|d| (d.code, d.schedule))
        .collect())
}
