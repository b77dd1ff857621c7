//! The audit log as a CSV download.

use rusqlite::Connection;

use super::csv_out::{Cell, ExcelCsv};
use super::queries::uniform_time;
use crate::db::audit::{self, AuditFilter};
use crate::error::AppResult;

pub const CSV_HEADER: &[&str] = &["id", "at", "actor", "action", "subject", "before", "after"];

/// The log as CSV through the one Excel-safe writer.
pub fn write_csv<W: std::io::Write>(conn: &Connection, f: &AuditFilter, out: W) -> AppResult<W> {
    let io = |e: std::io::Error| crate::error::AppError::Internal(e.into());
    let mut w = ExcelCsv::new(out, CSV_HEADER).map_err(io)?;
    audit::for_each(conn, f, (-1, 0), |e| {
        w.row(&[
            Cell::Int(e.id),
            Cell::Plain(&uniform_time(&e.at)),
            Cell::Text(&e.actor),
            Cell::Plain(&e.action),
            Cell::Text(&e.subject),
            Cell::Text(e.before.as_deref().unwrap_or("")),
            Cell::Text(e.after.as_deref().unwrap_or("")),
        ])
        .map_err(io)
    })?;
    w.finish().map_err(io)
}
