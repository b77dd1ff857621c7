use std::io::Write;

use rusqlite::Connection;

use super::csv_out::{Cell, ExcelCsv};
use crate::db::tracks::{self, Matrix, TrackFilter};
use crate::domain::{Country, HORIZON_END, HORIZON_START, Period, Pillar};
use crate::error::{AppError, AppResult};

pub const COMMITMENTS_HEADER: &[&str] = &[
    "commitment_code",
    "commitment_title",
    "pillar",
    "theme",
    "country",
    "target_year",
    "status",
    "last_accepted_period",
    "document",
    "commitment_title_ru",
    "illustrative",
    "track_id",
];

pub const PROGRESS_HEADER: &[&str] = &[
    "update_id",
    "commitment_code",
    "pillar",
    "country",
    "period",
    "status",
    "narrative_en",
    "narrative_ru",
    "evidence_url",
    "submitted_by",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
    "document",
    "theme",
    "revises_update_id",
    "demo",
];

pub const MATRIX_HEADER: &[&str] = &[
    "pillar",
    "country",
    "no_information",
    "not_started",
    "limited",
    "substantial",
    "complete",
    "total",
];

pub const TIMELINE_HEADER: &[&str] = &[
    "year",
    "pillar",
    "country",
    "no_information",
    "not_started",
    "limited",
    "substantial",
    "complete",
    "total",
];

fn io(e: std::io::Error) -> AppError {
    AppError::Internal(anyhow::Error::new(e).context("writing report"))
}

pub fn commitments<W: Write>(conn: &Connection, f: &TrackFilter, out: W) -> AppResult<W> {
    let mut w = ExcelCsv::new(out, COMMITMENTS_HEADER).map_err(io)?;
    for r in tracks::list(conn, f)? {
        w.row(&[
            Cell::Text(&r.code),
            Cell::Text(&r.title_en),
            Cell::Int(r.pillar),
            Cell::Text(&r.theme),
            Cell::Plain(&r.country),
            Cell::Int(r.target_year),
            Cell::Plain(r.status.as_str()),
            Cell::Plain(r.last_accepted_period.as_deref().unwrap_or("")),
            Cell::Text(&r.document),
            Cell::Text(&r.title_ru),
            Cell::Int(i64::from(r.illustrative)),
            Cell::Int(r.track_id),
        ])
        .map_err(io)?;
    }
    w.finish().map_err(io)
}

/// Accepted updates in the order they were written. The filter's `status`
/// here is the status an update reports.
pub const PROGRESS_SQL: &str = "
    SELECT u.id, c.code, c.pillar, t.country, u.period, u.status, u.narrative_en, u.narrative_ru,
           u.evidence_url, a.name, u.submitted_at, r.name, u.reviewed_at, d.code, c.theme,
           u.revises_id, u.is_demo
    FROM updates u
    JOIN tracks t ON t.id = u.track_id
    JOIN commitments c ON c.id = t.commitment_id
    JOIN documents d ON d.id = c.document_id
    JOIN users a ON a.id = u.author_id
    JOIN users r ON r.id = u.reviewer_id
    WHERE u.state = 'accepted' AND u.reviewed_at <= :cutoff
      AND u.period_rank BETWEEN :from_rank AND :to_rank
      AND (:pillar IS NULL OR c.pillar = :pillar)
      AND (:country IS NULL OR t.country = :country)
      AND (:theme IS NULL OR c.theme = :theme)
      AND (:status IS NULL OR u.status = :status)
      AND (:commitment IS NULL OR c.id = :commitment)
    ORDER BY u.id";

pub fn progress<W: Write>(conn: &Connection, f: &TrackFilter, out: W) -> AppResult<W> {
    let mut w = ExcelCsv::new(out, PROGRESS_HEADER).map_err(io)?;
    let mut stmt = conn.prepare_cached(PROGRESS_SQL)?;
    let params = f.params();
    let mut rows = stmt.query(tracks::named(&params).as_slice())?;
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<String> { r.get(i) };
        let revises: Option<i64> = r.get(15)?;
        let revises = revises.map(|v| v.to_string()).unwrap_or_default();
        w.row(&[
            Cell::Int(r.get(0)?),
            Cell::Text(&text(1)?),
            Cell::Int(r.get(2)?),
            Cell::Plain(&text(3)?),
            Cell::Plain(&text(4)?),
            Cell::Plain(&text(5)?),
            Cell::Text(&text(6)?),
            Cell::Text(&text(7)?),
            Cell::Text(&text(8)?),
            Cell::Text(&text(9)?),
            Cell::Plain(&text(10)?),
            Cell::Text(&text(11)?),
            Cell::Plain(&text(12)?),
            Cell::Text(&text(13)?),
            Cell::Text(&text(14)?),
            Cell::Plain(&revises),
            Cell::Int(r.get(16)?),
        ])
        .map_err(io)?;
    }
    w.finish().map_err(io)
}

fn pillars(f: &TrackFilter) -> Vec<Pillar> {
    Pillar::ALL
        .into_iter()
        .filter(|p| f.pillar.is_none_or(|x| x == *p))
        .collect()
}

fn countries(f: &TrackFilter) -> Vec<Country> {
    Country::ALL
        .into_iter()
        .filter(|c| f.country.is_none_or(|x| x == *c))
        .collect()
}

/// The five counts of a cell in TrackStatus::ALL order, then their total.
fn counts_row(counts: [u32; 5]) -> Vec<String> {
    let total: u32 = counts.iter().sum();
    counts
        .iter()
        .chain(std::iter::once(&total))
        .map(u32::to_string)
        .collect()
}

pub fn status_matrix<W: Write>(conn: &Connection, f: &TrackFilter, out: W) -> AppResult<W> {
    let m = Matrix::from_rows(&tracks::list(conn, f)?);
    let mut w = ExcelCsv::new(out, MATRIX_HEADER).map_err(io)?;
    for p in pillars(f) {
        for c in countries(f) {
            let n = counts_row(m.cell(p, c));
            let mut cells = vec![Cell::Int(i64::from(p.number())), Cell::Plain(c.code())];
            cells.extend(n.iter().map(|s| Cell::Plain(s)));
            w.row(&cells).map_err(io)?;
        }
    }
    w.finish().map_err(io)
}

/// Status at the end of each year: updates for periods up to that year count.
pub fn timeline<W: Write>(conn: &Connection, f: &TrackFilter, out: W) -> AppResult<W> {
    let mut w = ExcelCsv::new(out, TIMELINE_HEADER).map_err(io)?;
    let first = f.from.map_or(HORIZON_START, Period::year);
    let last = f.to.map_or(HORIZON_END, Period::year);
    for year in first..=last {
        let end: Period = year
            .to_string()
            .parse()
            .map_err(|e: crate::domain::Invalid| AppError::Internal(anyhow::anyhow!("{e}")))?;
        let year_filter = TrackFilter {
            to: Some(f.to.filter(|t| t.rank() < end.rank()).unwrap_or(end)),
            ..f.clone()
        };
        let m = Matrix::from_rows(&tracks::list(conn, &year_filter)?);
        for p in pillars(f) {
            for c in countries(f) {
                let n = counts_row(m.cell(p, c));
                let mut cells = vec![
                    Cell::Int(i64::from(year)),
                    Cell::Int(i64::from(p.number())),
                    Cell::Plain(c.code()),
                ];
                cells.extend(n.iter().map(|s| Cell::Plain(s)));
                w.row(&cells).map_err(io)?;
            }
        }
    }
    w.finish().map_err(io)
}
