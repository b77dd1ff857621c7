//! The rows of each report, written in full (name columns in both
//! languages) to a sink; see `columns.rs` for what each column is.

use std::borrow::Cow;

use rusqlite::Connection;

use super::csv_out::Cell;
use super::names::Names;
use super::sink::Sink;
use crate::db::due;
use crate::db::tracks::{self, Matrix, TrackFilter};
use crate::domain::{
    Country, HORIZON_END, HORIZON_START, Msg, Period, Pillar, Sensitivity, TIMESTAMP_FORMAT,
    TrackStatus,
};
use crate::error::{AppError, AppResult};

pub fn io(e: std::io::Error) -> AppError {
    if e.kind() == std::io::ErrorKind::FileTooLarge {
        return AppError::Invalid {
            field: None,
            message: Msg::new("err-xlsx-too-many-rows"),
        };
    }
    AppError::Internal(anyhow::Error::new(e).context("writing report"))
}

pub fn commitments(conn: &Connection, f: &TrackFilter, w: &mut dyn Sink) -> AppResult<()> {
    let names = Names::load(conn)?;
    let day = f.day();
    for r in tracks::list(conn, f)? {
        let [pillar_en, pillar_ru] = names.pillar(r.pillar);
        let [country_en, country_ru] = names.country(r.country.code());
        let [status_en, status_ru] = names.status(r.status);
        let past_target = due::past_target_year(&r, day);
        w.row(&[
            Cell::Text(&r.code),
            Cell::Text(&r.title_en),
            Cell::Int(r.pillar),
            Cell::Text(&r.theme),
            Cell::Plain(r.country.code()),
            Cell::Int(r.target_year),
            Cell::Plain(r.status.as_str()),
            Cell::Plain(r.last_accepted_period.as_deref().unwrap_or("")),
            Cell::Text(&r.document),
            Cell::Text(&r.title_ru),
            Cell::Int(i64::from(r.illustrative)),
            Cell::Int(r.track_id),
            Cell::Int(i64::from(past_target)),
            Cell::Text(pillar_en),
            Cell::Text(pillar_ru),
            Cell::Text(country_en),
            Cell::Text(country_ru),
            Cell::Text(status_en),
            Cell::Text(status_ru),
        ])
        .map_err(io)?;
    }
    Ok(())
}

/// Accepted updates in the order they were written. The filter's `status`
/// here is the status an update reports.
///
/// `+u.state` keeps the planner off `updates_state`: nine in ten updates are
/// accepted, and reading them through that index means sorting every row by
/// id before the first one is written. One pass over the table in id order
/// streams from the first row (see `tests/app/database/plans.rs`).
pub const PROGRESS_SQL: &str = "
    SELECT u.id, c.code, c.pillar, t.country, u.period, u.status, u.narrative_en, u.narrative_ru,
           u.evidence_url, a.name, u.submitted_at, r.name, u.reviewed_at, d.code, c.theme,
           u.revises_id, u.is_demo,
           COALESCE((SELECT s.sensitivity FROM update_sensitivity s
                     WHERE s.update_id = u.id AND s.set_at <= :cutoff
                     ORDER BY s.set_at DESC, s.id DESC LIMIT 1), u.sensitivity),
           COALESCE((SELECT s.sensitivity FROM update_sensitivity s WHERE s.update_id = u.id
                     ORDER BY s.set_at DESC, s.id DESC LIMIT 1), u.sensitivity)
    FROM updates u
    JOIN tracks t ON t.id = u.track_id
    JOIN commitments c ON c.id = t.commitment_id
    JOIN documents d ON d.id = c.document_id
    JOIN users a ON a.id = u.author_id
    JOIN users r ON r.id = u.reviewer_id
    WHERE +u.state = 'accepted' AND u.reviewed_at <= :cutoff
      AND u.period_rank BETWEEN :from_rank AND :to_rank
      AND (:pillar IS NULL OR c.pillar = :pillar)
      AND (:country IS NULL OR t.country = :country)
      AND (:theme IS NULL OR c.theme = :theme)
      AND (:status IS NULL OR u.status = :status)
      AND (:commitment IS NULL OR c.id = :commitment)
    ORDER BY u.id";

/// A stored time as every export writes it, with milliseconds. The demo
/// data once wrote whole seconds, and accepted updates never change (the
/// schema's triggers), so such rows are rewritten here, on their way out;
/// a time that does not parse is left as it is.
pub(crate) fn uniform_time(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    if b.len() == 24 && b[19] == b'.' && b[23] == b'Z' {
        return Cow::Borrowed(s);
    }
    match chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.fZ") {
        Ok(t) => Cow::Owned(t.format(TIMESTAMP_FORMAT).to_string()),
        Err(_) => Cow::Borrowed(s),
    }
}

pub fn progress(conn: &Connection, f: &TrackFilter, w: &mut dyn Sink) -> AppResult<()> {
    let names = Names::load(conn)?;
    let mut stmt = conn.prepare_cached(PROGRESS_SQL)?;
    let params = f.params();
    let reader = f.reader();
    let mut rows = stmt.query(tracks::named(&params).as_slice())?;
    while let Some(r) = rows.next()? {
        // Borrowed from the row, not copied: a million rows of seventeen
        // columns made as many allocations as there are fields.
        let text = |i: usize| -> rusqlite::Result<&str> {
            r.get_ref(i)?.as_str().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
        };
        let submitted_at = uniform_time(text(10)?);
        let reviewed_at = uniform_time(text(12)?);
        let revises: Option<i64> = r.get(15)?;
        let revises = revises.map(|v| v.to_string()).unwrap_or_default();
        let pillar: i64 = r.get(2)?;
        let country = text(3)?;
        let status = text(5)?;
        let [pillar_en, pillar_ru] = names.pillar(pillar);
        let [country_en, country_ru] = names.country(country);
        let [status_en, status_ru] = names.status(TrackStatus::from_db(Some(status)));
        let (then, now) = (sensitivity(text(17)?)?, sensitivity(text(18)?)?);
        let c: Option<Country> = country.parse().ok();
        // The row and its status stay; the words and names only for a
        // reader cleared for them (the stricter of then and now says why).
        // The public is given only the rows it may read, without names.
        if !c.is_some_and(|c| reader.given(then, now, c)) {
            continue;
        }
        let reads = c.is_some_and(|c| reader.reads_at(then, now, c));
        let people = c.is_some_and(|c| reader.reads_people(then, now, c));
        let words = |i: usize| -> rusqlite::Result<&str> { if reads { text(i) } else { Ok("") } };
        let who = |i: usize| -> rusqlite::Result<&str> { if people { text(i) } else { Ok("") } };
        w.row(&[
            Cell::Int(r.get(0)?),
            Cell::Text(text(1)?),
            Cell::Int(pillar),
            Cell::Plain(country),
            Cell::Plain(text(4)?),
            Cell::Plain(status),
            Cell::Text(words(6)?),
            Cell::Text(words(7)?),
            Cell::Text(words(8)?),
            Cell::Text(who(9)?),
            Cell::Plain(&submitted_at),
            Cell::Text(who(11)?),
            Cell::Plain(&reviewed_at),
            Cell::Text(text(13)?),
            Cell::Text(text(14)?),
            Cell::Plain(&revises),
            Cell::Int(r.get(16)?),
            Cell::Plain(then.max(now).as_str()),
            Cell::Text(pillar_en),
            Cell::Text(pillar_ru),
            Cell::Text(country_en),
            Cell::Text(country_ru),
            Cell::Text(status_en),
            Cell::Text(status_ru),
        ])
        .map_err(io)?;
    }
    Ok(())
}

fn sensitivity(s: &str) -> AppResult<Sensitivity> {
    s.parse()
        .map_err(|_| anyhow::anyhow!("unknown sensitivity {s:?}").into())
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

/// One matrix cell as a row: `lead` cells, the five counts and their
/// total, then the pillar's and the country's names.
fn cell_row(
    w: &mut dyn Sink,
    names: &Names,
    lead: &[Cell<'_>],
    (p, c): (Pillar, Country),
    counts: [u32; 5],
) -> AppResult<()> {
    let total: u32 = counts.iter().sum();
    let [pillar_en, pillar_ru] = names.pillar(i64::from(p.number()));
    let [country_en, country_ru] = names.country(c.code());
    let mut cells = lead.to_vec();
    cells.push(Cell::Int(i64::from(p.number())));
    cells.push(Cell::Plain(c.code()));
    cells.extend(
        counts
            .iter()
            .chain(std::iter::once(&total))
            .map(|n| Cell::Int(i64::from(*n))),
    );
    cells.extend([
        Cell::Text(pillar_en),
        Cell::Text(pillar_ru),
        Cell::Text(country_en),
        Cell::Text(country_ru),
    ]);
    w.row(&cells).map_err(io)
}

pub fn status_matrix(conn: &Connection, f: &TrackFilter, w: &mut dyn Sink) -> AppResult<()> {
    let names = Names::load(conn)?;
    let m = Matrix::from_rows(&tracks::list(conn, f)?);
    for p in pillars(f) {
        for c in countries(f) {
            cell_row(w, &names, &[], (p, c), m.cell(p, c))?;
        }
    }
    Ok(())
}

/// The matrix at the end of each year: updates for periods up to that
/// year count.
pub fn yearly_matrices(conn: &Connection, f: &TrackFilter) -> AppResult<Vec<(u16, Matrix)>> {
    let first = f.from.map_or(HORIZON_START, Period::year);
    let last = f.to.map_or(HORIZON_END, Period::year);
    let mut out = Vec::new();
    for year in first..=last {
        let Ok(end) = Period::whole_year(year) else {
            continue;
        };
        let year_filter = TrackFilter {
            to: Some(f.to.filter(|t| t.rank() < end.rank()).unwrap_or(end)),
            ..f.clone()
        };
        out.push((year, Matrix::from_rows(&tracks::list(conn, &year_filter)?)));
    }
    Ok(out)
}

pub fn timeline(conn: &Connection, f: &TrackFilter, w: &mut dyn Sink) -> AppResult<()> {
    let names = Names::load(conn)?;
    for (year, m) in yearly_matrices(conn, f)? {
        for p in pillars(f) {
            for c in countries(f) {
                cell_row(
                    w,
                    &names,
                    &[Cell::Int(i64::from(year))],
                    (p, c),
                    m.cell(p, c),
                )?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::uniform_time;

    #[test]
    fn every_exported_time_has_milliseconds() {
        for (stored, exported) in [
            ("2024-01-15T10:00:00Z", "2024-01-15T10:00:00.000Z"),
            ("2024-01-15T10:00:00.5Z", "2024-01-15T10:00:00.500Z"),
            ("2024-01-15T10:00:00.123456Z", "2024-01-15T10:00:00.123Z"),
            ("2024-01-15T10:00:00.250Z", "2024-01-15T10:00:00.250Z"),
            ("", ""),
            ("not a time", "not a time"),
        ] {
            assert_eq!(uniform_time(stored), exported, "{stored}");
        }
    }
}
