//! What is due and what is overdue, as of a day: for each track, the
//! report of the last period whose deadline has passed (missing: overdue)
//! and of the period falling due next (missing: due). A track whose status
//! is complete owes nothing more. Reconstructed from the append-only log,
//! so it can be asked of any past day.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use super::schedules;
use super::tracks::{self, TrackFilter, TrackRow};
use crate::domain::cycle::{Schedule, past_target};
use crate::domain::{Country, Period, Viewer};
use crate::error::AppResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Owed {
    /// The deadline has passed without a report (or only a returned one).
    Overdue,
    /// The deadline is ahead and nothing is submitted yet.
    Due,
}

#[derive(Debug, Clone)]
pub struct DueItem {
    pub track: TrackRow,
    pub period: Period,
    pub due_date: NaiveDate,
    pub owed: Owed,
}

/// An update submitted by the cut-off and not returned by then counts as
/// reported, whether it was accepted by then or still in review. The ranks
/// go up from the period owed, most likely reported first, and stop at the
/// cut-off's year (no report is for a period that had not begun when it was
/// submitted); each rank is a seek in the covering index
/// `updates_track_submitted` to the reports submitted by the cut-off, so the
/// many that may come after an as-of day are never stepped over.
pub const REPORTED_SQL: &str = "
    SELECT 1 FROM period_ranks r
    WHERE r.rank BETWEEN :rank AND :max_rank
      AND EXISTS (SELECT 1 FROM updates
                  WHERE track_id = :track AND period_rank = r.rank AND submitted_at <= :cutoff
                    AND NOT (state = 'returned' AND reviewed_at <= :cutoff))
    ORDER BY r.rank
    LIMIT 1";

/// Whether a report for period `p` or a later one was in by the cut-off
/// (`YYYY-MM-DDT…`).
pub fn reported(conn: &Connection, track: i64, p: Period, cutoff: &str) -> AppResult<bool> {
    let year: i64 = cutoff.get(..4).and_then(|y| y.parse().ok()).unwrap_or(9999);
    let mut stmt = conn.prepare_cached(REPORTED_SQL)?;
    Ok(stmt
        .query_row(
            rusqlite::named_params! {
                ":cutoff": cutoff, ":track": track, ":rank": p.rank(), ":max_rank": year * 10 + 2,
            },
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Every due or overdue report of the filtered tracks, overdue first, then
/// by deadline, pillar and code.
pub fn digest(conn: &Connection, f: &TrackFilter) -> AppResult<Vec<DueItem>> {
    digest_of(conn, f, &tracks::list(conn, f)?)
}

/// As [`digest`], for tracks already listed with the filter `f`.
pub fn digest_of(conn: &Connection, f: &TrackFilter, rows: &[TrackRow]) -> AppResult<Vec<DueItem>> {
    let day = f.day();
    let cutoff = f.cutoff();
    let schedules = schedules::by_document(conn)?;
    let mut out = Vec::new();
    for t in rows {
        if t.status.is_complete() {
            continue;
        }
        let s = schedules.get(&t.document).copied().unwrap_or_default();
        if let Some(item) = owed(conn, s, day, &cutoff, t)? {
            out.push(item);
        }
    }
    out.sort_by(|a, b| {
        (
            a.owed,
            a.due_date,
            a.track.pillar,
            &a.track.code,
            a.track.country.code(),
        )
            .cmp(&(
                b.owed,
                b.due_date,
                b.track.pillar,
                &b.track.code,
                b.track.country.code(),
            ))
    });
    Ok(out)
}

fn owed(
    conn: &Connection,
    s: Schedule,
    day: NaiveDate,
    cutoff: &str,
    t: &TrackRow,
) -> AppResult<Option<DueItem>> {
    let item = |period: Period, owed| DueItem {
        track: t.clone(),
        period,
        due_date: s.due_date(period),
        owed,
    };
    if let Some(p) = s.last_closed(day)
        && !reported(conn, t.track_id, p, cutoff)?
    {
        return Ok(Some(item(p, Owed::Overdue)));
    }
    if let Some(p) = s.next_due(day)
        && !reported(conn, t.track_id, p, cutoff)?
    {
        return Ok(Some(item(p, Owed::Due)));
    }
    Ok(None)
}

/// The period a track owes a report for today, overdue first, if any: the
/// one its form starts on.
pub fn owed_period(
    conn: &Connection,
    commitment_id: i64,
    country: Country,
) -> AppResult<Option<Period>> {
    let f = TrackFilter {
        commitment: Some(commitment_id),
        country: Some(country),
        ..TrackFilter::default()
    };
    Ok(digest(conn, &f)?.into_iter().next().map(|i| i.period))
}

/// Whether a track is past its commitment's target year without being complete.
pub fn past_target_year(t: &TrackRow, day: NaiveDate) -> bool {
    past_target(day, t.target_year) && !t.status.is_complete()
}

/// What a track's record shows for one half-year of the horizon.
#[derive(Debug, Clone)]
pub struct Mark {
    /// Half-years from the start of 2022: 0 is 2022-H1, 19 is 2031-H2.
    pub slot: u16,
    /// The period as reported (`2024` or `2024-H2` share a slot).
    pub period: String,
    /// The accepted status, or `None` while a report is in review.
    pub status: Option<crate::domain::Status>,
}

/// A track's ten years as of the cut-off: for each half-year, the latest
/// accepted report for it, else one in review.
/// What is in review shows only to whom [`Viewer::sees_pending`] allows.
pub fn track_marks(
    conn: &Connection,
    viewer: &Viewer,
    (track, country): (i64, Country),
    cutoff: &str,
) -> AppResult<Vec<Mark>> {
    let mut accepted = conn.prepare_cached(
        "SELECT period, status FROM updates
         WHERE track_id = ?1 AND state = 'accepted' AND reviewed_at <= ?2 AND period_rank = ?3
         ORDER BY reviewed_at DESC, id DESC LIMIT 1",
    )?;
    let mut pending = conn.prepare_cached(
        "SELECT period FROM updates
         WHERE track_id = ?1 AND period_rank = ?3 AND submitted_at <= ?2
           AND NOT (state IN ('returned', 'accepted') AND reviewed_at <= ?2)
         LIMIT 1",
    )?;
    let mut out = Vec::new();
    for (slot, year) in (crate::domain::HORIZON_START..=crate::domain::HORIZON_END)
        .flat_map(|y| [(y, 1u8), (y, 2u8)])
        .enumerate()
    {
        let slot = u16::try_from(slot).unwrap_or(u16::MAX);
        let Ok(half) = Period::half_year(year.0, year.1) else {
            continue;
        };
        let rank = half.rank();
        let found: Option<(String, String)> = accepted
            .query_row(rusqlite::params![track, cutoff, rank], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        if let Some((period, status)) = found {
            out.push(Mark {
                slot,
                period,
                status: Some(status.parse().map_err(|e| {
                    crate::error::AppError::Internal(anyhow::anyhow!(
                        "update status {status:?}: {e}"
                    ))
                })?),
            });
            continue;
        }
        if !viewer.sees_pending(country) {
            continue;
        }
        let waiting: Option<String> = pending
            .query_row(rusqlite::params![track, cutoff, rank], |r| r.get(0))
            .optional()?;
        if let Some(period) = waiting {
            out.push(Mark {
                slot,
                period,
                status: None,
            });
        }
    }
    Ok(out)
}
