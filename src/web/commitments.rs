//! The commitments list with its filters, and a commitment with its tracks
//! and each track's history.

use axum::extract::State;
use chrono::NaiveDate;
use maud::Markup;
use serde::Deserialize;

use super::forms::{ValidPath, ValidQuery, parse_id};
use super::language::Ui;
use super::paging::Paging;
use super::routes::Routes;
use super::views::commitments::{self as view, History, ListPage, ShowPage, Shown};
use super::{AppState, CurrentUser, with_query};
use crate::db::commitments::{self, Commitment, Reference};
use crate::db::due;
use crate::db::tracks::TrackFilter;
use crate::db::updates;
use crate::domain::{AsOf, User, Viewer};
use crate::error::AppResult;
use crate::reports::ReportQuery;

pub fn router() -> Routes {
    Routes::new()
        .get("/commitments", list)
        .get("/commitments/{id}", show)
}

/// A filtered list as read (the same for everyone), by its query and cut-off.
pub type Listed = (Vec<Commitment>, Reference);

/// How many updates of a track its commitment page shows unless asked for all.
pub(super) const HISTORY_SHOWN: i64 = 20;

/// The commitments a query lists, with the names to show them: the same
/// for everyone (statuses count for all), kept once for the signed-in list
/// and the public portal's.
pub(super) async fn kept_list(
    state: &AppState,
    q: &ReportQuery,
    filter: &TrackFilter,
) -> AppResult<std::sync::Arc<Listed>> {
    let (f, text) = (filter.clone(), q.text());
    state
        .db
        .read_kept(
            &state.memos.lists,
            (with_query("", &q.pairs()), filter.cutoff()),
            move |conn| {
                Ok((
                    commitments::list(conn, &f, text.as_deref())?,
                    commitments::reference(conn)?,
                ))
            },
        )
        .await
}

async fn list(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidQuery(q): ValidQuery<ReportQuery>,
    paging: Paging,
) -> AppResult<Markup> {
    let filter = q.to_filter()?;
    let listed = kept_list(&state, &q, &filter).await?;
    Ok(view::list(
        &ui,
        &ListPage {
            user: &user,
            q: &q,
            filter: &filter,
            items: &listed.0,
            reference: &listed.1,
            paging,
        },
    ))
}

#[derive(Deserialize, Default)]
struct ShowQuery {
    /// A track whose whole history is shown.
    all: Option<String>,
    as_of: Option<String>,
}

/// The commitment, the moment and page asked for, and who asks.
#[derive(Hash, PartialEq, Eq)]
pub struct ShownKey {
    pub(super) id: i64,
    pub(super) query: String,
    pub(super) day: NaiveDate,
    pub(super) page: usize,
    pub(super) viewer: Viewer,
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    CurrentUser(user): CurrentUser,
    ValidPath(id): ValidPath,
    ValidQuery(q): ValidQuery<ShowQuery>,
    paging: Paging,
) -> AppResult<Markup> {
    let rq = ReportQuery {
        as_of: q.as_of,
        ..ReportQuery::default()
    };
    let filter = rq.to_filter()?;
    let asked = Asked::new(parse_id(&id)?, q.all.as_deref(), paging, &filter);
    let key = asked.key(&rq, &filter, &user);
    let viewer = Viewer::of(&user);
    let shown = state
        .db
        .read_kept(&state.memos.commitment, key, move |conn| {
            read_shown(conn, &viewer, &asked)
        })
        .await?;
    Ok(view::show(
        &ui,
        &ShowPage {
            user: &user,
            shown: &shown,
            rq: &rq,
            filter: &filter,
            paging,
        },
    ))
}

/// Which commitment, which track's whole history (and which page of it),
/// and the as-of day with its cut-off.
struct Asked {
    id: i64,
    all: Option<i64>,
    paging: Paging,
    as_of: Option<AsOf>,
    cutoff: Option<String>,
}

impl Asked {
    fn new(id: i64, all: Option<&str>, paging: Paging, filter: &TrackFilter) -> Asked {
        Asked {
            id,
            all: all.and_then(|a| a.parse::<i64>().ok()),
            paging,
            as_of: filter.as_of,
            cutoff: filter.as_of.map(|_| filter.cutoff()),
        }
    }

    /// What the page is kept under: this, the day, and who asks.
    fn key(&self, rq: &ReportQuery, filter: &TrackFilter, user: &User) -> ShownKey {
        let mut query = rq.pairs();
        query.extend(self.all.map(|a| ("all", a.to_string())));
        ShownKey {
            id: self.id,
            query: with_query("", &query),
            day: filter.day(),
            page: self.paging.page,
            viewer: Viewer::of(user),
        }
    }
}

fn read_shown(conn: &rusqlite::Connection, viewer: &Viewer, asked: &Asked) -> AppResult<Shown> {
    let cutoff = asked.cutoff.as_deref();
    let c = commitments::get_as_of(conn, asked.id, asked.as_of)?;
    let histories = c
        .tracks
        .iter()
        .map(|t| {
            if asked.all == Some(t.id) {
                let (items, total) =
                    updates::track_history_page(conn, viewer, t.id, asked.paging.sql(), cutoff)?;
                Ok(History::Paged(items, usize::try_from(total).unwrap_or(0)))
            } else {
                let (items, more) =
                    updates::track_history(conn, viewer, t.id, Some(HISTORY_SHOWN), cutoff)?;
                Ok(History::Latest(items, more))
            }
        })
        .collect::<AppResult<Vec<_>>>()?;
    let marks = c
        .tracks
        .iter()
        .map(|t| due::track_marks(conn, viewer, (t.id, t.country), cutoff.unwrap_or("9999")))
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Shown {
        c,
        histories,
        marks,
        reference: commitments::reference(conn)?,
        html: Default::default(),
    })
}
