//! The dashboard: the pillar × country matrix of track statuses as of any
//! day, charts of the same, and what is waiting for the signed-in person.

use std::borrow::Cow;

use axum::extract::State;
use chrono::NaiveDate;
use maud::Markup;

use super::forms::ValidQuery;
use super::language::Ui;
use super::routes::Routes;
use super::views::dashboard::{self as view, DashboardPage, Figures};
use super::{AppState, CurrentUser, with_query};
use crate::db::commitments;
use crate::db::due::{self, DueItem};
use crate::db::tracks::{self, Matrix, TrackFilter};
use crate::db::updates;
use crate::domain::{HORIZON_END, HORIZON_START, Period, Role, User};
use crate::error::AppResult;
use crate::reports::{self, ReportQuery};

pub fn router() -> Routes {
    Routes::new().get("/", dashboard)
}

/// The cut-off and the day the figures are for (due dates move with the
/// day), and the query their links carry.
pub type FiguresKey = (String, NaiveDate, String);

async fn dashboard(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidQuery(q): ValidQuery<ReportQuery>,
) -> AppResult<Markup> {
    // The dashboard is the whole record; only the as-of day applies.
    let q = ReportQuery {
        as_of: q.as_of,
        ..ReportQuery::default()
    };
    let filter = q.to_filter()?;
    let f = filter.clone();
    let key = (filter.cutoff(), filter.day(), with_query("", &q.pairs()));
    let figures = state
        .db
        .read_kept(&state.memos.dashboard, key, move |conn| {
            read_figures(conn, &f)
        })
        .await?;
    let u = user.clone();
    let counts = *state
        .db
        .read_kept(&state.memos.counts, (user.id, user.role()), move |conn| {
            updates::counts_for(conn, u.id, u.role().can_review())
        })
        .await?;
    let mail = match user.role() {
        crate::domain::Role::Admin => Some(state.db.read(crate::db::outbox::figures).await?),
        _ => None,
    };
    Ok(view::page(
        &ui,
        &DashboardPage {
            user: &user,
            q: &q,
            filter: &filter,
            figures: &figures,
            owed: &owed_by(&user, &figures.owed),
            counts,
            mail,
        },
    ))
}

/// The figures for the day `f` stops at, HTML not written yet.
fn read_figures(conn: &rusqlite::Connection, f: &TrackFilter) -> AppResult<Figures> {
    let rows = tracks::list(conn, f)?;
    Ok(Figures {
        owed: due::digest_of(conn, f, &rows)?,
        matrix: Matrix::from_rows(&rows),
        reference: commitments::reference(conn)?,
        years: years_so_far(conn, f)?,
        shown: Default::default(),
    })
}

/// A person's share of what is owed: a focal point's is their country's;
/// donors are owed nothing.
fn owed_by<'a>(user: &User, owed: &'a [DueItem]) -> Cow<'a, [DueItem]> {
    match (user.role(), user.country()) {
        (Role::Donor, _) | (Role::FocalPoint, None) => Cow::Borrowed(&[]),
        (Role::FocalPoint, Some(c)) => owed
            .iter()
            .filter(|i| i.track.country == c)
            .cloned()
            .collect(),
        (Role::Reviewer | Role::Admin, _) => Cow::Borrowed(owed),
    }
}

/// The record at the end of each year from 2022 to the year looked at.
pub(super) fn years_so_far(
    conn: &rusqlite::Connection,
    f: &TrackFilter,
) -> AppResult<Vec<(u16, Matrix)>> {
    let year = chrono::Datelike::year(&f.day());
    let Ok(last) = u16::try_from(year.clamp(0, i32::from(HORIZON_END))) else {
        return Ok(Vec::new());
    };
    if last < HORIZON_START {
        return Ok(Vec::new());
    }
    reports::yearly_matrices(
        conn,
        &TrackFilter {
            to: Period::whole_year(last).ok(),
            ..f.clone()
        },
    )
}
