//! What is due and what is overdue, as of a day: for each track, the
//! report of the last period whose deadline has passed (missing: overdue)
//! and of the period falling due next (missing: due). A track whose status
//! is complete owes nothing more. Reconstructed from the append-only log,
//! so it can be asked of any past day.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::schedules;
use super::tracks::{self, TrackFilter, TrackRow};
use crate::domain::Period;
use crate::domain::cycle::{Schedule, past_target};
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

/// Where a period's report stands at the cut-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reported {
    Nothing,
    InReview,
    Accepted,
}

/// Accepted counts once reviewed by the cut-off; an update submitted by
/// then counts as in review unless it was returned by then.
const REPORTED_SQL: &str = "
    SELECT max(CASE WHEN state = 'accepted' AND reviewed_at <= :cutoff THEN 2 ELSE 1 END)
    FROM updates
    WHERE track_id = :track AND period_rank >= :rank AND submitted_at <= :cutoff
      AND NOT (state = 'returned' AND reviewed_at <= :cutoff)";

pub fn reported(conn: &Connection, track: i64, p: Period, cutoff: &str) -> AppResult<Reported> {
    let mut stmt = conn.prepare_cached(REPORTED_SQL)?;
    let v: Option<i64> = stmt.query_row(
        rusqlite::named_params! {":cutoff": cutoff, ":track": track, ":rank": p.rank()},
        |r| r.get(0),
    )?;
    Ok(match v {
        Some(2) => Reported::Accepted,
        Some(_) => Reported::InReview,
        None => Reported::Nothing,
    })
}

/// Every due or overdue report of the filtered tracks, overdue first, then
/// by deadline, pillar and code.
pub fn digest(conn: &Connection, f: &TrackFilter) -> AppResult<Vec<DueItem>> {
    let day = f.day();
    let cutoff = f.cutoff();
    let schedules = schedules::by_document(conn)?;
    let mut out = Vec::new();
    for t in tracks::list(conn, f)? {
        if t.status.is_complete() {
            continue;
        }
        let s = schedules.get(&t.document).copied().unwrap_or_default();
        if let Some(item) = owed(conn, s, day, &cutoff, &t)? {
            out.push(item);
        }
    }
    out.sort_by(|a, b| {
        (
            a.owed,
            a.due_date,
            a.track.pillar,
            &a.track.code,
            &a.track.country,
        )
            .cmp(&(
                b.owed,
                b.due_date,
                b.track.pillar,
                &b.track.code,
                &b.track.country,
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
        && reported(conn, t.track_id, p, cutoff)? == Reported::Nothing
    {
        return Ok(Some(item(p, Owed::Overdue)));
    }
    if let Some(p) = s.next_due(day)
        && reported(conn, t.track_id, p, cutoff)? == Reported::Nothing
    {
        return Ok(Some(item(p, Owed::Due)));
    }
    Ok(None)
}

/// Whether a track is past its commitment's target year without being complete.
pub fn past_target_year(t: &TrackRow, day: NaiveDate) -> bool {
    past_target(day, t.target_year) && !t.status.is_complete()
}
